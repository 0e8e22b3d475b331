import Foundation
import ParityCore
@testable import ParityODBC
import Testing

/// MariaDB kills the tool's ODBC connections in the middle of a run (`KILL CONNECTION`, as an
/// operator or a failover would): MariaDB Connector/ODBC reports 1927 "Connection was killed",
/// 2006 "server has gone away", 2013 "Lost connection" or 5014 "Write error: Broken pipe"
/// (SQLSTATE HY000, 70100 or 08S01), which
/// are lost connections: the chunk is retried on new connections, the run never hangs, and it
/// ends with exactly the result of an undisturbed run.
@Suite("Disturbed server through ODBC")
struct ODBCDisturbedServerTests {
    static func load(_ database: MariaDBTestDatabase, isTarget: Bool) async throws {
        try await database.execute(
            "CREATE TABLE big (id int PRIMARY KEY, name varchar(40), amount decimal(12,2))",
            "INSERT INTO big SELECT seq, CONCAT('name ', seq), seq * 0.37 FROM seq_1_to_100000")
        guard isTarget else { return }
        try await database.execute(
            "UPDATE big SET name = CONCAT(name, '!') WHERE id % 701 = 0",
            "DELETE FROM big WHERE id % 1009 = 0")
    }

    @Test("lost-connection diagnostics of MariaDB Connector/ODBC are lost connections, for MySQL only")
    func lostConnectionClassification() {
        func failure(_ state: String, _ native: Int32) -> ODBCFailure {
            ODBCFailure(function: "SQLExecDirect", diagnostics: [ODBCDiagnostic(sqlState: state, nativeError: native, message: "m")])
        }
        #expect(failure("HY000", 2006).isLostConnection(engine: .mysql))
        #expect(failure("HY000", 2013).isLostConnection(engine: .mysql))
        #expect(failure("HY000", 2055).isLostConnection(engine: .mysql))
        #expect(failure("HY000", 5013).isLostConnection(engine: .mysql))
        #expect(failure("HY000", 5014).isLostConnection(engine: .mysql))
        #expect(failure("70100", 1927).isLostConnection(engine: .mysql))
        #expect(failure("08S01", 1053).isLostConnection(engine: .mysql))
        #expect(failure("08S01", 0).isLostConnection(engine: .oracle))
        #expect(!failure("HY000", 2006).isLostConnection(engine: .oracle))
        #expect(!failure("42S02", 1146).isLostConnection(engine: .mysql))
        #expect(!failure("25006", 1792).isLostConnection(engine: .mysql))
    }

    /// MariaDB Connector/ODBC 3.1 answers a statement on a connection it has lost with success
    /// and no rows (or SQL_INVALID_HANDLE): after the first lost-connection error the connector
    /// must refuse every statement, or an empty result would read as an empty chunk.
    @Test("statements on a KILLed MariaDB connection fail as lost connections every time, never as an empty result", .timeLimit(.minutes(1)))
    func killedConnectionNeverAnswersEmpty() async throws {
        try await Workspace.with("odbc-killed") { workspace in
            let database = try await workspace.mariadb("killed")
            let environment = MariaDBEnvironment.current
            let settings = ODBCSettings(address: .server(host: environment.host, port: environment.port, database: database.name),
                                        driver: MariaDBEnvironment.mariadbDriver, engine: .mysql, username: environment.username,
                                        password: environment.password, connectTimeout: 30)
            let admin = try await MariaDBTestDatabase.connect(database: nil)
            // A 2 MB statement written to the dead socket fails with 5014 "Write error: Broken
            // pipe", a small one with 2013 "Lost connection".
            let large = "SELECT CAST(42 AS CHAR) /*" + String(repeating: "x", count: 2_000_000) + "*/"
            for first in ["SELECT CAST(42 AS CHAR)", large] {
                let connector = try await ODBCConnector.connect(settings)
                let id = try #require(try await connector.query(SQLStatement("SELECT CAST(CONNECTION_ID() AS CHAR)"), resultKinds: [.text]).first?.first?.canonicalText)
                _ = try await admin.query(SQLStatement("KILL CONNECTION \(id)"), resultKinds: [])
                try await Task.sleep(nanoseconds: 300_000_000)
                var messages: [String] = []
                for sql in [first, "SELECT CAST(42 AS CHAR)", "SELECT CAST(43 AS CHAR)"] {
                    do {
                        let rows = try await connector.query(SQLStatement(sql), resultKinds: [.text])
                        Issue.record("a statement on a killed connection answered \(rows)")
                    } catch let error as ParityError {
                        #expect(error.code == .connection, "\(error)")
                        #expect(RetryPolicy.isTransient(error))
                        messages.append(error.description)
                    }
                }
                #expect(messages.count == 3)
                #expect(messages.dropFirst().allSatisfy { $0 == "The ODBC connection to \(connector.displayName) was lost; open a new connection." }, "\(messages)")
                await connector.close()
            }
            await admin.close()
        }
    }

    @Test("connections KILLed during a --parallel 2 MariaDB → MariaDB run: retried, same result as undisturbed, no hang",
          .timeLimit(.minutes(10)))
    func killedConnections() async throws {
        try await Workspace.with("odbc-disturbed") { workspace in
            let source = try await workspace.mariadb("kill_src")
            let target = try await workspace.mariadb("kill_tgt")
            try await Self.load(source, isTarget: false)
            try await Self.load(target, isTarget: true)
            // The test's own connections are spared.
            let own = try await source.strings("SELECT CAST(CONNECTION_ID() AS CHAR)", columns: 1)
                + target.strings("SELECT CAST(CONNECTION_ID() AS CHAR)", columns: 1)
            let ownIDs = own.compactMap { $0.first ?? nil }.joined(separator: ", ")

            var text = source.configurationBlock("source_database") + target.configurationBlock("target_database")
            text += "state_directory: state\noutput_directory: out\n"
            // More retries than disturbances (at most 6 land): even a step that every
            // disturbance hits (planning, on a slow machine) outlasts them.
            text += "retry: {attempts: 8, initial_delay: 0.1, max_delay: 0.5}\n"
            text += "tables:\n  - table_name: big\n    primary_key: [id]\n    chunk_size: 500\n"
            let configuration = try workspace.write(text, to: "config.yaml")

            let undisturbed = try await workspace.parity(["compare", configuration.path, "--parallel", "2", "--state-dir", "state-calm", "--output-dir", "out-calm"])
            #expect(undisturbed.status == 1, "\(undisturbed.transcript)")
            #expect(undisturbed.messages.filter { $0.hasPrefix("WARNING") || $0.hasPrefix("ERROR") } == [])
            let calmID = try #require(WalkthroughTests.sessionID(in: undisturbed.stderr))
            let calm = try SessionOutcome.read(sessionID: calmID, output: OutputDirectory(url: workspace.url("out-calm")))
            #expect(calm.counts == ["big": Counts(matching: 99_759, missingInTarget: 99, missingInSource: 0, different: 142)])

            // While the run goes on, every 0.25 s: KILL every connection to the two databases but
            // the test's own.
            let list = """
                SELECT CAST(ID AS CHAR) FROM information_schema.PROCESSLIST
                WHERE DB IN ('\(source.name)', '\(target.name)') AND ID <> CONNECTION_ID() AND ID NOT IN (\(ownIDs))
                """
            let disturbances = DisturbedServerTests.Disturbances()
            let admin = try await MariaDBTestDatabase.connect(database: nil)
            let results = try await withThrowingTaskGroup(of: ProcessResult?.self) { group in
                group.addTask {
                    defer { disturbances.end() }
                    return try await workspace.parity(["compare", configuration.path, "--parallel", "2"])
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: 200_000_000)
                    while !disturbances.hasEnded && disturbances.counts.filter({ $0 > 0 }).count < 6 && disturbances.counts.count < 40 {
                        var killed = 0
                        for row in try await admin.query(SQLStatement(list), resultKinds: [.text]) {
                            guard let id = row.first?.canonicalText else { continue }
                            // A connection that ended meanwhile is "Unknown thread id": not counted.
                            if (try? await admin.query(SQLStatement("KILL CONNECTION \(id)"), resultKinds: [])) != nil { killed += 1 }
                        }
                        disturbances.record(killed)
                        try await Task.sleep(nanoseconds: 250_000_000)
                    }
                    return nil
                }
                var results: [ProcessResult] = []
                for try await result in group { if let result { results.append(result) } }
                return results
            }
            await admin.close()
            let run = try #require(results.first)
            #expect(!run.killedBySignal, "the run hung and was killed after the subprocess timeout: \(run.transcript)")
            let landed = disturbances.counts.filter { $0 > 0 }
            #expect(landed.count >= 2, "disturbances that killed connections: \(disturbances.counts)")
            #expect(run.status == 1, "\(run.transcript)")
            #expect(run.messages.filter { $0.hasPrefix("ERROR") } == [], "\(run.transcript)")
            #expect(!run.stderr.contains(MariaDBEnvironment.current.password))
            let id = try #require(WalkthroughTests.sessionID(in: run.stderr))
            let outcome = try SessionOutcome.read(sessionID: id, output: OutputDirectory(url: workspace.url("out")))
            #expect(outcome == calm, "the disturbed run differs from the undisturbed one")

            let retry = #/WARNING - (Chunk \d+/\d+ of big|Planning big|Checking tables) failed: .+; retry [1-8]/8 in \d\.\d s on a new connection/#
            let warnings = run.messages.filter { $0.hasPrefix("WARNING") }
            #expect(warnings.allSatisfy { $0.wholeMatch(of: retry) != nil }, "\(warnings)")
            #expect(warnings.count >= 2, "\(landed.count) disturbances, warnings: \(warnings)")
            let reasons = Set(warnings.compactMap { $0.firstMatch(of: #/\]([^\[\]]+?)( \(SQLSTATE \w+\))?; retry/#).map { "\($0.1)\($0.2 ?? "")" } })
            print("Disturbed MariaDB: \(landed.count) disturbances (\(landed.reduce(0, +)) connections killed), \(warnings.count) retries logged: \(reasons.sorted())")
        }
    }
}
