import Foundation
import GRDB
import Testing

/// A target with far more rows than the source (an archive, a purged source): chunks bound the
/// target's rows too, at most twice chunk_size, instead of one chunk holding every target row
/// outside the source's chunks.
@Suite("Dense target chunks")
struct DenseTargetChunkTests {
    /// One source/target layout of table `archive` (ids 1…25,000 in the target, chunk_size 1,000).
    struct Layout: Sendable, CustomStringConvertible {
        var description: String
        /// The source's ids: `first...25_000`, or none.
        var sourceFirst: Int?
        var chunks: Int
        /// The planning line: target rows beyond the source's, and chunks from the source alone.
        var planLine: String
        var sourceRowsPerChunk: [Int]
        var targetRowsPerChunk: [Int]
    }

    static let layouts = [
        // No source boundary; every second target boundary (2,000, 4,000, … 24,000).
        Layout(description: "empty source", sourceFirst: nil, chunks: 13,
               planLine: "Target has 25,000 more rows than the source: chunk boundaries read from both sides, 13 chunks (1 from the source alone), each of at most 1,000 source and 2,000 target rows",
               sourceRowsPerChunk: Array(repeating: 0, count: 13),
               targetRowsPerChunk: Array(repeating: 2000, count: 12) + [1000]),
        // Source 20,001…25,000: target boundaries 2,000 … 20,000 below it, then the source's
        // 21,000 … 24,000.
        Layout(description: "purged source", sourceFirst: 20_001, chunks: 15,
               planLine: "Target has 20,000 more rows than the source: chunk boundaries read from both sides, 15 chunks (5 from the source alone), each of at most 1,000 source and 2,000 target rows",
               sourceRowsPerChunk: Array(repeating: 0, count: 10) + Array(repeating: 1000, count: 5),
               targetRowsPerChunk: Array(repeating: 2000, count: 10) + Array(repeating: 1000, count: 5)),
    ]

    static func load(_ database: TestDatabase, first: Int?) async throws {
        try await database.execute("CREATE TABLE archive (id integer PRIMARY KEY, name varchar(40))")
        guard let first else { return }
        switch database.engine {
        case .postgresql:
            try await database.execute("INSERT INTO archive SELECT g, 'row ' || g FROM generate_series(\(first), 25000) g")
        case .sqlite:
            try await database.execute("WITH RECURSIVE g(n) AS (SELECT \(first) UNION ALL SELECT n + 1 FROM g WHERE n < 25000) INSERT INTO archive SELECT n, 'row ' || n FROM g")
        }
    }

    @Test("a target much larger than the source: chunks of at most 2 × chunk_size target rows, exact counts and script, resumable",
          arguments: [EnginePair.postgresToPostgres, .sqliteToSQLite], layouts)
    func denseTarget(pair: EnginePair, layout: Layout) async throws {
        try await Workspace.with("dense-target") { workspace in
            let source = try await workspace.database(pair.source, "dense_src")
            let target = try await workspace.database(pair.target, "dense_tgt")
            try await Self.load(source, first: layout.sourceFirst)
            try await Self.load(target, first: 1)
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("archive", key: ["id"], chunkSize: 1000)])
            let sourceRows = layout.sourceFirst.map { 25_001 - $0 } ?? 0

            // Killed after 5 chunks, then resumed: the stored plan is used again.
            let killed = try await workspace.parity(["compare", configuration.path, "--parallel", "1"], environment: ["PARITY_TEST_KILL_AFTER_CHUNK": "archive:5"])
            #expect(killed.killedBySignal, "\(killed.transcript)")
            #expect(killed.stderrCount("Will process in \(layout.chunks) chunks of 1,000 rows each") == 1, "\(killed.transcript)")
            #expect(killed.stderrCount(layout.planLine) == 1, "\(killed.transcript)")
            let id = try #require(WalkthroughTests.sessionID(in: killed.stderr), "\(killed.transcript)")
            let resumed = try await workspace.parity(["compare", configuration.path, "--resume", id, "--json"])
            #expect(resumed.status == 1, "\(resumed.transcript)")
            #expect(resumed.stderrCount("Will process in \(layout.chunks) chunks of 1,000 rows each") == 1, "\(resumed.transcript)")
            #expect(resumed.stderrCount("Found 5 existing chunk checkpoints for archive") == 1, "\(resumed.transcript)")
            #expect(resumed.stderrCount("chunk boundaries read") == 0, "the stored plan, not a new one: \(resumed.transcript)")
            let report = try Report.decode(Data(resumed.stdout.utf8))
            let table = try report.table("archive")
            #expect(table.counts == Counts(matching: sourceRows, missingInTarget: 0, missingInSource: 25_000 - sourceRows, different: 0))
            #expect(table.sourceRows == sourceRows)
            #expect(table.targetRows == 25_000)
            let document = try await workspace.sessionDocument(id, stateDirectory: "state")
            #expect(document.tableProgress["archive"]?.totalChunks == layout.chunks)
            #expect(document.tableProgress["archive"]?.completedChunks == layout.chunks)

            // Rows each chunk held, as the state store recorded them.
            let store = try DatabaseQueue(path: workspace.url("state/parity_state.sqlite").path)
            let perChunk = try await store.read { db in
                try Row.fetchAll(db, sql: "SELECT source_rows, target_rows FROM chunks WHERE session_id = ? AND table_name = 'archive' ORDER BY chunk_index",
                                 arguments: [id]).map { row -> (Int, Int) in (row["source_rows"], row["target_rows"]) }
            }
            try store.close()
            #expect(perChunk.map(\.0) == layout.sourceRowsPerChunk)
            #expect(perChunk.map(\.1) == layout.targetRowsPerChunk)
            #expect(perChunk.allSatisfy { $0.1 <= 2000 })

            // The script deletes exactly the target-only rows, once each, and nothing else.
            let scriptURL = try OutputDirectory(url: workspace.url("out")).syncScript(table)
            let changes = SyncScript.statements(try String(contentsOf: scriptURL, encoding: .utf8)).filter(SyncScript.isChange)
            #expect(changes.count == 25_000 - sourceRows)
            #expect(changes.filter { $0.hasPrefix("DELETE ") }.count == 25_000 - sourceRows)
            let pattern = try Regex(#""id" = (\d+)"#)
            let deleted = changes.compactMap { line in line.firstMatch(of: pattern).flatMap { Int($0.output[1].substring ?? "") } }
            #expect(deleted.count == changes.count)
            #expect(Set(deleted) == Set(1..<((layout.sourceFirst ?? 25_001))))

            // Applied, the target equals the source.
            try await target.apply(script: scriptURL)
            let again = try await workspace.compare(configuration, outputDirectory: "out-after")
            #expect(again.run.status == 0, "\(again.run.transcript)")
            #expect(try again.report.table("archive").counts == Counts(matching: sourceRows))
        }
    }
}
