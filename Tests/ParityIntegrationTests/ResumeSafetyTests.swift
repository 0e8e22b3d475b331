import Foundation
import Testing

/// Never lie on resume: a session resumed with a configuration that changes its results is
/// refused with the list of changes (unless the changed table is restarted), and a finished
/// session resumed says so and exits with its result.
@Suite("Resume safety")
struct ResumeSafetyTests {
    /// `first` 300 rows (3 chunks), `second` 500 rows (5 chunks of 100); `second` differs.
    static func prepare(_ workspace: Workspace, secondDiffers: Bool = true) async throws -> (TestDatabase, TestDatabase) {
        let source = try await workspace.database(.postgresql, "resume_src")
        let target = try await workspace.database(.postgresql, "resume_tgt")
        for database in [source, target] {
            try await database.execute("CREATE TABLE first (id int PRIMARY KEY, name text)",
                                       "INSERT INTO first SELECT g, 'first ' || g FROM generate_series(1, 300) g",
                                       "CREATE TABLE second (id int PRIMARY KEY, name text)",
                                       "INSERT INTO second SELECT g, 'second ' || g FROM generate_series(1, 500) g")
        }
        if secondDiffers {
            try await target.execute("UPDATE second SET name = 'changed' WHERE id IN (42, 420)", "DELETE FROM second WHERE id = 250")
        }
        return (source, target)
    }

    static let expectedSecond = Counts(matching: 497, missingInTarget: 1, missingInSource: 0, different: 2)

    func configuration(_ workspace: Workspace, _ source: TestDatabase, _ target: TestDatabase, secondChunk: Int) throws -> URL {
        try workspace.writeConfiguration("config-\(secondChunk).yaml", source: source, target: target, tables: [
            TableEntry("first", key: ["id"], chunkSize: 100), TableEntry("second", key: ["id"], chunkSize: secondChunk),
        ])
    }

    @Test("a changed chunk_size is refused with the change listed; --restart-table compares the table again from the start")
    func changedChunkSize() async throws {
        try await Workspace.with("resume-changed") { workspace in
            let (source, target) = try await Self.prepare(workspace)
            let original = try configuration(workspace, source, target, secondChunk: 100)
            let killed = try await workspace.parity(["compare", original.path, "--parallel", "1"], environment: ["PARITY_TEST_KILL_AFTER_CHUNK": "second:2"])
            #expect(killed.killedBySignal, "\(killed.transcript)")
            let id = try #require(WalkthroughTests.sessionID(in: killed.stderr))
            let before = try await workspace.sessionDocument(id, stateDirectory: "state")

            // chunk_size 100 → 50: refused, one line, nothing changed in the session.
            let changed = try configuration(workspace, source, target, secondChunk: 50)
            let refused = try await workspace.parity(["compare", changed.path, "--resume", id])
            #expect(refused.status == 2, "\(refused.transcript)")
            #expect(refused.messages == [
                "ERROR - The configuration changed since session \(id) started (table second: chunk_size 100 → 50); resume with the original configuration, or redo the table with --restart-table second.",
            ], "\(refused.transcript)")
            let after = try await workspace.sessionDocument(id, stateDirectory: "state")
            #expect(after.status == before.status)
            #expect(after.tableProgress["second"]?.completedChunks == 2)
            #expect(after.tableProgress["first"]?.status == "completed")

            // Restarting an unchanged table does not cover the changed one.
            let wrongTable = try await workspace.parity(["compare", changed.path, "--resume", id, "--restart-table", "first"])
            #expect(wrongTable.status == 2)
            #expect(wrongTable.messages.count == 1 && wrongTable.messages[0].contains("(table second: chunk_size 100 → 50)"), "\(wrongTable.transcript)")

            // --restart-table second: planned again with 50-row chunks, every chunk compared.
            let restarted = try await workspace.parity(["compare", changed.path, "--resume", id, "--restart-table", "second", "--json"])
            #expect(restarted.status == 1, "\(restarted.transcript)")
            #expect(restarted.stderrCount("Restarting table: second") == 1)
            #expect(restarted.stderrCount("Skipping completed table: first") == 1)
            #expect(restarted.stderrCount("Will process in 10 chunks of 50 rows each") == 1)
            #expect(restarted.stderrCount("existing chunk checkpoints") == 0, "\(restarted.transcript)")
            #expect(restarted.stderrCount("(already processed)") == 0)
            for chunk in 1...10 { #expect(restarted.stderrCount("Processed chunk \(chunk)/10") == 1) }
            let report = try Report.decode(Data(restarted.stdout.utf8))
            #expect(try report.table("second").counts == Self.expectedSecond)
            #expect(try report.table("first").counts == Counts(matching: 300))
            #expect(try await workspace.sessionDocument(id, stateDirectory: "state").tableProgress["second"]?.totalChunks == 10)

            // The stored fingerprint is the new one: resuming with the 50-row configuration is
            // accepted (and finds the session complete), the original one is now refused.
            let again = try await workspace.parity(["compare", changed.path, "--resume", id])
            #expect(again.status == 1, "\(again.transcript)")
            let back = try await workspace.parity(["compare", original.path, "--resume", id])
            #expect(back.status == 2)
            #expect(back.messages.first?.contains("(table second: chunk_size 50 → 100)") == true, "\(back.transcript)")
        }
    }

    @Test("a finished session resumed says so and exits with its result: 1 with differences, 0 without")
    func finishedSession() async throws {
        try await Workspace.with("resume-finished") { workspace in
            let (source, target) = try await Self.prepare(workspace)
            let config = try configuration(workspace, source, target, secondChunk: 100)
            let first = try await workspace.compare(config)
            #expect(first.run.status == 1)
            let id = first.report.sessionId
            let reportFile = workspace.url("out/comparison_report_\(id.prefix(8)).json")
            let reportText = try String(contentsOf: reportFile, encoding: .utf8)
            let outputs = workspace.files(under: "out")

            let again = try await workspace.parity(["compare", config.path, "--resume", id, "--json"])
            #expect(again.status == 1, "\(again.transcript)")
            #expect(again.messages.contains("INFO - Session \(id) is already complete; nothing to do"), "\(again.transcript)")
            #expect(again.messages.contains("Completed: 2"))
            #expect(again.stderrCount("Processed chunk") == 0)
            #expect(again.stderrCount("Starting comparison") == 0)
            #expect(try Report.decode(Data(again.stdout.utf8)).tables == first.report.tables)
            #expect(workspace.files(under: "out") == outputs, "no new file")
            #expect(try String(contentsOf: reportFile, encoding: .utf8) == reportText)

            // A run killed between its last table and its report left no report: resuming the
            // complete session writes it.
            try FileManager.default.removeItem(at: reportFile)
            let rewritten = try await workspace.parity(["compare", config.path, "--resume", id])
            #expect(rewritten.status == 1, "\(rewritten.transcript)")
            #expect(try String(contentsOf: reportFile, encoding: .utf8) == reportText)

            // Identical tables: 0, also on resume.
            try await target.execute("UPDATE second SET name = 'second ' || id WHERE id IN (42, 420)", "INSERT INTO second VALUES (250, 'second 250')")
            let identical = try await workspace.compare(config, outputDirectory: "out-identical")
            #expect(identical.run.status == 0, "\(identical.run.transcript)")
            let resumedIdentical = try await workspace.parity(["compare", config.path, "--resume", identical.report.sessionId])
            #expect(resumedIdentical.status == 0, "\(resumedIdentical.transcript)")
            #expect(resumedIdentical.messages.contains("INFO - Session \(identical.report.sessionId) is already complete; nothing to do"))
        }
    }

    /// The printed resume line is a command a shell runs as it is: a configuration path and a
    /// state directory with spaces are quoted, and `--mode` (part of the session's identity) is
    /// carried, so the session is found and accepted.
    @Test("the resume line, run by a shell as printed, resumes: quoted paths, --mode carried")
    func resumeLineRunsAsPrinted() async throws {
        try await Workspace.with("resume-line") { workspace in
            let (source, target) = try await Self.prepare(workspace)
            let written = try configuration(workspace, source, target, secondChunk: 100)
            try FileManager.default.moveItem(at: written, to: workspace.url("my conf.yaml"))
            let stopped = try await workspace.parity(["compare", "my conf.yaml", "--state-dir", "st dir", "--mode", "rows", "--parallel", "1"],
                                                     interrupt: Interrupt(SIGINT, whenStderrContains: "Processed chunk 2/5"))
            #expect(stopped.status == 130, "\(stopped.transcript)")
            let id = try #require(WalkthroughTests.sessionID(in: stopped.stderr), "\(stopped.transcript)")
            let line = try #require(stopped.messages.last)
            #expect(line == "To resume: parity compare 'my conf.yaml' --state-dir 'st dir' --mode rows --resume \(id)")
            let command = String(line.dropFirst("To resume: parity".count))
            let resumed = try await Subprocess.run(executable: "/bin/sh", arguments: ["-c", "\"$PARITY\"" + command],
                                                   environment: ["PARITY": try ParityExecutable.path(), TestEnvironment.passwordVariable: TestEnvironment.current.password],
                                                   workingDirectory: workspace.directory)
            #expect(resumed.status == 1, "\(resumed.transcript)")
            #expect(resumed.messages.contains("INFO - Resumed session: \(id)"), "\(resumed.transcript)")
            let document = try await workspace.sessionDocument(id, stateDirectory: "st dir")
            #expect(document.status == "completed")
        }
    }
}
