import Foundation
import Testing

/// One process at a time works on a session: while `parity compare` runs, a second
/// `--resume` of the same session and `parity sessions delete` of it are refused with one line
/// and exit 2, and leave the running session untouched. (A user deleted a running session: the
/// run then reported "completed: 0/0 tables" and exited 0.)
@Suite("Session lock")
struct SessionLockTests {
    @Test("while a run holds its session: a second --resume and sessions delete are refused; the run ends as usual")
    func runningSessionIsLocked() async throws {
        try await Workspace.with("session-lock") { workspace in
            let source = try await workspace.database(.sqlite, "lock_src")
            let target = try await workspace.database(.sqlite, "lock_tgt")
            for database in [source, target] { try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))") }
            try await source.execute("INSERT INTO t VALUES " + (1...20).map { "(\($0), 'v\($0)')" }.joined(separator: ", "))
            try await target.execute("INSERT INTO t VALUES " + (1...20).map { "(\($0), '\($0 == 4 ? "old" : "v\($0)")')" }.joined(separator: ", "))
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], chunkSize: 10)],
                                                                 top: ["recheck: {after: 0, attempts: 1}"])
            let pause = workspace.url("pause")
            try FileManager.default.createDirectory(at: pause, withIntermediateDirectories: true)
            // The run stops before the recheck of chunk 1 (id 4 differs) until the test lets it go on.
            async let running = workspace.parity(["compare", configuration.path, "--parallel", "1"], environment: ["PARITY_TEST_RECHECK_PAUSE": pause.path])
            let read = pause.appendingPathComponent("read-t-1").path
            for _ in 0..<2400 where !FileManager.default.fileExists(atPath: read) { try await Task.sleep(nanoseconds: 50_000_000) }
            #expect(FileManager.default.fileExists(atPath: read), "chunk 1 was never read")
            let id = try #require(try await workspace.sessionIDs(stateDirectory: "state").first)
            let pid = try String(contentsOf: workspace.url("state/locks/\(id).lock"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

            let second = try await workspace.parity(["compare", configuration.path, "--resume", id])
            #expect(second.status == 2)
            #expect(second.messages.last == "ERROR - Session \(id) is being compared by another parity process (pid \(pid)); wait for it to end, or stop it, then resume.",
                    "\(second.transcript)")
            let delete = try await workspace.parity(["sessions", "delete", String(id.prefix(6)), "--state-dir", "state"])
            #expect(delete.status == 2)
            #expect(delete.messages == ["parity: Session \(id) is being compared by a running parity process (pid \(pid)); stop it first (Ctrl-C), then delete."],
                    "\(delete.transcript)")

            _ = FileManager.default.createFile(atPath: pause.appendingPathComponent("resume-t-1").path, contents: nil)
            let run = try await running
            #expect(run.status == 1, "\(run.transcript)")
            #expect(run.messages.contains("INFO - COMPARISON_END - Table: t, Results: {matching: 19, missing_in_target: 0, missing_in_source: 0, different: 1}"),
                    "\(run.transcript)")

            // Once the run has ended, the session is free: resuming it says it is complete, and it can be deleted.
            let again = try await workspace.parity(["compare", configuration.path, "--resume", String(id.prefix(4))])
            #expect(again.status == 1, "\(again.transcript)")
            #expect(again.messages.contains("INFO - Session \(id) is already complete; nothing to do"), "\(again.transcript)")
            let deleted = try await workspace.parity(["sessions", "delete", id, "--state-dir", "state"])
            #expect(deleted.status == 0, "\(deleted.transcript)")
            #expect(deleted.stdout == "Deleted session \(id)\n")
            #expect(!FileManager.default.fileExists(atPath: workspace.url("state/locks/\(id).lock").path))
        }
    }
}
