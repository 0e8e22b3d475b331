import Foundation
import ParityCore
import ParityODBC
import Testing

/// The ODBC connector on its own, against the servers and drivers scripts/test-services
/// installs: secrets, errors, typed values, long values, block fetch, the catalogue, binds,
/// read-only sessions and cancellation.
@Suite("ODBC connector")
struct ODBCConnectorTests {
    static let environment = MariaDBEnvironment.current

    static func mariadbSettings(database: String?, password: String? = environment.password) -> ODBCSettings {
        ODBCSettings(address: .server(host: environment.host, port: environment.port, database: database),
                     driver: MariaDBEnvironment.mariadbDriver, engine: .mysql, username: environment.username, password: password,
                     connectTimeout: 30)
    }

    static func postgresSettings(database: String) -> ODBCSettings {
        let environment = TestEnvironment.current
        return ODBCSettings(address: .server(host: environment.host, port: environment.port, database: database),
                            driver: MariaDBEnvironment.postgresDriver, username: environment.username, password: environment.password)
    }

    /// The error `body` throws, as a ParityError.
    static func parityError(_ body: () async throws -> Void) async -> ParityError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? ParityError
        }
    }

    @Test("a wrong password fails with SQLSTATE 28000 and is never shown; the connection string is masked")
    func wrongPasswordIsNeverShown() async throws {
        let password = "wr0ng;Secret}pw"
        let error = await Self.parityError { _ = try await ODBCConnector.connect(Self.mariadbSettings(database: nil, password: password)) }
        let found = try #require(error)
        #expect(found.code == .connection)
        #expect(found.sqlState == "28000", "\(found)")
        #expect(found.description.contains("PWD=***"), "\(found)")
        #expect(!found.description.contains("Secret"), "\(found)")
        #expect(found.description.contains("mysql://\(Self.environment.username)@\(Self.environment.host):\(Self.environment.port)/"), "\(found)")
    }

    @Test("a connection string's password is masked in the error and in the display name")
    func connectionStringPasswordIsMasked() async throws {
        let given = "DRIVER={MariaDB Unicode};SERVER=127.0.0.1;PORT=1;UID=parity;PWD={top;secret}"
        let settings = ODBCSettings(address: .connectionString(given), connectTimeout: 2)
        #expect(settings.description == "odbc:DRIVER={MariaDB Unicode};SERVER=127.0.0.1;PORT=1;UID=parity;PWD=***")
        let error = try #require(await Self.parityError { _ = try await ODBCConnector.connect(settings) })
        #expect(error.code == .connection)
        #expect(!error.description.contains("top;secret") && !error.description.contains("secret"), "\(error)")
        #expect(error.description.contains("PWD=***"), "\(error)")
    }

    @Test("Oracle without an Oracle ODBC driver names what to install and the README section")
    func oracleWithoutDriver() async throws {
        let installed = ODBCDrivers.installed()
        #expect(installed.contains(MariaDBEnvironment.mariadbDriver), "run scripts/test: the ODBC drivers are missing (\(installed))")
        try #require(ODBCDrivers.oracleDriver(in: installed) == nil, "this machine has an Oracle ODBC driver")
        let settings = ODBCSettings(address: .server(host: "oracle.invalid", port: 1521, database: "XE"), engine: .oracle, username: "scott", password: "tiger")
        let error = try #require(await Self.parityError { _ = try await ODBCConnector.connect(settings) })
        #expect(error.code == .unsupported)
        #expect(error.message == "Oracle is reached through ODBC, and no Oracle ODBC driver is installed; install Oracle Instant Client Basic and ODBC packages and register the driver (README, section \"Oracle through ODBC\").")
        #expect(ODBCDrivers.oracleDriver(in: ["PostgreSQL Unicode", "Oracle 21 ODBC driver"]) == "Oracle 21 ODBC driver")
    }

    @Test("a driver that is not installed is named with the installed ones")
    func missingDriver() async throws {
        let settings = ODBCSettings(address: .server(host: "127.0.0.1", port: 3306, database: nil), driver: "No Such Driver", engine: .mysql)
        let error = try #require(await Self.parityError { _ = try await ODBCConnector.connect(settings) })
        #expect(error.code == .unsupported)
        #expect(error.message.hasPrefix("The ODBC driver \"No Such Driver\" is not installed (registered: "), "\(error)")
        #expect(error.message.contains("MariaDB Unicode"))
    }

    @Test("MariaDB values arrive in the value model, exactly")
    func typedValues() async throws {
        try await Workspace.with("odbc-values") { workspace in
            let database = try await workspace.mariadb("values")
            try await database.execute("""
                CREATE TABLE v (id int PRIMARY KEY, tiny tinyint, big bigint, ubig bigint unsigned, exact decimal(38,10), d double,
                f float, day date, at datetime(6), instant timestamp(6) NULL DEFAULT NULL, clock time(6), bin varbinary(16),
                txt varchar(40), flag bit(1))
                """,
                "INSERT INTO v VALUES (1, -5, -9223372036854775808, 18446744073709551615, -12345678901234567890.0123456789, 0.1, 0.1, '2024-02-29', '2024-02-29 23:59:59.000001', '2038-01-19 03:14:07.5', '12:34:56.5', X'0027ff', 'naïve 😀 O''Brien', b'1')",
                "INSERT INTO v (id) VALUES (2)")
            let connector = try await ODBCConnector.connect(Self.mariadbSettings(database: database.name))
            let table = try await connector.describeTable(schema: nil, name: "v")
            #expect(table.columns.map(\.kind) == [.integer, .integer, .integer, .decimal, .decimal, .double, .double, .date, .timestamp,
                                                  .timestampWithTimeZone, .time, .bytes, .text, .boolean])
            let select = table.columns.map { connector.dialect.selectExpression($0, qualifier: nil) }.joined(separator: ", ")
            let rows = try await connector.query(SQLStatement("SELECT \(select) FROM v ORDER BY id"), resultKinds: table.columns.map(\.kind))
            await connector.close()
            try #require(rows.count == 2)
            let expected: [SQLValue] = [.integer(1), .integer(-5), .integer(Int64.min), .decimal("18446744073709551615"),
                                        .decimal("-12345678901234567890.0123456789"), .double(0.1), .double(0.1), .date("2024-02-29"),
                                        .timestamp("2024-02-29 23:59:59.000001"), .timestampWithTimeZone("2038-01-19 03:14:07.5+00:00"),
                                        .time("12:34:56.5"), .bytes([0x00, 0x27, 0xFF]), .text("naïve 😀 O'Brien"), .boolean(true)]
            #expect(rows[0] == expected)
            #expect(rows[0].map(\.canonicalText) == expected.map(\.canonicalText))
            #expect(rows[1].dropFirst().allSatisfy { $0.isNull }, "\(rows[1])")
        }
    }

    @Test("long text and binary values (LOBs) are read whole, in pieces")
    func longValues() async throws {
        try await Workspace.with("odbc-lobs") { workspace in
            let database = try await workspace.mariadb("lobs")
            try await database.execute("CREATE TABLE big (id int PRIMARY KEY, body longtext, blob_value longblob)",
                                       // 300,000 characters: astral emoji (two UTF-16 units) across every piece boundary.
                                       "INSERT INTO big SELECT seq, REPEAT(CONCAT('é😀', seq, 'x'), 60000 + seq), REPEAT(UNHEX('00FF27'), 70000 + seq) FROM seq_1_to_3")
            let connector = try await ODBCConnector.connect(Self.mariadbSettings(database: database.name))
            let rows = try await connector.query(SQLStatement("SELECT id, body, blob_value FROM big ORDER BY id"), resultKinds: [.integer, .text, .bytes])
            await connector.close()
            try #require(rows.count == 3)
            for (index, row) in rows.enumerated() {
                let number = index + 1
                #expect(row[1] == .text(String(repeating: "é😀\(number)x", count: 60000 + number)))
                #expect(row[2] == .bytes(Array([[UInt8]](repeating: [0x00, 0xFF, 0x27], count: 70000 + number).joined())))
            }
        }
    }

    @Test("block fetch over many rows, and a value longer than the driver announced, through psqlODBC")
    func blockFetchAndLongerThanAnnounced() async throws {
        try await Workspace.with("odbc-blocks") { workspace in
            let database = try await workspace.database(.postgresql, "blocks")
            let connector = try await ODBCConnector.connect(Self.postgresSettings(database: database.name))
            let many = try await connector.query(SQLStatement("SELECT g, g::text || ' ✓', (g * 1.5)::numeric(10,1)::text FROM generate_series(1, 2500) g ORDER BY g"),
                                                 resultKinds: [.integer, .text, .decimal])
            #expect(many.count == 2500)
            #expect(many.enumerated().allSatisfy { index, row in
                row == [.integer(Int64(index + 1)), .text("\(index + 1) ✓"), .decimal(String(format: "%.1f", Double(index + 1) * 1.5))]
            })
            let long = try await connector.query(SQLStatement("SELECT repeat('ab😀', 9000)::text, $1::int8 + 1", binds: [.integer(41)]),
                                                 resultKinds: [.text, .integer])
            #expect(long == [[.text(String(repeating: "ab😀", count: 9000)), .integer(42)]])
            await connector.close()
        }
    }

    @Test("query errors carry SQLSTATE and SQL text, never bound values")
    func queryErrors() async throws {
        try await Workspace.with("odbc-errors") { workspace in
            let database = try await workspace.mariadb("errors")
            let connector = try await ODBCConnector.connect(Self.mariadbSettings(database: database.name))
            let sql = "SELECT * FROM no_such_table WHERE name = ?"
            let error = try #require(await Self.parityError {
                _ = try await connector.query(SQLStatement(sql, binds: [.text("bound-value-xyz")]), resultKinds: [.text])
            })
            #expect(error.code == .query)
            #expect(error.sqlState == "42S02", "\(error)")
            #expect(error.sql == sql)
            #expect(error.message.contains("no_such_table"), "\(error)")
            #expect(!error.description.contains("bound-value-xyz"))
            await connector.close()
            let closed = try #require(await Self.parityError { _ = try await connector.query(SQLStatement("SELECT 1"), resultKinds: [.integer]) })
            #expect(closed.code == .connection)
        }
    }

    @Test("tables are found exactly first, then case-insensitively when one matches; _ is not a wildcard")
    func catalogue() async throws {
        try await Workspace.with("odbc-catalogue") { workspace in
            let database = try await workspace.mariadb("catalogue")
            try await database.execute("CREATE TABLE Mixed_Case (ID int PRIMARY KEY, Name varchar(20) NOT NULL, amount decimal(9,2))",
                                       "CREATE TABLE a_b (only_here int)", "CREATE TABLE aXb (other int, columns_here int)",
                                       "CREATE TABLE dup (a int)", "CREATE TABLE DUP (b int)")
            let connector = try await ODBCConnector.connect(Self.mariadbSettings(database: database.name))
            let mixed = try await connector.describeTable(schema: nil, name: "mixed_case")
            #expect(mixed.name == "Mixed_Case")
            #expect(mixed.schema == nil)
            #expect(mixed.columns.map(\.name) == ["ID", "Name", "amount"])
            #expect(mixed.columns.map(\.typeName) == ["int", "varchar(20)", "decimal(9,2)"])
            #expect(mixed.columns.map(\.isNullable) == [false, false, true])
            #expect(try await connector.describeTable(schema: nil, name: "a_b").columns.map(\.name) == ["only_here"])
            #expect(try await connector.describeTable(schema: database.name, name: "dup").columns.map(\.name) == ["a"])
            let ambiguous = try #require(await Self.parityError { _ = try await connector.describeTable(schema: nil, name: "Dup") })
            #expect(ambiguous.code == .schema)
            #expect(ambiguous.message.hasPrefix("Table name Dup matches 2 tables"), "\(ambiguous)")
            let missing = try #require(await Self.parityError { _ = try await connector.describeTable(schema: nil, name: "nothing") })
            #expect(missing.code == .schema)
            await connector.close()
        }
    }

    @Test("text binds are UTF-8 on the server: an emoji key is found in byte order")
    func textBinds() async throws {
        try await Workspace.with("odbc-binds") { workspace in
            let database = try await workspace.mariadb("binds")
            try await database.execute("CREATE TABLE k (region varchar(20) PRIMARY KEY)", "INSERT INTO k VALUES ('🎉 party'), ('Éclair'), ('alpha'), ('Beta')")
            let connector = try await ODBCConnector.connect(Self.mariadbSettings(database: database.name))
            let found = try await connector.query(SQLStatement("SELECT region FROM k WHERE CAST(region AS BINARY) >= ? ORDER BY CAST(region AS BINARY)",
                                                               binds: [.text("Éclair")]), resultKinds: [.text])
            #expect(found == [[.text("Éclair")], [.text("🎉 party")]])
            await connector.close()
        }
    }

    @Test("comparison sides are read-only sessions")
    func readOnly() async throws {
        try await Workspace.with("odbc-readonly") { workspace in
            let mariadb = try await workspace.mariadb("readonly")
            try await mariadb.execute("CREATE TABLE t (i int)")
            let connector = try await ODBCConnector.connect(Self.mariadbSettings(database: mariadb.name))
            let refused = try #require(await Self.parityError { _ = try await connector.query(SQLStatement("INSERT INTO t VALUES (1)"), resultKinds: []) })
            #expect(refused.code == .query, "\(refused)")
            await connector.close()

            let postgres = try await workspace.database(.postgresql, "readonly")
            try await postgres.execute("CREATE TABLE t (i int)")
            let pg = try await ODBCConnector.connect(Self.postgresSettings(database: postgres.name))
            let pgRefused = try #require(await Self.parityError { _ = try await pg.query(SQLStatement("INSERT INTO t VALUES (1)"), resultKinds: []) })
            #expect(pgRefused.sqlState == "25006", "\(pgRefused)")
            await pg.close()
        }
    }

    @Test("a cancelled task stops its running statement")
    func cancellation() async throws {
        let connector = try await ODBCConnector.connect(Self.mariadbSettings(database: nil))
        let started = Date()
        let task = Task { try await connector.query(SQLStatement("SELECT SLEEP(20)"), resultKinds: [.integer]) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        let result = await task.result
        #expect(Date().timeIntervalSince(started) < 10, "SQLCancel stopped the statement")
        if case .success(let rows) = result {
            // MariaDB ends a killed SLEEP early with 1 instead of an error.
            #expect(rows == [[.integer(1)]])
        }
        let after = try await connector.query(SQLStatement("SELECT 2"), resultKinds: [.integer])
        #expect(after == [[.integer(2)]], "the connection is usable after a cancel")
        await connector.close()
    }

    @Test("SQLite through its ODBC driver (SQLite3)")
    func sqlite() async throws {
        try await Workspace.with("odbc-sqlite") { workspace in
            let path = workspace.url("odbc.sqlite").path
            let file = try TestDatabase.createSQLite(path: path)
            try await file.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price NUMERIC(8,2), seen TIMESTAMP)",
                                   "INSERT INTO items VALUES (1, 'naïve 😀', 1.5, '2024-01-02 03:04:05'), (2, NULL, NULL, NULL)")
            let settings = ODBCSettings(address: .server(host: nil, port: nil, database: path), driver: MariaDBEnvironment.sqliteDriver, engine: .sqlite)
            #expect(settings.connectionString(driver: settings.driver) == "DRIVER={SQLite3};DATABASE=\(path)")
            let connector = try await ODBCConnector.connect(settings)
            #expect(connector.engine == .sqlite)
            let table = try await connector.describeTable(schema: nil, name: "ITEMS")
            #expect(table.name == "items")
            #expect(table.columns.map(\.kind) == [.integer, .text, .decimal, .timestamp])
            let rows = try await connector.query(SQLStatement("SELECT id, name, price, seen FROM items ORDER BY id"), resultKinds: table.columns.map(\.kind))
            #expect(rows == [[.integer(1), .text("naïve 😀"), .decimal("1.5"), .timestamp("2024-01-02 03:04:05")], [.integer(2), .null, .null, .null]])
            await connector.close()
        }
    }
}
