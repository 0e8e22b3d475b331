@testable import ParityCLI
import ParityCore
import ParityODBC
import ParityPostgres
import Testing

/// Connection addresses in messages: an IPv6 host is bracketed (RFC 3986 §3.2.2), so that
/// `::1` on port 5432 reads `[::1]:5432`, not `::1:5432`.
@Suite struct AddressDisplayTests {
    @Test("hostForAddress brackets IPv6 literals only")
    func hosts() {
        #expect(hostForAddress("::1") == "[::1]")
        #expect(hostForAddress("fe80::1%eth0") == "[fe80::1%eth0]")
        #expect(hostForAddress("[2001:db8::7]") == "[2001:db8::7]")
        #expect(hostForAddress("127.0.0.1") == "127.0.0.1")
        #expect(hostForAddress("db.example.com") == "db.example.com")
    }

    @Test("PostgreSQL and ODBC addresses with an IPv6 host")
    func addresses() {
        let postgres = PostgresSettings(host: "2001:db8::7", port: 5432, database: "shop", username: "reader", password: "x")
        #expect(postgres.displayName == "postgresql://reader@[2001:db8::7]:5432/shop")
        let mariadb = ODBCSettings(address: .server(host: "::1", port: 3306, database: "shop"), driver: "MariaDB Unicode", engine: .mysql,
                                   username: "reader", password: "x")
        #expect(mariadb.description == "mysql://reader@[::1]:3306/shop")
    }

    @Test("a host written as in a URL, [::1], reaches the drivers without brackets")
    func bracketedHostInConfiguration() throws {
        let configuration = try ConfigurationLoader(environment: [:]).parse("""
            source_database: {type: postgresql, host: "[::1]", database: shop, username: reader, password: x}
            target_database: {type: mariadb, host: "[2001:db8::7]", database: shop, username: reader, password: x}
            tables: [{table_name: orders, primary_key: id}]
            """, path: "/tmp/parity.yaml")
        #expect(configuration.source.host == "::1")
        #expect(configuration.target.host == "2001:db8::7")
        #expect(ConnectorFactory.odbcSettings(configuration.target).description == "mysql://reader@[2001:db8::7]/shop")
    }
}
