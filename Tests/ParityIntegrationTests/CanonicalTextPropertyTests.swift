import Foundation
import ParityCore
import ParityODBC
import ParityPostgres
import ParitySQLite
import Testing

/// The canonical-text contract as a property: for random values of every value kind an engine
/// stores, the canonical text the database computes (``Dialect/canonicalTextExpression(_:)``, the
/// row text of ``Dialect/rowTextExpression(_:)`` and the row hash as ``ChunkQueries`` builds it)
/// equals what Parity computes in Swift from the same row read the normal way
/// (``SQLValue/canonicalText``, ``RowHasher``).
///
/// Every run draws new values from a seed printed in every failure; set `PARITY_TEST_SEED` to
/// that seed to draw the same values again.
@Suite("Canonical text property")
struct CanonicalTextPropertyTests {
    /// The seed of this run: `PARITY_TEST_SEED`, or a new random one.
    static let seed: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["PARITY_TEST_SEED"], let value = UInt64(text) { return value }
        return UInt64.random(in: 1...UInt64(UInt32.max))
    }()

    /// Random values drawn per column type (on top of the fixed edge values).
    static let randomValuesPerType = 400

    @Test("PostgreSQL (postgres-nio): SQL canonical text, row text and row hash equal Swift's for random values of every type")
    func postgresNative() async throws {
        try await Workspace.with("canon-pg") { workspace in
            let database = try await workspace.database(.postgresql, "canon")
            let types = CanonicalColumnType.postgresql
            try await Self.createTables(types, seedLabel: "postgresql") { try await database.execute($0) }
            let environment = TestEnvironment.current
            let connector = try await PostgresConnector.connect(PostgresSettings(host: environment.host, port: environment.port, database: database.name,
                                                                                 username: environment.username, password: environment.password))
            do {
                try await Self.checkAll(types, connector: connector, engine: "postgresql")
            } catch {
                await connector.close()
                throw error
            }
            await connector.close()

            // The same tables through psqlODBC: the same dialect, rows decoded by the ODBC reader.
            let odbc = try await ODBCConnector.connect(ODBCSettings(address: .server(host: environment.host, port: environment.port, database: database.name),
                                                                    driver: MariaDBEnvironment.postgresDriver, engine: .postgresql,
                                                                    username: environment.username, password: environment.password))
            do {
                try await Self.checkAll(types, connector: odbc, engine: "postgresql (psqlODBC)")
            } catch {
                await odbc.close()
                throw error
            }
            await odbc.close()
        }
    }

    @Test("MariaDB (ODBC): SQL canonical text, row text and row hash equal Swift's for random values of every type")
    func mariadb() async throws {
        try await Workspace.with("canon-mariadb") { workspace in
            let database = try await workspace.mariadb("canon")
            let types = CanonicalColumnType.mariadb
            try await Self.createTables(types, seedLabel: "mariadb") { try await database.execute($0) }
            let connector = try await MariaDBTestDatabase.connect(database: database.name)
            do {
                try await Self.checkAll(types, connector: connector, engine: "mariadb")
            } catch {
                await connector.close()
                throw error
            }
            await connector.close()
        }
    }

    @Test("SQLite (GRDB): SQL canonical text, row text and row hash equal Swift's for random values of every type")
    func sqlite() async throws {
        try await Workspace.with("canon-sqlite") { workspace in
            let database = try await workspace.database(.sqlite, "canon")
            let types = CanonicalColumnType.sqlite
            try await Self.createTables(types, seedLabel: "sqlite") { try await database.execute($0) }
            let connector = try SQLiteConnector(path: database.name)
            do {
                try await Self.checkAll(types, connector: connector, engine: "sqlite")
            } catch {
                await connector.close()
                throw error
            }
            await connector.close()
        }
    }

    // MARK: Running

    /// Creates table `p<n>` (`id` INT key, `v` of the type) for each type and inserts its fixed
    /// edge values then its random values, drawn from ``seed`` and the type's name.
    static func createTables(_ types: [CanonicalColumnType], seedLabel: String, execute: ([String]) async throws -> Void) async throws {
        for (index, type) in types.enumerated() {
            var random = SeededGenerator(seed: seed ^ stableHash(seedLabel + "/" + type.sqlType))
            var literals = type.edges
            for _ in 0..<randomValuesPerType { literals.append(type.random(&random)) }
            literals.append("NULL")
            var statements = ["CREATE TABLE p\(index) (id INT PRIMARY KEY, v \(type.sqlType))"]
            let batch = 100
            for start in stride(from: 0, to: literals.count, by: batch) {
                let rows = literals[start..<min(start + batch, literals.count)].enumerated().map { "(\(start + $0.offset), \($0.element))" }
                // Instants are written in a session time zone drawn per batch.
                if let zones = type.sessionTimeZones { statements.append(zones.statement(random.pick(zones.zones))) }
                statements.append("INSERT INTO p\(index) (id, v) VALUES " + rows.joined(separator: ", "))
            }
            if let zones = type.sessionTimeZones { statements.append(zones.statement(zones.zones[0])) }
            do {
                try await execute(statements)
            } catch {
                throw IntegrationTestError("\(type.sqlType), seed \(seed) (rerun with PARITY_TEST_SEED=\(seed)): \(error)")
            }
        }
    }

    /// Checks every type's table, recording one issue per type with its first mismatches.
    static func checkAll(_ types: [CanonicalColumnType], connector: any DatabaseConnector, engine: String) async throws {
        var checked = 0
        for (index, type) in types.enumerated() {
            let mismatches: [String]
            do {
                mismatches = try await check(table: "p\(index)", type: type, connector: connector)
            } catch {
                throw IntegrationTestError("\(engine) \(type.sqlType), seed \(seed) (rerun with PARITY_TEST_SEED=\(seed)): \(error)")
            }
            checked += 1
            if !mismatches.isEmpty {
                Issue.record("""
                    \(engine) \(type.sqlType): \(mismatches.count) values whose SQL and Swift canonical texts differ \
                    (seed \(seed); rerun with PARITY_TEST_SEED=\(seed)):
                    \(mismatches.prefix(8).joined(separator: "\n"))
                    """)
            }
        }
        #expect(checked == types.count)
    }

    /// The mismatches of one table, one line each.
    static func check(table: String, type: CanonicalColumnType, connector: any DatabaseConnector) async throws -> [String] {
        let dialect = connector.dialect
        let schema = try await connector.describeTable(schema: nil, name: table)
        let mapping = try TableMapping(name: table, source: schema, target: schema, primaryKey: ["id"])
        let queries = ChunkQueries(mapping: mapping, side: .source, dialect: dialect, nativeHash: false)
        let all = KeyRange(lower: nil, upper: nil)
        // (b) what RowComparer sees.
        let rows = try await connector.query(queries.rows(in: all), resultKinds: queries.rowKinds)
        // (a) what the database computes: the hash as the checksum statements build it …
        let hashes = try await connector.query(queries.keyHashes(in: all), resultKinds: queries.keyHashKinds)
        // … and the canonical text and row text it hashes.
        guard let column = schema.columns.last else { throw IntegrationTestError("\(table) has no columns") }
        let textSQL = "SELECT \(dialect.canonicalTextExpression(column)), \(dialect.rowTextExpression(schema.columns)) FROM \(dialect.qualifiedName(schema)) "
            + "ORDER BY \(dialect.quoteIdentifier("id"))"
        let texts = try await connector.query(SQLStatement(textSQL), resultKinds: [.text, .text])
        let checksum = try await connector.query(queries.checksum(in: all), resultKinds: queries.checksumKinds)

        let inserted = type.edges.count + randomValuesPerType + 1
        guard rows.count == inserted, texts.count == inserted, hashes.count == inserted else {
            return ["row counts differ: inserted \(inserted), rows \(rows.count), texts \(texts.count), hashes \(hashes.count)"]
        }
        var mismatches: [String] = []
        var sum: UInt64 = 0
        for (row, (sqlTexts, hashRow)) in zip(rows, zip(texts, hashes)) {
            let value = row[1]
            // The Swift canonical text, or for a documented exception the text the database is
            // documented to compute instead (asserted exactly, never skipped).
            let swiftText = type.expectedSQLText(value)
            let swiftRowText = RowHasher.rowText([row[0]]) + (swiftText.map { "V\($0.unicodeScalars.count):" + $0 } ?? "N")
            let swiftHash = RowHasher.hash(swiftRowText)
            sum = RowHasher.add(sum, swiftHash)
            let sqlText = sqlTexts[0].canonicalText
            let sqlRowText = sqlTexts[1].canonicalText
            var problems: [String] = []
            if sqlText.map({ Array($0.utf8) }) != swiftText.map({ Array($0.utf8) }) {
                problems.append("text SQL \(describe(sqlText)) Swift \(describe(swiftText))")
            }
            if sqlRowText.map({ Array($0.utf8) }) != Array(swiftRowText.utf8) {
                problems.append("row text SQL \(describe(sqlRowText)) Swift \(describe(swiftRowText))")
            }
            if hashRow.last != .integer(swiftHash) { problems.append("hash SQL \(describe(hashRow.last?.canonicalText)) Swift \(swiftHash)") }
            if !problems.isEmpty {
                mismatches.append("id \(describe(row[0].canonicalText)) value \(String(describing: value)): " + problems.joined(separator: "; "))
            }
        }
        // Values the database tells apart have different canonical texts: a canonical text shared
        // by two stored values would make a chunk match while its rows differ.
        let distinct = try await connector.query(SQLStatement("SELECT COUNT(DISTINCT \(type.distinctValue ?? dialect.quoteIdentifier("v"))) FROM \(dialect.qualifiedName(schema))"),
                                                 resultKinds: [.integer])
        let canonicalDistinct = Set(rows.compactMap { $0[1].canonicalText.map { Array($0.utf8) } }).count
        if case .integer(let stored)? = distinct.first?.first, Int(stored) > canonicalDistinct {
            mismatches.append("\(stored) distinct stored values have only \(canonicalDistinct) distinct canonical texts")
        }
        // The chunk checksum is the sum of the same hashes.
        if checksum.map({ $0.map(\.canonicalText) }) != [[String(rows.count), String(sum)]] {
            mismatches.append("checksum SQL \(checksum) Swift count \(rows.count) sum \(sum)")
        }
        return mismatches
    }

    static func describe(_ text: String?) -> String {
        text.map { String(reflecting: $0) } ?? "NULL"
    }

    /// FNV-1a of a label, stable across runs (unlike `Hasher`).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}

// MARK: The same value on two engines

extension CanonicalTextPropertyTests {
    /// The expected canonical texts of the cross-engine row, column by column after `id`.
    static let crossEngineTexts = ["1.5", "-7", "1e+15", "1.5e-07", "0.1", "caf\u{E9} \u{2615} 'q' \\", "2024-02-29", "2024-01-02 03:04:05.5", "00ff27", "1",
                                   "1234567", "18446744073709551615"]

    @Test("the same logical values in PostgreSQL, MariaDB and SQLite columns of different types have the same SQL canonical texts and row hash")
    func sameValueOnEveryEngine() async throws {
        try await Workspace.with("canon-cross") { workspace in
            let postgres = try await workspace.database(.postgresql, "cross")
            try await postgres.execute(
                "CREATE TABLE c (id INT PRIMARY KEY, n NUMERIC(10,2), i SMALLINT, x DOUBLE PRECISION, y FLOAT8, z REAL, s VARCHAR(20), d DATE, ts TIMESTAMP(3), b BYTEA, f BOOLEAN, w REAL, u NUMERIC(20,0))",
                "INSERT INTO c VALUES (1, 1.50, -7, 1e15, 1.5e-7, 0.1, 'caf\u{E9} \u{2615} ''q'' \\', '2024-02-29', '2024-01-02 03:04:05.500', '\\x00ff27', TRUE, 1234567, 18446744073709551615)",
                "CREATE TABLE z (id INT PRIMARY KEY, t TIMESTAMPTZ(6))",
                "INSERT INTO z VALUES (1, '2024-01-02 08:34:05.25+05:30')")
            let mariadb = try await workspace.mariadb("cross")
            try await mariadb.execute(
                "CREATE TABLE c (id INT PRIMARY KEY, n DECIMAL(10,4), i BIGINT, x DOUBLE, y DOUBLE, z DOUBLE, s TEXT, d DATE, ts DATETIME(6), b VARBINARY(10), f BIT(1), w FLOAT, u BIGINT UNSIGNED)",
                "INSERT INTO c VALUES (1, 1.5000, -7, 1e15, 1.5e-7, 0.1, 'caf\u{E9} \u{2615} ''q'' \\\\', '2024-02-29', '2024-01-02 03:04:05.500000', X'00ff27', b'1', 1234567, 18446744073709551615)",
                "CREATE TABLE z (id INT PRIMARY KEY, t TIMESTAMP(6) NULL)",
                "SET time_zone = '+05:30'",
                "INSERT INTO z VALUES (1, '2024-01-02 08:34:05.250000')",
                "SET time_zone = '+00:00'")
            let sqlite = try await workspace.database(.sqlite, "cross")
            try await sqlite.execute(
                "CREATE TABLE c (id INTEGER PRIMARY KEY, n DECIMAL(10,2), i INTEGER, x REAL, y REAL, z REAL, s TEXT, d DATE, ts TIMESTAMP, b BLOB, f BOOLEAN, w REAL, u TEXT)",
                "INSERT INTO c VALUES (1, '1.50', -7, 1e15, 1.5e-7, 0.1, 'caf\u{E9} \u{2615} ''q'' \\', '2024-02-29', '2024-01-02 03:04:05.500', X'00ff27', 1, 1234567, '18446744073709551615')")

            let environment = TestEnvironment.current
            let connectors: [(String, any DatabaseConnector)] = [
                ("postgresql", try await PostgresConnector.connect(PostgresSettings(host: environment.host, port: environment.port, database: postgres.name,
                                                                                    username: environment.username, password: environment.password))),
                ("mariadb", try await MariaDBTestDatabase.connect(database: mariadb.name)),
                ("sqlite", try SQLiteConnector(path: sqlite.name)),
            ]
            var rowHashes: [String: [SQLValue]] = [:]
            var instantHashes: [String: [SQLValue]] = [:]
            for (engine, connector) in connectors {
                do {
                    let (texts, hash) = try await Self.canonicalTexts(table: "c", connector: connector)
                    #expect(texts == Self.crossEngineTexts, "\(engine)")
                    rowHashes[engine] = hash
                    if engine != "sqlite" {
                        let (instant, instantHash) = try await Self.canonicalTexts(table: "z", connector: connector)
                        #expect(instant == ["2024-01-02 03:04:05.25+00:00"], "\(engine)")
                        instantHashes[engine] = instantHash
                    }
                } catch {
                    await connector.close()
                    throw error
                }
                await connector.close()
            }
            let expected = RowHasher.hash(RowHasher.rowText([.integer(1)] + Self.crossEngineTexts.map(SQLValue.text)))
            #expect(rowHashes["postgresql"] == [.integer(1), .integer(expected)])
            #expect(rowHashes["mariadb"] == rowHashes["postgresql"])
            #expect(rowHashes["sqlite"] == rowHashes["postgresql"])
            #expect(instantHashes["mariadb"] == instantHashes["postgresql"])
        }
    }

    /// The SQL canonical text of every column after `id` of the table's one row, and its
    /// (key, row hash) as ``ChunkQueries/keyHashes(in:buckets:)`` lists it.
    static func canonicalTexts(table: String, connector: any DatabaseConnector) async throws -> ([String?], [SQLValue]) {
        let dialect = connector.dialect
        let schema = try await connector.describeTable(schema: nil, name: table)
        let columns = schema.columns.dropFirst()
        let sql = "SELECT " + columns.map(dialect.canonicalTextExpression).joined(separator: ", ") + " FROM " + dialect.qualifiedName(schema)
        let rows = try await connector.query(SQLStatement(sql), resultKinds: columns.map { _ in .text })
        let mapping = try TableMapping(name: table, source: schema, target: schema, primaryKey: ["id"])
        let queries = ChunkQueries(mapping: mapping, side: .source, dialect: dialect, nativeHash: false)
        let hashes = try await connector.query(queries.keyHashes(in: KeyRange(lower: nil, upper: nil)), resultKinds: queries.keyHashKinds)
        return (rows.first?.map(\.canonicalText) ?? [], hashes.first ?? [])
    }
}

// MARK: Text holding NUL

extension CanonicalTextPropertyTests {
    @Test("SQLite text holding NUL is read, measured and hashed whole, so 'a\\0b' and 'a\\0c' differ")
    func sqliteTextWithNulIsReadWhole() async throws {
        try await Workspace.with("canon-nul") { workspace in
            let database = try await workspace.database(.sqlite, "nul")
            try await database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT)",
                                       "INSERT INTO t VALUES (1, CAST(X'610062' AS TEXT)), (2, CAST(X'610063' AS TEXT)), (3, CAST(X'00' AS TEXT))")
            let connector = try SQLiteConnector(path: database.name)
            do {
                let schema = try await connector.describeTable(schema: nil, name: "t")
                let mapping = try TableMapping(name: "t", source: schema, target: schema, primaryKey: ["id"])
                let queries = ChunkQueries(mapping: mapping, side: .source, dialect: connector.dialect, nativeHash: false)
                let all = KeyRange(lower: nil, upper: nil)
                let rows = try await connector.query(queries.rows(in: all), resultKinds: queries.rowKinds)
                #expect(rows.map { $0[1] } == [.text("a\u{0}b"), .text("a\u{0}c"), .text("\u{0}")])
                let hashes = try await connector.query(queries.keyHashes(in: all), resultKinds: queries.keyHashKinds)
                #expect(hashes.map { $0[1] } == ["V1:1V3:a\u{0}b", "V1:2V3:a\u{0}c", "V1:3V1:\u{0}"].map { .integer(RowHasher.hash($0)) })
            } catch {
                await connector.close()
                throw error
            }
            await connector.close()
        }
    }
}
