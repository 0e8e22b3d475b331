import Foundation
import Testing

/// The cases of cases/cases.yaml that name MariaDB or MySQL (01, 02, 03, 10), on the real
/// MariaDB and PostgreSQL servers through the real `parity` binary, MariaDB reached as
/// `type: mysql` through Connector/ODBC. Each case is compared in `--mode checksum` and in
/// `--mode rows` (same report counts, summary lines and sync statements, both exact); the sync
/// script is applied with the `mariadb` client and both modes compare again to no difference.
@Suite("Cases on MariaDB")
struct MariaDBCaseTests {
    static let modes = ["checksum", "rows"]

    @Test("01 composite key (a, b): a utf8mb4_general_ci on the source, utf8mb4_bin on the target", arguments: [1, 2])
    func compositeKeyCollation(chunkSize: Int) async throws {
        try await Workspace.with("mcase01") { workspace in
            let source = try await workspace.mariadb("source")
            let target = try await workspace.mariadb("target")
            try await source.execute("CREATE TABLE t (a VARCHAR(200) COLLATE utf8mb4_general_ci, b VARCHAR(200), PRIMARY KEY (a, b))")
            try await target.execute("CREATE TABLE t (a VARCHAR(200) COLLATE utf8mb4_bin, b VARCHAR(200), PRIMARY KEY (a, b))")
            try await source.execute("INSERT INTO t VALUES ('a', 'aa'), ('B', 'bb'), ('c', 'cc'), ('D', 'dd'), ('*', 'src')")
            try await target.execute("INSERT INTO t VALUES ('a', 'aa'), ('B', 'bb'), ('c', 'cc'), ('D', 'dd'), ('*', 'tgt')")
            let configuration = try workspace.writeMySQLConfiguration(source: source.mysqlBlock("source_database"), target: target,
                                                                     tables: [TableEntry("t", key: ["a", "b"], chunkSize: chunkSize)])
            let result = try await workspace.compareInBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 4, missingInTarget: 1, missingInSource: 1))
            #expect(result.differences == ["(*, src): missing_in_target", "(*, tgt): missing_in_source"])
            #expect(result.changes == [
                "DELETE FROM `t` WHERE `a` = '*' AND CAST(CONVERT(`a` USING utf8mb4) AS BINARY) = CAST('*' AS BINARY) AND `b` = 'tgt' AND CAST(CONVERT(`b` USING utf8mb4) AS BINARY) = CAST('tgt' AS BINARY);",
                "INSERT INTO `t` (`a`, `b`) VALUES ('*', 'src');",
            ])
            try await workspace.applyAndCompareAgainInBothModes(result, configuration: configuration, target: target)
            let rows = try await target.strings("SELECT a, b FROM t ORDER BY BINARY a, BINARY b", columns: 2)
            #expect(rows == [["*", "src"], ["B", "bb"], ["D", "dd"], ["a", "aa"], ["c", "cc"]])
        }
    }

    @Test("02 PostgreSQL (ICU en-US database) → MariaDB: varchar key in byte order, chunk_size 2")
    func stringKeyOrderAcrossEngines() async throws {
        try await Workspace.with("mcase02") { workspace in
            let source = try await workspace.database(.postgresql, "source")
            let target = try await workspace.mariadb("target")
            try await source.execute("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('a-b', 1), ('a0', 2), ('a_b', 3), ('aa', 4), ('ab', 5), ('a-c', 6)")
            // Under en-US, 'a-c' sorts between 'a_b' and 'a0'; in byte order it follows 'a-b'.
            let ordered = try await source.strings("SELECT k::text FROM t ORDER BY k")
            #expect(ordered.map { $0[0] ?? "" } == ["a_b", "a-b", "a-c", "a0", "aa", "ab"], "the source database collates as en-US")
            try await target.execute("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('a-b', 1), ('a0', 2), ('a_b', 3), ('aa', 4), ('ab', 5)")
            let configuration = try workspace.writeMySQLConfiguration(source: source.configurationBlock("source_database"), target: target,
                                                                     tables: [TableEntry("t", key: ["k"], chunkSize: 2)])
            let result = try await workspace.compareInBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 5, missingInTarget: 1))
            #expect(result.differences == ["(a-c): missing_in_target"])
            #expect(result.changes == ["INSERT INTO `t` (`k`, `v`) VALUES ('a-c', 6);"])
            try await workspace.applyAndCompareAgainInBothModes(result, configuration: configuration, target: target)
            let rows = try await target.strings("SELECT k, CAST(v AS CHAR) FROM t ORDER BY BINARY k", columns: 2)
            #expect(rows == [["a-b", "1"], ["a-c", "6"], ["a0", "2"], ["a_b", "3"], ["aa", "4"], ["ab", "5"]])
        }
    }

    /// Keys are compared byte-exact, so the fullwidth K and NFC "café" are missing in the target
    /// and NFD "café" is missing in the source. Under the target's `utf8mb4_unicode_ci`, though,
    /// 'Ｋ' (U+FF2B) = 'K' (and NFC café = NFD café). Before the script is written Parity asks the
    /// target which keys equal the missing ones under its own collation: 'Ｋ' meets 'K', which the
    /// script keeps, so it is a collision: reported in the log and summary, and its INSERT is
    /// commented out (never an UPDATE of the other key, never an upsert). NFC café meets NFD café,
    /// which the script deletes first, so it is inserted. The script applies; 'Ｋ' stays missing
    /// until the key collation is binary.
    @Test("03 PostgreSQL (C collation) → MariaDB utf8mb4_unicode_ci: NFC/NFD and fullwidth K byte-exact; the colliding INSERT is reported, not run")
    func unicodeKeys() async throws {
        // Swift's String == treats NFC and NFD as equal, so everything here compares UTF-8 bytes.
        func bytes(_ lines: [String]) -> [[UInt8]] { lines.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) } }
        let fullwidthK = "\u{FF2B}"
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        try await Workspace.with("mcase03") { workspace in
            let source = try await workspace.database(.postgresql, "source")
            let target = try await workspace.mariadb("target")
            try await source.execute("CREATE TABLE t (k VARCHAR(10) COLLATE \"C\" PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('K', 1), ('\(fullwidthK)', 2), ('\(composed)', 3)")
            try await target.execute("CREATE TABLE t (k VARCHAR(10) COLLATE utf8mb4_unicode_ci PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('K', 1), ('\(decomposed)', 3)")
            let equalUnderTarget = try await target.strings(
                "SELECT CAST(k = '\(fullwidthK)' AS CHAR) FROM t WHERE v = 1 UNION ALL SELECT CAST(k = '\(composed)' AS CHAR) FROM t WHERE v = 3",
                columns: 1)
            #expect(equalUnderTarget == [["1"], ["1"]], "the key column's utf8mb4_unicode_ci equates K with Ｋ and NFD with NFC café")

            let configuration = try workspace.writeMySQLConfiguration(source: source.configurationBlock("source_database"), target: target,
                                                                     tables: [TableEntry("t", key: ["k"], chunkSize: 1)])
            let result = try await workspace.compareInBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 2, missingInSource: 1))
            let summary = try result.comparison.output.summaryDifferenceLines(result.table)
            #expect(bytes(summary) == bytes(["(\(composed)): missing_in_target", "(\(fullwidthK)): missing_in_target",
                                             "(\(decomposed)): missing_in_source"]))
            // DELETEs first (so NFC café no longer meets NFD café), then INSERTs in key byte order;
            // the INSERT of 'Ｋ' is a comment.
            #expect(result.changes.map { Array($0.utf8) } == [
                "DELETE FROM `t` WHERE `k` = '\(decomposed)' AND CAST(CONVERT(`k` USING utf8mb4) AS BINARY) = CAST('\(decomposed)' AS BINARY);",
                "INSERT INTO `t` (`k`, `v`) VALUES ('\(composed)', 3);",
            ].map { Array($0.utf8) })
            let lines = result.script.split(separator: "\n").map(String.init)
            #expect(lines.contains("-- Key collisions (INSERT commented out, see COLLISION below): 1"))
            let collision = try #require(lines.firstIndex { $0.hasPrefix("-- COLLISION:") })
            #expect(Array(lines[collision].utf8) == Array("-- COLLISION: the target already holds key ('K'), equal to ('\(fullwidthK)') under its collation or case rules; this INSERT would fail or meet that row. Not run; resolve by hand:".utf8))
            #expect(Array(lines[collision + 1].utf8) == Array("-- INSERT INTO `t` (`k`, `v`) VALUES ('\(fullwidthK)', 2);".utf8))
            #expect(!result.script.contains("ON DUPLICATE KEY") && !result.script.contains("REPLACE "),
                    "a colliding key must never become an upsert of another key")
            let summaryText = try String(contentsOf: result.comparison.output.url.appendingPathComponent(try #require(result.table.summaryFile)), encoding: .utf8)
            #expect(summaryText.contains("  ('\(fullwidthK)') collides with target key ('K')\n"))
            #expect(result.comparison.run.stderr.contains("WARNING - 1 row of t missing in the target collides with keys equal under the target's collation or case rules (first: ('\(fullwidthK)') collides with target key ('K')); their INSERTs are commented out in the sync script"),
                    "\(result.comparison.run.stderr)")

            // The script applies: K keeps its row, café is replaced by its NFC spelling.
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let applied = try await target.strings("SELECT LOWER(HEX(k)), CAST(v AS CHAR) FROM t ORDER BY HEX(k)", columns: 2)
            #expect(applied == [["4b", "1"], ["636166c3a9", "3"]], "K untouched, NFC café inserted")
            for mode in Self.modes {
                let again = try await workspace.compareCaseMode(configuration, table: "t", mode: mode, outputDirectory: "out-after-\(mode)")
                #expect(again.table.counts == Counts(matching: 2, missingInTarget: 1), "\(mode)")
                #expect(again.changes == [], "\(mode): the only difference is the collision")
            }

            // With a binary key collation 'Ｋ' no longer collides: the next script inserts it.
            try await target.execute("ALTER TABLE t MODIFY k VARCHAR(10) COLLATE utf8mb4_bin")
            let binary = try await workspace.compareCaseMode(configuration, table: "t", mode: "checksum", outputDirectory: "out-bin")
            #expect(binary.changes.map { Array($0.utf8) } == [Array("INSERT INTO `t` (`k`, `v`) VALUES ('\(fullwidthK)', 2);".utf8)])
            try await target.apply(script: try binary.comparison.output.syncScript(binary.table))
            for mode in Self.modes {
                try await workspace.expectNoDifferences(configuration, mode: mode, outputDirectory: "out-bin-\(mode)")
            }
            let keys = try await target.strings("SELECT LOWER(HEX(k)), CAST(v AS CHAR) FROM t ORDER BY HEX(k)", columns: 2)
            #expect(keys == [["4b", "1"], ["636166c3a9", "3"], ["efbcab", "2"]], "the target holds the source's keys, byte for byte")
        }
    }

    /// Keys missing in the target that the target's `utf8mb4_unicode_ci` (case-insensitive, PAD
    /// SPACE) makes equal to one another: 'A', 'a' and 'a ' from a PostgreSQL "C" source. The
    /// script inserts the first in key byte order ('A') and comments the other two out; without
    /// that, the second INSERT fails on the key and the whole script rolls back.
    @Test("PostgreSQL (C) → MariaDB utf8mb4_unicode_ci: missing keys equal to one another ('A', 'a', 'a ') are collisions, the first is inserted")
    func missingKeysEqualToOneAnother() async throws {
        try await Workspace.with("mcase-within") { workspace in
            let source = try await workspace.database(.postgresql, "source")
            let target = try await workspace.mariadb("target")
            try await source.execute("CREATE TABLE t (k VARCHAR(10) COLLATE \"C\" PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('A', 1), ('a', 2), ('a ', 3), ('b', 4), ('B', 5)")
            try await target.execute("CREATE TABLE t (k VARCHAR(10) COLLATE utf8mb4_unicode_ci PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('b', 4)")
            let configuration = try workspace.writeMySQLConfiguration(source: source.configurationBlock("source_database"), target: target,
                                                                     tables: [TableEntry("t", key: ["k"], chunkSize: 2)])
            let result = try await workspace.compareInBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 4))
            // 'B' meets 'b', which the target holds; 'a' and 'a ' meet 'A', inserted first.
            #expect(result.changes == ["INSERT INTO `t` (`k`, `v`) VALUES ('A', 1);"])
            #expect(result.script.split(separator: "\n").map(String.init).filter { $0.hasPrefix("-- COLLISION:") || $0.hasPrefix("-- INSERT") } == [
                "-- COLLISION: the target already holds key ('b'), equal to ('B') under its collation or case rules; this INSERT would fail or meet that row. Not run; resolve by hand:",
                "-- INSERT INTO `t` (`k`, `v`) VALUES ('B', 5);",
                "-- COLLISION: key ('a') equals ('A'), also missing in the target and inserted above, under the target's collation or case rules; this INSERT would fail. Not run; resolve by hand:",
                "-- INSERT INTO `t` (`k`, `v`) VALUES ('a', 2);",
                "-- COLLISION: key ('a ') equals ('A'), also missing in the target and inserted above, under the target's collation or case rules; this INSERT would fail. Not run; resolve by hand:",
                "-- INSERT INTO `t` (`k`, `v`) VALUES ('a ', 3);",
            ])
            let summaryText = try String(contentsOf: result.comparison.output.url.appendingPathComponent(try #require(result.table.summaryFile)), encoding: .utf8)
            #expect(summaryText.contains("""
                  ('B') collides with target key ('b')
                  ('a') collides with ('A'), also missing in the target (inserted first)
                  ('a ') collides with ('A'), also missing in the target (inserted first)

                """), "\(summaryText)")
            #expect(result.comparison.run.stderr.contains("WARNING - 3 rows of t missing in the target collide with keys equal under the target's collation or case rules (first: ('B') collides with target key ('b')); their INSERTs are commented out in the sync script"),
                    "\(result.comparison.run.stderr)")

            // The script applies (no duplicate key), and only the collisions are left.
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            #expect(try await target.strings("SELECT k, CAST(v AS CHAR) FROM t ORDER BY BINARY k", columns: 2) == [["A", "1"], ["b", "4"]])
            for mode in Self.modes {
                let again = try await workspace.compareCaseMode(configuration, table: "t", mode: mode, outputDirectory: "out-after-\(mode)")
                #expect(again.table.counts == Counts(matching: 2, missingInTarget: 3), "\(mode)")
                #expect(again.changes == [], "\(mode): the only differences are the collisions")
            }
        }
    }

    /// MariaDB's FLOAT reaches Connector/ODBC as `SQL_REAL`: values are compared as single
    /// precision (14.22035 equals itself, 0 is 0), only id 6 differs. Chunk size 2 and the
    /// default (one chunk, one block fetch of all six rows) both read every row.
    @Test("10 single-precision FLOAT: 14.22035 and 0 equal, only id 6 (3 vs 3.5) differs", arguments: [2, nil] as [Int?])
    func singlePrecisionFloat(chunkSize: Int?) async throws {
        try await Workspace.with("mcase10") { workspace in
            let source = try await workspace.mariadb("source")
            let target = try await workspace.mariadb("target")
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, c1 FLOAT)")
            }
            try await source.execute("INSERT INTO t VALUES (1, 0), (2, 1), (3, 2), (4, 3), (5, 14.22035), (6, 3)")
            try await target.execute("INSERT INTO t VALUES (1, 0), (2, 1), (3, 2), (4, 3), (5, 14.22035), (6, 3.5)")
            let configuration = try workspace.writeMySQLConfiguration(source: source.mysqlBlock("source_database"), target: target,
                                                                     tables: [TableEntry("t", key: ["id"], chunkSize: chunkSize)])
            let result = try await workspace.compareInBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 5, different: 1))
            #expect(result.differences == ["(6): different [c1]"])
            #expect(result.changes == ["UPDATE `t` SET `c1` = 3.0 WHERE `id` = 6;"])
            try await workspace.applyAndCompareAgainInBothModes(result, configuration: configuration, target: target)
            // The stored single-precision values, widened exactly to double.
            let dump = "SELECT CAST(id AS CHAR), CAST(CAST(c1 AS DOUBLE) AS CHAR) FROM t ORDER BY id"
            let sourceRows = try await source.strings(dump, columns: 2)
            let targetRows = try await target.strings(dump, columns: 2)
            #expect(targetRows == sourceRows)
            #expect(targetRows.last == ["6", "3"])
        }
    }
}

extension MariaDBTestDatabase {
    /// ``configurationBlock(_:)`` with `type: mysql` (what `mariadb` is an alias of).
    fileprivate func mysqlBlock(_ key: String) -> String {
        configurationBlock(key).replacingOccurrences(of: "  type: mariadb\n", with: "  type: mysql\n")
    }
}

extension Workspace {
    /// `config.yaml` with any source block and a MariaDB target (`type: mysql`).
    fileprivate func writeMySQLConfiguration(source: String, target: MariaDBTestDatabase, tables: [TableEntry]) throws -> URL {
        let configuration = try writeConfiguration(sourceBlock: source, targetBlock: target.mysqlBlock("target_database"), tables: tables)
        let text = try String(contentsOf: configuration, encoding: .utf8)
        #expect(text.contains("target_database:\n  type: mysql\n"), "\(text)")
        return configuration
    }

    /// `parity compare --mode MODE` into its own output directory; the result of `table`,
    /// which must differ.
    fileprivate func compareCaseMode(_ configuration: URL, table: String, mode: String, outputDirectory: String,
                                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> CaseResult {
        let comparison = try await compare(configuration, outputDirectory: outputDirectory, ["--mode", mode])
        #expect(comparison.run.status == 1, "\(mode): \(comparison.run.transcript)", sourceLocation: sourceLocation)
        let entry = try comparison.report.table(table)
        #expect(entry.status == "completed", "\(mode): \(comparison.run.transcript)", sourceLocation: sourceLocation)
        let script = try String(contentsOf: try comparison.output.syncScript(entry), encoding: .utf8)
        return CaseResult(comparison: comparison, table: entry, differences: try comparison.output.summaryDifferences(entry),
                          changes: SyncScript.statements(script).filter(SyncScript.isChange), script: script)
    }

    /// Compares in `--mode checksum` and in `--mode rows` and expects the same counts, summary
    /// lines (byte for byte) and sync statements; returns the checksum run's result.
    fileprivate func compareInBothModes(_ configuration: URL, table: String,
                                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> CaseResult {
        var results: [CaseResult] = []
        for mode in MariaDBCaseTests.modes {
            results.append(try await compareCaseMode(configuration, table: table, mode: mode, outputDirectory: "out-\(mode)",
                                                     sourceLocation: sourceLocation))
        }
        let (checksum, rows) = (results[0], results[1])
        #expect(rows.table.counts == checksum.table.counts, "rows and checksum modes disagree", sourceLocation: sourceLocation)
        let lines = { (result: CaseResult) in
            try result.comparison.output.summaryDifferenceLines(result.table).map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        #expect(try lines(rows) == (try lines(checksum)), "rows and checksum modes disagree", sourceLocation: sourceLocation)
        #expect(rows.changes.map { Array($0.utf8) } == checksum.changes.map { Array($0.utf8) }, "rows and checksum modes disagree",
                sourceLocation: sourceLocation)
        return checksum
    }

    /// A compare in `mode` that finds no difference in any table.
    fileprivate func expectNoDifferences(_ configuration: URL, mode: String, outputDirectory: String,
                                         sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let again = try await compare(configuration, outputDirectory: outputDirectory, ["--mode", mode])
        #expect(again.run.status == 0, "\(mode): \(again.run.transcript)", sourceLocation: sourceLocation)
        for entry in again.report.tables {
            #expect(entry.status == "completed", "\(mode)", sourceLocation: sourceLocation)
            #expect(entry.counts.differences == 0, "\(mode) \(entry.table): \(entry.counts)", sourceLocation: sourceLocation)
            #expect(entry.syncSqlFile == nil, "\(mode)", sourceLocation: sourceLocation)
        }
    }

    /// Applies the sync script of `result` with the `mariadb` client, then compares again in
    /// both modes: no differences.
    fileprivate func applyAndCompareAgainInBothModes(_ result: CaseResult, configuration: URL, target: MariaDBTestDatabase,
                                                     sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await target.apply(script: try result.comparison.output.syncScript(result.table))
        for mode in MariaDBCaseTests.modes {
            try await expectNoDifferences(configuration, mode: mode, outputDirectory: "out-after-\(mode)", sourceLocation: sourceLocation)
        }
    }
}
