import Foundation
import Logging
import ParityCore
import PostgresNIO
import Testing

/// A PostgreSQL server restarted in the middle of a run (`pg_ctlcluster VERSION disturb restart`:
/// fast shutdown, every backend terminated with 57P01, then connections refused or answered
/// "the database system is starting up" 57P03 until it is back). The run retries on new
/// connections and ends with exactly the result of an undisturbed run.
///
/// It restarts only the second cluster `disturb` (port `PARITY_TEST_PG_DISTURB_PORT`, 5433) that
/// scripts/test-services creates for it, never the shared cluster other tests use; it needs root,
/// as CI runs it.
@Suite("Server restart")
struct ServerRestartTests {
    static let logger = Logger(label: "parity.restart-test") { _ in SwiftLogNoOpLogHandler() }

    /// The newest installed PostgreSQL version (the cluster scripts/test-services creates).
    static func version() throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw IntegrationTestError("PostgreSQL is not installed in /usr/lib/postgresql; run scripts/test.")
        }
        return String(newest)
    }

    static func connect(database: String) async throws -> PostgresConnection {
        let environment = TestEnvironment.current
        var configuration = PostgresConnection.Configuration(host: environment.host, port: TestEnvironment.disturbPort, username: environment.username,
                                                             password: environment.password, database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(30)
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw IntegrationTestError("""
                The PostgreSQL cluster disturb is not reachable at \(environment.host):\(TestEnvironment.disturbPort) (\(String(reflecting: error))); \
                run scripts/test, whose scripts/test-services creates it (pg_createcluster VERSION disturb), or set PARITY_TEST_PG_DISTURB_PORT.
                """)
        }
    }

    static func run(_ connection: PostgresConnection, _ statements: String...) async throws {
        for sql in statements {
            do {
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
            } catch {
                throw IntegrationTestError("The cluster disturb refused \(sql): \(String(reflecting: error))")
            }
        }
    }

    /// Creates a database on the disturb cluster, loaded with `rows` rows (and drift when
    /// `isTarget`); dropped when the workspace is removed.
    static func createDatabase(_ workspace: Workspace, label: String, isTarget: Bool) async throws -> String {
        let name = "parity_it_\(label)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
        let admin = try await connect(database: "postgres")
        try await run(admin, "CREATE DATABASE \"\(name)\"")
        try? await admin.close()
        workspace.track {
            if let admin = try? await connect(database: "postgres") {
                try? await run(admin, "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
                try? await admin.close()
            }
        }
        let connection = try await connect(database: name)
        try await run(connection,
                      "CREATE TABLE ledger (id int PRIMARY KEY, account text, amount numeric(14,2), booked timestamptz)",
                      "INSERT INTO ledger SELECT g, 'acct ' || (g % 977), g * 0.31, TIMESTAMPTZ '2021-01-01 00:00:00+00' + g * INTERVAL '1 second' FROM generate_series(1, 200000) g")
        if isTarget {
            try await run(connection,
                          "UPDATE ledger SET amount = amount + 0.01 WHERE id % 1231 = 0",
                          "DELETE FROM ledger WHERE id % 2003 = 0",
                          "INSERT INTO ledger VALUES (300001, 'extra', 1.00, NULL), (300002, 'extra', 2.00, NULL)")
        }
        try? await connection.close()
        return name
    }

    /// Runs `pg_ctlcluster VERSION disturb restart` and returns its exit status (0 is success),
    /// through ``Subprocess`` (posix_spawn and waitpid: pg_ctlcluster run as root switches to the
    /// cluster owner, and Foundation's `Process` once never saw it exit).
    static func restartCluster(version: String) async throws -> Int32 {
        let result = try await Subprocess.run(executable: "/usr/bin/pg_ctlcluster", arguments: [version, "disturb", "restart"],
                                              workingDirectory: FileManager.default.temporaryDirectory, timeout: 120)
        return result.killedBySignal ? 128 + result.status : result.status
    }

    /// What the restarting task did, shared with the test.
    final class Restarts: @unchecked Sendable {
        private let lock = NSLock()
        private var ended = false
        private var results: [Int32] = []
        func end() { lock.withLock { ended = true } }
        var hasEnded: Bool { lock.withLock { ended } }
        func record(_ status: Int32) { lock.withLock { results.append(status) } }
        var all: [Int32] { lock.withLock { results } }
    }

    @Test("the server restarted (up to twice) during a --parallel 4 run: exit status 1, same report, counts and sync script as undisturbed",
          .timeLimit(.minutes(10)))
    func restartDuringRun() async throws {
        let version = try Self.version()
        try await Workspace.with("restart") { workspace in
            let source = try await Self.createDatabase(workspace, label: "restart_src", isTarget: false)
            let target = try await Self.createDatabase(workspace, label: "restart_tgt", isTarget: true)
            let environment = TestEnvironment.current
            func block(_ key: String, _ database: String) -> String {
                """
                \(key):
                  type: postgresql
                  host: \(YAML.quoted(environment.host))
                  port: \(TestEnvironment.disturbPort)
                  database: \(YAML.quoted(database))
                  username: \(YAML.quoted(environment.username))
                  password_env: \(TestEnvironment.passwordVariable)

                """
            }
            var text = block("source_database", source) + block("target_database", target)
            text += "state_directory: state\noutput_directory: out\n"
            text += "retry: {attempts: 12, initial_delay: 0.2, max_delay: 2}\n"
            text += "tables:\n  - table_name: ledger\n    primary_key: [id]\n    chunk_size: 2000\n"
            let configuration = try workspace.write(text, to: "config.yaml")

            let started = Date()
            let undisturbed = try await workspace.parity(["compare", configuration.path, "--parallel", "4", "--state-dir", "state-calm", "--output-dir", "out-calm"])
            let calmSeconds = Date().timeIntervalSince(started)
            #expect(undisturbed.status == 1, "\(undisturbed.transcript)")
            #expect(undisturbed.messages.filter { $0.hasPrefix("WARNING") || $0.hasPrefix("ERROR") } == [])
            let calmID = try #require(WalkthroughTests.sessionID(in: undisturbed.stderr))
            let calm = try SessionOutcome.read(sessionID: calmID, output: OutputDirectory(url: workspace.url("out-calm")))
            #expect(calm.counts == ["ledger": Counts(matching: 199_739, missingInTarget: 99, missingInSource: 2, different: 162)])
            #expect(calm.rows == ["ledger": [200_000, 199_903]])

            // Once the run has connections on the cluster, restart it; again a little later.
            let restarts = Restarts()
            let admin = try await Self.connect(database: "postgres")
            let watch = "SELECT count(*)::text FROM pg_stat_activity WHERE datname IN ('\(source)', '\(target)')"
            let results = try await withThrowingTaskGroup(of: ProcessResult?.self) { group in
                group.addTask {
                    defer { restarts.end() }
                    return try await workspace.parity(["compare", configuration.path, "--parallel", "4"])
                }
                group.addTask {
                    var connected = false
                    while !restarts.hasEnded && !connected {
                        var count = "0"
                        for try await row in try await admin.query(PostgresQuery(unsafeSQL: watch), logger: Self.logger) {
                            count = try row.decode(String.self)
                        }
                        connected = (Int(count) ?? 0) >= 4
                        if !connected { try await Task.sleep(nanoseconds: 20_000_000) }
                    }
                    try? await admin.close()
                    for pause in [min(0.5, calmSeconds / 8), min(1.5, calmSeconds / 4)] {
                        try await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
                        if restarts.hasEnded { break }
                        restarts.record(try await Self.restartCluster(version: version))
                    }
                    return nil
                }
                var results: [ProcessResult] = []
                for try await result in group { if let result { results.append(result) } }
                return results
            }
            #expect(restarts.all.allSatisfy { $0 == 0 }, "exit statuses of pg_ctlcluster \(version) disturb restart: \(restarts.all)")
            #expect(restarts.all.count >= 1, "the run ended before the server could be restarted (undisturbed run: \(calmSeconds) s)")
            let run = try #require(results.first)
            #expect(run.status == 1, "\(run.transcript)")
            #expect(run.messages.filter { $0.hasPrefix("ERROR") } == [], "\(run.transcript)")
            let warnings = run.messages.filter { $0.hasPrefix("WARNING") }
            #expect(warnings.count >= 1, "a restart during the run must show as retries: \(run.transcript)")
            let retry = #/WARNING - (Chunk \d+/\d+ of ledger|Planning ledger|Checking tables) failed: .+; retry \d+/12 in \d+\.\d s on a new connection/#
            #expect(warnings.allSatisfy { $0.wholeMatch(of: retry) != nil }, "\(warnings)")
            #expect(!run.stderr.contains(environment.password))
            let id = try #require(WalkthroughTests.sessionID(in: run.stderr))
            let outcome = try SessionOutcome.read(sessionID: id, output: OutputDirectory(url: workspace.url("out")))
            #expect(outcome == calm, "the run with restarts differs from the undisturbed one")
            let reasons = Set(warnings.compactMap { $0.firstMatch(of: #/:\d+/parity_it_\w+: (.+?)(; check [^;]+)?; retry \d/#).map { String($0.1) } })
            print("Server restart: \(restarts.all.count) restarts, \(warnings.count) retries logged, undisturbed run \(String(format: "%.1f", calmSeconds)) s: \(reasons.sorted())")
        }
    }
}
