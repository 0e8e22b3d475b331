import Foundation
import Testing

/// `recheck: {after: S, attempts: N}` on real databases: rows that a "replication" brings into
/// line between the first read and the recheck are counted as in flight, are not differences,
/// and are not in the sync script; the other rows are differences as usual.
@Suite("Recheck of differing rows")
struct RecheckTests {
    @Test("rows replicated after the first read are in flight; the rest are differences and the only rows in the sync script",
          arguments: [Engine.postgresql, .sqlite])
    func replicatedRowsAreInFlight(engine: Engine) async throws {
        try await Workspace.with("recheck-\(engine.rawValue)") { workspace in
            let source = try await workspace.database(engine, "recheck_src")
            let target = try await workspace.database(engine, "recheck_tgt")
            for database in [source, target] { try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))") }
            try await source.execute("INSERT INTO t VALUES " + (1...20).map { "(\($0), 'v\($0)')" }.joined(separator: ", "))
            // Chunk 1 (id ≤ 10): 2 and 5 missing in target, 3 and 4 different, 0 only in the target.
            // Chunk 2: 12 and 13 different, 25 only in the target.
            let kept = (1...20).filter { ![2, 5].contains($0) }.map { id -> String in
                [3, 4, 12, 13].contains(id) ? "(\(id), 'old\(id)')" : "(\(id), 'v\(id)')"
            }
            try await target.execute("INSERT INTO t VALUES (0, 'v0'), (25, 'v25'), " + kept.joined(separator: ", "))
            // What the replication brings into line after each chunk's first read: 2, 3 and 0; 12.
            let replication: [Int: [String]] = [
                1: ["INSERT INTO t VALUES (2, 'v2')", "UPDATE t SET v = 'v3' WHERE id = 3", "DELETE FROM t WHERE id = 0"],
                2: ["UPDATE t SET v = 'v12' WHERE id = 12"],
            ]
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], chunkSize: 10)])
            var text = try String(contentsOf: configuration, encoding: .utf8)
            text += "recheck: {after: 0.5, attempts: 2}\n"
            try text.write(to: configuration, atomically: true, encoding: .utf8)
            let pause = workspace.url("pause")
            try FileManager.default.createDirectory(at: pause, withIntermediateDirectories: true)

            async let running = workspace.parity(["compare", configuration.path, "--json", "--output-dir", "out", "--verbose"],
                                                 environment: ["PARITY_TEST_RECHECK_PAUSE": pause.path])
            for chunk in 1...2 {
                let read = pause.appendingPathComponent("read-t-\(chunk)").path
                var waited = 0
                while !FileManager.default.fileExists(atPath: read), waited < 2400 {
                    try await Task.sleep(nanoseconds: 50_000_000)
                    waited += 1
                }
                #expect(FileManager.default.fileExists(atPath: read), "chunk \(chunk) was never read")
                try await target.execute(replication[chunk] ?? [])
                _ = FileManager.default.createFile(atPath: pause.appendingPathComponent("resume-t-\(chunk)").path, contents: nil)
            }
            let run = try await running
            #expect(run.status == 1, "\(run.transcript)")
            let report = try Report.decode(Data(run.stdout.utf8))
            let table = try report.table("t")
            #expect(table.counts == Counts(matching: 14, missingInTarget: 1, missingInSource: 1, different: 2))
            #expect(table.inFlight == 4)
            let output = OutputDirectory(url: workspace.url("out"))
            let name = engine == .postgresql ? #""public"."t""# : #""t""#
            #expect(try output.changes(table) == [
                "DELETE FROM \(name) WHERE \"id\" = 25;",
                "UPDATE \(name) SET \"v\" = 'v4' WHERE \"id\" = 4;",
                "UPDATE \(name) SET \"v\" = 'v13' WHERE \"id\" = 13;",
                "INSERT INTO \(name) (\"id\", \"v\") VALUES (5, 'v5');",
            ])
            #expect(try output.summaryDifferenceLines(table) == ["(4): different [v]", "(5): missing_in_target", "(13): different [v]", "(25): missing_in_source"])
            let summary = try String(contentsOf: output.url.appendingPathComponent(try #require(table.summaryFile)), encoding: .utf8)
            #expect(summary.contains("\nIn flight (resolved): 4 (rows read again after 0.5 s, up to 2 times)\n"), "\(summary)")
            let messages = run.messages
            #expect(messages.contains("INFO - COMPARISON_END - Table: t, Results: {matching: 14, missing_in_target: 1, missing_in_source: 1, different: 2}"))
            #expect(messages.contains("INFO - RECHECK - Table: t, In flight (resolved): 4"), "\(run.transcript)")
            // Chunk 1: 5 rows read again, 3 in line; then its 2 left, twice. Chunk 2: 3, then 2.
            #expect(messages.contains("DEBUG - Recheck 1/2 of chunk 1/2 of t: 5 rows read again, 3 in line, 2 still different"), "\(run.transcript)")
            #expect(messages.contains("DEBUG - Recheck 2/2 of chunk 1/2 of t: 2 rows read again, 0 in line, 2 still different"), "\(run.transcript)")
            #expect(messages.contains("DEBUG - Recheck 1/2 of chunk 2/2 of t: 3 rows read again, 1 in line, 2 still different"), "\(run.transcript)")

            let show = try await workspace.parity(["sessions", "show", report.sessionId, "--state-dir", "state"])
            #expect(show.stdout.contains("t: completed, 2/2 chunks, 20 rows, matching 14, missing in target 1, missing in source 1, different 2, 4 in flight (resolved by recheck)\n"), "\(show.transcript)")
            let json = try await workspace.parity(["sessions", "show", report.sessionId, "--json", "--state-dir", "state"])
            #expect(json.stdout.contains("\"in_flight\" : 4"), "\(json.transcript)")
            #expect(json.stdout.contains("\"matching\" : 14,\n      \"missing_in_source\" : 1,\n      \"missing_in_target\" : 1,"), "\(json.transcript)")
        }
    }

    @Test("a run killed after its rechecked chunks are recorded resumes with the rechecked results, in flight included")
    func resumeKeepsRecheckedResults() async throws {
        try await Workspace.with("recheck-resume") { workspace in
            let source = try await workspace.database(.postgresql, "recheck_src")
            let target = try await workspace.database(.postgresql, "recheck_tgt")
            for database in [source, target] { try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))") }
            try await source.execute("INSERT INTO t VALUES " + (1...30).map { "(\($0), 'v\($0)')" }.joined(separator: ", "))
            try await target.execute("INSERT INTO t VALUES " + (1...30).map { [3, 4, 13, 23].contains($0) ? "(\($0), 'old')" : "(\($0), 'v\($0)')" }
                .joined(separator: ", "))
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], chunkSize: 10)])
            var text = try String(contentsOf: configuration, encoding: .utf8)
            text += "recheck: {after: 0.2, attempts: 1}\n"
            try text.write(to: configuration, atomically: true, encoding: .utf8)
            let pause = workspace.url("pause")
            try FileManager.default.createDirectory(at: pause, withIntermediateDirectories: true)
            // Answers every pause; row 4 is replicated while chunk 1 waits.
            let service = Task {
                var answered: Set<String> = []
                while !Task.isCancelled {
                    for name in (try? FileManager.default.contentsOfDirectory(atPath: pause.path)) ?? [] where name.hasPrefix("read-") && !answered.contains(name) {
                        if name == "read-t-1" { try await target.execute("UPDATE t SET v = 'v4' WHERE id = 4") }
                        _ = FileManager.default.createFile(atPath: pause.appendingPathComponent("resume-" + name.dropFirst(5)).path, contents: nil)
                        answered.insert(name)
                    }
                    try? await Task.sleep(nanoseconds: 20_000_000)
                }
            }
            defer { service.cancel() }
            let killed = try await workspace.parity(["compare", configuration.path, "--output-dir", "out"],
                                                    environment: ["PARITY_TEST_RECHECK_PAUSE": pause.path, "PARITY_TEST_KILL_AFTER_CHUNK": "t:3"])
            #expect(killed.killedBySignal, "\(killed.transcript)")
            let session = try #require(try await workspace.sessionIDs(stateDirectory: "state").first)
            // Nothing is read again on resume: the target changes now would show if it were.
            try await target.execute("UPDATE t SET v = 'v3' WHERE id = 3")
            let resumed = try await workspace.compare(configuration, outputDirectory: "out", ["--resume", session])
            #expect(resumed.run.status == 1, "\(resumed.run.transcript)")
            #expect(resumed.run.messages.contains("INFO - Found 3 existing chunk checkpoints for t"), "\(resumed.run.transcript)")
            let table = try resumed.report.table("t")
            #expect(table.counts == Counts(matching: 26, different: 3))
            #expect(table.inFlight == 1)
            #expect(try resumed.output.changes(table) == [
                #"UPDATE "public"."t" SET "v" = 'v3' WHERE "id" = 3;"#,
                #"UPDATE "public"."t" SET "v" = 'v13' WHERE "id" = 13;"#,
                #"UPDATE "public"."t" SET "v" = 'v23' WHERE "id" = 23;"#,
            ])
            #expect(resumed.run.messages.contains("INFO - RECHECK - Table: t, In flight (resolved): 1"), "\(resumed.run.transcript)")
        }
    }

    @Test("one worker, more differing chunks than may wait for a recheck at once: every chunk is rechecked and recorded")
    func manyWaitingChunks() async throws {
        try await Workspace.with("recheck-many") { workspace in
            let source = try await workspace.database(.sqlite, "recheck_src")
            let target = try await workspace.database(.sqlite, "recheck_tgt")
            for database in [source, target] { try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))") }
            try await source.execute("INSERT INTO t VALUES " + (1...60).map { "(\($0), 'v\($0)')" }.joined(separator: ", "))
            try await target.execute("INSERT INTO t VALUES " + (1...60).map { $0 % 10 == 5 ? "(\($0), 'old')" : "(\($0), 'v\($0)')" }.joined(separator: ", "))
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], chunkSize: 10)])
            var text = try String(contentsOf: configuration, encoding: .utf8)
            text += "recheck: {after: 0.05, attempts: 2}\nparallel_chunks: 1\n"
            try text.write(to: configuration, atomically: true, encoding: .utf8)
            let comparison = try await workspace.compare(configuration, outputDirectory: "out", ["--verbose"])
            #expect(comparison.run.status == 1, "\(comparison.run.transcript)")
            let table = try comparison.report.table("t")
            #expect(table.counts == Counts(matching: 54, different: 6))
            #expect(table.inFlight == nil)
            #expect(comparison.run.messages.filter { $0.hasPrefix("INFO - Processed chunk ") }.count == 6)
            #expect(comparison.run.messages.filter { $0.hasPrefix("DEBUG - Recheck ") }.count == 12)
            #expect(comparison.run.messages.contains("INFO - RECHECK - Table: t, In flight (resolved): 0"))
            #expect(try comparison.output.summaryDifferenceLines(table) == [5, 15, 25, 35, 45, 55].map { "(\($0)): different [v]" })
        }
    }
}
