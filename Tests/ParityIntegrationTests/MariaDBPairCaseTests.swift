import Foundation
import ParityCore
import ParityODBC
import Testing

/// The engine pairs with MariaDB on at least one side (MariaDB reached as `type: mysql` through
/// Connector/ODBC, PostgreSQL natively, SQLite as a file).
enum MariaDBPair: String, Sendable, CaseIterable, CustomStringConvertible {
    case mariadbToMariaDB = "mariadb→mariadb"
    case postgresToMariaDB = "postgresql→mariadb"
    case mariadbToPostgres = "mariadb→postgresql"
    case mariadbToSQLite = "mariadb→sqlite"
    case sqliteToMariaDB = "sqlite→mariadb"

    var description: String { rawValue }

    var source: CaseEngine {
        switch self {
        case .postgresToMariaDB: return .postgresql
        case .sqliteToMariaDB: return .sqlite
        default: return .mariadb
        }
    }

    var target: CaseEngine {
        switch self {
        case .mariadbToMariaDB, .postgresToMariaDB, .sqliteToMariaDB: return .mariadb
        case .mariadbToPostgres: return .postgresql
        case .mariadbToSQLite: return .sqlite
        }
    }
}

enum CaseEngine: Sendable { case mariadb, postgresql, sqlite }

/// A test database of any of the three engines.
struct CaseDatabase: Sendable {
    let engine: CaseEngine
    let mariadb: MariaDBTestDatabase?
    let other: TestDatabase?

    func execute(_ statements: String...) async throws {
        if let mariadb { try await mariadb.execute(statements) } else if let other { try await other.execute(statements) }
    }

    /// The configuration block: MariaDB as `type: mysql`.
    func block(_ key: String) -> String {
        if let mariadb { return mariadb.configurationBlock(key).replacingOccurrences(of: "  type: mariadb\n", with: "  type: mysql\n") }
        return other?.configurationBlock(key) ?? ""
    }

    /// Applies a sync script with the engine's own client (`mariadb`, `psql`) or GRDB for SQLite.
    func apply(script: URL) async throws {
        if let mariadb { try await mariadb.apply(script: script) } else if let other { try await other.apply(script: script) }
    }

    /// Rows as text: select text (`CAST(… AS CHAR)` on MariaDB, `::text` on PostgreSQL).
    func strings(_ sql: String, columns: Int) async throws -> [[String?]] {
        if let mariadb { return try await mariadb.strings(sql, columns: columns) }
        return try await other?.strings(sql) ?? []
    }

    /// A statement written as MariaDB's dialect writes it, in this target's dialect:
    /// backquoted identifiers become double-quoted, and PostgreSQL's table is `"public"."t"`.
    /// (Only for statements whose data has no backquote.)
    func sql(_ statement: String, table: String) -> String {
        guard engine != .mariadb else { return statement }
        var text = statement
        if engine == .postgresql, let range = text.range(of: "`\(table)`") {
            text.replaceSubrange(range, with: "\"public\".\"\(table)\"")
        }
        return text.replacingOccurrences(of: "`", with: "\"")
    }
}

/// Limits how many tests hold MariaDB pair databases at once. Each such test keeps a test
/// connection per database and its `parity` runs open more; the MariaDB server, shared by every
/// suite (and every worktree) on the machine, allows 300 (`max_connections`), and these suites
/// alone have some 70 test cases that Swift Testing would otherwise start all together.
actor TestSlots {
    static let mariadbPairs = TestSlots(limit: 6)

    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = limit }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() }
    }
}

extension Workspace {
    /// A source and a target database for a pair, once one of ``TestSlots/mariadbPairs`` is
    /// free; the slot is given back when the workspace is removed.
    func databases(_ pair: MariaDBPair) async throws -> (source: CaseDatabase, target: CaseDatabase) {
        await TestSlots.mariadbPairs.acquire()
        do {
            let databases = (try await caseDatabase(pair.source, "source"), try await caseDatabase(pair.target, "target"))
            track { await TestSlots.mariadbPairs.release() }
            return databases
        } catch {
            await TestSlots.mariadbPairs.release()
            throw error
        }
    }

    func caseDatabase(_ engine: CaseEngine, _ label: String) async throws -> CaseDatabase {
        switch engine {
        case .mariadb: return CaseDatabase(engine: .mariadb, mariadb: try await mariadb(label), other: nil)
        case .postgresql: return CaseDatabase(engine: .postgresql, mariadb: nil, other: try await database(.postgresql, label))
        case .sqlite: return CaseDatabase(engine: .sqlite, mariadb: nil, other: try await database(.sqlite, label))
        }
    }

    /// `config.yaml` (or `name`) for the two databases.
    func writeCaseConfiguration(_ name: String = "config.yaml", source: CaseDatabase, target: CaseDatabase, tables: [TableEntry],
                                top: [String] = []) throws -> URL {
        try writeConfiguration(name, sourceBlock: source.block("source_database"), targetBlock: target.block("target_database"),
                               tables: tables, top: top)
    }

    /// `parity compare --mode MODE` into its own output directory: the table completes, exit
    /// status 1 when it differs and 0 when not; the result of `table` (no script: no changes).
    func comparePairMode(_ configuration: URL, table: String, mode: String, outputDirectory: String,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> CaseResult {
        let comparison = try await compare(configuration, outputDirectory: outputDirectory, ["--mode", mode])
        let entry = try comparison.report.table(table)
        #expect(entry.status == "completed", "\(mode): \(comparison.run.transcript)", sourceLocation: sourceLocation)
        #expect(comparison.run.status == (comparison.report.tables.contains { $0.counts.differences > 0 } ? 1 : 0),
                "\(mode): \(comparison.run.transcript)", sourceLocation: sourceLocation)
        let script = entry.syncSqlFile == nil ? "" : try String(contentsOf: try comparison.output.syncScript(entry), encoding: .utf8)
        return CaseResult(comparison: comparison, table: entry, differences: try comparison.output.summaryDifferences(entry),
                          changes: SyncScript.statements(script).filter(SyncScript.isChange), script: script)
    }

    /// Compares in `--mode checksum` and in `--mode rows` (output directories `PREFIX-checksum`
    /// and `PREFIX-rows`) and expects the same counts, summary lines (byte for byte) and sync
    /// statements; returns the checksum run's result.
    func comparePairBothModes(_ configuration: URL, table: String, prefix: String = "out",
                              sourceLocation: SourceLocation = #_sourceLocation) async throws -> CaseResult {
        let checksum = try await comparePairMode(configuration, table: table, mode: "checksum", outputDirectory: "\(prefix)-checksum",
                                                 sourceLocation: sourceLocation)
        let rows = try await comparePairMode(configuration, table: table, mode: "rows", outputDirectory: "\(prefix)-rows",
                                             sourceLocation: sourceLocation)
        #expect(rows.table.counts == checksum.table.counts, "rows and checksum modes disagree", sourceLocation: sourceLocation)
        let lines = { (result: CaseResult) in
            try result.comparison.output.summaryDifferenceLines(result.table).map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        #expect(try lines(rows) == (try lines(checksum)), "rows and checksum modes disagree", sourceLocation: sourceLocation)
        #expect(rows.changes.map { Array($0.utf8) } == checksum.changes.map { Array($0.utf8) }, "rows and checksum modes disagree",
                sourceLocation: sourceLocation)
        return checksum
    }

    /// Applies every sync script of `result` to `target`, then compares again in both modes:
    /// no difference in any table.
    func applyAndComparePairAgain(_ result: CaseResult, configuration: URL, target: CaseDatabase, prefix: String = "out-after",
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for entry in result.comparison.report.tables where entry.syncSqlFile != nil {
            try await target.apply(script: try result.comparison.output.syncScript(entry))
        }
        for mode in ["checksum", "rows"] {
            let again = try await compare(configuration, outputDirectory: "\(prefix)-\(mode)", ["--mode", mode])
            #expect(again.run.status == 0, "\(mode): \(again.run.transcript)", sourceLocation: sourceLocation)
            for entry in again.report.tables {
                #expect(entry.status == "completed", "\(mode)", sourceLocation: sourceLocation)
                #expect(entry.counts.differences == 0, "\(mode) \(entry.table): \(entry.counts)", sourceLocation: sourceLocation)
                #expect(entry.syncSqlFile == nil, "\(mode)", sourceLocation: sourceLocation)
            }
        }
    }
}

/// The cases of cases/cases.yaml (04–09, 11–16) on the engine pairs with MariaDB: MariaDB →
/// MariaDB and PostgreSQL → MariaDB for every case, MariaDB → PostgreSQL, MariaDB → SQLite and
/// SQLite → MariaDB where the types make it interesting (`all`: the four-engine cases). Each compare runs in `--mode checksum` and `--mode rows`
/// (same result), the sync statements are asserted exactly in the target's dialect, the script
/// is applied with the target's client and both modes compare again to no difference.
@Suite("Cases on MariaDB pairs")
struct MariaDBPairCaseTests {
    static let all = MariaDBPair.allCases

    /// MariaDB strips a CHAR column's trailing spaces when it is read (unless the sql_mode has
    /// PAD_CHAR_TO_FULL_LENGTH), PostgreSQL pads `bpchar`, SQLite keeps what was written: the
    /// padding of `c` never counts by default. VARCHAR keeps its trailing space on every engine,
    /// so `'abc '` ≠ `'abc'`.
    @Test("04 VARCHAR trailing space counts; CHAR(n) padding does not", arguments: all)
    func charPaddingAndVarcharSpace(pair: MariaDBPair) async throws {
        try await Workspace.with("mp04") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, c CHAR(2), s VARCHAR(5))")
            }
            try await source.execute("INSERT INTO t VALUES (1, 'A ', 'x'), (2, 'B ', 'abc ')")
            try await target.execute("INSERT INTO t VALUES (1, 'A', 'x'), (2, 'B ', 'abc')")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, different: 1))
            #expect(result.differences == ["(2): different [s]"])
            #expect(result.changes == [target.sql("UPDATE `t` SET `s` = 'abc ' WHERE `id` = 2;", table: "t")])
            let summary = try String(contentsOf: result.comparison.output.url.appendingPathComponent(try #require(result.table.summaryFile)),
                                     encoding: .utf8)
            #expect(summary.contains("Compared as equal: c: CHAR padding ignored\n"), "\(summary)")
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let stored = try await target.strings(target.engine == .postgresql ? "SELECT '[' || s || ']' FROM t ORDER BY id"
                                                  : target.engine == .sqlite ? "SELECT '[' || s || ']' FROM t ORDER BY id"
                                                  : "SELECT CONCAT('[', s, ']') FROM t ORDER BY id", columns: 1)
            #expect(stored == [["[x]"], ["[abc ]"]])
            if pair == .mariadbToMariaDB {
                // MariaDB gives CHAR values without their trailing spaces, in results and in
                // expressions alike, so even `char_padding: significant` finds no difference in c.
                let significant = try workspace.writeCaseConfiguration("significant.yaml", source: source, target: target,
                                                                       tables: [TableEntry("t", key: ["id"], options: ["equivalence: {char_padding: significant}"])])
                let strict = try await workspace.comparePairBothModes(significant, table: "t", prefix: "significant")
                #expect(strict.table.counts == Counts(matching: 2))
            }
        }
    }

    /// The source plays Oracle (its '' already NULL). Without the option id 1 differs and the
    /// script sets NULL, after which nothing differs; with `empty_string_is_null` in the table
    /// entry nothing differs to begin with.
    @Test("05 '' and NULL: different by default, equal with empty_string_is_null", arguments: all)
    func emptyStringIsNull(pair: MariaDBPair) async throws {
        try await Workspace.with("mp05") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(10))")
            }
            try await source.execute("INSERT INTO t VALUES (1, NULL), (2, NULL), (3, 'x')")
            try await target.execute("INSERT INTO t VALUES (1, ''), (2, NULL), (3, 'x')")
            let lenientConfiguration = try workspace.writeCaseConfiguration("lenient.yaml", source: source, target: target, tables: [
                TableEntry("t", key: ["id"], options: ["equivalence: {empty_string_is_null: true}"]),
            ])
            let lenient = try await workspace.comparePairBothModes(lenientConfiguration, table: "t", prefix: "lenient")
            #expect(lenient.table.counts == Counts(matching: 3))
            #expect(lenient.changes == [])
            #expect(lenient.table.syncSqlFile == nil)
            let summary = try String(contentsOf: lenient.comparison.output.url.appendingPathComponent(try #require(lenient.table.summaryFile)),
                                     encoding: .utf8)
            #expect(summary.contains("Compared as equal: note: '' = NULL\n"), "\(summary)")

            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let strict = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(strict.table.counts == Counts(matching: 2, different: 1))
            #expect(strict.differences == ["(1): different [note]"])
            #expect(strict.changes == [target.sql("UPDATE `t` SET `note` = NULL WHERE `id` = 1;", table: "t")])
            try await workspace.applyAndComparePairAgain(strict, configuration: configuration, target: target)
        }
    }

    @Test("06 NULLs in different columns; NULL = NULL is equal", arguments: all)
    func nullInDifferentColumns(pair: MariaDBPair) async throws {
        try await Workspace.with("mp06") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, c2 VARCHAR(5), c3 VARCHAR(5), c4 VARCHAR(5))")
            }
            try await source.execute("INSERT INTO t VALUES (1, 'a', 'b', NULL), (2, NULL, NULL, NULL)")
            try await target.execute("INSERT INTO t VALUES (1, 'a', NULL, 'b'), (2, NULL, NULL, NULL)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, different: 1))
            #expect(result.differences == ["(1): different [c3, c4]"])
            #expect(result.changes == [target.sql("UPDATE `t` SET `c3` = 'b', `c4` = NULL WHERE `id` = 1;", table: "t")])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    @Test("07 a nullable column in the compared key: NULL-safe matching and IS NULL", arguments: all)
    func nullInUniqueKey(pair: MariaDBPair) async throws {
        try await Workspace.with("mp07") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (someid INT NOT NULL, desc1 VARCHAR(2), desc2 VARCHAR(2), UNIQUE (someid, desc1))")
            }
            try await source.execute("INSERT INTO t VALUES (1, NULL, 'A'), (2, 'B', 'B'), (3, 'C', 'C'), (4, 'D', 'D')")
            try await target.execute("INSERT INTO t VALUES (1, NULL, 'B'), (2, 'B', 'B'), (3, NULL, 'C'), (4, 'D', 'D')")
            // One row per chunk: NULL key values become chunk boundaries too.
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target,
                                                                     tables: [TableEntry("t", key: ["someid", "desc1"], chunkSize: 1)])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 2, missingInTarget: 1, missingInSource: 1, different: 1))
            #expect(result.differences == ["(1, NULL): different [desc2]", "(3, C): missing_in_target", "(3, NULL): missing_in_source"])
            #expect(result.changes == [
                "DELETE FROM `t` WHERE `someid` = 3 AND `desc1` IS NULL;",
                "UPDATE `t` SET `desc2` = 'A' WHERE `someid` = 1 AND `desc1` IS NULL;",
                "INSERT INTO `t` (`someid`, `desc1`, `desc2`) VALUES (3, 'C', 'C');",
            ].map { target.sql($0, table: "t") })
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let rows = try await target.strings(target.engine == .postgresql
                ? "SELECT someid::text, desc1, desc2 FROM t ORDER BY someid"
                : "SELECT CAST(someid AS CHAR), desc1, desc2 FROM t ORDER BY someid", columns: 3)
            #expect(rows == [["1", nil, "A"], ["2", "B", "B"], ["3", "C", "C"], ["4", "D", "D"]])
        }
    }

    /// No unique key: rows are a multiset. The target lacks one copy of (2, NULL), (3, NULL),
    /// (5, NULL) in `t`; in `r` (the reverse direction) it has one too many, and each DELETE
    /// removes exactly one copy (MariaDB: `… IS NULL LIMIT 1`).
    @Test("08 no unique key, duplicate rows and NULLs: one copy each way", arguments: all)
    func noPrimaryKeyDuplicates(pair: MariaDBPair) async throws {
        try await Workspace.with("mp08") { workspace in
            let (source, target) = try await workspace.databases(pair)
            let many = "(1, 'A'), (2, NULL), (2, NULL), (3, NULL), (3, NULL), (4, NULL), (5, NULL), (5, NULL)"
            let few = "(1, 'A'), (2, NULL), (3, NULL), (4, NULL), (5, NULL)"
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (f1 INT, f2 VARCHAR(1))", "CREATE TABLE r (f1 INT, f2 VARCHAR(1))")
            }
            try await source.execute("INSERT INTO t VALUES \(many)", "INSERT INTO r VALUES \(few)")
            try await target.execute("INSERT INTO t VALUES \(few)", "INSERT INTO r VALUES \(many)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [
                TableEntry("t", key: ["f1", "f2"], chunkSize: 2), TableEntry("r", key: ["f1", "f2"], chunkSize: 2),
            ])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 5, missingInTarget: 3))
            #expect(result.differences == ["(2, NULL): missing_in_target", "(3, NULL): missing_in_target", "(5, NULL): missing_in_target"])
            #expect(result.changes == [2, 3, 5].map { target.sql("INSERT INTO `t` (`f1`, `f2`) VALUES (\($0), NULL);", table: "t") })

            let reverse = try result.comparison.report.table("r")
            #expect(reverse.counts == Counts(matching: 5, missingInSource: 3))
            #expect(try result.comparison.output.summaryDifferences(reverse)
                    == ["(2, NULL): missing_in_source", "(3, NULL): missing_in_source", "(5, NULL): missing_in_source"])
            let expectedDeletes = [2, 3, 5].map { key -> String in
                switch target.engine {
                case .mariadb: return "DELETE FROM `r` WHERE `f1` = \(key) AND `f2` IS NULL LIMIT 1;"
                case .postgresql:
                    return "DELETE FROM \"public\".\"r\" WHERE ctid = (SELECT ctid FROM \"public\".\"r\" WHERE \"f1\" = \(key) AND \"f2\" IS NULL LIMIT 1);"
                case .sqlite: return "DELETE FROM \"r\" WHERE rowid = (SELECT rowid FROM \"r\" WHERE \"f1\" = \(key) AND \"f2\" IS NULL LIMIT 1);"
                }
            }
            #expect(try result.comparison.output.changes(reverse) == expectedDeletes)
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let counted = try await target.strings(target.engine == .postgresql
                ? "SELECT (SELECT count(*) FROM t)::text, (SELECT count(*) FROM r)::text"
                : target.engine == .sqlite ? "SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM r)"
                : "SELECT CAST((SELECT COUNT(*) FROM t) AS CHAR), CAST((SELECT COUNT(*) FROM r) AS CHAR)", columns: 2)
            #expect(counted == [["8", "5"]], "each statement changed exactly one copy")
        }
    }

    /// MariaDB has no unconstrained DECIMAL (plain DECIMAL is DECIMAL(10,0)), so its columns
    /// carry other scales than the other side's: a DECIMAL(10,2) `2.50` is `2.5`, `100.00` is
    /// `100.0000`, and only id 4's b (2.50 vs 2.51) differs. The UPDATE writes the source's
    /// digits as read.
    @Test("09 decimal scale: 0.71 = 0.7100, 1.50 = 1.5000000000000, 100 = 100.0000, 2.5 ≠ 2.51", arguments: all)
    func decimalScale(pair: MariaDBPair) async throws {
        try await Workspace.with("mp09") { workspace in
            let (source, target) = try await workspace.databases(pair)
            switch source.engine {
            case .mariadb: try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, a DECIMAL(10,2), b DECIMAL(10,2))")
            default: try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, a NUMERIC, b NUMERIC)")
            }
            switch target.engine {
            case .mariadb: try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, a DECIMAL(10,4), b DECIMAL(20,13))")
            default: try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, a NUMERIC(10,4), b NUMERIC)")
            }
            try await source.execute("INSERT INTO t VALUES (1, 0.71, 0.71), (2, 100, 1.5), (3, -0.71, -0.71), (4, 2.5, 2.5)")
            try await target.execute("INSERT INTO t VALUES (1, 0.7100, 0.71), (2, 100.0000, 1.5000000000000), (3, -0.7100, -0.71), (4, 2.5, 2.51)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 3, different: 1))
            #expect(result.differences == ["(4): different [b]"])
            let digits = source.engine == .mariadb ? "2.50" : "2.5"
            #expect(result.changes == [target.sql("UPDATE `t` SET `b` = \(digits) WHERE `id` = 4;", table: "t")])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// `numeric: lower_scale` between PostgreSQL NUMERIC(10,2) and MariaDB DECIMAL(10,4): both
    /// rounded half away from zero to 2 decimals (the scale MariaDB's catalogue reports).
    @Test("09 numeric: lower_scale between NUMERIC(10,2) and DECIMAL(10,4)", arguments: [MariaDBPair.postgresToMariaDB, .mariadbToPostgres])
    func lowerScale(pair: MariaDBPair) async throws {
        try await Workspace.with("mp09l") { workspace in
            let (source, target) = try await workspace.databases(pair)
            let (mariadb, postgres) = source.engine == .mariadb ? (source, target) : (target, source)
            try await mariadb.execute("CREATE TABLE t (id INT PRIMARY KEY, a DECIMAL(10,4))",
                                      "INSERT INTO t VALUES (1, 2.3450), (2, 2.3449), (3, -2.3450), (4, 100.0000)")
            try await postgres.execute("CREATE TABLE t (id INT PRIMARY KEY, a NUMERIC(10,2))",
                                       "INSERT INTO t VALUES (1, 2.35), (2, 2.35), (3, -2.35), (4, 100)")
            let exact = try await workspace.comparePairBothModes(
                try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])]), table: "t")
            #expect(exact.differences == ["(1): different [a]", "(2): different [a]", "(3): different [a]"])
            let lower = try await workspace.comparePairBothModes(
                try workspace.writeCaseConfiguration("lower.yaml", source: source, target: target,
                                                     tables: [TableEntry("t", key: ["id"], options: ["columns: {a: {numeric: lower_scale}}"])]),
                table: "t", prefix: "lower")
            #expect(lower.differences == ["(2): different [a]"])
            #expect(lower.changes == [target.sql("UPDATE `t` SET `a` = \(source.engine == .mariadb ? "2.3449" : "2.35") WHERE `id` = 2;", table: "t")])
        }
    }

    /// A 200,000-byte BLOB of every byte value, longer than any fetch buffer, and one byte
    /// changed in the middle of a second one.
    @Test("13 long LONGBLOB / bytea values arrive whole", arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB, .mariadbToPostgres])
    func longBinary(pair: MariaDBPair) async throws {
        try await Workspace.with("mp13l") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .mariadb ? "CREATE TABLE t (id INT PRIMARY KEY, b LONGBLOB)"
                                                                       : "CREATE TABLE t (id INT PRIMARY KEY, b BYTEA)")
            }
            var bytes: [UInt8] = []
            for index in 0..<200_000 { bytes.append(UInt8((index * 7 + index / 256) % 256)) }
            let hex = HexText.encode(bytes)
            var changed = bytes
            changed[100_000] ^= 0xFF
            let changedHex = HexText.encode(changed)
            func literal(_ database: CaseDatabase, _ hex: String) -> String {
                database.engine == .postgresql ? "'\\x\(hex)'::bytea" : "X'\(hex)'"
            }
            try await source.execute("INSERT INTO t VALUES (1, \(literal(source, hex))), (2, \(literal(source, hex)))")
            try await target.execute("INSERT INTO t VALUES (2, \(literal(target, changedHex)))")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 0, missingInTarget: 1, different: 1))
            #expect(result.differences == ["(1): missing_in_target", "(2): different [b]"])
            #expect(result.changes == [
                target.sql("UPDATE `t` SET `b` = \(literal(target, hex)) WHERE `id` = 2;", table: "t"),
                target.sql("INSERT INTO `t` (`id`, `b`) VALUES (1, \(literal(target, hex)));", table: "t"),
            ])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// The source's `d` plays Oracle DATE (a DATETIME); the target's is a DATE. Strictly, id 2
    /// differs in ts (.654321 vs .654000) and d (13:45 is not midnight). The target's DATE cannot
    /// hold the time of day, so after the script id 2 still differs in d, and only `date_only`
    /// makes it equal.
    @Test("11 fractional seconds count; DATE time part; date_only",
          arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB, .mariadbToPostgres])
    func timestampFractionAndDate(pair: MariaDBPair) async throws {
        try await Workspace.with("mp11") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute(source.engine == .mariadb ? "CREATE TABLE t (id INT PRIMARY KEY, ts DATETIME(6), d DATETIME)"
                                                               : "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6), d TIMESTAMP(0))")
            try await target.execute(target.engine == .mariadb ? "CREATE TABLE t (id INT PRIMARY KEY, ts DATETIME(6), d DATE)"
                                                               : "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6), d DATE)")
            try await source.execute("INSERT INTO t VALUES (1, '1970-01-03 00:00:01.654321', '2024-03-01 00:00:00'), (2, '1970-01-03 00:00:01.654321', '2024-03-01 13:45:00')")
            try await target.execute("INSERT INTO t VALUES (1, '1970-01-03 00:00:01.654321', '2024-03-01'), (2, '1970-01-03 00:00:01.654000', '2024-03-01')")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let strict = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(strict.table.counts == Counts(matching: 1, different: 1))
            #expect(strict.differences == ["(2): different [ts, d]"])
            #expect(strict.changes == [
                target.sql("UPDATE `t` SET `ts` = '1970-01-03 00:00:01.654321', `d` = '2024-03-01 13:45:00' WHERE `id` = 2;", table: "t"),
            ])
            let summary = try String(contentsOf: strict.comparison.output.url.appendingPathComponent(try #require(strict.table.summaryFile)),
                                     encoding: .utf8)
            #expect(summary.contains("Compared as equal: d: date = timestamp at midnight\n"), "\(summary)")

            let dateOnlyConfiguration = try workspace.writeCaseConfiguration("date-only.yaml", source: source, target: target, tables: [
                TableEntry("t", key: ["id"], options: ["columns: {d: {date_only: true}}"]),
            ])
            let dateOnly = try await workspace.comparePairBothModes(dateOnlyConfiguration, table: "t", prefix: "date-only")
            #expect(dateOnly.differences == ["(2): different [ts]"])
            #expect(dateOnly.changes == [target.sql("UPDATE `t` SET `ts` = '1970-01-03 00:00:01.654321' WHERE `id` = 2;", table: "t")])

            // The strict script applies; the DATE column keeps only the date of 13:45 (the
            // difference cannot be synced), so strictly id 2 still differs in d alone…
            try await target.apply(script: try strict.comparison.output.syncScript(strict.table))
            let after = try await workspace.comparePairBothModes(configuration, table: "t", prefix: "after")
            #expect(after.differences == ["(2): different [d]"])
            #expect(after.changes == [target.sql("UPDATE `t` SET `d` = '2024-03-01 13:45:00' WHERE `id` = 2;", table: "t")])
            // …and with date_only nothing differs.
            let dateOnlyAfter = try await workspace.comparePairBothModes(dateOnlyConfiguration, table: "t", prefix: "date-only-after")
            #expect(dateOnlyAfter.table.counts == Counts(matching: 2))
            let stored = try await target.strings(target.engine == .postgresql ? "SELECT ts::text, d::text FROM t WHERE id = 2"
                                                  : "SELECT CAST(ts AS CHAR), CAST(d AS CHAR) FROM t WHERE id = 2", columns: 2)
            #expect(stored == [["1970-01-03 00:00:01.654321", "2024-03-01"]])
        }
    }

    /// MariaDB truncates extra fractional digits on insert (no TIME_ROUND_FRACTIONAL): the
    /// target's DATETIME(3) holds .654 for both .654321 and .6545. `truncate` compares at 3
    /// digits and finds nothing; `round` rounds .6545 to .655 and finds id 2.
    @Test("11 timestamp_precision between DATETIME(6) / timestamp(6) and DATETIME(3)",
          arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB])
    func timestampPrecision(pair: MariaDBPair) async throws {
        try await Workspace.with("mp11p") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute(source.engine == .mariadb ? "CREATE TABLE t (id INT PRIMARY KEY, ts DATETIME(6))"
                                                               : "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6))")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ts DATETIME(3))")
            let rows = "(1, '2024-01-01 10:00:00.654321'), (2, '2024-01-01 10:00:00.6545'), (3, '2024-01-01 10:00:00.5')"
            try await source.execute("INSERT INTO t VALUES \(rows)")
            try await target.execute("INSERT INTO t VALUES \(rows)")
            let stored = try await target.strings("SELECT CAST(ts AS CHAR) FROM t ORDER BY id", columns: 1)
            #expect(stored == [["2024-01-01 10:00:00.654"], ["2024-01-01 10:00:00.654"], ["2024-01-01 10:00:00.500"]])
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let exact = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(exact.differences == ["(1): different [ts]", "(2): different [ts]"])
            let truncate = try await workspace.comparePairBothModes(
                try workspace.writeCaseConfiguration("truncate.yaml", source: source, target: target, tables: [TableEntry("t", key: ["id"])],
                                                     top: ["equivalence: {timestamp_precision: truncate}"]),
                table: "t", prefix: "truncate")
            #expect(truncate.table.counts == Counts(matching: 3))
            let summary = try String(contentsOf: truncate.comparison.output.url.appendingPathComponent(try #require(truncate.table.summaryFile)),
                                     encoding: .utf8)
            #expect(summary.contains("Compared as equal: ts: fractional seconds truncated to 3 digits\n"), "\(summary)")
            let round = try await workspace.comparePairBothModes(
                try workspace.writeCaseConfiguration("round.yaml", source: source, target: target, tables: [TableEntry("t", key: ["id"])],
                                                     top: ["equivalence: {timestamp_precision: round}"]),
                table: "t", prefix: "round")
            #expect(round.differences == ["(2): different [ts]"])
        }
    }

    /// MariaDB TIMESTAMP columns are instants, stored in UTC and shown in the session's time
    /// zone; Parity's session is UTC. Rows are inserted here under other session zones (+08:00,
    /// -05:00): the same instants match whatever zone wrote them, and the INSERT for id 2 is in
    /// UTC (the script pins `time_zone = '+00:00'`, PostgreSQL's literal carries the offset).
    @Test("12 time zones: TIMESTAMP / timestamptz compared as instants whatever the session zone",
          arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB, .mariadbToPostgres])
    func timeZones(pair: MariaDBPair) async throws {
        try await Workspace.with("mp12") { workspace in
            let (source, target) = try await workspace.databases(pair)
            switch source.engine {
            case .mariadb:
                try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP NULL)", "SET time_zone = '+08:00'",
                                         "INSERT INTO t VALUES (1, '2022-01-29 23:21:12'), (2, '2022-01-29 23:00:00'), (3, '2022-01-30 05:22:21')",
                                         "SET time_zone = '+00:00'")
            default:
                let name = try #require(source.other).name
                try await source.execute(
                    "ALTER DATABASE \"\(name)\" SET TimeZone = '+08'",
                    "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP WITH TIME ZONE)", "SET TimeZone = '+08'",
                    "INSERT INTO t VALUES (1, '2022-01-29 23:21:12+08:00'), (2, '2022-01-29 23:00:00+08:00'), (3, '2022-01-29 23:22:21+02:00')")
            }
            switch target.engine {
            case .mariadb:
                try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP NULL)", "SET time_zone = '-05:00'",
                                         "INSERT INTO t VALUES (1, '2022-01-29 10:21:12'), (3, '2022-01-29 16:22:21')",
                                         "SET time_zone = '+00:00'")
            default:
                let name = try #require(target.other).name
                try await target.execute(
                    "ALTER DATABASE \"\(name)\" SET TimeZone = 'America/New_York'",
                    "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP WITH TIME ZONE)", "SET TimeZone = 'UTC'",
                    "INSERT INTO t VALUES (1, '2022-01-29 15:21:12+00:00'), (3, '2022-01-29 21:22:21+00:00')")
            }
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 2, missingInTarget: 1))
            #expect(result.differences == ["(2): missing_in_target"])
            #expect(result.changes == [target.engine == .mariadb
                ? "INSERT INTO `t` (`id`, `ts`) VALUES (2, '2022-01-29 15:00:00');"
                : "INSERT INTO \"public\".\"t\" (\"id\", \"ts\") VALUES (2, '2022-01-29 15:00:00+00:00');"])
            if target.engine == .mariadb {
                #expect(result.script.contains("\nSET time_zone = '+00:00';\n"), "the script pins its session's time zone")
            }
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let instants = try await target.strings(target.engine == .mariadb
                ? "SELECT CAST(UNIX_TIMESTAMP(ts) AS CHAR) FROM t ORDER BY id"
                : "SELECT extract(epoch FROM ts)::bigint::text FROM t ORDER BY id", columns: 1)
            #expect(instants == [["1643469672"], ["1643468400"], ["1643491341"]])
        }
    }

    /// A MariaDB DATETIME is a wall-clock time; against PostgreSQL's timestamptz it is read in
    /// UTC by default and in `time_zone` when given.
    @Test("12 DATETIME wall-clock against timestamptz: UTC by default, time_zone when given",
          arguments: [MariaDBPair.mariadbToPostgres, .postgresToMariaDB])
    func wallClockAgainstInstant(pair: MariaDBPair) async throws {
        try await Workspace.with("mp12w") { workspace in
            let (source, target) = try await workspace.databases(pair)
            let (mariadb, postgres) = source.engine == .mariadb ? (source, target) : (target, source)
            try await mariadb.execute("CREATE TABLE t (id INT PRIMARY KEY, ts DATETIME)",
                                      "INSERT INTO t VALUES (1, '2022-01-29 23:21:12'), (2, '2022-01-29 23:00:00')")
            try await postgres.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP WITH TIME ZONE)",
                                       "INSERT INTO t VALUES (1, '2022-01-29 23:21:12+08:00'), (2, '2022-01-29 23:00:00+00:00')")
            let utc = try await workspace.comparePairBothModes(
                try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])]), table: "t")
            #expect(utc.differences == ["(1): different [ts]"])
            let summary = try String(contentsOf: utc.comparison.output.url.appendingPathComponent(try #require(utc.table.summaryFile)),
                                     encoding: .utf8)
            #expect(summary.contains("Compared as equal: ts: wall-clock timestamps read in UTC\n"), "\(summary)")
            let shanghai = try await workspace.comparePairBothModes(
                try workspace.writeCaseConfiguration("shanghai.yaml", source: source, target: target,
                                                     tables: [TableEntry("t", key: ["id"], options: ["equivalence: {time_zone: Asia/Shanghai}"])]),
                table: "t", prefix: "shanghai")
            #expect(shanghai.differences == ["(2): different [ts]"])
            // The script writes the source's value as the target column holds it: an instant into
            // DATETIME as the wall clock in the zone compared in, a DATETIME into timestamptz as
            // its instant with offset (never a bare wall clock the target's session would read).
            if target.engine == .mariadb {
                #expect(utc.changes == ["UPDATE `t` SET `ts` = '2022-01-29 15:21:12' WHERE `id` = 1;"])
                #expect(shanghai.changes == ["UPDATE `t` SET `ts` = '2022-01-30 07:00:00' WHERE `id` = 2;"])
            } else {
                #expect(utc.changes == ["UPDATE \"public\".\"t\" SET \"ts\" = '2022-01-29 23:21:12+00:00' WHERE \"id\" = 1;"])
                #expect(shanghai.changes == ["UPDATE \"public\".\"t\" SET \"ts\" = '2022-01-29 15:00:00+00:00' WHERE \"id\" = 2;"])
            }
            try await workspace.applyAndComparePairAgain(shanghai, configuration: workspace.url("shanghai.yaml"), target: target, prefix: "shanghai-after")
        }
    }

    /// A UUID kept as 16 bytes in MariaDB's BINARY(16) against PostgreSQL's uuid: the same
    /// 128-bit value (uuid_case_insensitive is on by default with a uuid column).
    @Test("13 UUID in BINARY(16) vs PostgreSQL uuid", arguments: [MariaDBPair.mariadbToPostgres, .postgresToMariaDB])
    func uuidBinary(pair: MariaDBPair) async throws {
        try await Workspace.with("mp13b") { workspace in
            let (source, target) = try await workspace.databases(pair)
            let (mariadb, postgres) = source.engine == .mariadb ? (source, target) : (target, source)
            let lower = "a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"
            let other = "0f0e0d0c-0b0a-0908-0706-050403020100"
            func hex(_ uuid: String) -> String { "X'" + uuid.replacingOccurrences(of: "-", with: "") + "'" }
            try await mariadb.execute("CREATE TABLE t (id INT PRIMARY KEY, g BINARY(16))")
            try await postgres.execute("CREATE TABLE t (id INT PRIMARY KEY, g UUID)")
            if source.engine == .mariadb {
                try await source.execute("INSERT INTO t VALUES (1, \(hex(lower))), (2, NULL), (3, \(hex(other)))")
                try await target.execute("INSERT INTO t VALUES (1, '\(lower)'), (2, '\(lower)')")
            } else {
                try await source.execute("INSERT INTO t VALUES (1, '\(lower)'), (2, NULL), (3, '\(other)')")
                try await target.execute("INSERT INTO t VALUES (1, \(hex(lower))), (2, \(hex(lower)))")
            }
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 1, different: 1))
            #expect(result.differences == ["(2): different [g]", "(3): missing_in_target"])
            // The missing UUID is written as the target column holds it: 16 bytes into BINARY(16),
            // dashed text into uuid.
            #expect(result.changes == [
                target.sql("UPDATE `t` SET `g` = NULL WHERE `id` = 2;", table: "t"),
                target.sql("INSERT INTO `t` (`id`, `g`) VALUES (3, \(target.engine == .mariadb ? "X'0f0e0d0c0b0a09080706050403020100'" : "'\(other)'"));", table: "t"),
            ])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// timestamptz against DATETIME across daylight-saving changes, one zone per column. New
    /// York's 01:30 on 2024-11-03 happens twice (05:30Z and 06:30Z): both instants equal it.
    /// Paris's 02:30 on 2024-03-31 never happens: no instant equals it, and the script writes the
    /// source instant's wall-clock time (03:30). After the script nothing differs.
    @Test("12 time_zone across daylight-saving changes: both instants of a repeated time equal it; a skipped time equals none, and converges")
    func wallClockAcrossDaylightSaving() async throws {
        try await Workspace.with("mp12dst") { workspace in
            let (source, target) = try await workspace.databases(.postgresToMariaDB)
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, ny TIMESTAMP WITH TIME ZONE, paris TIMESTAMP WITH TIME ZONE)",
                                     "INSERT INTO t VALUES (1, '2024-11-03 05:30:00+00', '2024-03-31 01:30:00+00'), "
                                         + "(2, '2024-11-03 06:30:00+00', '2024-07-01 10:00:00+00'), (3, '2024-11-03 04:30:00+00', '2024-03-31 00:30:00+00')")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ny DATETIME, paris DATETIME)",
                                     "INSERT INTO t VALUES (1, '2024-11-03 01:30:00', '2024-03-31 02:30:00'), "
                                         + "(2, '2024-11-03 01:30:00', '2024-07-01 12:00:00'), (3, '2024-11-03 01:30:00', '2024-03-31 01:30:00')")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [
                TableEntry("t", key: ["id"], options: ["columns: {ny: {time_zone: America/New_York}, paris: {time_zone: Europe/Paris}}"]),
            ])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, different: 2))
            #expect(result.differences == ["(1): different [paris]", "(3): different [ny]"])
            #expect(result.changes == [
                "UPDATE `t` SET `paris` = '2024-03-31 03:30:00' WHERE `id` = 1;",
                "UPDATE `t` SET `ny` = '2024-11-03 00:30:00' WHERE `id` = 3;",
            ])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// `round` and `truncate` against MariaDB DATETIME (0 digits, which MariaDB truncates to)
    /// and DATETIME(3): the script writes the source value reduced as the comparison reduces it
    /// (carrying across midnight and the year), so the next compare finds nothing. TIME(0)
    /// alike, and a TIMESTAMP (an instant).
    @Test("11 timestamp_precision round / truncate: the script writes reduced values that converge",
          arguments: [MariaDBPair.postgresToMariaDB, .mariadbToMariaDB])
    func timestampPrecisionConverges(pair: MariaDBPair) async throws {
        try await Workspace.with("mp11c") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute(source.engine == .mariadb
                ? "CREATE TABLE t (id INT PRIMARY KEY, s0 DATETIME(6), s3 DATETIME(6), tm TIME(6), i0 TIMESTAMP(6) NULL)"
                : "CREATE TABLE t (id INT PRIMARY KEY, s0 TIMESTAMP(6), s3 TIMESTAMP(6), tm TIME(6), i0 TIMESTAMP(6) WITH TIME ZONE)")
            // Instants in UTC: MariaDB reads TIMESTAMP text in the session's zone, PostgreSQL takes the offset.
            let utc = source.engine == .mariadb ? "" : "+00"
            try await source.execute(
                source.engine == .mariadb ? "SET time_zone = '+00:00'" : "SET TimeZone = 'UTC'",
                "INSERT INTO t VALUES (1, '2024-01-01 10:00:00.7', '2024-01-01 10:00:00.7', '10:00:00.7', '2024-01-01 10:00:00.7\(utc)'), "
                    + "(2, '2024-01-01 23:59:59.9999', '2024-01-01 23:59:59.9999', '23:59:59.4', '2024-12-31 23:59:59.9999\(utc)'), "
                    + "(3, '2024-12-31 23:59:59.5', '2024-12-31 23:59:59.5', '09:59:59.5', '2024-01-01 10:00:00.2\(utc)')")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, s0 DATETIME, s3 DATETIME(3), tm TIME, i0 TIMESTAMP NULL)")
            let round = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])],
                                                             top: ["equivalence: {timestamp_precision: round}"])
            let rounded = try await workspace.comparePairBothModes(round, table: "t", prefix: "round")
            #expect(rounded.table.counts == Counts(matching: 0, missingInTarget: 3))
            // A value already within 3 digits is written as the source printed it (MariaDB: 6 digits).
            let zeros = source.engine == .mariadb ? "00000" : ""
            #expect(rounded.changes == [
                "INSERT INTO `t` (`id`, `s0`, `s3`, `tm`, `i0`) VALUES (1, '2024-01-01 10:00:01', '2024-01-01 10:00:00.7\(zeros)', '10:00:01', '2024-01-01 10:00:01');",
                "INSERT INTO `t` (`id`, `s0`, `s3`, `tm`, `i0`) VALUES (2, '2024-01-02 00:00:00', '2024-01-02 00:00:00', '23:59:59', '2025-01-01 00:00:00');",
                "INSERT INTO `t` (`id`, `s0`, `s3`, `tm`, `i0`) VALUES (3, '2025-01-01 00:00:00', '2024-12-31 23:59:59.5\(zeros)', '10:00:00', '2024-01-01 10:00:00');",
            ])
            try await workspace.applyAndComparePairAgain(rounded, configuration: round, target: target, prefix: "round-after")

            let truncate = try workspace.writeCaseConfiguration("truncate.yaml", source: source, target: target, tables: [TableEntry("t", key: ["id"])],
                                                                top: ["equivalence: {timestamp_precision: truncate}"])
            let truncated = try await workspace.comparePairBothModes(truncate, table: "t", prefix: "truncate")
            #expect(truncated.differences == ["(1): different [s0, tm, i0]", "(2): different [s0, s3, i0]", "(3): different [s0, tm]"])
            #expect(truncated.changes == [
                "UPDATE `t` SET `s0` = '2024-01-01 10:00:00', `tm` = '10:00:00', `i0` = '2024-01-01 10:00:00' WHERE `id` = 1;",
                "UPDATE `t` SET `s0` = '2024-01-01 23:59:59', `s3` = '2024-01-01 23:59:59.999', `i0` = '2024-12-31 23:59:59' WHERE `id` = 2;",
                "UPDATE `t` SET `s0` = '2024-12-31 23:59:59', `tm` = '09:59:59' WHERE `id` = 3;",
            ])
            try await workspace.applyAndComparePairAgain(truncated, configuration: truncate, target: target, prefix: "truncate-after")
            let stored = try await target.strings("SELECT CAST(s0 AS CHAR), CAST(s3 AS CHAR), CAST(tm AS CHAR) FROM t ORDER BY id", columns: 3)
            #expect(stored == [["2024-01-01 10:00:00", "2024-01-01 10:00:00.700", "10:00:00"],
                               ["2024-01-01 23:59:59", "2024-01-01 23:59:59.999", "23:59:59"],
                               ["2024-12-31 23:59:59", "2024-12-31 23:59:59.500", "09:59:59"]])
        }
    }

    /// MariaDB TIMESTAMP (an instant) against MariaDB DATETIME (a wall clock) compared in
    /// +08:00, both directions: the script converts between the two.
    @Test("12 MariaDB TIMESTAMP against DATETIME with time_zone +08:00", arguments: [false, true])
    func timestampAgainstDatetime(reversed: Bool) async throws {
        try await Workspace.with("mp12m") { workspace in
            let (source, target) = try await workspace.databases(.mariadbToMariaDB)
            let (instants, wallClocks) = reversed ? (target, source) : (source, target)
            try await instants.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP NULL)",
                                       "INSERT INTO t VALUES (1, '2022-01-29 15:21:12'), (2, '2022-01-29 15:00:00')")
            try await wallClocks.execute("CREATE TABLE t (id INT PRIMARY KEY, ts DATETIME)",
                                         "INSERT INTO t VALUES (1, '2022-01-29 23:21:12'), (2, '2022-01-29 15:00:00')")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [
                TableEntry("t", key: ["id"], options: ["equivalence: {time_zone: '+08:00'}"]),
            ])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.differences == ["(2): different [ts]"])
            #expect(result.changes == [reversed ? "UPDATE `t` SET `ts` = '2022-01-29 07:00:00' WHERE `id` = 2;"
                                                : "UPDATE `t` SET `ts` = '2022-01-29 23:00:00' WHERE `id` = 2;"])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// Doubles whose shortest text differs between MariaDB and Swift (1e15, 1e-7) only look
    /// different to the checksums; rows settle them as equal. One real difference is synced.
    @Test("DOUBLE values: 0.1, 1e15, 1e-7, -2.5e-300, 1.7976931348623157e308", arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB, .mariadbToPostgres])
    func doubles(pair: MariaDBPair) async throws {
        try await Workspace.with("mpdbl") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .mariadb ? "CREATE TABLE t (id INT PRIMARY KEY, f DOUBLE)"
                                                                       : "CREATE TABLE t (id INT PRIMARY KEY, f DOUBLE PRECISION)")
            }
            let values = ["0.1", "1e15", "1e-7", "-2.5e-300", "1.7976931348623157e308", "123456789.123456789"]
            try await source.execute("INSERT INTO t VALUES " + values.enumerated().map { "(\($0.offset + 1), \($0.element))" }.joined(separator: ", "))
            try await target.execute("INSERT INTO t VALUES " + values.enumerated().map { "(\($0.offset + 1), \($0.offset == 5 ? "1" : $0.element))" }.joined(separator: ", "))
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.differences == ["(6): different [f]"])
            #expect(result.changes == [target.sql("UPDATE `t` SET `f` = 123456789.12345679 WHERE `id` = 6;", table: "t")])
            try await target.execute("UPDATE t SET f = 0.5 WHERE id = 1", "UPDATE t SET f = 1 WHERE id = 2", "UPDATE t SET f = 1 WHERE id = 3",
                                     "UPDATE t SET f = 1 WHERE id = 4", "UPDATE t SET f = 1 WHERE id = 5")
            let all = try await workspace.comparePairBothModes(configuration, table: "t", prefix: "all")
            #expect(all.table.counts == Counts(matching: 0, different: 6))
            try await workspace.applyAndComparePairAgain(all, configuration: configuration, target: target)
        }
    }

    /// Bytes that are not text (00, FF, quote 27, backslash 5C) in BINARY(16), VARBINARY and
    /// BLOB (bytea, SQLite BLOB on the other side); NULL binary. The script writes hex literals.
    @Test("13 binary values: BINARY(16), VARBINARY, BLOB; NULL; 00 27 5C FF", arguments: all)
    func binaryValues(pair: MariaDBPair) async throws {
        try await Workspace.with("mp13") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                switch database.engine {
                case .mariadb: try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, g BINARY(16), v VARBINARY(8), b BLOB)")
                case .postgresql: try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, g BYTEA, v BYTEA, b BYTEA)")
                case .sqlite: try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, g BLOB, v BLOB, b BLOB)")
                }
            }
            func insert(_ database: CaseDatabase, _ rows: [(Int, String?, String?, String?)]) async throws {
                func hex(_ value: String?) -> String {
                    guard let value else { return "NULL" }
                    return database.engine == .postgresql ? "'\\x\(value)'::bytea" : "X'\(value)'"
                }
                let values = rows.map { "(\($0.0), \(hex($0.1)), \(hex($0.2)), \(hex($0.3)))" }.joined(separator: ", ")
                try await database.execute("INSERT INTO t VALUES \(values)")
            }
            let uuid = "A1B2C3D4E5F60718293A4B5C6D7E8F90"
            try await insert(source, [(1, uuid, "5C", "00FF"), (2, nil, nil, nil), (3, nil, "27", "00275CFF"), (4, "00FF275C" + String(repeating: "00", count: 12), "FF00", "FF00")])
            try await insert(target, [(1, uuid.lowercased(), "5c", "00ff"), (2, nil, nil, nil), (4, "00FF275C" + String(repeating: "00", count: 12), "FF", "FF")])
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 2, missingInTarget: 1, different: 1))
            #expect(result.differences == ["(3): missing_in_target", "(4): different [v, b]"])
            func hex(_ value: String) -> String { target.engine == .postgresql ? "'\\x\(value)'::bytea" : "X'\(value)'" }
            #expect(result.changes == [
                target.sql("UPDATE `t` SET `v` = \(hex("ff00")), `b` = \(hex("ff00")) WHERE `id` = 4;", table: "t"),
                target.sql("INSERT INTO `t` (`id`, `g`, `v`, `b`) VALUES (3, NULL, \(hex("27")), \(hex("00275cff")));", table: "t"),
            ])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let stored = try await target.strings(target.engine == .postgresql ? "SELECT encode(v, 'hex'), encode(b, 'hex') FROM t WHERE id >= 3 ORDER BY id"
                                                  : target.engine == .sqlite ? "SELECT v, b FROM t WHERE id >= 3 ORDER BY id"
                                                  : "SELECT LOWER(HEX(v)), LOWER(HEX(b)) FROM t WHERE id >= 3 ORDER BY id", columns: 2)
            #expect(stored == [["27", "00275cff"], ["ff00", "ff00"]], "the bytes arrive unchanged")
        }
    }

    /// A UUID kept as upper-case CHAR(36) text on MariaDB against PostgreSQL's uuid: equal by
    /// default (either column is uuid); between two CHAR(36) columns only with
    /// `uuid_case_insensitive`.
    @Test("13 UUID in CHAR(36) upper case vs PostgreSQL uuid",
          arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB, .mariadbToPostgres])
    func uuidText(pair: MariaDBPair) async throws {
        try await Workspace.with("mp13u") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .postgresql ? "CREATE TABLE t (id INT PRIMARY KEY, g UUID)"
                                                                          : "CREATE TABLE t (id INT PRIMARY KEY, g CHAR(36))")
            }
            let lower = "a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"
            let other = "0f0e0d0c-0b0a-0908-0706-050403020100"
            // PostgreSQL's uuid and the MariaDB→MariaDB target are lower case, MariaDB's text otherwise upper.
            func spelled(_ database: CaseDatabase, isTarget: Bool, _ uuid: String) -> String {
                database.engine == .postgresql || (pair == .mariadbToMariaDB && isTarget) ? uuid : uuid.uppercased()
            }
            try await source.execute("INSERT INTO t VALUES (1, '\(spelled(source, isTarget: false, lower))'), (2, NULL), (3, '\(spelled(source, isTarget: false, other))')")
            try await target.execute("INSERT INTO t VALUES (1, '\(spelled(target, isTarget: true, lower))'), (2, '\(lower)')")
            var options: [String] = []
            if pair == .mariadbToMariaDB {
                let strict = try await workspace.comparePairBothModes(
                    try workspace.writeCaseConfiguration("strict.yaml", source: source, target: target, tables: [TableEntry("t", key: ["id"])]),
                    table: "t", prefix: "strict")
                #expect(strict.differences == ["(1): different [g]", "(2): different [g]", "(3): missing_in_target"])
                options = ["columns: {g: {uuid_case_insensitive: true}}"]
            }
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], options: options)])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 1, different: 1))
            #expect(result.differences == ["(2): different [g]", "(3): missing_in_target"])
            let summary = try String(contentsOf: result.comparison.output.url.appendingPathComponent(try #require(result.table.summaryFile)),
                                     encoding: .utf8)
            #expect(summary.contains("UUIDs case-insensitive"), "\(summary)")
            #expect(result.changes == [
                target.sql("UPDATE `t` SET `g` = NULL WHERE `id` = 2;", table: "t"),
                target.sql("INSERT INTO `t` (`id`, `g`) VALUES (3, '\(spelled(source, isTarget: false, other))');", table: "t"),
            ])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// 5,000 ASCII characters and 2,001 two-byte characters (4,002 bytes) in TEXT / LONGTEXT
    /// arrive whole in one INSERT each.
    @Test("14 long text: 5000 × 'x' and 2001 × 'é'", arguments: all)
    func longText(pair: MariaDBPair) async throws {
        try await Workspace.with("mp14") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute(source.engine == .mariadb ? "CREATE TABLE doc (id INT PRIMARY KEY, body LONGTEXT)"
                                                               : "CREATE TABLE doc (id INT PRIMARY KEY, body TEXT)")
            try await target.execute("CREATE TABLE doc (id INT PRIMARY KEY, body TEXT)")
            let long = String(repeating: "x", count: 5000)
            let accents = String(repeating: "\u{E9}", count: 2001)
            try await source.execute("INSERT INTO doc VALUES (1, '\(long)'), (2, '\(accents)')")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("doc", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "doc")
            #expect(result.table.counts == Counts(matching: 0, missingInTarget: 2))
            #expect(result.differences == ["(1): missing_in_target", "(2): missing_in_target"])
            #expect(result.changes == [
                target.sql("INSERT INTO `doc` (`id`, `body`) VALUES (1, '\(long)');", table: "doc"),
                target.sql("INSERT INTO `doc` (`id`, `body`) VALUES (2, '\(accents)');", table: "doc"),
            ])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let lengths = try await target.strings(target.engine == .postgresql
                ? "SELECT length(body)::text, octet_length(body)::text FROM doc ORDER BY id"
                : target.engine == .sqlite ? "SELECT length(body), length(CAST(body AS BLOB)) FROM doc ORDER BY id"
                : "SELECT CAST(CHAR_LENGTH(body) AS CHAR), CAST(LENGTH(body) AS CHAR) FROM doc ORDER BY id", columns: 2)
            // Byte-identical: the compare after applying found no difference.
            #expect(lengths == [["5000", "5000"], ["2001", "4002"]])
        }
    }

    /// Text far longer than any fetch buffer (300,000 characters, 600,000 bytes of 'é', and
    /// 100,000 ASCII with a multi-byte character at every 4,096th place) in LONGTEXT / text.
    @Test("14 very long text in LONGTEXT arrives whole",
          arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB, .mariadbToPostgres])
    func veryLongText(pair: MariaDBPair) async throws {
        try await Workspace.with("mp14l") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .mariadb ? "CREATE TABLE doc (id INT PRIMARY KEY, body LONGTEXT)"
                                                                       : "CREATE TABLE doc (id INT PRIMARY KEY, body TEXT)")
            }
            let accents = String(repeating: "\u{E9}", count: 300_000)
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            var mixed = ""
            for index in 0..<100_000 { mixed.append(index % 4096 == 4095 ? "\u{20AC}" : letters[index % 26]) }
            try await source.execute("INSERT INTO doc VALUES (1, '\(accents)'), (2, '\(mixed)'), (3, 'short')")
            try await target.execute("INSERT INTO doc VALUES (2, '\(mixed.dropLast())x'), (3, 'short')")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("doc", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "doc")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 1, different: 1))
            #expect(result.differences == ["(1): missing_in_target", "(2): different [body]"])
            #expect(result.changes.map(\.count) == [
                target.sql("UPDATE `doc` SET `body` = '\(mixed)' WHERE `id` = 2;", table: "doc").count,
                target.sql("INSERT INTO `doc` (`id`, `body`) VALUES (1, '\(accents)');", table: "doc").count,
            ])
            #expect(result.changes.last == target.sql("INSERT INTO `doc` (`id`, `body`) VALUES (1, '\(accents)');", table: "doc"))
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let lengths = try await target.strings(target.engine == .postgresql
                ? "SELECT length(body)::text, octet_length(body)::text FROM doc ORDER BY id"
                : "SELECT CAST(CHAR_LENGTH(body) AS CHAR), CAST(LENGTH(body) AS CHAR) FROM doc ORDER BY id", columns: 2)
            #expect(lengths == [["300000", "600000"], ["100000", "100048"], ["5", "5"]])
        }
    }

    /// Binary keys with bytes that are not text (00, 27, 5C, FF) and keys that differ only in a
    /// trailing 00: ordered and matched byte for byte, bound as binary when rows are read by key.
    @Test("13 VARBINARY / bytea keys: 00, 0000, 27, 5C, FF", arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB, .mariadbToPostgres])
    func binaryKeys(pair: MariaDBPair) async throws {
        try await Workspace.with("mp13k") { workspace in
            let (source, target) = try await workspace.databases(pair)
            func hex(_ database: CaseDatabase, _ value: String) -> String {
                database.engine == .postgresql ? "'\\x\(value)'::bytea" : "X'\(value)'"
            }
            for (database, keys) in [(source, ["00", "0000", "27", "5C", "FF", "FF00"]), (target, ["00", "0001", "27", "5C", "FF"])] {
                try await database.execute(database.engine == .mariadb ? "CREATE TABLE t (k VARBINARY(8) PRIMARY KEY, v INT)"
                                                                       : "CREATE TABLE t (k BYTEA PRIMARY KEY, v INT)")
                let values = keys.map { "(\(hex(database, $0)), \(database.engine == target.engine && $0 == "27" && keys.count == 5 ? 9 : 1))" }
                try await database.execute("INSERT INTO t VALUES " + values.joined(separator: ", "))
            }
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["k"], chunkSize: 2)])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 3, missingInTarget: 2, missingInSource: 1, different: 1))
            #expect(result.differences == ["(0000): missing_in_target", "(ff00): missing_in_target", "(0001): missing_in_source", "(27): different [v]"],
                    "\(result.differences)")
            #expect(result.changes == [
                "DELETE FROM `t` WHERE `k` = \(hex(target, "0001"));",
                "UPDATE `t` SET `v` = 1 WHERE `k` = \(hex(target, "27"));",
                "INSERT INTO `t` (`k`, `v`) VALUES (\(hex(target, "0000")), 1);",
                "INSERT INTO `t` (`k`, `v`) VALUES (\(hex(target, "ff00")), 1);",
            ].map { target.sql($0, table: "t") })
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// Quotes, ampersands and backslashes: a MariaDB script runs with backslash escapes on, so
    /// `\` is written `\\` (and `'` as `''`); PostgreSQL's standard strings keep `\` as it is.
    @Test("15 quotes, ampersands and backslashes arrive byte-identical", arguments: all)
    func quotesAmpersandsBackslashes(pair: MariaDBPair) async throws {
        try await Workspace.with("mp15") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40))")
            }
            let names = ["O'Brien & Sons", "R&D", "a'a", "C:\\temp\\new", "it\\'s \\0 %_ \\\\"]
            func literal(_ text: String, _ engine: CaseEngine) -> String {
                var escaped = text.replacingOccurrences(of: "'", with: "''")
                if engine == .mariadb { escaped = escaped.replacingOccurrences(of: "\\", with: "\\\\") }
                return "'" + escaped + "'"
            }
            let values = names.enumerated().map { "(\($0.offset + 1), \(literal($0.element, source.engine)))" }.joined(separator: ", ")
            try await source.execute("INSERT INTO t VALUES \(values)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 0, missingInTarget: 5))
            #expect(result.differences == Set((1...5).map { "(\($0)): missing_in_target" }))
            #expect(result.changes == names.enumerated().map {
                target.sql("INSERT INTO `t` (`id`, `name`) VALUES (\($0.offset + 1), \(literal($0.element, target.engine)));", table: "t")
            })
            if target.engine == .mariadb {
                #expect(result.changes[3] == "INSERT INTO `t` (`id`, `name`) VALUES (4, 'C:\\\\temp\\\\new');")
            }
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let stored = try await target.strings(target.engine == .postgresql ? "SELECT encode(convert_to(name, 'UTF8'), 'hex') FROM t ORDER BY id"
                                                  : target.engine == .sqlite ? "SELECT lower(hex(name)) FROM t ORDER BY id"
                                                  : "SELECT LOWER(HEX(name)) FROM t ORDER BY id", columns: 1)
            #expect(stored.map { $0[0] ?? "" } == names.map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() },
                    "values are byte-identical after applying")
        }
    }

    /// Control characters in text: MariaDB's script escapes line feed, carriage return and
    /// Ctrl-Z as mysqldump does (`\n`, `\r`, `\Z`) so a statement stays on one line, and a
    /// backslash followed by `n` in the data as `\\n`; the tab is written as it is.
    @Test("15 line breaks, tab, Ctrl-Z and a literal backslash-n arrive byte-identical", arguments: all)
    func controlCharacters(pair: MariaDBPair) async throws {
        try await Workspace.with("mp15c") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40))")
            }
            let names = ["line1\nline2", "cr\r\nlf", "tab\there", "ctrl\u{1A}z", "back\\nslash"]
            let escapedBackslash = { (text: String) in source.engine == .mariadb ? text.replacingOccurrences(of: "\\", with: "\\\\") : text }
            let values = names.enumerated().map { "(\($0.offset + 1), '\(escapedBackslash($0.element))')" }.joined(separator: ", ")
            try await source.execute("INSERT INTO t VALUES \(values)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 0, missingInTarget: 5))
            if target.engine == .mariadb {
                #expect(result.changes == [
                    #"INSERT INTO `t` (`id`, `name`) VALUES (1, 'line1\nline2');"#,
                    #"INSERT INTO `t` (`id`, `name`) VALUES (2, 'cr\r\nlf');"#,
                    "INSERT INTO `t` (`id`, `name`) VALUES (3, 'tab\there');",
                    #"INSERT INTO `t` (`id`, `name`) VALUES (4, 'ctrl\Zz');"#,
                    #"INSERT INTO `t` (`id`, `name`) VALUES (5, 'back\\nslash');"#,
                ])
            }
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
            let stored = try await target.strings(target.engine == .postgresql ? "SELECT encode(convert_to(name, 'UTF8'), 'hex') FROM t ORDER BY id"
                                                  : target.engine == .sqlite ? "SELECT lower(hex(name)) FROM t ORDER BY id"
                                                  : "SELECT LOWER(HEX(name)) FROM t ORDER BY id", columns: 1)
            #expect(stored.map { $0[0] ?? "" } == names.map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() },
                    "values are byte-identical after applying")
        }
    }

    /// Neither PostgreSQL (bpchar read as text) nor MariaDB gives a CHAR value's trailing
    /// blanks, so even `char_padding: significant` finds 'A' (stored 'A ' by PostgreSQL) equal
    /// to MariaDB's 'A', in both directions: no difference the script could not sync.
    @Test("04 char_padding: significant between PostgreSQL and MariaDB CHAR(2): padding never shows",
          arguments: [MariaDBPair.postgresToMariaDB, .mariadbToPostgres])
    func charPaddingSignificant(pair: MariaDBPair) async throws {
        try await Workspace.with("mp04s") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, c CHAR(2))", "INSERT INTO t VALUES (1, 'A '), (2, 'BB')")
            }
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [
                TableEntry("t", key: ["id"], options: ["equivalence: {char_padding: significant}"]),
            ])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 2))
            #expect(result.table.syncSqlFile == nil)
        }
    }

    /// TIMESTAMP(6) fractions on MariaDB against timestamptz: the instant with its microseconds.
    @Test("12 TIMESTAMP(6) fractions against timestamptz", arguments: [MariaDBPair.mariadbToPostgres, .postgresToMariaDB])
    func timestampFractions(pair: MariaDBPair) async throws {
        try await Workspace.with("mp12f") { workspace in
            let (source, target) = try await workspace.databases(pair)
            let (mariadb, postgres) = source.engine == .mariadb ? (source, target) : (target, source)
            try await mariadb.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6) NULL)", "SET time_zone = '+08:00'")
            try await postgres.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6) WITH TIME ZONE)")
            try await source.execute(source.engine == .mariadb
                ? "INSERT INTO t VALUES (1, '2022-01-29 23:21:12.654321'), (2, '2022-01-29 23:00:00.5'), (3, '2022-01-30 05:22:21.000001')"
                : "INSERT INTO t VALUES (1, '2022-01-29 23:21:12.654321+08'), (2, '2022-01-29 23:00:00.5+08'), (3, '2022-01-29 21:22:21.000001+00')")
            try await target.execute(target.engine == .mariadb
                ? "INSERT INTO t VALUES (1, '2022-01-29 23:21:12.654321'), (3, '2022-01-30 05:22:21.000002')"
                : "INSERT INTO t VALUES (1, '2022-01-29 23:21:12.654321+08'), (3, '2022-01-29 21:22:21.000002+00')")
            try await mariadb.execute("SET time_zone = '+00:00'")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 1, different: 1))
            #expect(result.differences == ["(2): missing_in_target", "(3): different [ts]"])
            #expect(result.changes == (target.engine == .mariadb ? [
                "UPDATE `t` SET `ts` = '2022-01-29 21:22:21.000001' WHERE `id` = 3;",
                "INSERT INTO `t` (`id`, `ts`) VALUES (2, '2022-01-29 15:00:00.5');",
            ] : [
                "UPDATE \"public\".\"t\" SET \"ts\" = '2022-01-29 21:22:21.000001+00:00' WHERE \"id\" = 3;",
                // MariaDB prints TIMESTAMP(6) with six digits; the literal keeps them.
                "INSERT INTO \"public\".\"t\" (\"id\", \"ts\") VALUES (2, '2022-01-29 15:00:00.500000+00:00');",
            ]))
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// Identifiers only backquotes make possible: a table name with a space and a backquote, a
    /// key column named `select`, a column with a backquote and one with a percent sign and an
    /// underscore (catalogue search wildcards). Embedded backquotes are doubled.
    @Test("16 identifiers with spaces, backquotes and catalogue wildcards on MariaDB", arguments: [MariaDBPair.mariadbToMariaDB, .postgresToMariaDB])
    func awkwardIdentifiers(pair: MariaDBPair) async throws {
        try await Workspace.with("mp16b") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for (database, rows) in [(source, "(1, 'a', 10), (2, 'b', 20)"), (target, "(1, 'a', 10)")] {
                if database.engine == .mariadb {
                    try await database.execute("CREATE TABLE `Order ``Items``` (`select` INT PRIMARY KEY, `we``ird` VARCHAR(5), `100%_x` INT)",
                                               "INSERT INTO `Order ``Items``` VALUES \(rows)")
                } else {
                    try await database.execute("CREATE TABLE \"Order `Items`\" (\"select\" INT PRIMARY KEY, \"we`ird\" VARCHAR(5), \"100%_x\" INT)",
                                               "INSERT INTO \"Order `Items`\" VALUES \(rows)")
                }
            }
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("Order `Items`", key: ["select"])])
            let result = try await workspace.comparePairBothModes(configuration, table: "Order `Items`")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 1))
            #expect(result.differences == ["(2): missing_in_target"])
            #expect(result.changes == ["INSERT INTO `Order ``Items``` (`select`, `we``ird`, `100%_x`) VALUES (2, 'b', 20);"])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// MariaDB keeps table names as written (case-sensitive on Linux); PostgreSQL's is "order".
    /// Every identifier is quoted as the catalogue stores it, in backquotes on MariaDB.
    @Test("16 reserved and mixed-case identifiers", arguments: all)
    func reservedAndMixedCaseIdentifiers(pair: MariaDBPair) async throws {
        try await Workspace.with("mp16") { workspace in
            let (source, target) = try await workspace.databases(pair)
            func tableName(_ database: CaseDatabase) -> String { database.engine == .postgresql ? "order" : "ORDER" }
            for (database, rows) in [(source, "(1, '2024-01-01', 1, 'a', 'g1'), (2, '2024-01-02', 0, 'b', 'g2')"),
                                     (target, "(1, '2024-01-01', 1, 'a', 'g1')")] {
                let q = database.engine == .mariadb ? "`" : "\""
                try await database.execute("""
                    CREATE TABLE \(q)\(tableName(database))\(q) (\(q)ID\(q) INT PRIMARY KEY, \(q)DATE\(q) DATE, \(q)COLUMN\(q) INT, \
                    \(q)value\(q) VARCHAR(20), \(q)Group\(q) VARCHAR(10))
                    """,
                    "INSERT INTO \(q)\(tableName(database))\(q) VALUES \(rows)")
            }
            let name = tableName(source)
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry(name, key: ["ID"])])
            let result = try await workspace.comparePairBothModes(configuration, table: name)
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 1))
            #expect(result.differences == ["(2): missing_in_target"])
            #expect(result.changes == [
                target.sql("INSERT INTO `\(tableName(target))` (`ID`, `DATE`, `COLUMN`, `value`, `Group`) VALUES (2, '2024-01-02', 0, 'b', 'g2');",
                           table: tableName(target)),
            ])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }
}

/// Cases 01, 02, 03 and 10 on the MariaDB pairs MariaDBCaseTests does not run (it has 01 and 10
/// MariaDB → MariaDB, 02 and 03 PostgreSQL → MariaDB).
@Suite("Cases 01, 02, 03, 10 on more MariaDB pairs")
struct MariaDBMorePairCaseTests {
    /// Composite key whose first column is case-insensitive on the MariaDB side: byte order on
    /// both sides ('*' < 'B' < 'D' < 'a' < 'c'), so chunks line up and only '*' differs.
    @Test("01 composite key (a, b), utf8mb4_general_ci against PostgreSQL's C order",
          arguments: [MariaDBPair.postgresToMariaDB, .mariadbToPostgres], [1, 2])
    func compositeKeyCollation(pair: MariaDBPair, chunkSize: Int) async throws {
        try await Workspace.with("mp01") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for (database, last) in [(source, "src"), (target, "tgt")] {
                try await database.execute(database.engine == .mariadb
                    ? "CREATE TABLE t (a VARCHAR(200) COLLATE utf8mb4_general_ci, b VARCHAR(200), PRIMARY KEY (a, b))"
                    : "CREATE TABLE t (a VARCHAR(200) COLLATE \"C\", b VARCHAR(200), PRIMARY KEY (a, b))",
                    "INSERT INTO t VALUES ('a', 'aa'), ('B', 'bb'), ('c', 'cc'), ('D', 'dd'), ('*', '\(last)')")
            }
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target,
                                                                     tables: [TableEntry("t", key: ["a", "b"], chunkSize: chunkSize)])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 4, missingInTarget: 1, missingInSource: 1))
            #expect(result.differences == ["(*, src): missing_in_target", "(*, tgt): missing_in_source"])
            // A MariaDB target's text key is matched by its bytes too (its collation ignores case).
            let delete = target.engine == .mariadb
                ? "DELETE FROM `t` WHERE `a` = '*' AND CAST(CONVERT(`a` USING utf8mb4) AS BINARY) = CAST('*' AS BINARY) AND `b` = 'tgt' AND CAST(CONVERT(`b` USING utf8mb4) AS BINARY) = CAST('tgt' AS BINARY);"
                : "DELETE FROM `t` WHERE `a` = '*' AND `b` = 'tgt';"
            #expect(result.changes == [
                delete,
                "INSERT INTO `t` (`a`, `b`) VALUES ('*', 'src');",
            ].map { target.sql($0, table: "t") })
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// MariaDB's utf8mb4_unicode_ci and PostgreSQL's en-US both sort 'a-c' elsewhere than byte
    /// order does; keys are read in byte order on both sides.
    @Test("02 varchar key in byte order whatever the collation, chunk_size 2",
          arguments: [MariaDBPair.mariadbToMariaDB, .mariadbToPostgres, .mariadbToSQLite])
    func stringKeyOrder(pair: MariaDBPair) async throws {
        try await Workspace.with("mp02") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY, v INT)")
            }
            try await source.execute("INSERT INTO t VALUES ('a-b', 1), ('a0', 2), ('a_b', 3), ('aa', 4), ('ab', 5), ('a-c', 6)")
            try await target.execute("INSERT INTO t VALUES ('a-b', 1), ('a0', 2), ('a_b', 3), ('aa', 4), ('ab', 5)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["k"], chunkSize: 2)])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 5, missingInTarget: 1))
            #expect(result.differences == ["(a-c): missing_in_target"])
            #expect(result.changes == [target.sql("INSERT INTO `t` (`k`, `v`) VALUES ('a-c', 6);", table: "t")])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// Keys byte-exact from a utf8mb4_bin source. Into MariaDB's utf8mb4_unicode_ci 'Ｋ' collides
    /// with 'K' (its INSERT is a comment); into PostgreSQL both INSERTs run.
    @Test("03 NFC/NFD and fullwidth keys from a MariaDB utf8mb4_bin source",
          arguments: [MariaDBPair.mariadbToMariaDB, .mariadbToPostgres])
    func unicodeKeys(pair: MariaDBPair) async throws {
        func bytes(_ lines: [String]) -> [[UInt8]] { lines.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) } }
        let fullwidthK = "\u{FF2B}"
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        try await Workspace.with("mp03") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute("CREATE TABLE t (k VARCHAR(10) COLLATE utf8mb4_bin PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('K', 1), ('\(fullwidthK)', 2), ('\(composed)', 3)")
            try await target.execute(target.engine == .mariadb ? "CREATE TABLE t (k VARCHAR(10) COLLATE utf8mb4_unicode_ci PRIMARY KEY, v INT)"
                                                               : "CREATE TABLE t (k VARCHAR(10) PRIMARY KEY, v INT)",
                                     "INSERT INTO t VALUES ('K', 1), ('\(decomposed)', 3)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["k"], chunkSize: 1)])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 2, missingInSource: 1))
            let summary = try result.comparison.output.summaryDifferenceLines(result.table)
            #expect(bytes(summary) == bytes(["(\(composed)): missing_in_target", "(\(fullwidthK)): missing_in_target",
                                             "(\(decomposed)): missing_in_source"]))
            var expected = [
                target.engine == .mariadb
                    ? "DELETE FROM `t` WHERE `k` = '\(decomposed)' AND CAST(CONVERT(`k` USING utf8mb4) AS BINARY) = CAST('\(decomposed)' AS BINARY);"
                    : "DELETE FROM `t` WHERE `k` = '\(decomposed)';",
                "INSERT INTO `t` (`k`, `v`) VALUES ('\(composed)', 3);",
            ]
            if target.engine == .postgresql { expected.append("INSERT INTO `t` (`k`, `v`) VALUES ('\(fullwidthK)', 2);") }
            #expect(result.changes.map { Array($0.utf8) } == expected.map { Array(target.sql($0, table: "t").utf8) })
            if target.engine == .mariadb {
                #expect(result.script.contains("-- INSERT INTO `t` (`k`, `v`) VALUES ('\(fullwidthK)', 2);\n"), "the colliding INSERT is a comment")
                try await target.apply(script: try result.comparison.output.syncScript(result.table))
                let again = try await workspace.comparePairBothModes(configuration, table: "t", prefix: "after")
                #expect(again.table.counts == Counts(matching: 2, missingInTarget: 1))
                #expect(again.changes == [], "the only difference left is the collision")
            } else {
                try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
                let keys = try await target.strings("SELECT encode(convert_to(k, 'UTF8'), 'hex') FROM t ORDER BY k COLLATE \"C\"", columns: 1)
                #expect(keys == [["4b"], ["636166c3a9"], ["efbcab"]], "the target holds the source's keys, byte for byte")
            }
        }
    }

    /// PostgreSQL `real` and MariaDB `FLOAT` are both single precision: 14.22035 and 0 are
    /// equal, only id 6 (3 vs 3.5) differs.
    @Test("10 single-precision real / FLOAT across PostgreSQL and MariaDB",
          arguments: [MariaDBPair.postgresToMariaDB, .mariadbToPostgres])
    func singlePrecisionFloat(pair: MariaDBPair) async throws {
        try await Workspace.with("mp10") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .mariadb ? "CREATE TABLE t (id BIGINT PRIMARY KEY, c1 FLOAT)"
                                                                       : "CREATE TABLE t (id BIGINT PRIMARY KEY, c1 REAL)")
            }
            try await source.execute("INSERT INTO t VALUES (1, 0), (2, 1), (3, 2), (4, 3), (5, 14.22035), (6, 3)")
            try await target.execute("INSERT INTO t VALUES (1, 0), (2, 1), (3, 2), (4, 3), (5, 14.22035), (6, 3.5)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], chunkSize: 2)])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 5, different: 1))
            #expect(result.differences == ["(6): different [c1]"])
            #expect(result.changes == [target.sql("UPDATE `t` SET `c1` = 3.0 WHERE `id` = 6;", table: "t")])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }

    /// `float_tolerance: {significant_digits: 6}` on single-precision columns: the 32-bit floats
    /// 31.35135 and 31.3514 differ by 4.96e-5, under half a unit of the 6th digit (5e-5), though
    /// their shortest texts read as doubles differ by just over it. Only id 3 differs.
    @Test("10 float_tolerance on real / FLOAT compares the 32-bit floats the columns hold",
          arguments: [MariaDBPair.postgresToMariaDB, .mariadbToPostgres])
    func toleranceOnSinglePrecision(pair: MariaDBPair) async throws {
        try await Workspace.with("mp10t") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .mariadb ? "CREATE TABLE t (id BIGINT PRIMARY KEY, f FLOAT)"
                                                                       : "CREATE TABLE t (id BIGINT PRIMARY KEY, f REAL)")
            }
            try await source.execute("INSERT INTO t VALUES (1, 31.35135), (2, 71.35135), (3, 31.35135)")
            try await target.execute("INSERT INTO t VALUES (1, 31.3514), (2, 71.3513), (3, 31.35141)")
            let configuration = try workspace.writeCaseConfiguration(source: source, target: target, tables: [
                TableEntry("t", key: ["id"], options: ["equivalence: {float_tolerance: {significant_digits: 6}}"]),
            ])
            let result = try await workspace.comparePairBothModes(configuration, table: "t")
            #expect(result.table.counts == Counts(matching: 2, different: 1))
            #expect(result.differences == ["(3): different [f]"])
            try await workspace.applyAndComparePairAgain(result, configuration: configuration, target: target)
        }
    }
}

/// The declared types Parity reads from MariaDB's catalogue.
@Suite("MariaDB catalogue")
struct MariaDBCatalogueTests {
    /// Connector/ODBC's SQLColumns reports DECIMAL_DIGITS NULL and COLUMN_SIZE 19 for
    /// DATETIME(3), DATETIME(6) and DATETIME alike; the fractional digits that
    /// `timestamp_precision` compares at come from information_schema, for the exact table only
    /// (a table `T` beside `t` has other columns).
    @Test("DATETIME(n), TIMESTAMP(n) and TIME(n) keep their fractional digits")
    func fractionalDigits() async throws {
        try await Workspace.with("mcat") { workspace in
            let database = try await workspace.mariadb("cat")
            try await database.execute("CREATE TABLE t (a DATETIME(3), b DATETIME, c DATETIME(6), d TIMESTAMP(3) NULL, e TIME(2), f DECIMAL(12,2))",
                                       "CREATE TABLE T (a DATETIME(1), b DATETIME(2))")
            let connector = try await MariaDBTestDatabase.connect(database: database.name)
            let table = try await connector.describeTable(schema: nil, name: "t")
            let named = try await connector.describeTable(schema: database.name, name: "T")
            await connector.close()
            #expect(table.columns.map(\.typeName) == ["datetime(3)", "datetime", "datetime(6)", "timestamp(3)", "time(2)", "decimal(12,2)"])
            #expect(named.columns.map(\.typeName) == ["datetime(1)", "datetime(2)"])
        }
    }
}
