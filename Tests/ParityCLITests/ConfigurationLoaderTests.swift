import Foundation
import ParityCore
import Testing
@testable import ParityCLI

/// The walkthrough's config.yaml, verbatim (including its trailing spaces).
let seedConfiguration = """
    source_database:
      host: "prod-oracle.company.com"
      port: 1521
      database: "PROD"
      username: "readonly_user"
      password: "secure_pass"

    target_database:
      host: "dr-oracle.company.com" \("")
      port: 1521
      database: "DRPROD"
      username: "readonly_user"
      password: "secure_pass"

    tables:
      - table_name: "EMPLOYEES"      # 50,000 rows
        primary_key: ["EMPLOYEE_ID"]
        chunk_size: 10000           # 5 chunks
        \("")
      - table_name: "CUSTOMERS"     # 80,000 rows  \("")
        primary_key: ["CUSTOMER_ID"]
        chunk_size: 10000           # 8 chunks
        \("")
      - table_name: "ORDERS"        # 200,000 rows
        primary_key: ["ORDER_ID"] \("")
        chunk_size: 10000           # 20 chunks

    """

@Suite struct ConfigurationLoaderTests {
    let loader = ConfigurationLoader(environment: ["PG_PASS": "s3cret", "DB_HOST": "db.internal"])

    func parse(_ text: String) throws -> Configuration {
        try loader.parse(text, path: "/etc/parity/config.yaml")
    }

    func failure(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch let error as ParityError {
            #expect(error.code == .configuration)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func seedConfigurationIsAcceptedAsWritten() throws {
        let configuration = try parse(seedConfiguration)
        #expect(configuration.source.type == .oracle)
        #expect(configuration.source.typeWasGiven == false)
        #expect(configuration.source.host == "prod-oracle.company.com")
        #expect(configuration.source.port == 1521)
        #expect(configuration.source.database == "PROD")
        #expect(configuration.source.username == "readonly_user")
        #expect(configuration.source.password == "secure_pass")
        #expect(configuration.target.host == "dr-oracle.company.com")
        #expect(configuration.target.database == "DRPROD")
        #expect(configuration.tables.map(\.tableName) == ["EMPLOYEES", "CUSTOMERS", "ORDERS"])
        #expect(configuration.tables.map(\.primaryKey) == [["EMPLOYEE_ID"], ["CUSTOMER_ID"], ["ORDER_ID"]])
        #expect(configuration.tables.map(\.chunkSize) == [10_000, 10_000, 10_000])
        #expect(configuration.stateDirectory == "comparison_state")
        #expect(configuration.outputDirectory == ".")
    }

    @Test func seedConfigurationWithoutTypeSaysOracleNeedsODBC() async throws {
        let configuration = try parse(seedConfiguration)
        await #expect {
            _ = try await ConnectorFactory.open(configuration.source, side: .source, logger: .init(label: "test"))
        } throws: { error in
            let error = error as? ParityError
            return error?.code == .unsupported
                && error?.description == "Oracle (no type is given for source_database, which means Oracle) is reached through ODBC, and no Oracle ODBC driver is installed; install Oracle Instant Client Basic and ODBC packages and register the driver (README, section \"Oracle through ODBC\")."
        }
    }

    @Test func odbcDatabasesAreRead() throws {
        let configuration = try parse("""
            source_database:
              type: odbc
              dsn: warehouse
              username: reader
              password_env: PG_PASS
            target_database:
              type: mariadb
              host: replica.internal
              port: 3307
              database: shop
              username: reader
              odbc_driver: MariaDB ODBC 3.1 Driver
            tables:
              - table_name: orders
                primary_key: order_id
            """)
        #expect(configuration.source.type == .odbc)
        #expect(configuration.source.dsn == "warehouse")
        #expect(configuration.source.password == "s3cret")
        #expect(configuration.target.type == .mysql)
        #expect(configuration.target.odbcDriver == "MariaDB ODBC 3.1 Driver")
        let settings = ConnectorFactory.odbcSettings(configuration.target)
        #expect(settings.connectionString(driver: settings.driver)
            == "DRIVER={MariaDB ODBC 3.1 Driver};SERVER=replica.internal;PORT=3307;DATABASE=shop;UID=reader;CHARSET=utf8mb4")
        #expect(settings.description == "mysql://reader@replica.internal:3307/shop")
        let source = ConnectorFactory.odbcSettings(configuration.source)
        #expect(source.connectionString(driver: nil) == "DSN=warehouse;UID=reader;PWD=s3cret")
        #expect(source.description == "odbc:DSN=warehouse as reader")
    }

    @Test func odbcConnectionStringIsNeverShownWithItsPassword() throws {
        let configuration = try parse("""
            source_database:
              type: odbc
              connection_string: "DRIVER={PostgreSQL Unicode};SERVER=db;DATABASE=prod;UID=reader;PWD={se;cret}"
            target_database:
              type: sqlite
              path: copy.sqlite
            tables:
              - table_name: orders
                primary_key: order_id
            """)
        let fingerprint = configuration.fingerprint(tables: ["orders"])["source"] ?? ""
        #expect(fingerprint.contains("connection_string=DRIVER={PostgreSQL Unicode};SERVER=db;DATABASE=prod;UID=reader;PWD=***"))
        #expect(!fingerprint.contains("se;cret"))
        #expect(ConnectorFactory.odbcSettings(configuration.source).description
            == "odbc:DRIVER={PostgreSQL Unicode};SERVER=db;DATABASE=prod;UID=reader;PWD=***")
    }

    @Test func odbcNeedsADataSourceConnectionStringOrDriver() {
        #expect(failure("""
            source_database:
              type: odbc
              host: db
            target_database:
              type: sqlite
              path: copy.sqlite
            tables:
              - table_name: orders
                primary_key: order_id
            """) == "config.yaml:2: source_database: an odbc database needs dsn, connection_string, or odbc_driver with host and database")
        #expect(failure("""
            source_database:
              type: postgresql
              host: db
              database: prod
              username: reader
              dsn: prod
            target_database:
              type: sqlite
              path: copy.sqlite
            tables:
              - table_name: orders
                primary_key: order_id
            """) == "config.yaml:6: source_database.dsn: dsn is for databases reached through ODBC (type: odbc, mysql, oracle or sqlserver), not postgresql")
    }

    @Test func additionsAreRead() throws {
        let configuration = try parse("""
            source_database:
              type: postgres
              host: ${DB_HOST}
              database: prod
              username: reader
              password_env: PG_PASS
              schema: sales
            target_database:
              type: sqlite
              path: copy/replica.sqlite
            state_directory: /var/lib/parity
            output_directory: out
            chunk_size: 5_000
            tables:
              - table_name: orders
                primary_key: order_id
                target_table_name: orders_copy
                schema: sales
                target_schema: archive
                exclude_columns: [last_seen, etl_batch]
                where: "status <> 'DRAFT'"
              - table_name: lines
                primary_key: [order_id, line_no]
                chunk_size: 100
            """)
        #expect(configuration.source.type == .postgresql)
        #expect(configuration.source.host == "db.internal")
        #expect(configuration.source.port == nil)
        #expect(configuration.source.password == "s3cret")
        #expect(configuration.source.schema == "sales")
        #expect(configuration.target.type == .sqlite)
        #expect(configuration.target.path == "/etc/parity/copy/replica.sqlite")
        #expect(configuration.stateDirectory == "/var/lib/parity")
        #expect(configuration.outputDirectory == "out")
        let orders = configuration.tables[0].job
        #expect(orders == TableJob(name: "orders", sourceSchema: "sales", targetName: "orders_copy", targetSchema: "archive",
                                   primaryKey: ["order_id"], chunkSize: 5_000, excludeColumns: ["last_seen", "etl_batch"],
                                   filter: "status <> 'DRAFT'"))
        #expect(configuration.tables[1].job == TableJob(name: "lines", primaryKey: ["order_id", "line_no"], chunkSize: 100))
    }

    @Test func unknownKeyNamesFileLinePathAndSuggestion() {
        let text = seedConfiguration.replacingOccurrences(of: "    chunk_size: 10000           # 8 chunks", with: "    chunck_size: 10000")
        #expect(failure(text) == "config.yaml:22: tables[1].chunck_size: unknown key chunck_size; did you mean chunk_size?")
    }

    @Test func unknownTopLevelKeyListsNothingCloseAsAllowed() {
        #expect(failure(seedConfiguration + "colour: blue\n")
            == "config.yaml:27: colour: unknown key colour; allowed keys: source_database, target_database, tables, state_directory, output_directory, chunk_size, compare_mode, parallel_chunks, retry, equivalence, guarded_statements, recheck")
    }

    @Test func badValuesAreOneLineEach() {
        #expect(failure(seedConfiguration.replacingOccurrences(of: "chunk_size: 10000           # 20 chunks", with: "chunk_size: ten"))
            == "config.yaml:26: tables[2].chunk_size: expected a whole number ≥ 1, found \"ten\"")
        #expect(failure(seedConfiguration.replacingOccurrences(of: "  port: 1521\n  database: \"PROD\"", with: "  port: 99999\n  database: \"PROD\""))
            == "config.yaml:3: source_database.port: port 99999 is out of range 1–65535")
        #expect(failure(seedConfiguration.replacingOccurrences(of: "    primary_key: [\"ORDER_ID\"] ", with: ""))
            == "config.yaml:24: tables[2]: primary_key is missing; list the key columns")
        #expect(failure("source_database: {type: sqlite, path: a.db}\ntarget_database: {type: sqlite, path: b.db}\n")
            == "config.yaml:1: tables is missing; list the tables to compare")
        #expect(failure("source_database: {type: db2}\n") == "config.yaml:1: source_database.type: unknown database type \"db2\"; use one of postgresql, sqlite, oracle, mysql, sqlserver, odbc")
        #expect(failure("source_database: {type: sqlite}\n") == "config.yaml:1: source_database: path is missing; a sqlite database needs the path of its file")
        #expect(failure("source_database: [1, 2\n").hasPrefix("config.yaml: not valid YAML: line 2, column 1: "))
        #expect(failure("") == "config.yaml: the file is empty; see parity init for a sample configuration.")
    }

    @Test func missingEnvironmentVariableIsNamed() {
        #expect(failure("source_database: {type: postgresql, host: h, database: d, username: u, password_env: NOPE}\n")
            == "config.yaml:1: source_database.password_env: environment variable NOPE is not set; export it before running parity")
        #expect(failure("source_database: {type: postgresql, host: h, database: d, username: u, password: \"${MISSING}\"}\n")
            == "config.yaml:1: source_database.password: environment variable MISSING is not set; export it before running parity")
    }

    @Test func passwordNeverAppearsInAnError() {
        let message = failure(seedConfiguration.replacingOccurrences(of: "  port: 1521\n  database: \"PROD\"", with: "  port: nope\n  database: \"PROD\""))
        #expect(message == "config.yaml:3: source_database.port: expected a whole number ≥ 1, found \"nope\"")
        #expect(!message.contains("secure_pass"))
    }

    @Test func suggestionDistance() {
        #expect(Suggestion.closest(to: "primary_keys", in: ConfigurationLoader.tableKeys) == "primary_key")
        #expect(Suggestion.closest(to: "TABLE_NAME", in: ConfigurationLoader.tableKeys) == "table_name")
        #expect(Suggestion.closest(to: "completely_else", in: ConfigurationLoader.tableKeys) == nil)
    }
}
