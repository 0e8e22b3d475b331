import Foundation
import Testing

/// Bad input through the real binary: each mistake gives one line on stderr saying what to do,
/// exit status 2, and leaves nothing behind (no session when the failure comes before the
/// comparison, no output file). A key that is not unique is compared as a multiset of whole
/// rows, never with an UPDATE.
@Suite("Bad input")
struct BadInputTests {
    /// Expects a clean failure: status 2, exactly `line` on stderr, no output file, and either no
    /// state directory at all (`stateCreated: false`, the configuration failed to load) or a
    /// state store without a session.
    func expectCleanFailure(_ run: ProcessResult, line: String, in workspace: Workspace, stateCreated: Bool,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(run.status == 2, "\(run.transcript)", sourceLocation: sourceLocation)
        #expect(!run.killedBySignal, sourceLocation: sourceLocation)
        #expect(run.messages == [line], "\(run.transcript)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(workspace.files(under: "out").isEmpty, "output files: \(workspace.files(under: "out"))", sourceLocation: sourceLocation)
        if stateCreated {
            #expect(try await workspace.sessionIDs(stateDirectory: "state") == [], sourceLocation: sourceLocation)
            #expect(workspace.files(under: "state") == ["state/parity.log", "state/parity_state.sqlite"], sourceLocation: sourceLocation)
        } else {
            #expect(!FileManager.default.fileExists(atPath: workspace.url("state").path), sourceLocation: sourceLocation)
        }
    }

    /// Two SQLite files with the same table; a configuration must be broken to fail.
    static let sqliteBlocks = """
        source_database:
          type: sqlite
          path: source.sqlite
        target_database:
          type: sqlite
          path: target.sqlite
        state_directory: state
        output_directory: out

        """

    // MARK: Configuration

    @Test("malformed YAML: the line and column, and what to do")
    func malformedYAML() async throws {
        try await Workspace.with("bad-yaml") { workspace in
            _ = try workspace.write(Self.sqliteBlocks + "tables:\n  - table_name: t\n    primary_key: [id\n", to: "config.yaml")
            let run = try await workspace.parity(["compare", "config.yaml"])
            try await expectCleanFailure(run, line: "parity: config.yaml: not valid YAML: line 12, column 1: did not find expected ',' or ']'; correct the file there (parity init writes a commented sample).",
                                         in: workspace, stateCreated: false)
        }
    }

    @Test("unknown key: file, line, key path and the key meant")
    func unknownKeySuggestsTheKnownOne() async throws {
        try await Workspace.with("bad-key") { workspace in
            _ = try workspace.write(Self.sqliteBlocks + "tables:\n  - table_name: t\n    primary_key: [id]\n    chunck_size: 100\n", to: "config.yaml")
            let run = try await workspace.parity(["compare", "config.yaml"])
            try await expectCleanFailure(run, line: "parity: config.yaml:12: tables[0].chunck_size: unknown key chunck_size; did you mean chunk_size?",
                                         in: workspace, stateCreated: false)
        }
    }

    @Test("other configuration mistakes", arguments: [
        ("retry:\n  attempts: 101\n", "parity: config.yaml:10: retry.attempts: expected a whole number from 0 to 100, found \"101\""),
        ("retry: {initial_delay: 5, max_delay: 2}\n", "parity: config.yaml:9: retry.max_delay: max_delay (2 s) is shorter than initial_delay (5 s); make max_delay at least initial_delay"),
        ("retry: {initial_delay: soon}\n", "parity: config.yaml:9: retry.initial_delay: expected seconds from 0 to 3600, found \"soon\""),
        ("parallel_chunks: 0\n", "parity: config.yaml:9: parallel_chunks: expected a whole number ≥ 1, found \"0\""),
        ("recheck: {after: 2, attempts: -1}\n", "parity: config.yaml:9: recheck.attempts: expected a whole number from 1 to 100, found \"-1\""),
        ("recheck: {after: later}\n", "parity: config.yaml:9: recheck.after: expected seconds from 0 to 3600, found \"later\""),
        ("guarded_statements: sometimes\n", "parity: config.yaml:9: guarded_statements: expected true or false, found \"sometimes\""),
    ])
    func configurationMistakes(extra: String, line: String) async throws {
        try await Workspace.with("bad-config") { workspace in
            _ = try workspace.write(Self.sqliteBlocks + extra + "tables:\n  - table_name: t\n    primary_key: [id]\n", to: "config.yaml")
            let run = try await workspace.parity(["compare", "config.yaml"])
            try await expectCleanFailure(run, line: line, in: workspace, stateCreated: false)
        }
    }

    @Test("missing configuration file, unset password variable, missing password file")
    func missingPieces() async throws {
        try await Workspace.with("bad-pieces") { workspace in
            let missing = try await workspace.parity(["compare", "nowhere.yaml"])
            try await expectCleanFailure(missing, line: "parity: nowhere.yaml: cannot read the configuration file; check the path (parity init writes a sample).",
                                         in: workspace, stateCreated: false)

            let block = { (password: String) in
                "source_database:\n  type: postgresql\n  host: 127.0.0.1\n  database: d\n  username: u\n  \(password)\n" + Self.sqliteBlocks.split(separator: "\n").dropFirst(3).joined(separator: "\n") + "\ntables:\n  - table_name: t\n    primary_key: [id]\n"
            }
            let unset = try workspace.write(block("password_env: PARITY_NOT_SET_ANYWHERE"), to: "unset.yaml")
            try await expectCleanFailure(try await workspace.parity(["compare", unset.path]),
                                         line: "parity: \(unset.path):6: source_database.password_env: environment variable PARITY_NOT_SET_ANYWHERE is not set; export it before running parity",
                                         in: workspace, stateCreated: false)
            _ = try workspace.write(block("password_file: secrets/source.pw"), to: "nofile.yaml")
            try await expectCleanFailure(try await workspace.parity(["compare", "nofile.yaml"]),
                                         line: "parity: nofile.yaml:6: source_database.password_file: \(workspace.url("secrets/source.pw").path) does not exist; write the password on the first line of that file, or fix the path",
                                         in: workspace, stateCreated: false)
            _ = try workspace.write(block("password: x\n  password_env: HOME"), to: "both.yaml")
            try await expectCleanFailure(try await workspace.parity(["compare", "./both.yaml"]),
                                         line: "parity: ./both.yaml:7: source_database.password_env: give one of password, password_env and password_file, not password and password_env",
                                         in: workspace, stateCreated: false)
        }
    }

    // MARK: Tables and keys

    /// A source and a target PostgreSQL database, each with table `t (id, name)` unless told.
    func databases(_ workspace: Workspace, sourceTable: String = "CREATE TABLE t (id int PRIMARY KEY, name text)",
                   targetTable: String = "CREATE TABLE t (id int PRIMARY KEY, name text)") async throws -> (TestDatabase, TestDatabase) {
        let source = try await workspace.database(.postgresql, "bad_src")
        let target = try await workspace.database(.postgresql, "bad_tgt")
        try await source.execute(sourceTable, "INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        try await target.execute(targetTable)
        return (source, target)
    }

    static func display(_ database: TestDatabase) -> String {
        let environment = TestEnvironment.current
        return "postgresql://\(environment.username)@\(environment.host):\(environment.port)/\(database.name)"
    }

    @Test("a table missing on the source or on the target stops before a session exists")
    func missingTable() async throws {
        try await Workspace.with("bad-table") { workspace in
            let (source, target) = try await databases(workspace, targetTable: "CREATE TABLE other (id int PRIMARY KEY, name text)")
            let onSource = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("nope", key: ["id"])])
            try await expectCleanFailure(try await workspace.parity(["compare", onSource.path]),
                                         line: "ERROR - Table nope does not exist in \(Self.display(source)); check table_name and schema (the table's, else source_database's) in the configuration.",
                                         in: workspace, stateCreated: true)
            let onTarget = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            try await expectCleanFailure(try await workspace.parity(["compare", onTarget.path]),
                                         line: "ERROR - Table t does not exist in \(Self.display(target)); check target_table_name (default table_name) and target_schema (default the table's schema, else target_database's) in the configuration.",
                                         in: workspace, stateCreated: true)
        }
    }

    @Test("a key column missing on the source or on the target stops before a session exists")
    func missingKeyColumn() async throws {
        try await Workspace.with("bad-keycol") { workspace in
            let (source, target) = try await databases(workspace, targetTable: "CREATE TABLE t (code int PRIMARY KEY, id int, name text)")
            let onSource = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["code"])])
            try await expectCleanFailure(try await workspace.parity(["compare", onSource.path]),
                                         line: "ERROR - Key column code of table t is not in the source table t; check primary_key in the configuration.",
                                         in: workspace, stateCreated: true)
            try await target.execute("ALTER TABLE t DROP COLUMN id")
            let onTarget = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            try await expectCleanFailure(try await workspace.parity(["compare", onTarget.path]),
                                         line: "ERROR - Key column id of table t is not in the target table t; check primary_key in the configuration.",
                                         in: workspace, stateCreated: true)
        }
    }

    @Test("key columns that do not order alike, and a column_map naming a missing column, stop before a session exists")
    func incomparableKeyAndBadColumnMap() async throws {
        try await Workspace.with("bad-keykind") { workspace in
            let (source, target) = try await databases(workspace, targetTable: "CREATE TABLE t (id text PRIMARY KEY, name text)")
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            try await expectCleanFailure(try await workspace.parity(["compare", configuration.path]),
                                         line: "ERROR - Key column id of table t is integer in the source and text in the target, which do not order alike; key on columns of the same kind on both sides.",
                                         in: workspace, stateCreated: true)
            try await target.execute("DROP TABLE t", "CREATE TABLE t (id int PRIMARY KEY, full_name text)")
            let renamed = try workspace.writeConfiguration(source: source, target: target,
                                                           tables: [TableEntry("t", key: ["id"], options: ["column_map: {name: fullname}"])])
            try await expectCleanFailure(try await workspace.parity(["compare", renamed.path]),
                                         line: "ERROR - column_map of table t maps name to fullname, which is not a column of the target table t; check column_map in the configuration.",
                                         in: workspace, stateCreated: true)
        }
    }

    @Test("exclude_columns naming no column or a key column, and a key column named twice, stop before a session exists")
    func badExcludeAndRepeatedKey() async throws {
        try await Workspace.with("bad-exclude") { workspace in
            let (source, target) = try await databases(workspace)
            let typo = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], options: ["exclude_columns: [nmae]"])])
            try await expectCleanFailure(try await workspace.parity(["compare", typo.path]),
                                         line: "ERROR - exclude_columns of table t names nmae, which is a column of neither the source table t nor the target table t; check exclude_columns in the configuration.",
                                         in: workspace, stateCreated: true)
            let key = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], options: ["exclude_columns: [ID]"])])
            try await expectCleanFailure(try await workspace.parity(["compare", key.path]),
                                         line: "ERROR - exclude_columns of table t names key column ID; a key column is always compared, so remove it from exclude_columns.",
                                         in: workspace, stateCreated: true)
            let twice = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id", "id"])])
            try await expectCleanFailure(try await workspace.parity(["compare", twice.path]),
                                         line: "ERROR - primary_key of table t names id twice; list each key column once.",
                                         in: workspace, stateCreated: true)
        }
    }

    @Test("a where filter a database refuses stops before a session exists; a configuration with a byte order mark is read")
    func badWhereAndByteOrderMark() async throws {
        try await Workspace.with("bad-where") { workspace in
            let (source, target) = try await databases(workspace)
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], options: ["where: \"nmae <> 'x'\""])])
            try await expectCleanFailure(try await workspace.parity(["compare", configuration.path]),
                                         line: "ERROR - The where filter of table t fails on the source: Query failed on \(Self.display(source)): column \"nmae\" does not exist; correct where in the configuration (it runs on both sides). (SQLSTATE 42703)",
                                         in: workspace, stateCreated: true)
            let good = try workspace.writeConfiguration("good.yaml", source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
            bytes += Array(try Data(contentsOf: good))
            try Data(bytes).write(to: workspace.url("bom.yaml"))
            let run = try await workspace.parity(["compare", "bom.yaml"])
            #expect(run.status == 1, "\(run.transcript)")
        }
    }

    @Test("a state directory that is a file, and a state store that is not one: one line each, nothing changed")
    func badStateDirectory() async throws {
        try await Workspace.with("bad-state") { workspace in
            let configuration = try workspace.write(Self.sqliteBlocks + "tables:\n  - table_name: t\n    primary_key: [id]\n", to: "config.yaml")
            try "not a folder\n".write(to: workspace.url("afile"), atomically: true, encoding: .utf8)
            let file = try await workspace.parity(["compare", "config.yaml", "--state-dir", "afile"])
            #expect(file.status == 2)
            #expect(file.messages == ["parity: The state directory \(workspace.url("afile").path) is a file; choose another with --state-dir or state_directory."], "\(file.transcript)")
            #expect(try String(contentsOf: workspace.url("afile"), encoding: .utf8) == "not a folder\n")
            try FileManager.default.createDirectory(at: workspace.url("junk"), withIntermediateDirectories: true)
            let junk = String(repeating: "this is no database ", count: 300)
            try junk.write(to: workspace.url("junk/parity_state.sqlite"), atomically: true, encoding: .utf8)
            let corrupt = try await workspace.parity(["compare", configuration.path, "--state-dir", "junk"])
            #expect(corrupt.status == 2)
            #expect(corrupt.messages == ["parity: \(workspace.url("junk/parity_state.sqlite").path) is not a Parity state store (file is not a database); move it away, or choose another state directory with --state-dir."],
                    "\(corrupt.transcript)")
            #expect(try String(contentsOf: workspace.url("junk/parity_state.sqlite"), encoding: .utf8) == junk)
            // A shortened key gets the key it shortens.
            _ = try workspace.write(Self.sqliteBlocks.replacingOccurrences(of: "state_directory:", with: "state_dir:") + "tables:\n  - table_name: t\n    primary_key: [id]\n", to: "short.yaml")
            let run = try await workspace.parity(["compare", "short.yaml"])
            #expect(run.status == 2)
            #expect(run.messages == ["parity: short.yaml:7: state_dir: unknown key state_dir; did you mean state_directory?"], "\(run.transcript)")
        }
    }

    @Test("parity demo never replaces a file or a folder it did not make; parity init never overwrites and names a missing folder")
    func demoAndInitKeepUserFiles() async throws {
        try await Workspace.with("bad-demo") { workspace in
            try "precious\n".write(to: workspace.url("afile"), atomically: true, encoding: .utf8)
            let onFile = try await workspace.parity(["demo", "--rows-scale", "0.01", "--dir", "afile"])
            #expect(onFile.status == 2)
            #expect(onFile.messages == ["parity: \(workspace.url("afile").path) exists and is not a folder; choose another folder with --dir."], "\(onFile.transcript)")
            #expect(try String(contentsOf: workspace.url("afile"), encoding: .utf8) == "precious\n")
            try FileManager.default.createDirectory(at: workspace.url("mine"), withIntermediateDirectories: true)
            try "keep\n".write(to: workspace.url("mine/notes.txt"), atomically: true, encoding: .utf8)
            let onFolder = try await workspace.parity(["demo", "--rows-scale", "0.01", "--dir", "mine"])
            #expect(onFolder.status == 2)
            #expect(onFolder.messages == ["parity: \(workspace.url("mine").path) exists and was not made by parity demo; choose another folder with --dir."], "\(onFolder.transcript)")
            #expect(workspace.files(under: "mine") == ["mine/notes.txt"])

            let missingFolder = try await workspace.parity(["init", "nodir/x.yaml"])
            #expect(missingFolder.status == 2)
            #expect(missingFolder.messages == ["parity: Cannot create nodir/x.yaml: No such file or directory; check that the folder nodir exists and is writable."], "\(missingFolder.transcript)")
            let made = try await workspace.parity(["init", "my conf.yaml"])
            #expect(made.status == 0, "\(made.transcript)")
            #expect(made.stdout == "Wrote my conf.yaml; edit it, then run: parity compare 'my conf.yaml'\n")
            let attributes = try FileManager.default.attributesOfItem(atPath: workspace.url("my conf.yaml").path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "a configuration may hold a password: owner only")
            let again = try await workspace.parity(["init", "my conf.yaml"])
            #expect(again.status == 2)
            #expect(again.messages == ["parity: my conf.yaml already exists and is not overwritten; name another file: parity init other.yaml"])
        }
    }

    @Test("--tables with --resume, and sessions script --tables naming a table the session lacks, are refused")
    func tablesWithResume() async throws {
        try await Workspace.with("bad-tables") { workspace in
            let run = try await workspace.parity(["compare", "config.yaml", "--resume", "abcd", "--tables", "t"])
            #expect(run.status == 2)
            #expect(run.stderrLines.first == "parity: Error: --tables chooses the tables of a new session; a resumed session compares its own tables (use --restart-table to redo one).", "\(run.transcript)")
            let (source, target) = try await databases(workspace)
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let compared = try await workspace.parity(["compare", configuration.path])
            #expect(compared.status == 1, "\(compared.transcript)")
            let id = try #require(WalkthroughTests.sessionID(in: compared.stderr))
            let script = try await workspace.parity(["sessions", "script", id, "--state-dir", "state", "--tables", "t,nosuch"])
            #expect(script.status == 2)
            #expect(script.messages == ["parity: --tables names nosuch, which session \(id) does not hold; it holds t."], "\(script.transcript)")
            // --guarded and --no-guarded together: refused, not "the last one wins".
            let both = try await workspace.parity(["sessions", "script", id, "--state-dir", "state", "--guarded", "--no-guarded"])
            #expect(both.status == 2)
            #expect(both.stderrLines.first == "parity: Error: Value to be set with flag '--no-guarded' had already been set with flag '--guarded'", "\(both.transcript)")
            #expect(workspace.files().filter { $0.hasSuffix(".sql") && !$0.contains("/") }.isEmpty, "no script written")
        }
    }

    /// The configured key repeats: rows sharing a key are compared as a multiset of whole rows.
    /// Key 2 holds `b, c` in the source and `b, x` in the target: an UPDATE by key would set both
    /// target rows to `c`; Parity deletes one copy of `x` and inserts `c`.
    @Test("a key that is not unique: compared as whole rows, a warning, never an UPDATE", arguments: ["checksum", "rows"])
    func repeatedKey(mode: String) async throws {
        try await Workspace.with("bad-dupkey") { workspace in
            let source = try await workspace.database(.postgresql, "dup_src")
            let target = try await workspace.database(.postgresql, "dup_tgt")
            try await source.execute("CREATE TABLE t (id int NOT NULL, name text)",
                                     "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd'), (4, 'e'), (4, 'e')")
            try await target.execute("CREATE TABLE t (id int NOT NULL, name text)",
                                     "INSERT INTO t VALUES (1, 'a'), (2, 'x'), (2, 'b'), (3, 'd'), (4, 'e')")
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let comparison = try await workspace.compare(configuration, outputDirectory: "out", ["--mode", mode])
            #expect(comparison.run.status == 1, "\(comparison.run.transcript)")
            #expect(comparison.run.messages.filter { $0.hasPrefix("WARNING - ") } == [
                "WARNING - Key (id) of table t is not unique (chunk 1/1 has repeated keys): rows sharing a key are compared as whole rows, and the sync script deletes and inserts single copies instead of updating them",
            ])
            let table = try comparison.report.table("t")
            #expect(table.counts == Counts(matching: 4, missingInTarget: 2, missingInSource: 1, different: 0))
            #expect(try comparison.output.changes(table) == [
                #"DELETE FROM "public"."t" WHERE ctid = (SELECT ctid FROM "public"."t" WHERE "id" = 2 AND "name" = 'x' LIMIT 1);"#,
                #"INSERT INTO "public"."t" ("id", "name") VALUES (2, 'c');"#,
                #"INSERT INTO "public"."t" ("id", "name") VALUES (4, 'e');"#,
            ])
            #expect(try comparison.output.summaryDifferenceLines(table) == ["(2): missing_in_target", "(2): missing_in_source", "(4): missing_in_target"])

            // Applied, the script makes the target hold exactly the source's rows.
            try await target.apply(script: try comparison.output.syncScript(table))
            #expect(try await target.text("t", columns: ["id", "name"], orderBy: "id, name")
                    == (try await source.text("t", columns: ["id", "name"], orderBy: "id, name")))
            let again = try await workspace.compare(configuration, outputDirectory: "out-after", ["--mode", mode])
            #expect(again.run.status == 0, "\(again.run.transcript)")
            #expect(try again.report.table("t").counts == Counts(matching: 6))
        }
    }

    // MARK: Connections

    @Test("unreachable host: a closed port on 127.0.0.1")
    func unreachableHost() async throws {
        try await Workspace.with("bad-port") { workspace in
            let source = try await workspace.database(.postgresql, "port_src")
            let port = try Self.closedPort()
            let text = source.configurationBlock("source_database").replacingOccurrences(of: "port: \(TestEnvironment.current.port)", with: "port: \(port)")
                + source.configurationBlock("target_database") + "state_directory: state\noutput_directory: out\ntables:\n  - table_name: t\n    primary_key: [id]\n"
            let configuration = try workspace.write(text, to: "config.yaml")
            let run = try await workspace.parity(["compare", configuration.path])
            let environment = TestEnvironment.current
            try await expectCleanFailure(run, line: "ERROR - Cannot connect to postgresql://\(environment.username)@\(environment.host):\(port)/\(source.name): Connection refused; check host, port, database, username and password.",
                                         in: workspace, stateCreated: true)
        }
    }

    @Test("wrong password")
    func wrongPassword() async throws {
        try await Workspace.with("bad-password") { workspace in
            let (source, target) = try await databases(workspace, targetTable: "CREATE TABLE t (id int PRIMARY KEY, name text)")
            let text = source.configurationBlock("source_database").replacingOccurrences(of: "password_env: \(TestEnvironment.passwordVariable)", with: "password_env: WRONG_PASSWORD")
                + target.configurationBlock("target_database") + "state_directory: state\noutput_directory: out\ntables:\n  - table_name: t\n    primary_key: [id]\n"
            let configuration = try workspace.write(text, to: "config.yaml")
            let run = try await workspace.parity(["compare", configuration.path], environment: ["WRONG_PASSWORD": "not-the-password"])
            try await expectCleanFailure(run, line: "ERROR - Cannot connect to \(Self.display(source)): password authentication failed for user \"\(TestEnvironment.current.username)\"; check host, port, database, username and password. (SQLSTATE 28P01)",
                                         in: workspace, stateCreated: true)
        }
    }

    /// A port on 127.0.0.1 nothing listens on: bound, then released.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw IntegrationTestError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw IntegrationTestError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: Outputs

    /// `chmod 0555` does not stop root; a path under a regular file fails for every user.
    @Test("an output directory that cannot be created stops before a session exists")
    func outputDirectoryUnderAFile() async throws {
        try await Workspace.with("bad-outdir") { workspace in
            let (source, target) = try await databases(workspace)
            try await target.execute("INSERT INTO t VALUES (1, 'a')")
            try workspace.write("not a directory\n", to: "some-file")
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let run = try await workspace.parity(["compare", configuration.path, "--output-dir", "some-file/out"])
            try await expectCleanFailure(run, line: "ERROR - Cannot create the output directory \(workspace.url("some-file/out").path): Not a directory; choose another with --output-dir or output_directory.",
                                         in: workspace, stateCreated: true)
            #expect(try String(contentsOf: workspace.url("some-file"), encoding: .utf8) == "not a directory\n")

            // The same for the state directory: nothing can be recorded, so nothing starts.
            try FileManager.default.removeItem(at: workspace.url("state"))
            let noState = try await workspace.parity(["compare", configuration.path, "--state-dir", "some-file/state"])
            try await expectCleanFailure(noState, line: "parity: Cannot open the state store \(workspace.url("some-file/state/parity_state.sqlite").path): Not a directory; check that the state directory is writable.",
                                         in: workspace, stateCreated: false)
            #expect(try String(contentsOf: workspace.url("some-file"), encoding: .utf8) == "not a directory\n")
        }
    }

    /// The crash leaves a session whose table is compared but not written; every name its sync
    /// script could take in the next seconds is taken by a file of someone else's.
    @Test("an existing sync script is never overwritten")
    func existingSyncScriptIsKept() async throws {
        try await Workspace.with("bad-existing") { workspace in
            let source = try await workspace.database(.postgresql, "keep_src")
            let target = try await workspace.database(.postgresql, "keep_tgt")
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id int PRIMARY KEY, name text)",
                                           "INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 300) g")
            }
            try await target.execute("UPDATE t SET name = 'changed' WHERE id = 150")
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"], chunkSize: 100)])
            let first = try await workspace.parity(["compare", configuration.path, "--parallel", "1"], environment: ["PARITY_TEST_KILL_AFTER_CHUNK": "t:3"])
            #expect(first.killedBySignal && first.status == SIGKILL, "\(first.transcript)")
            let sessionID = try #require(WalkthroughTests.sessionID(in: first.stderr))
            let runIDs = first.messages.compactMap { line in line.firstMatch(of: #/COMPARISON_START - Run ID: ([0-9a-f]{8}), Table: t/#).map { String($0.1) } }
            let runID = try #require(runIDs.first, "\(first.transcript)")

            let stamp = DateFormatter()
            stamp.dateFormat = "yyyyMMdd_HHmmss"
            stamp.timeZone = .current
            let foreign = "-- someone else's file: keep me\n"
            try FileManager.default.createDirectory(at: workspace.url("out"), withIntermediateDirectories: true)
            var planted: [String] = []
            let now = Date()
            for second in -2...30 {
                let name = "sync_target_t_\(stamp.string(from: now.addingTimeInterval(Double(second))))_\(runID).sql"
                try workspace.write(foreign, to: "out/" + name)
                planted.append(name)
            }
            let second = try await workspace.parity(["compare", configuration.path, "--resume", sessionID])
            #expect(second.status == 2, "\(second.transcript)")
            let errors = second.messages.filter { $0.hasPrefix("ERROR - ") }
            #expect(errors.count == 1, "\(second.transcript)")
            let pattern = #/ERROR - Table t failed: Output file (.+/out/(sync_target_t_\d{8}_\d{6}_[0-9a-f]{8}\.sql)) already exists and is not overwritten; move it away, then run parity again\./#
            let match = try #require(errors.first?.wholeMatch(of: pattern), "\(second.transcript)")
            #expect(String(match.1) == workspace.url("out/" + String(match.2)).path)
            #expect(planted.contains(String(match.2)))
            #expect(second.messages.last == "To resume: parity compare \(configuration.path) --resume \(sessionID)")
            for name in planted {
                #expect(try String(contentsOf: workspace.url("out/" + name), encoding: .utf8) == foreign, "\(name) was changed")
            }
            #expect(workspace.files(under: "out").filter { !$0.hasPrefix("out/sync_target_t_") } == ["out/comparison_report_\(sessionID.prefix(8)).json"],
                    "no summary, no temporary file: \(workspace.files(under: "out"))")

            // Moved away, the name is free: the resumed session writes its script there.
            try FileManager.default.moveItem(at: workspace.url("out/" + String(match.2)), to: workspace.url("moved-away.sql"))
            let third = try await workspace.parity(["compare", configuration.path, "--resume", sessionID])
            #expect(third.status == 1, "\(third.transcript)")
            let script = try String(contentsOf: workspace.url("out/" + String(match.2)), encoding: .utf8)
            #expect(SyncScript.statements(script).filter(SyncScript.isChange) == [#"UPDATE "public"."t" SET "name" = 'n150' WHERE "id" = 150;"#])
            #expect(try String(contentsOf: workspace.url("moved-away.sql"), encoding: .utf8) == foreign)
            for name in planted where name != String(match.2) {
                #expect(try String(contentsOf: workspace.url("out/" + name), encoding: .utf8) == foreign, "\(name) was changed")
            }
        }
    }
}
