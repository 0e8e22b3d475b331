import Foundation
import Testing

/// The cases of cases/cases.yaml that run on PostgreSQL and SQLite, each on every engine pair
/// whose types exist: exact diff sets, exact sync statements, and zero differences after the
/// sync script is applied.
@Suite("Cases")
struct CaseTests {
    @Test("02 text keys in byte order whatever the database collation (PostgreSQL databases are ICU en-US)",
          arguments: EnginePair.allCases)
    func stringKeyOrderAcrossEngines(pair: EnginePair) async throws {
        try await Workspace.with("case02") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY, v INT)")
            }
            try await source.execute("INSERT INTO t VALUES ('a-b', 1), ('a0', 2), ('a_b', 3), ('aa', 4), ('ab', 5), ('a-c', 6)")
            try await target.execute("INSERT INTO t VALUES ('a-b', 1), ('a0', 2), ('a_b', 3), ('aa', 4), ('ab', 5)")
            let result = try await workspace.compareCase(source: source, target: target,
                                                         tables: [TableEntry("t", key: ["k"], chunkSize: 2)], table: "t")
            #expect(result.table.counts == Counts(matching: 5, missingInTarget: 1))
            #expect(result.differences == ["(a-c): missing_in_target"])
            #expect(result.changes == ["INSERT INTO \(target.scriptTable("t")) (\"k\", \"v\") VALUES ('a-c', 6);"])
            try await workspace.applyAndCompareAgain(result, target: target)
        }
    }

    @Test("03 keys are compared byte-exact: NFC and NFD, fullwidth letters", arguments: EnginePair.allCases)
    func unicodeKeys(pair: EnginePair) async throws {
        // Swift's String == treats NFC and NFD as equal, so everything here compares UTF-8 bytes.
        func bytes(_ lines: [String]) -> [[UInt8]] { lines.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) } }
        let fullwidthK = "\u{FF2B}"
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        try await Workspace.with("case03") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (k VARCHAR(10) PRIMARY KEY, v INT)")
            }
            try await source.execute("INSERT INTO t VALUES ('K', 1), ('\(fullwidthK)', 2), ('\(composed)', 3)")
            try await target.execute("INSERT INTO t VALUES ('K', 1), ('\(decomposed)', 3)")
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["k"], chunkSize: 1)], table: "t")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 2, missingInSource: 1))
            let summary = try result.comparison.output.summaryDifferenceLines(result.table)
            #expect(bytes(summary) == bytes(["(\(composed)): missing_in_target", "(\(fullwidthK)): missing_in_target",
                                             "(\(decomposed)): missing_in_source"]))
            let table = target.scriptTable("t")
            // DELETEs first, then INSERTs in byte order of the key: "caf\u{E9}" (63…) before "\u{FF2B}" (EF BC AB).
            // A SQLite target's text key is matched COLLATE BINARY too (a declared collation may ignore case).
            let binary = target.engine == .sqlite ? " AND \"k\" COLLATE BINARY = '\(decomposed)'" : ""
            #expect(result.changes.map { Array($0.utf8) } == [
                "DELETE FROM \(table) WHERE \"k\" = '\(decomposed)'\(binary);",
                "INSERT INTO \(table) (\"k\", \"v\") VALUES ('\(composed)', 3);",
                "INSERT INTO \(table) (\"k\", \"v\") VALUES ('\(fullwidthK)', 2);",
            ].map { Array($0.utf8) })
            try await workspace.applyAndCompareAgain(result, target: target)
            let keys = try await target.strings(target.engine == .postgresql
                ? "SELECT encode(convert_to(k, 'UTF8'), 'hex') FROM t ORDER BY k COLLATE \"C\""
                : "SELECT lower(hex(k)) FROM t ORDER BY k")
            #expect(keys == [["4b"], ["636166c3a9"], ["efbcab"]], "the target holds the source's keys, byte for byte")
        }
    }

    @Test("04 VARCHAR trailing space counts; CHAR(n) blank padding does not", arguments: EnginePair.allCases)
    func varcharTrailingSpace(pair: EnginePair) async throws {
        try await Workspace.with("case04") { workspace in
            let (source, target) = try await workspace.databases(pair)
            // CHAR(n) padding exists only where both sides are PostgreSQL.
            let withChar = pair == .postgresToPostgres
            for database in [source, target] {
                try await database.execute(withChar ? "CREATE TABLE t (id INT PRIMARY KEY, c CHAR(2), s VARCHAR(5))"
                                                    : "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(5))")
            }
            if withChar {
                try await source.execute("INSERT INTO t VALUES (1, 'A ', 'x'), (2, 'B ', 'abc ')")
                try await target.execute("INSERT INTO t VALUES (1, 'A', 'x'), (2, 'B ', 'abc')")
            } else {
                try await source.execute("INSERT INTO t VALUES (1, 'x'), (2, 'abc ')")
                try await target.execute("INSERT INTO t VALUES (1, 'x'), (2, 'abc')")
            }
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["id"])], table: "t")
            #expect(result.table.counts == Counts(matching: 1, different: 1))
            #expect(result.differences == ["(2): different [s]"])
            #expect(result.changes == ["UPDATE \(target.scriptTable("t")) SET \"s\" = 'abc ' WHERE \"id\" = 2;"])
            try await workspace.applyAndCompareAgain(result, target: target)
            let stored = try await target.text("t", columns: ["s"], orderBy: "id")
            #expect(stored == [["x"], ["abc "]])
        }
    }

    @Test("06 NULLs in different columns; NULL = NULL is equal", arguments: EnginePair.allCases)
    func nullInDifferentColumns(pair: EnginePair) async throws {
        try await Workspace.with("case06") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, c2 VARCHAR(5), c3 VARCHAR(5), c4 VARCHAR(5))")
            }
            try await source.execute("INSERT INTO t VALUES (1, 'a', 'b', NULL), (2, NULL, NULL, NULL)")
            try await target.execute("INSERT INTO t VALUES (1, 'a', NULL, 'b'), (2, NULL, NULL, NULL)")
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["id"])], table: "t")
            #expect(result.table.counts == Counts(matching: 1, different: 1))
            #expect(result.differences == ["(1): different [c3, c4]"])
            #expect(result.changes == ["UPDATE \(target.scriptTable("t")) SET \"c3\" = 'b', \"c4\" = NULL WHERE \"id\" = 1;"])
            try await workspace.applyAndCompareAgain(result, target: target)
        }
    }

    @Test("07 a nullable column in the compared key: NULL-safe matching and IS NULL", arguments: EnginePair.allCases)
    func nullInUniqueKey(pair: EnginePair) async throws {
        try await Workspace.with("case07") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (someid INT NOT NULL, desc1 VARCHAR(2), desc2 VARCHAR(2), UNIQUE (someid, desc1))")
            }
            try await source.execute("INSERT INTO t VALUES (1, NULL, 'A'), (2, 'B', 'B'), (3, 'C', 'C'), (4, 'D', 'D')")
            try await target.execute("INSERT INTO t VALUES (1, NULL, 'B'), (2, 'B', 'B'), (3, NULL, 'C'), (4, 'D', 'D')")
            // One row per chunk: NULL key values become chunk boundaries too.
            let result = try await workspace.compareCase(source: source, target: target,
                                                         tables: [TableEntry("t", key: ["someid", "desc1"], chunkSize: 1)], table: "t")
            #expect(result.table.counts == Counts(matching: 2, missingInTarget: 1, missingInSource: 1, different: 1))
            #expect(result.differences == ["(1, NULL): different [desc2]", "(3, C): missing_in_target", "(3, NULL): missing_in_source"])
            let table = target.scriptTable("t")
            #expect(result.changes == [
                "DELETE FROM \(table) WHERE \"someid\" = 3 AND \"desc1\" IS NULL;",
                "UPDATE \(table) SET \"desc2\" = 'A' WHERE \"someid\" = 1 AND \"desc1\" IS NULL;",
                "INSERT INTO \(table) (\"someid\", \"desc1\", \"desc2\") VALUES (3, 'C', 'C');",
            ])
            try await workspace.applyAndCompareAgain(result, target: target)
            let rows = try await target.text("t", columns: ["someid", "desc1", "desc2"], orderBy: "someid")
            #expect(rows == [["1", nil, "A"], ["2", "B", "B"], ["3", "C", "C"], ["4", "D", "D"]])
        }
    }

    @Test("08 no unique key, duplicate rows and NULLs: one copy each way", arguments: EnginePair.allCases)
    func noPrimaryKeyDuplicates(pair: EnginePair) async throws {
        try await Workspace.with("case08") { workspace in
            let (source, target) = try await workspace.databases(pair)
            let many = "(1, 'A'), (2, NULL), (2, NULL), (3, NULL), (3, NULL), (4, NULL), (5, NULL), (5, NULL)"
            let few = "(1, 'A'), (2, NULL), (3, NULL), (4, NULL), (5, NULL)"
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (f1 INT, f2 VARCHAR(1))", "CREATE TABLE r (f1 INT, f2 VARCHAR(1))")
            }
            // t: the case as written (the target lacks copies); r: the reverse direction.
            try await source.execute("INSERT INTO t VALUES \(many)", "INSERT INTO r VALUES \(few)")
            try await target.execute("INSERT INTO t VALUES \(few)", "INSERT INTO r VALUES \(many)")
            let tables = [TableEntry("t", key: ["f1", "f2"], chunkSize: 2), TableEntry("r", key: ["f1", "f2"], chunkSize: 2)]
            let result = try await workspace.compareCase(source: source, target: target, tables: tables, table: "t")
            #expect(result.table.counts == Counts(matching: 5, missingInTarget: 3))
            #expect(result.differences == ["(2, NULL): missing_in_target", "(3, NULL): missing_in_target", "(5, NULL): missing_in_target"])
            let t = target.scriptTable("t")
            #expect(result.changes == [2, 3, 5].map { "INSERT INTO \(t) (\"f1\", \"f2\") VALUES (\($0), NULL);" })

            let reverse = try result.comparison.report.table("r")
            #expect(reverse.counts == Counts(matching: 5, missingInSource: 3))
            #expect(try result.comparison.output.summaryDifferences(reverse)
                    == ["(2, NULL): missing_in_source", "(3, NULL): missing_in_source", "(5, NULL): missing_in_source"])
            let r = target.scriptTable("r")
            let expectedDeletes = [2, 3, 5].map { key in
                target.engine == .postgresql
                    ? "DELETE FROM \(r) WHERE ctid = (SELECT ctid FROM \(r) WHERE \"f1\" = \(key) AND \"f2\" IS NULL LIMIT 1);"
                    : "DELETE FROM \(r) WHERE rowid = (SELECT rowid FROM \(r) WHERE \"f1\" = \(key) AND \"f2\" IS NULL LIMIT 1);"
            }
            #expect(try result.comparison.output.changes(reverse) == expectedDeletes)

            try await workspace.applyAndCompareAgain(result, target: target)
            let counted = try await target.strings(target.engine == .postgresql
                ? "SELECT (SELECT count(*) FROM t)::text, (SELECT count(*) FROM r)::text"
                : "SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM r)")
            #expect(counted == [["8", "5"]], "each statement changed exactly one copy")
        }
    }

    @Test("09 decimal scale and text form: 0.71 = 0.7100, 1.5 = 1.5000000000000, 2.5 ≠ 2.51", arguments: EnginePair.allCases)
    func decimalScale(pair: EnginePair) async throws {
        try await Workspace.with("case09") { workspace in
            let (source, target) = try await workspace.databases(pair)
            // PostgreSQL source: unconstrained NUMERIC keeps the text form as written (as Oracle
            // prints it); the target's NUMERIC(10,4) pads to four places.
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, a NUMERIC\(source.engine == .sqlite ? "(10,4)" : ""), b NUMERIC)")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, a NUMERIC(10,4), b NUMERIC)")
            try await source.execute("INSERT INTO t VALUES (1, 0.71, 0.71), (2, 100, 1.5), (3, -0.71, -0.71), (4, 2.5, 2.5)")
            try await target.execute("INSERT INTO t VALUES (1, 0.7100, 0.71), (2, 100.0000, 1.5000000000000), (3, -0.7100, -0.71), (4, 2.5, 2.51)")
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["id"])], table: "t")
            #expect(result.table.counts == Counts(matching: 3, different: 1))
            #expect(result.differences == ["(4): different [b]"])
            #expect(result.changes == ["UPDATE \(target.scriptTable("t")) SET \"b\" = 2.5 WHERE \"id\" = 4;"])
            try await workspace.applyAndCompareAgain(result, target: target)
        }
    }

    @Test("12 time zones: timestamptz compared as instants whatever the session zone",
          arguments: [EnginePair.postgresToPostgres, .postgresToSQLite])
    func timeZones(pair: EnginePair) async throws {
        try await Workspace.with("case12") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute(
                "ALTER DATABASE \"\(source.name)\" SET TimeZone = '+08'",
                "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP WITH TIME ZONE)",
                "SET TimeZone = '+08'",
                "INSERT INTO t VALUES (1, '2022-01-29 23:21:12+08:00'), (2, '2022-01-29 23:00:00+08:00'), (3, '2022-01-29 23:22:21+02:00')")
            if target.engine == .postgresql {
                try await target.execute(
                    "ALTER DATABASE \"\(target.name)\" SET TimeZone = 'America/New_York'",
                    "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP WITH TIME ZONE)",
                    "SET TimeZone = 'UTC'",
                    "INSERT INTO t VALUES (1, '2022-01-29 15:21:12+00:00'), (3, '2022-01-29 21:22:21+00:00')")
            } else {
                // SQLite has no time zone type: a faithful copy holds the instants as UTC text.
                try await target.execute(
                    "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP WITH TIME ZONE)",
                    "INSERT INTO t VALUES (1, '2022-01-29 15:21:12+00:00'), (3, '2022-01-29 21:22:21+00:00')")
            }
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["id"])], table: "t")
            #expect(result.table.counts == Counts(matching: 2, missingInTarget: 1))
            #expect(result.differences == ["(2): missing_in_target"])
            // The INSERT carries an explicit offset (UTC), so the target's session zone does not
            // matter; SQLite, which has no time zone type, keeps the instant as its UTC text.
            let insert = "INSERT INTO \(target.scriptTable("t")) (\"id\", \"ts\") VALUES (2, '2022-01-29 15:00:00"
            #expect(result.changes == [insert + (target.engine == .postgresql ? "+00');" : "+00:00');")])
            try await workspace.applyAndCompareAgain(result, target: target)
            if target.engine == .postgresql {
                let instants = try await target.strings("SELECT (ts AT TIME ZONE 'UTC')::text FROM t ORDER BY id")
                #expect(instants == [["2022-01-29 15:21:12"], ["2022-01-29 15:00:00"], ["2022-01-29 21:22:21"]])
            }
        }
    }

    @Test("13 uuid and binary values, NULL binary, bytes that are not text",
          arguments: [EnginePair.postgresToPostgres, .sqliteToSQLite, .postgresToSQLite])
    func binaryAndUUID(pair: EnginePair) async throws {
        try await Workspace.with("case13") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                switch (database.engine, pair) {
                case (.postgresql, _):
                    try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, g UUID, b BYTEA)")
                case (.sqlite, .sqliteToSQLite):
                    try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, g BLOB, b BLOB)")
                case (.sqlite, _):
                    try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, g TEXT, b BLOB)")
                }
            }
            switch source.engine {
            case .postgresql:
                try await source.execute("INSERT INTO t VALUES (1, 'A1B2C3D4E5F60718293A4B5C6D7E8F90', '\\x00FF'), (2, NULL, NULL), (3, NULL, '\\x00275CFF')")
            case .sqlite:
                try await source.execute("INSERT INTO t VALUES (1, X'A1B2C3D4E5F60718293A4B5C6D7E8F90', X'00FF'), (2, NULL, NULL), (3, NULL, X'00275CFF')")
            }
            switch (target.engine, pair) {
            case (.postgresql, _):
                try await target.execute("INSERT INTO t VALUES (1, 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90', '\\x00ff'), (2, NULL, NULL)")
            case (.sqlite, .sqliteToSQLite):
                try await target.execute("INSERT INTO t VALUES (1, X'a1b2c3d4e5f60718293a4b5c6d7e8f90', X'00ff'), (2, NULL, NULL)")
            case (.sqlite, _):
                try await target.execute("INSERT INTO t VALUES (1, 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90', X'00ff'), (2, NULL, NULL)")
            }
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["id"])], table: "t")
            #expect(result.table.counts == Counts(matching: 2, missingInTarget: 1))
            #expect(result.differences == ["(3): missing_in_target"])
            let binary = target.engine == .postgresql ? "'\\x00275cff'::bytea" : "X'00275cff'"
            #expect(result.changes == ["INSERT INTO \(target.scriptTable("t")) (\"id\", \"g\", \"b\") VALUES (3, NULL, \(binary));"])
            try await workspace.applyAndCompareAgain(result, target: target)
            let stored = try await target.strings(target.engine == .postgresql
                ? "SELECT g::text, encode(b, 'hex') FROM t WHERE id = 3" : "SELECT g, b FROM t WHERE id = 3")
            #expect(stored == [[nil, "00275cff"]], "the bytes arrive unchanged")
        }
    }

    @Test("15 single quotes and & in data written into a script", arguments: EnginePair.allCases)
    func quotesAndAmpersands(pair: EnginePair) async throws {
        try await Workspace.with("case15") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40))")
            }
            let names = ["O'Brien & Sons", "R&D", "a'a"]
            try await source.execute("INSERT INTO t VALUES (1, 'O''Brien & Sons'), (2, 'R&D'), (3, 'a''a')")
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["id"])], table: "t")
            #expect(result.table.counts == Counts(matching: 0, missingInTarget: 3))
            #expect(result.table.targetRows == 0)
            #expect(result.differences == ["(1): missing_in_target", "(2): missing_in_target", "(3): missing_in_target"])
            let table = target.scriptTable("t")
            #expect(result.changes == [
                "INSERT INTO \(table) (\"id\", \"name\") VALUES (1, 'O''Brien & Sons');",
                "INSERT INTO \(table) (\"id\", \"name\") VALUES (2, 'R&D');",
                "INSERT INTO \(table) (\"id\", \"name\") VALUES (3, 'a''a');",
            ])
            try await workspace.applyAndCompareAgain(result, target: target)
            let stored = try await target.text("t", columns: ["name"], orderBy: "id").map { $0[0] ?? "" }
            #expect(stored.map { Array($0.utf8) } == names.map { Array($0.utf8) }, "values are byte-identical after applying")
        }
    }

    @Test("16 reserved and mixed-case identifiers quoted as the catalogue stores them", arguments: EnginePair.allCases)
    func reservedAndMixedCaseIdentifiers(pair: EnginePair) async throws {
        try await Workspace.with("case16") { workspace in
            let (source, target) = try await workspace.databases(pair)
            // PostgreSQL folds to lower case, so its table is "order"; SQLite keeps "ORDER".
            func tableName(_ database: TestDatabase) -> String { database.engine == .postgresql ? "order" : "ORDER" }
            for database in [source, target] {
                try await database.execute("""
                    CREATE TABLE "\(tableName(database))" ("ID" INT PRIMARY KEY, "DATE" DATE, "COLUMN" INT, "value" VARCHAR(20), "Group" VARCHAR(10))
                    """)
            }
            try await source.execute("INSERT INTO \"\(tableName(source))\" VALUES (1, '2024-01-01', 1, 'a', 'g1'), (2, '2024-01-02', 0, 'b', 'g2')")
            try await target.execute("INSERT INTO \"\(tableName(target))\" VALUES (1, '2024-01-01', 1, 'a', 'g1')")
            let name = tableName(source)
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry(name, key: ["ID"])], table: name)
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 1))
            #expect(result.differences == ["(2): missing_in_target"])
            #expect(result.changes == [
                "INSERT INTO \(target.scriptTable(tableName(target))) (\"ID\", \"DATE\", \"COLUMN\", \"value\", \"Group\") VALUES (2, '2024-01-02', 0, 'b', 'g2');",
            ])
            try await workspace.applyAndCompareAgain(result, target: target)
        }
    }
}
