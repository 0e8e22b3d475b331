import Foundation

/// Everything one test creates: a temporary directory (configs, SQLite files, state stores,
/// outputs) and the PostgreSQL databases, all removed when the test ends.
final class Workspace: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var databases: [TestDatabase] = []
    private var cleanups: [@Sendable () async -> Void] = []

    private init(directory: URL) {
        self.directory = directory
    }

    /// Runs `body` with a fresh workspace and removes it afterwards, whether `body` throws or not.
    /// Set `PARITY_TEST_KEEP=1` to keep the directories and databases for a look after a failure.
    static func with<T>(_ label: String, _ body: (Workspace) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parity-it-\(label)-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let workspace = Workspace(directory: directory)
        let keep = ProcessInfo.processInfo.environment["PARITY_TEST_KEEP"] == "1"
        do {
            let result = try await body(workspace)
            if !keep { await workspace.remove() }
            return result
        } catch {
            if !keep { await workspace.remove() }
            throw error
        }
    }

    private func remove() async {
        let created = lock.withLock { databases }
        for database in created { await database.drop() }
        for cleanup in lock.withLock({ cleanups }) { await cleanup() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A new database of this engine: a uniquely named PostgreSQL database, or `<label>.sqlite`.
    func database(_ engine: Engine, _ label: String) async throws -> TestDatabase {
        let database: TestDatabase
        switch engine {
        case .postgresql: database = try await TestDatabase.createPostgres(label: label)
        case .sqlite: database = try TestDatabase.createSQLite(path: url(label + ".sqlite").path)
        }
        lock.withLock { databases.append(database) }
        return database
    }

    /// Runs `cleanup` when the workspace is removed (e.g. drops a database of another engine).
    func track(_ cleanup: @escaping @Sendable () async -> Void) {
        lock.withLock { cleanups.append(cleanup) }
    }

    /// A path inside the workspace.
    func url(_ relative: String) -> URL {
        directory.appendingPathComponent(relative)
    }

    /// Writes a Parity configuration and returns its URL.
    /// - Parameter top: more top-level YAML lines (e.g. `equivalence: {…}`).
    func writeConfiguration(_ name: String = "config.yaml", source: TestDatabase, target: TestDatabase, tables: [TableEntry],
                            stateDirectory: String = "state", outputDirectory: String = "out", top: [String] = []) throws -> URL {
        var text = source.configurationBlock("source_database") + target.configurationBlock("target_database")
        for line in top { text += line + "\n" }
        text += "state_directory: \(YAML.quoted(stateDirectory))\n"
        text += "output_directory: \(YAML.quoted(outputDirectory))\n"
        text += "tables:\n"
        for table in tables {
            text += "  - table_name: \(YAML.quoted(table.name))\n"
            text += "    primary_key: [\(table.primaryKey.map(YAML.quoted).joined(separator: ", "))]\n"
            if let chunkSize = table.chunkSize { text += "    chunk_size: \(chunkSize)\n" }
            for line in table.options { text += "    " + line + "\n" }
        }
        return try write(text, to: name)
    }

    /// Writes text to a file in the workspace.
    @discardableResult
    func write(_ text: String, to name: String) throws -> URL {
        let file = url(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Runs the real `parity` executable in the workspace directory.
    ///
    /// The PostgreSQL and MariaDB passwords reach it through `PARITY_TEST_PG_PASSWORD` and
    /// `PARITY_TEST_MARIADB_PASSWORD` (`password_env`);
    /// the kill fault point is only set when asked for.
    func parity(_ arguments: [String], environment: [String: String] = [:], interrupt: Interrupt? = nil) async throws -> ProcessResult {
        var variables = [TestEnvironment.passwordVariable: TestEnvironment.current.password,
                         MariaDBEnvironment.passwordVariable: MariaDBEnvironment.current.password]
        variables.merge(environment) { _, new in new }
        return try await Subprocess.run(executable: try ParityExecutable.path(), arguments: arguments, environment: variables,
                                        removing: ["PARITY_TEST_KILL_AFTER_CHUNK"], workingDirectory: directory, interrupt: interrupt)
    }

    /// `parity compare CONFIG --json --output-dir DIR …`, with the report decoded from stdout.
    ///
    /// Each run gets its own output directory: summaries are named by the second they are
    /// written in, so two runs in one second would otherwise collide.
    func compare(_ configuration: URL, outputDirectory: String = "out", _ extra: [String] = []) async throws -> Comparison {
        let run = try await parity(["compare", configuration.path, "--json", "--output-dir", outputDirectory] + extra)
        guard run.status == 0 || run.status == 1, !run.killedBySignal else {
            throw IntegrationTestError("parity compare failed:\n\(run.transcript)")
        }
        do {
            return Comparison(run: run, report: try Report.decode(Data(run.stdout.utf8)), output: OutputDirectory(url: url(outputDirectory)))
        } catch {
            throw IntegrationTestError("parity compare --json did not print a report (\(error)):\n\(run.transcript)")
        }
    }
}

/// One finished `parity compare`: the process, its report and its output directory.
struct Comparison: Sendable {
    var run: ProcessResult
    var report: Report
    var output: OutputDirectory
}

/// One `tables:` entry of a generated configuration.
struct TableEntry: Sendable {
    var name: String
    var primaryKey: [String]
    var chunkSize: Int?
    /// More keys of the table entry, as YAML lines without indentation (e.g. `equivalence: {…}`).
    var options: [String]

    init(_ name: String, key: [String], chunkSize: Int? = nil, options: [String] = []) {
        self.name = name
        self.primaryKey = key
        self.chunkSize = chunkSize
        self.options = options
    }
}

/// Finds the `parity` executable SwiftPM built next to the test bundle.
enum ParityExecutable {
    static func path() throws -> String {
        let fileManager = FileManager.default
        var directories: [URL] = []
        if let override = ProcessInfo.processInfo.environment["PARITY_EXECUTABLE"], !override.isEmpty {
            return override
        }
        directories.append(Bundle.main.bundleURL)
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("parity").path
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw IntegrationTestError("The parity executable is not next to the test bundle (looked in \(directories.map(\.path))); build with swift build --build-tests, or set PARITY_EXECUTABLE.")
    }
}
