import Foundation
import Testing

/// Passwords never leave the configuration: a full comparison with a dedicated role whose
/// password is unusual, read from `password_file`, leaves no trace of it in any file the run
/// wrote (state store, log, report, summaries, sync scripts), on stdout or stderr, or in the
/// process's arguments; and a plain `password:` in a file others can read is warned about.
@Suite("Secrets")
struct SecretsTests {
    /// Quotes, a backslash, spaces, `${…}` and `$HOME` (taken literally from a password file),
    /// and non-ASCII letters. The distinctive core also finds escaped copies.
    static let core = "Qx9-Secret-Core"
    static let password = #"\#(core) 'single' "double" \back ${NOT_SET} $HOME é§"#

    @Test("an unusual password appears in no file, output or argument of a run")
    func passwordLeavesNoTrace() async throws {
        try await Workspace.with("secrets") { workspace in
            let source = try await workspace.database(.postgresql, "secret_src")
            let target = try await workspace.database(.postgresql, "secret_tgt")
            for database in [source, target] {
                try await database.execute("CREATE TABLE good (id int PRIMARY KEY, name text)",
                                           "INSERT INTO good SELECT g, 'name ' || g FROM generate_series(1, 250) g",
                                           "CREATE TABLE broken (id int PRIMARY KEY, name text)",
                                           "INSERT INTO broken VALUES (1, 'a')")
            }
            try await target.execute("UPDATE good SET name = 'changed' WHERE id = 42", "DELETE FROM good WHERE id = 200")

            // A role of its own, with the password; dropped after the databases.
            let role = "parity_secret_\(UUID().uuidString.lowercased().prefix(8))"
            try await TestDatabase.administer("CREATE ROLE \"\(role)\" LOGIN PASSWORD \(SQLText.quoted(Self.password))")
            workspace.track { try? await TestDatabase.administer("DROP ROLE IF EXISTS \"\(role)\"") }
            // The role may read good, not broken: the table broken fails in the middle of the run.
            for database in [source, target] {
                try await database.execute("GRANT SELECT ON good TO \"\(role)\"")
            }
            let passwordFile = try workspace.write(Self.password + "\n", to: "secret.pw")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)

            let environment = TestEnvironment.current
            func block(_ key: String, _ database: TestDatabase) -> String {
                """
                \(key):
                  type: postgresql
                  host: \(YAML.quoted(environment.host))
                  port: \(environment.port)
                  database: \(YAML.quoted(database.name))
                  username: \(YAML.quoted(role))
                  password_file: secret.pw

                """
            }
            let configuration = try workspace.write(block("source_database", source) + block("target_database", target) + """
                state_directory: state
                output_directory: out
                chunk_size: 100
                tables:
                  - table_name: good
                    primary_key: [id]
                  - table_name: broken
                    primary_key: [id]

                """, to: "config.yaml")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configuration.path)

            let arguments = ["compare", configuration.path, "--json"]
            let run = try await workspace.parity(arguments)
            #expect(run.status == 2, "\(run.transcript)")
            let sessionID = try #require(WalkthroughTests.sessionID(in: run.stderr), "\(run.transcript)")
            #expect(run.messages.filter { $0.hasPrefix("ERROR - ") || $0.hasPrefix("WARNING - ") } == [
                "ERROR - Table broken failed: Query failed on postgresql://\(role)@\(environment.host):\(environment.port)/\(source.name): permission denied for table broken (SQLSTATE 42501)",
            ], "\(run.transcript)")
            let report = try Report.decode(Data(run.stdout.utf8))
            #expect(try report.table("good").counts == Counts(matching: 248, missingInTarget: 1, missingInSource: 0, different: 1))
            #expect(try report.table("broken").status == "failed")
            let output = OutputDirectory(url: workspace.url("out"))
            #expect(try output.changes(try report.table("good")) == [
                #"UPDATE "public"."good" SET "name" = 'name 42' WHERE "id" = 42;"#,
                #"INSERT INTO "public"."good" ("id", "name") VALUES (200, 'name 200');"#,
            ])
            let show = try await workspace.parity(["sessions", "show", sessionID, "--state-dir", "state"])
            #expect(show.status == 0, "\(show.transcript)")

            // Every file the run wrote, and everything it printed.
            let written = workspace.files().filter { $0 != "secret.pw" }
            #expect(written.contains("state/parity_state.sqlite"))
            #expect(written.contains("state/parity.log"))
            #expect(written.contains("out/comparison_report_\(sessionID.prefix(8)).json"))
            #expect(written.contains { $0.hasPrefix("out/comparison_summary_good_") })
            #expect(written.contains { $0.hasPrefix("out/sync_target_good_") })
            var searched: [(String, Data)] = [("stdout", Data(run.stdout.utf8)), ("stderr", Data(run.stderr.utf8)),
                                              ("sessions show", Data((show.stdout + show.stderr).utf8))]
            for name in written { searched.append((name, try Data(contentsOf: workspace.url(name)))) }
            for (name, data) in searched {
                #expect(data.range(of: Data(Self.password.utf8)) == nil, "\(name) holds the password")
                #expect(data.range(of: Data(Self.core.utf8)) == nil, "\(name) holds part of the password")
            }
            #expect(searched.count >= 8, "\(written)")

            // The command line (what `ps` shows) never held it: it is read from the file.
            #expect(!arguments.contains { $0.contains(Self.core) || $0.contains("password") })
        }
    }

    @Test("a plain password in a file others can read is warned about, once")
    func plainPasswordWarning() async throws {
        try await Workspace.with("secrets-mode") { workspace in
            let source = try await workspace.database(.postgresql, "mode_src")
            try await source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)")
            let plain = source.configurationBlock("source_database")
                .replacingOccurrences(of: "password_env: \(TestEnvironment.passwordVariable)", with: "password: \(YAML.quoted(TestEnvironment.current.password))")
            let configuration = try workspace.write(plain + source.configurationBlock("target_database")
                + "state_directory: state\noutput_directory: out\ntables:\n  - table_name: t\n    primary_key: [id]\n", to: "config.yaml")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: configuration.path)
            let readable = try await workspace.parity(["compare", configuration.path, "--output-dir", "out-644"])
            #expect(readable.status == 0, "\(readable.transcript)")
            let warning = "WARNING - \(configuration.path) holds a password and is readable by group or others (mode 644); chmod 600 \(configuration.path), or use password_env or password_file instead of password"
            #expect(readable.messages.first == warning)
            #expect(readable.messages.filter { $0.hasPrefix("WARNING - ") } == [warning])

            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: configuration.path)
            let groupReadable = try await workspace.parity(["compare", configuration.path, "--output-dir", "out-640"])
            #expect(groupReadable.messages.first == warning.replacingOccurrences(of: "mode 644", with: "mode 640"))

            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configuration.path)
            let private600 = try await workspace.parity(["compare", configuration.path, "--output-dir", "out-600"])
            #expect(private600.status == 0, "\(private600.transcript)")
            #expect(private600.messages.filter { $0.hasPrefix("WARNING - ") } == [])

            // The warning is in the log too; the password is not.
            let log = try String(contentsOf: workspace.url("state/parity.log"), encoding: .utf8)
            #expect(log.split(separator: "\n").map { LogLine.message(String($0)) }.filter { $0.hasPrefix("WARNING - ") }.count == 2)
            #expect(!log.contains(TestEnvironment.current.password))
        }
    }

    @Test("a password file others can read is warned about; at mode 600 it is not")
    func readablePasswordFileWarning() async throws {
        try await Workspace.with("secrets-file-mode") { workspace in
            let source = try await workspace.database(.postgresql, "filemode_src")
            try await source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)")
            try (TestEnvironment.current.password + "\n").write(to: workspace.url("source.pw"), atomically: true, encoding: .utf8)
            let block = source.configurationBlock("source_database")
                .replacingOccurrences(of: "password_env: \(TestEnvironment.passwordVariable)", with: "password_file: source.pw")
            let configuration = try workspace.write(block + source.configurationBlock("target_database")
                + "state_directory: state\noutput_directory: out\ntables:\n  - table_name: t\n    primary_key: [id]\n", to: "config.yaml")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configuration.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.url("source.pw").path)
            let readable = try await workspace.parity(["compare", configuration.path, "--output-dir", "out-644"])
            #expect(readable.status == 0, "\(readable.transcript)")
            let file = workspace.url("source.pw").path
            #expect(readable.messages.filter { $0.hasPrefix("WARNING - ") } == ["WARNING - \(file) holds a password and is readable by group or others (mode 644); chmod 600 \(file)"],
                    "\(readable.transcript)")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            let closed = try await workspace.parity(["compare", configuration.path, "--output-dir", "out-600"])
            #expect(closed.status == 0, "\(closed.transcript)")
            #expect(closed.messages.filter { $0.hasPrefix("WARNING - ") } == [])
            #expect(!readable.stderr.contains(TestEnvironment.current.password) && !closed.stderr.contains(TestEnvironment.current.password))
        }
    }
}
