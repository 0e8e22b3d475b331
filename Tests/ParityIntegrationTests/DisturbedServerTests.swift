import Foundation
import Logging
import ParityCore
import ParityPostgres
import PostgresNIO
import Testing

/// A server that drops the tool's connections mid-run (`pg_terminate_backend`, as an operator,
/// a failover or a restart would): every failed chunk is retried on new connections after the
/// configured delay, and the run ends with exactly the result of an undisturbed run.
@Suite("Disturbed server")
struct DisturbedServerTests {
    static let tables = [TableEntry("big", key: ["id"], chunkSize: 500), TableEntry("small", key: ["id"], chunkSize: 500)]

    static func load(_ database: TestDatabase, isTarget: Bool) async throws {
        try await database.execute(
            "CREATE TABLE big (id int PRIMARY KEY, name text, amount numeric(12,2), created timestamp)",
            "INSERT INTO big SELECT g, 'name ' || g, g * 0.37, TIMESTAMP '2020-01-01' + g * INTERVAL '1 minute' FROM generate_series(1, 100000) g",
            "CREATE TABLE small (id int PRIMARY KEY, label text)",
            "INSERT INTO small SELECT g, 'label ' || g FROM generate_series(1, 50000) g")
        guard isTarget else { return }
        try await database.execute(
            "UPDATE big SET name = name || '!' WHERE id % 701 = 0",
            "DELETE FROM big WHERE id % 1009 = 0",
            "UPDATE small SET label = NULL WHERE id % 997 = 0")
    }

    /// What the disturbing task saw, shared with the test: whether the run has ended, and how
    /// many backends each disturbance terminated.
    final class Disturbances: @unchecked Sendable {
        private let lock = NSLock()
        private var ended = false
        private var terminated: [Int] = []
        func end() { lock.withLock { ended = true } }
        var hasEnded: Bool { lock.withLock { ended } }
        func record(_ count: Int) { lock.withLock { terminated.append(count) } }
        var counts: [Int] { lock.withLock { terminated } }
    }

    /// postgres-nio 1.33 never answers a query written to a connection the server has closed;
    /// without a guard, a comparison whose connection was dropped between two queries waited
    /// for ever instead of retrying.
    @Test("a query on a connection the server closed fails at once as a lost connection, never hangs", .timeLimit(.minutes(1)))
    func queryOnClosedConnectionFails() async throws {
        try await Workspace.with("disturbed-closed") { workspace in
            let database = try await workspace.database(.postgresql, "closed")
            let environment = TestEnvironment.current
            let connector = try await PostgresConnector.connect(PostgresSettings(host: environment.host, port: environment.port, database: database.name,
                                                                                 username: environment.username, password: environment.password))
            let pid = try #require(try await connector.query(SQLStatement("SELECT pg_backend_pid()::text"), resultKinds: [.text]).first?.first?.canonicalText)
            try await TestDatabase.administer("SELECT pg_terminate_backend(\(pid))")
            try await Task.sleep(nanoseconds: 300_000_000)
            for _ in 0..<3 {
                do {
                    _ = try await connector.query(SQLStatement("SELECT 1::text"), resultKinds: [.text])
                    Issue.record("a query on a closed connection succeeded")
                } catch let error as ParityError {
                    #expect(error.code == .connection)
                    #expect(error.description == "Query failed on postgresql://\(environment.username)@\(environment.host):\(environment.port)/\(database.name): the connection was closed")
                    #expect(RetryPolicy.isTransient(error))
                }
            }
            await connector.close()
        }
    }

    @Test("backends terminated during a --parallel 2 run: retried on new connections, same result as undisturbed")
    func terminatedBackends() async throws {
        try await Workspace.with("disturbed") { workspace in
            let source = try await workspace.database(.postgresql, "dist_src")
            let target = try await workspace.database(.postgresql, "dist_tgt")
            try await Self.load(source, isTarget: false)
            try await Self.load(target, isTarget: true)
            // The test's own connections are spared.
            let own = try await source.strings("SELECT pg_backend_pid()::text") + target.strings("SELECT pg_backend_pid()::text")
            let ownPIDs = own.compactMap { $0.first ?? nil }.joined(separator: ", ")

            var text = source.configurationBlock("source_database") + target.configurationBlock("target_database")
            text += "state_directory: state\noutput_directory: out\n"
            // More retries than disturbances (at most 6 land): even a step that every
            // disturbance hits (planning, on a slow machine) outlasts them.
            text += "retry: {attempts: 8, initial_delay: 0.1, max_delay: 0.5}\n"
            text += "tables:\n" + Self.tables.map { "  - table_name: \($0.name)\n    primary_key: [id]\n    chunk_size: 500\n" }.joined()
            let configuration = try workspace.write(text, to: "config.yaml")

            let undisturbed = try await workspace.parity(["compare", configuration.path, "--parallel", "2", "--state-dir", "state-calm", "--output-dir", "out-calm"])
            #expect(undisturbed.status == 1, "\(undisturbed.transcript)")
            #expect(undisturbed.messages.filter { $0.hasPrefix("WARNING") || $0.hasPrefix("ERROR") } == [])
            let calmID = try #require(WalkthroughTests.sessionID(in: undisturbed.stderr))
            let calm = try SessionOutcome.read(sessionID: calmID, output: OutputDirectory(url: workspace.url("out-calm")))
            #expect(calm.counts == [
                "big": Counts(matching: 99_759, missingInTarget: 99, missingInSource: 0, different: 142),
                "small": Counts(matching: 49_950, missingInTarget: 0, missingInSource: 0, different: 50),
            ])

            // While the run goes on, every 0.4 s: terminate every backend of the two databases
            // but the test's own.
            let terminate = """
                SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
                WHERE datname IN ('\(source.name)', '\(target.name)') AND pid <> pg_backend_pid() AND pid NOT IN (\(ownPIDs))
                """
            let disturbances = Disturbances()
            let admin = try await TestDatabase.connectPostgres(database: "postgres")
            let logger = Logger(label: "parity.disturber") { _ in SwiftLogNoOpLogHandler() }
            let results = try await withThrowingTaskGroup(of: ProcessResult?.self) { group in
                group.addTask {
                    defer { disturbances.end() }
                    return try await workspace.parity(["compare", configuration.path, "--parallel", "2"])
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: 300_000_000)
                    while !disturbances.hasEnded && disturbances.counts.filter({ $0 > 0 }).count < 6 && disturbances.counts.count < 40 {
                        var killed = 0
                        for try await _ in try await admin.query(PostgresQuery(unsafeSQL: terminate), logger: logger) { killed += 1 }
                        disturbances.record(killed)
                        try await Task.sleep(nanoseconds: 400_000_000)
                    }
                    return nil
                }
                var results: [ProcessResult] = []
                for try await result in group { if let result { results.append(result) } }
                return results
            }
            try? await admin.close()
            let run = try #require(results.first)
            let landed = disturbances.counts.filter { $0 > 0 }
            #expect(landed.count >= 3, "disturbances that terminated backends: \(disturbances.counts)")
            #expect(run.status == 1, "\(run.transcript)")
            #expect(run.messages.filter { $0.hasPrefix("ERROR") } == [], "\(run.transcript)")
            let id = try #require(WalkthroughTests.sessionID(in: run.stderr))
            let outcome = try SessionOutcome.read(sessionID: id, output: OutputDirectory(url: workspace.url("out")))
            #expect(outcome == calm, "the disturbed run differs from the undisturbed one")

            // The log shows each retry: what failed, why, and when it is tried again.
            let retry = #/WARNING - (Chunk \d+/\d+ of (big|small)|Planning (big|small)|Checking tables) failed: .+; retry [1-8]/8 in \d\.\d s on a new connection/#
            let warnings = run.messages.filter { $0.hasPrefix("WARNING") }
            #expect(warnings.allSatisfy { $0.wholeMatch(of: retry) != nil }, "\(warnings)")
            #expect(warnings.count >= landed.count - 1 && warnings.count >= 2, "\(landed.count) disturbances, warnings: \(warnings)")
            let log = try String(contentsOf: workspace.url("state/parity.log"), encoding: .utf8)
            let logged = log.split(separator: "\n").map { LogLine.message(String($0)) }.filter { $0.hasPrefix("WARNING") }
            #expect(logged == warnings)
            print("Disturbed server: \(landed.count) disturbances (\(landed.reduce(0, +)) backends terminated), \(warnings.count) retries logged")
        }
    }
}
