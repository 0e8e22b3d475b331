import Foundation
import ParityCore
import ParityPostgres
import ParitySQLite
import Testing

/// Checksum mode against real databases: the row hash each engine computes in SQL is the one
/// Parity computes in Swift, and a table with drift gives the same differences in checksum mode
/// and rows mode, sequentially and in parallel.
@Suite("Checksum mode")
struct ChecksumModeTests {
    // MARK: The hash contract

    /// A table with a column of every kind both engines store.
    private static func createHashTable(_ engine: Engine) -> String {
        engine == .postgresql
            ? "CREATE TABLE t (id BIGINT PRIMARY KEY, i BIGINT, n NUMERIC(12,4), s TEXT, d DATE, ts TIMESTAMP(6), b BYTEA, f BOOLEAN, x DOUBLE PRECISION)"
            : "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, n DECIMAL(12,4), s TEXT, d DATE, ts TIMESTAMP, b BLOB, f BOOLEAN, x REAL)"
    }

    private static let hashColumns = ["id", "i", "n", "s", "d", "ts", "b", "f", "x"]

    /// The same rows on both engines: negative keys and integers at the Int64 edges, decimals with
    /// trailing zeros (SQLite stores them as REAL or INTEGER), quotes, control characters,
    /// non-ASCII and empty text, NULLs, timestamps with 6 fractional digits, empty and 00/FF bytes,
    /// and doubles from -0 (PostgreSQL prints `-0`) to 1e22.
    private static let hashRows: [[TestValue]] = [
        [.integer(1), .integer(-42), .bigDecimal("1.5000"), .text("O'Brien"), .date(0),
         .timestamp(seconds: 1_700_000_000, micros: 500_000), .bytes([0x00, 0xFF, 0x27]), .boolean(true), .double(0.1)],
        [.integer(2), .integer(Int64.max), .bigDecimal("-100.0000"), .text("caf\u{E9} \u{2615} \u{65E5}\u{672C}"), .date(19_000),
         .timestamp(seconds: 1_700_000_001, micros: 123_456), .bytes([]), .boolean(false), .double(-2.5e-7)],
        [.integer(3), .null, .null, .null, .null, .null, .null, .null, .null],
        [.integer(4), .integer(Int64.min), .bigDecimal("0.0000"), .text(""), .date(-1),
         .timestamp(seconds: -1, micros: 1), .bytes([0x5C]), .boolean(true), .double(1e22)],
        [.integer(-5), .integer(0), .bigDecimal("12345678.9000"), .text("a\"b\\c\n\t'"), .date(-719_162),
         .timestamp(seconds: 0, micros: 0), .bytes([0x01, 0x02]), .boolean(false), .double(-0.0)],
        [.integer(6), .integer(-1), .bigDecimal("-0.0100"), .text("e\u{301}\u{1F44D}\u{FF2B}"), .date(20_000),
         .timestamp(seconds: 1_000_000_000, micros: 100_000), .bytes([0xFF, 0xFF, 0xFF]), .boolean(false), .double(1.0)],
    ]

    /// The canonical row texts of ``hashRows`` in key order, written out by hand.
    private static let hashRowTexts: [String] = [
        "V2:-5V1:0V10:12345678.9V8:a\"b\\c\n\t'V10:0001-01-01V19:1970-01-01 00:00:00V4:0102V1:0V1:0",
        "V1:1V3:-42V3:1.5V7:O'BrienV10:1970-01-01V21:2023-11-14 22:13:20.5V6:00ff27V1:1V3:0.1",
        "V1:2V19:9223372036854775807V4:-100V9:caf\u{E9} \u{2615} \u{65E5}\u{672C}V10:2022-01-08V26:2023-11-14 22:13:21.123456V0:V1:0V8:-2.5e-07",
        "V1:3NNNNNNNN",
        "V1:4V20:-9223372036854775808V1:0V0:V10:1969-12-31V26:1969-12-31 23:59:59.000001V2:5cV1:1V5:1e+22",
        "V1:6V2:-1V5:-0.01V4:e\u{301}\u{1F44D}\u{FF2B}V10:2024-10-04V21:2001-09-09 01:46:40.1V6:ffffffV1:0V1:1",
    ]

    @Test("the portable row hash computed in SQL is RowHasher's hash of the rows read, on PostgreSQL and SQLite")
    func portableHashContract() async throws {
        try await Workspace.with("hash-contract") { workspace in
            var hashesByEngine: [Engine: [Int64]] = [:]
            for engine in [Engine.postgresql, .sqlite] {
                let database = try await workspace.database(engine, "hash")
                try await database.execute(Self.createHashTable(engine))
                try await database.execute(SQLText.inserts(table: "t", columns: Self.hashColumns, rows: Self.hashRows, engine: engine))
                let connector = try await Self.connector(database)
                do {
                    hashesByEngine[engine] = try await Self.checkHashContract(connector, engine: engine)
                } catch {
                    await connector.close()
                    throw error
                }
                await connector.close()
            }
            // Equal rows hash alike on both engines: what lets a PostgreSQL chunk match a SQLite chunk.
            #expect(hashesByEngine[.postgresql] == hashesByEngine[.sqlite])
            #expect(hashesByEngine[.postgresql] == Self.hashRowTexts.map(RowHasher.hash))
        }
    }

    /// Checks every checksum statement of one engine against Swift, and returns the row hashes in
    /// key order.
    private static func checkHashContract(_ connector: any DatabaseConnector, engine: Engine) async throws -> [Int64] {
        let schema = try await connector.describeTable(schema: nil, name: "t")
        let mapping = try TableMapping(name: "t", source: schema, target: schema, primaryKey: ["id"])
        let queries = ChunkQueries(mapping: mapping, side: .source, dialect: connector.dialect, nativeHash: false)
        let all = KeyRange(lower: nil, upper: nil)

        let rows = try await connector.query(queries.rows(in: all), resultKinds: queries.rowKinds)
        #expect(rows.map { Array(RowHasher.rowText($0).utf8) } == hashRowTexts.map { Array($0.utf8) }, "\(engine)")
        let keys = rows.map { $0[0] }
        #expect(keys == [.integer(-5), .integer(1), .integer(2), .integer(3), .integer(4), .integer(6)], "\(engine)")
        let expectedHashes = rows.map { RowHasher.hash(RowHasher.rowText($0)) }

        // (key, hash) listing.
        let listed = try await connector.query(queries.keyHashes(in: all), resultKinds: queries.keyHashKinds)
        #expect(listed.map { $0[0] } == keys, "\(engine)")
        let hashes = listed.map { row -> Int64 in
            guard row.count == 2, case .integer(let hash) = row[1] else { return -1 }
            return hash
        }
        #expect(hashes == expectedHashes, "\(engine)")

        // Chunk checksum: count and the sum modulo 2^60.
        let sum = expectedHashes.reduce(UInt64(0), RowHasher.add)
        let checksum = try await connector.query(queries.checksum(in: all), resultKinds: queries.checksumKinds)
        #expect(checksum.map { $0.map(\.canonicalText) } == [["6", String(sum)]], "\(engine)")
        // A bounded range, (-5, 3]: keys 1, 2, 3.
        let bounded = KeyRange(lower: [.integer(-5)], upper: [.integer(3)])
        let boundedSum = expectedHashes[1...3].reduce(UInt64(0), RowHasher.add)
        let boundedChecksum = try await connector.query(queries.checksum(in: bounded), resultKinds: queries.checksumKinds)
        #expect(boundedChecksum.map { $0.map(\.canonicalText) } == [["3", String(boundedSum)]], "\(engine)")
        // An empty range sums to 0.
        let empty = try await connector.query(queries.checksum(in: KeyRange(lower: [.integer(100)], upper: nil)), resultKinds: queries.checksumKinds)
        #expect(empty.map { $0.map(\.canonicalText) } == [["0", "0"]], "\(engine)")

        // Bucket checksums: the bucket is the hash of the key's row text modulo 256.
        let bucketOf = keys.map { Int(RowHasher.hash(RowHasher.rowText([$0])) % 256) }
        var expectedBuckets: [Int: (count: Int, sum: UInt64)] = [:]
        for (bucket, hash) in zip(bucketOf, expectedHashes) {
            let current = expectedBuckets[bucket] ?? (0, 0)
            expectedBuckets[bucket] = (current.count + 1, RowHasher.add(current.sum, hash))
        }
        let bucketRows = try await connector.query(queries.bucketChecksums(in: all), resultKinds: queries.bucketChecksumKinds)
        #expect(Set(bucketRows.map { $0.map { $0.canonicalText ?? "NULL" } })
                == Set(expectedBuckets.map { ["\($0.key)", "\($0.value.count)", "\($0.value.sum)"] }), "\(engine)")

        // Listing only some buckets returns exactly their rows.
        let chosen = Array(Set(bucketOf).sorted().prefix(2))
        let some = try await connector.query(queries.keyHashes(in: all, buckets: chosen), resultKinds: queries.keyHashKinds)
        #expect(some.map { $0[0] } == zip(keys, bucketOf).filter { chosen.contains($0.1) }.map(\.0), "\(engine)")
        return hashes
    }

    /// Parity's own connector to a test database (read-only, as in a comparison).
    static func connector(_ database: TestDatabase) async throws -> any DatabaseConnector {
        if database.engine == .sqlite { return try SQLiteConnector(path: database.name) }
        guard database.engine == .postgresql else { throw IntegrationTestError("No connector for \(database.engine) in ChecksumModeTests") }
        let environment = TestEnvironment.current
        return try await PostgresConnector.connect(PostgresSettings(host: environment.host, port: environment.port, database: database.name,
                                                                    username: environment.username, password: environment.password))
    }

    // MARK: Drift

    @Test("seeded drift gives the same differences in checksum and rows mode, with 1 and 4 workers",
          arguments: [EnginePair.sqliteToSQLite, .postgresToPostgres, .postgresToSQLite])
    func driftSameInBothModes(pair: EnginePair) async throws {
        let drift = Drift.make()
        try await Workspace.with("drift") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for (database, rows) in [(source, drift.source), (target, drift.target)] {
                try await database.execute(Drift.createTable(database.engine))
                try await database.execute(SQLText.inserts(table: "t", columns: Drift.columns, rows: rows.map(\.values),
                                                           engine: database.engine, batch: 500))
            }

            var runs: [(label: String, table: Report.Table, changes: [String], summary: [String])] = []
            for mode in ["checksum", "rows"] {
                for parallel in [1, 4] {
                    let label = "\(mode)-\(parallel)"
                    let configuration = try workspace.writeConfiguration("config-\(label).yaml", source: source, target: target,
                                                                         tables: [TableEntry("t", key: ["id"], chunkSize: Drift.chunkSize)],
                                                                         stateDirectory: "state-\(label)", outputDirectory: "out-\(label)")
                    let comparison = try await workspace.compare(configuration, outputDirectory: "out-\(label)",
                                                                 ["--mode", mode, "--parallel", String(parallel)])
                    #expect(comparison.run.status == 1, "\(label): \(comparison.run.transcript)")
                    let table = try comparison.report.table("t")
                    #expect(table.status == "completed", "\(label): \(comparison.run.transcript)")
                    runs.append((label, table, try comparison.output.changes(table), try comparison.output.summaryDifferenceLines(table)))
                }
            }

            let targetTable = target.scriptTable("t")
            for run in runs {
                #expect(run.table.counts == drift.counts, "\(run.label)")
                #expect(run.table.sourceRows == drift.source.count, "\(run.label)")
                #expect(run.table.targetRows == drift.target.count, "\(run.label)")
                #expect(Drift.differences(inScript: run.changes, table: targetTable) == drift.differences, "\(run.label)")
            }
            // Byte for byte the same script statements and summary lines in every run.
            for run in runs.dropFirst() {
                #expect(run.changes.map { Array($0.utf8) } == runs[0].changes.map { Array($0.utf8) }, "\(run.label) vs \(runs[0].label)")
                #expect(run.summary.map { Array($0.utf8) } == runs[0].summary.map { Array($0.utf8) }, "\(run.label) vs \(runs[0].label)")
            }
            #expect(runs[0].summary.count == SummaryWriter.sampleSize)

            try await Self.checkSteps(source: source, target: target, drift: drift)
        }
    }

    /// Compares the drift table chunk by chunk in this process, one chunk after another, and
    /// checks that each path of checksum mode ran where the drift puts it, with the same result.
    private static func checkSteps(source: TestDatabase, target: TestDatabase, drift: Drift) async throws {
        let result = try await compareInProcess(source: source, target: target, chunkSize: Drift.chunkSize)
        #expect(result.steps == [
            ["checksum", "buckets", "keyHashes(buckets)", "rows(withKeys:)"],   // sparse drift, keys below the minimum
            ["checksum"],                                                       // equal
            ["checksum"],                                                       // equal
            ["checksum", "buckets", "keyHashes", "rows(in:)"],                  // dense: most buckets differ, whole chunk fetched
            ["checksum", "buckets", "keyHashes(buckets)", "rows(withKeys:)"],   // sparse; 2 of 4 chunks matched
            ["buckets", "keyHashes(buckets)", "rows(withKeys:)"],               // sparse, keys above the maximum
        ], "\(source.engine)→\(target.engine)")
        #expect(result.counts == drift.counts, "\(source.engine)→\(target.engine)")
        #expect(result.differences == drift.differences, "\(source.engine)→\(target.engine)")
    }

    /// Plans table `t` as the runner does and compares its chunks in checksum mode, in order, with
    /// one ``MismatchHistory``: the statements each chunk ran on the source (see ``step(_:queries:range:)``),
    /// the counts and the differences as `key: kind [columns]`.
    private static func compareInProcess(source sourceDatabase: TestDatabase, target targetDatabase: TestDatabase,
                                         chunkSize: Int) async throws -> (steps: [[String]], counts: Counts, differences: Set<String>) {
        let source = RecordingConnector(try await connector(sourceDatabase))
        let target = try await connector(targetDatabase)
        do {
            let mapping = try TableMapping(name: "t", source: try await source.describeTable(schema: nil, name: "t"),
                                           target: try await target.describeTable(schema: nil, name: "t"), primaryKey: ["id"])
            let planning = ChunkQueries(mapping: mapping, side: .source, dialect: source.dialect)
            let sourceRows = try await source.query(planning.count(), resultKinds: [.integer])
            guard case .integer(let rowCount) = sourceRows.first?.first else { throw IntegrationTestError("COUNT(*) returned no number") }
            let wanted = max(0, (Int(rowCount) + chunkSize - 1) / chunkSize - 1)
            let boundaries = try await source.query(planning.boundaries(chunkSize: chunkSize), resultKinds: planning.keyKinds)
            let ranges = KeyRange.ranges(boundaries: Array(boundaries.prefix(wanted)))

            let queries = ChunkQueries(mapping: mapping, side: .source, dialect: source.dialect,
                                       nativeHash: source.dialect.name == target.dialect.name)
            let comparer = ChunkComparer(mapping: mapping, mode: .checksum)
            let history = MismatchHistory()
            var steps: [[String]] = []
            var counts = DifferenceCounts()
            var differences = Set<String>()
            for range in ranges {
                source.reset()
                let comparison = try await comparer.compare(range, source: source, target: target, history: history)
                steps.append(source.statements.map { step($0, queries: queries, range: range) })
                counts = counts + comparison.counts
                for difference in comparison.differences {
                    differences.insert(Drift.line(key: difference.key[0].canonicalText ?? "NULL", kind: difference.kind.rawValue, columns: difference.columns))
                }
            }
            await source.close()
            await target.close()
            return (steps, Counts(matching: counts.matching, missingInTarget: counts.missingInTarget, missingInSource: counts.missingInSource,
                                  different: counts.different), differences)
        } catch {
            await source.close()
            await target.close()
            throw error
        }
    }

    // MARK: Fixed bugs

    @Test("a NULL BLOB and an empty BLOB are different in checksum mode on SQLite")
    func nullBlobIsNotEmptyBlob() async throws {
        try await Workspace.with("null-blob") { workspace in
            let (source, target) = try await workspace.databases(.sqliteToSQLite)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)")
            }
            // Before the fix both sides hashed V0: for NULL and X'', so the chunk checksums matched.
            try await source.execute("INSERT INTO t VALUES (1, NULL), (2, X''), (3, X'00')")
            try await target.execute("INSERT INTO t VALUES (1, X''), (2, NULL), (3, X'00')")
            let result = try await workspace.compareCase(source: source, target: target, tables: [TableEntry("t", key: ["id"])], table: "t")
            #expect(result.table.counts == Counts(matching: 1, different: 2))
            #expect(result.differences == ["(1): different [b]", "(2): different [b]"])
            #expect(result.changes == [
                #"UPDATE "t" SET "b" = NULL WHERE "id" = 1;"#,
                #"UPDATE "t" SET "b" = X'' WHERE "id" = 2;"#,
            ])
        }
    }

    @Test("a few changed rows of a chunk are fetched by key, not the whole chunk")
    func fewChangedRowsFetchedByKey() async throws {
        try await Workspace.with("by-key") { workspace in
            let (source, target) = try await workspace.databases(.sqliteToSQLite)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            }
            let rows = (1...300).map { [TestValue.integer(Int64($0)), .text("v\($0)")] }
            try await source.execute(SQLText.inserts(table: "t", columns: ["id", "v"], rows: rows, engine: .sqlite, batch: 300))
            var changed = rows
            for index in [9, 149, 289] { changed[index][1] = .text("changed") }
            try await target.execute(SQLText.inserts(table: "t", columns: ["id", "v"], rows: changed, engine: .sqlite, batch: 300))
            // 3 of 300 rows differ: the listing narrowed to their 3 buckets holds a few more rows,
            // and was once compared against those instead of the chunk, fetching all 300.
            let result = try await Self.compareInProcess(source: source, target: target, chunkSize: 1000)
            #expect(result.steps == [["checksum", "buckets", "keyHashes(buckets)", "rows(withKeys:)"]])
            #expect(result.counts == Counts(matching: 297, different: 3))
            #expect(result.differences == ["10: different [v]", "150: different [v]", "290: different [v]"])
        }
    }

    /// Which of checksum mode's statements `sql` is, for a chunk's key range.
    private static func step(_ sql: String, queries: ChunkQueries, range: KeyRange) -> String {
        if sql == queries.checksum(in: range).sql { return "checksum" }
        if sql == queries.bucketChecksums(in: range).sql { return "buckets" }
        if sql == queries.keyHashes(in: range).sql { return "keyHashes" }
        if sql == queries.rows(in: range).sql { return "rows(in:)" }
        if let start = sql.range(of: "% 256) IN ("), let end = sql[start.upperBound...].firstIndex(of: ")") {
            let buckets = sql[start.upperBound..<end].split(separator: ", ").compactMap { Int($0) }
            if sql == queries.keyHashes(in: range, buckets: buckets).sql { return "keyHashes(buckets)" }
        }
        let byKey = queries.rows(withKeys: []).sql.replacingOccurrences(of: "1 = 0", with: "")
        if let split = byKey.range(of: " WHERE "), sql.hasPrefix(byKey[..<split.upperBound]),
           sql.hasSuffix(byKey[split.upperBound...]) {
            return "rows(withKeys:)"
        }
        return sql
    }
}

/// A connector that records the statements it runs (the source side of ``ChecksumModeTests``).
private final class RecordingConnector: DatabaseConnector, @unchecked Sendable {
    private let base: any DatabaseConnector
    private let lock = NSLock()
    private var recorded: [String] = []

    init(_ base: any DatabaseConnector) {
        self.base = base
    }

    var dialect: any Dialect { base.dialect }
    var displayName: String { base.displayName }

    var statements: [String] { lock.withLock { recorded } }

    func reset() { lock.withLock { recorded = [] } }

    func describeTable(schema: String?, name: String) async throws -> TableSchema {
        try await base.describeTable(schema: schema, name: name)
    }

    func query(_ statement: SQLStatement, resultKinds: [ValueKind]) async throws -> [[SQLValue]] {
        lock.withLock { recorded.append(statement.sql) }
        return try await base.query(statement, resultKinds: resultKinds)
    }

    func close() async {
        await base.close()
    }
}

/// A table of 6 chunks of 1000 source rows with seeded drift: chunk 0 sparse plus keys below
/// the source's minimum, chunks 1 and 2 equal, chunk 3 with 80% of its rows changed, chunk 4
/// sparse, chunk 5 sparse plus keys above the maximum.
private struct Drift {
    struct Row {
        var id: Int64
        var name: String?
        /// `amount` in hundredths.
        var cents: Int?
        var flag: Bool
        var seconds: Int64
        var micros: Int

        var values: [TestValue] {
            [.integer(id), name.map(TestValue.text) ?? .null, cents.map { .bigDecimal(Drift.decimal($0)) } ?? .null,
             .boolean(flag), .timestamp(seconds: seconds, micros: micros)]
        }
    }

    static let chunkSize = 1000
    static let chunks = 6
    static let columns = ["id", "name", "amount", "flag", "at"]

    static func createTable(_ engine: Engine) -> String {
        engine == .postgresql
            ? "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount NUMERIC(10,2), flag BOOLEAN, at TIMESTAMP(6))"
            : "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount DECIMAL(10,2), flag BOOLEAN, at TIMESTAMP)"
    }

    /// `1230` → `"12.30"`: trailing zeros as a PostgreSQL numeric(10,2) prints them.
    static func decimal(_ cents: Int) -> String {
        (cents < 0 ? "-" : "") + String(abs(cents) / 100) + "." + String(format: "%02d", abs(cents) % 100)
    }

    var source: [Row]
    var target: [Row]
    /// `key: kind [columns]` of every difference.
    var differences: Set<String>
    var counts: Counts

    static func line(key: String, kind: String, columns: [String]) -> String {
        "\(key): \(kind)" + (columns.isEmpty ? "" : " [\(columns.joined(separator: ", "))]")
    }

    /// Source row `index`: key 10 + 2 × index, so odd keys are free for rows only the target has.
    static func sourceRow(_ index: Int) -> Row {
        let name: String? = index % 13 == 0 ? nil : (index % 7 == 0 ? "O'Neil \(index)" : (index % 7 == 1 ? "caf\u{E9} \(index)" : "n\(index)"))
        return Row(id: Int64(10 + 2 * index), name: name, cents: index % 17 == 0 ? nil : (index * 37) % 100_000 - 20_000,
                   flag: index % 2 == 0, seconds: 1_600_000_000 + Int64(index) * 37, micros: (index % 4) * 250_000)
    }

    static func make() -> Drift {
        var generator = SeededGenerator(seed: 0x5EED_0C4E_C45A)
        let source = (0..<(chunkSize * chunks)).map(sourceRow)
        var target: [Int64: Row] = Dictionary(uniqueKeysWithValues: source.map { ($0.id, $0) })
        var differences = Set<String>()
        var counts = Counts(matching: source.count)

        func change(_ index: Int) {
            var row = source[index]
            var changed: [String] = []
            while changed.isEmpty {
                if generator.chance(0.4) { row.name = row.name.map { $0 + "~" } ?? "x\(index)"; changed.append("name") }
                if generator.chance(0.4) { row.cents = (row.cents ?? 0) + 1; changed.append("amount") }
                if generator.chance(0.3) { row.flag.toggle(); changed.append("flag") }
                // One microsecond: a change only the fraction shows.
                if generator.chance(0.3) { row.micros += 1; changed.append("at") }
                if changed.isEmpty { row = source[index] }
            }
            target[row.id] = row
            differences.insert(line(key: String(row.id), kind: "different", columns: changed))
            counts.matching -= 1
            counts.different += 1
        }
        func remove(_ index: Int) {
            target[source[index].id] = nil
            differences.insert(line(key: String(source[index].id), kind: "missing_in_target", columns: []))
            counts.matching -= 1
            counts.missingInTarget += 1
        }
        func extra(_ id: Int64) {
            target[id] = Row(id: id, name: "extra \(id)", cents: Int(id), flag: true, seconds: 1_500_000_000 + id, micros: 1)
            differences.insert(line(key: String(id), kind: "missing_in_source", columns: []))
            counts.missingInSource += 1
        }
        /// `count` distinct indices of chunk `chunk`, in random order.
        func pick(_ count: Int, inChunk chunk: Int, excluding used: inout Set<Int>) -> [Int] {
            var picked: [Int] = []
            while picked.count < count {
                let index = Int.random(in: (chunk * chunkSize)..<((chunk + 1) * chunkSize), using: &generator)
                if used.insert(index).inserted { picked.append(index) }
            }
            return picked
        }

        var used = Set<Int>()
        for chunk in [0, 4, 5] {
            pick(4, inChunk: chunk, excluding: &used).forEach(change)
            pick(3, inChunk: chunk, excluding: &used).forEach(remove)
            // An odd key right after a source key of the chunk.
            pick(3, inChunk: chunk, excluding: &used).forEach { extra(source[$0].id + 1) }
        }
        for index in (3 * chunkSize)..<(4 * chunkSize) where !used.contains(index) && generator.chance(0.8) {
            used.insert(index)
            change(index)
        }
        pick(2, inChunk: 3, excluding: &used).forEach(remove)
        pick(2, inChunk: 3, excluding: &used).forEach { extra(source[$0].id + 1) }
        // Below the source's minimum key (10) and above its maximum (12008).
        [-9, 1, 3, 5].forEach(extra)
        [12_009, 12_011, 20_001].forEach(extra)

        return Drift(source: source, target: target.values.sorted { $0.id < $1.id }, differences: differences, counts: counts)
    }

    /// The differences a sync script fixes, as `key: kind [columns]`: INSERT is missing in target,
    /// DELETE missing in source, UPDATE different in the columns it sets.
    static func differences(inScript changes: [String], table: String) -> Set<String> {
        var found = Set<String>()
        let wherePrefix = " WHERE \"id\" = "
        for statement in changes {
            if statement.hasPrefix("INSERT INTO \(table) "), let values = statement.range(of: "VALUES (") {
                let key = statement[values.upperBound...].prefix { $0 != "," }
                found.insert(line(key: String(key), kind: "missing_in_target", columns: []))
            } else if statement.hasPrefix("DELETE FROM \(table)"), let key = statement.range(of: wherePrefix, options: .backwards) {
                found.insert(line(key: String(statement[key.upperBound...].dropLast()), kind: "missing_in_source", columns: []))
            } else if statement.hasPrefix("UPDATE \(table) SET "), let key = statement.range(of: wherePrefix, options: .backwards) {
                let assignments = statement[..<key.lowerBound]
                let changed = columns.dropFirst().filter { assignments.contains("\"\($0)\" = ") }
                found.insert(line(key: String(statement[key.upperBound...].dropLast()), kind: "different", columns: Array(changed)))
            } else {
                found.insert("unexpected: \(statement)")
            }
        }
        return found
    }
}
