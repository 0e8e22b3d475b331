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
}
