import ArgumentParser
import Foundation
import Logging
import ParityCore
import ParitySQLite

/// `parity compare CONFIG`: runs or resumes a comparison session.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the configured tables, or resume an interrupted session."
    )

    @Argument(help: "The YAML configuration file.")
    var config: String

    @Option(name: .customLong("resume"), help: "Resume this session id, skipping finished tables and chunks.")
    var resume: String?

    @Option(name: .customLong("tables"), help: "Compare only these tables (comma-separated configured names).")
    var tables: String?

    @Option(name: .customLong("restart-table"), help: "With --resume: compare this table again from the start (comma-separated names allowed).")
    var restartTables: String?

    @Option(name: .customLong("output-dir"), help: "Directory for sync scripts, summaries and the report (default: output_directory or the current directory).")
    var outputDirectory: String?

    @Option(name: .customLong("state-dir"), help: "Directory of the state store and log (default: state_directory or comparison_state).")
    var stateDirectory: String?

    @Option(name: .customLong("parallel"), help: "Chunks compared at once, each with its own connections (1-64; default parallel_chunks or 4).")
    var parallel: Int?

    @Option(name: .customLong("mode"), help: "checksum (compare inside the databases, move only differing rows) or rows (read every row).")
    var mode: CompareMode?

    @Option(name: .customLong("commit-every"), help: "Oracle sync scripts: COMMIT after this many statements (default 1000).")
    var commitEvery: Int?

    @Flag(name: .customLong("json"), help: "Print the session report as JSON on stdout.")
    var json = false

    func validate() throws {
        if let parallel, !(1...64).contains(parallel) { throw ValidationError("--parallel must be between 1 and 64.") }
        if let commitEvery, commitEvery < 1 { throw ValidationError("--commit-every must be at least 1.") }
        if restartTables != nil, resume == nil { throw ValidationError("--restart-table needs --resume SESSION_ID: it redoes a table of that session.") }
        if tables != nil, resume != nil {
            throw ValidationError("--tables chooses the tables of a new session; a resumed session compares its own tables (use --restart-table to redo one).")
        }
    }

    @Flag(name: .customLong("verbose"), help: "Log debug lines too.")
    var verbose = false

    /// `text` as one shell word: as is when it holds only safe characters, else single-quoted.
    static func shellWord(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:=,@%".contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The start of the printed resume line: what finds the session again (`--state-dir`) and
    /// what its fingerprint holds from the command line (`--mode`), plus `--commit-every` for
    /// the scripts still to write; every word shell-quoted where needed.
    func resumeCommand() -> String {
        var words = ["parity", "compare", Self.shellWord(config)]
        if let stateDirectory { words += ["--state-dir", Self.shellWord(stateDirectory)] }
        if let mode { words += ["--mode", mode.rawValue] }
        if let commitEvery { words += ["--commit-every", String(commitEvery)] }
        return words.joined(separator: " ")
    }

    func run() async throws {
        let terminal = Terminal()
        var configuration: Configuration
        do {
            configuration = try ConfigurationLoader().load(path: config)
            if let parallel { configuration.parallelChunks = parallel }
            if let mode { for index in configuration.tables.indices { configuration.tables[index].compareMode = mode } }
        } catch let error as ParityError {
            terminal.line("parity: " + error.description, toFile: false)
            throw ExitCode(ExitStatus.error)
        }
        let request = CompareRequest(configuration: configuration, resume: resume,
                                     tables: tables.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                                     restartTables: restartTables.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
                                     outputDirectory: outputDirectory, stateDirectory: stateDirectory, json: json,
                                     logLevel: verbose ? .debug : .info,
                                     // The resume line must find the session: it carries --state-dir when one was given.
                                     commandLine: resumeCommand(),
                                     commitInterval: commitEvery)
        let status = await request.execute(terminal: terminal)
        throw ExitCode(status)
    }
}

/// One `parity compare` invocation, usable from the command, the demo and tests.
public struct CompareRequest: Sendable {
    public var configuration: Configuration
    public var resume: String?
    public var tables: [String]?
    /// Tables of the resumed session to compare again from the start.
    public var restartTables: [String]
    public var outputDirectory: String?
    public var stateDirectory: String?
    public var json: Bool
    public var logLevel: Logger.Level
    /// How the user started parity, for the resume hint (`parity compare config.yaml`).
    public var commandLine: String
    /// How transient failures are retried; the configuration's `retry:` by default.
    public var retryPolicy: RetryPolicy
    /// Statements between COMMITs in Oracle sync scripts (`--commit-every`); `nil` for 1,000.
    public var commitInterval: Int?

    public init(configuration: Configuration, resume: String? = nil, tables: [String]? = nil, restartTables: [String] = [],
                outputDirectory: String? = nil, stateDirectory: String? = nil, json: Bool = false, logLevel: Logger.Level = .info,
                commandLine: String, commitInterval: Int? = nil) {
        self.commitInterval = commitInterval
        self.configuration = configuration
        self.resume = resume
        self.tables = tables
        self.restartTables = restartTables
        self.outputDirectory = outputDirectory
        self.stateDirectory = stateDirectory
        self.json = json
        self.logLevel = logLevel
        self.commandLine = commandLine
        self.retryPolicy = configuration.retry
    }

    /// Runs the session and returns the exit status: 0 identical, 1 differences, 2 error.
    public func execute(terminal: Terminal) async -> Int32 {
        let result = await executeReturningReport(terminal: terminal)
        return result.status
    }

    /// Runs the session; returns the exit status and, when the run got that far, the report.
    public func executeReturningReport(terminal: Terminal) async -> (status: Int32, report: SessionReport?) {
        let stateDirectory = absolute(self.stateDirectory ?? configuration.stateDirectory)
        let outputDirectory = absolute(self.outputDirectory ?? configuration.outputDirectory)
        let store: SQLiteStateStore
        do {
            store = try SQLiteStateStore(directory: stateDirectory)
        } catch {
            terminal.line("parity: \(Self.message(error))", toFile: false)
            return (ExitStatus.error, nil)
        }
        terminal.openLogFile((stateDirectory as NSString).appendingPathComponent("parity.log"))
        let level = logLevel
        let logger = Logger(label: "parity") { _ in LineLogHandler(terminal: terminal, level: level) }
        for warning in configuration.warnings { logger.warning("\(warning)") }
        var sessionID: String?
        var connectors: [any DatabaseConnector] = []
        // The session's lock, held until this run ends (see SessionLock).
        var lock: SessionLock?
        defer { lock?.release() }
        do {
            var session: SessionRecord?
            var jobs = configuration.tables.map(\.job)
            if let resume {
                let found = try StateOptions.findSession(resume, in: store, stateDirectory: stateDirectory)
                lock = try SessionLock.acquire(stateDirectory: stateDirectory, sessionID: found.id) { pid in
                    "Session \(found.id) is being compared by another parity process\(pid.map { " (pid \($0))" } ?? ""); wait for it to end, or stop it, then resume."
                }
                let missing = found.tables.filter { name in !jobs.contains { $0.name == name } }
                if !missing.isEmpty {
                    throw ParityError(.configuration, "Session \(found.id) compares \(missing.joined(separator: ", ")), which the configuration no longer lists; resume with the configuration the session was started with.")
                }
                jobs = found.tables.compactMap { name in jobs.first { $0.name == name } }
                session = found
                try checkFingerprint(of: found, store: store, logger: logger)
                try OutputFile.checkDirectory(found.outputDirectory)
                // Only now is resuming the advice: a refused resume needs another configuration.
                sessionID = found.id
                logger.info("Resumed session: \(found.id)")
                for table in restartTables {
                    try store.resetTable(session: found.id, table: table)
                    logger.info("Restarting table: \(table)")
                }
                let progress = try store.tableProgress(session: found.id)
                terminal.line("")
                terminal.line(ComparisonRunner.sessionSummary(found, progress: progress))
                terminal.line("")
                if progress.allSatisfy({ $0.status == .completed }) {
                    logger.info("Session \(found.id) is already complete; nothing to do")
                    let report = try ComparisonRunner.finishSession(store: store, sessionID: found.id, outputDirectory: found.outputDirectory)
                    return (finish(report: report, session: found, logger: logger, terminal: terminal), report)
                }
            } else if let only = tables {
                let unknown = only.filter { name in !jobs.contains { $0.name == name } }
                if !unknown.isEmpty {
                    throw ParityError(.configuration, "--tables names \(unknown.joined(separator: ", ")), which the configuration does not list.")
                }
                jobs = jobs.filter { only.contains($0.name) }
            }
            // Connect before a new session is created: a wrong host or password leaves nothing behind.
            var workers = try await openWorkers(count: configuration.parallelChunks, opened: &connectors)
            let current: SessionRecord
            if let session {
                current = session
            } else {
                // Every table and key column must exist before a session is created: a typo in a
                // name leaves nothing to resume.
                // Transient failures (a dropped connection, a restarting server) are retried here
                // too, on a new connection pair that then replaces the first worker.
                var retry = 0
                while let worker = workers.first {
                    do {
                        try await ComparisonRunner.checkTables(jobs, source: worker.source, target: worker.target)
                        break
                    } catch {
                        guard RetryPolicy.isTransient(error), retry < retryPolicy.attempts else { throw error }
                        retry += 1
                        let delay = retryPolicy.delay(forRetry: retry)
                        logger.warning("\(retryPolicy.warning("Checking tables", failedWith: error, retry: retry, delay: delay, newConnection: true))")
                        try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                        guard let fresh = try await openWorkers(count: 1, opened: &connectors).first else { break }
                        workers[0] = fresh
                    }
                }
                try OutputFile.checkDirectory(outputDirectory)
                current = try ComparisonRunner.createSession(store: store, configPath: configuration.path, outputDirectory: outputDirectory,
                                                             jobs: jobs, fingerprint: configuration.fingerprint(tables: jobs.map(\.name)),
                                                             logger: logger)
                sessionID = current.id
                lock = try SessionLock.acquire(stateDirectory: stateDirectory, sessionID: current.id) { pid in
                    "Session \(current.id) is in use by another parity process\(pid.map { " (pid \($0))" } ?? "")."
                }
            }
            // Whether each side's connection is encrypted, as its server sees it (PostgreSQL).
            if let worker = workers.first {
                for (side, connector) in [("Source", worker.source), ("Target", worker.target)] {
                    if let security = await connector.transportSecurity() {
                        logger.info("\(side) connection: \(connector.displayName), \(security)")
                    }
                }
            }
            var killAfter: (table: String, chunks: Int)?
            if let fault = ProcessInfo.processInfo.environment["PARITY_TEST_KILL_AFTER_CHUNK"],
               let colon = fault.lastIndex(of: ":"), let count = Int(fault[fault.index(after: colon)...]) {
                killAfter = (String(fault[..<colon]), count)
            }
            let modes = Dictionary(configuration.tables.map { ($0.tableName, $0.compareMode) }, uniquingKeysWith: { first, _ in first })
            let configuration = self.configuration
            let reconnect: @Sendable () async throws -> ComparisonRunner.Worker = {
                var opened: [any DatabaseConnector] = []
                do {
                    let quiet = Logger(label: "parity.driver") { _ in SwiftLogNoOpLogHandler() }
                    let source = try await ConnectorFactory.open(configuration.source, side: .source, logger: quiet)
                    opened.append(source)
                    let target = try await ConnectorFactory.open(configuration.target, side: .target, logger: quiet)
                    opened.append(target)
                    return ComparisonRunner.Worker(source: source, target: target)
                } catch {
                    for connector in opened { await connector.close() }
                    throw error
                }
            }
            var options = ComparisonRunner.Options(outputDirectory: current.outputDirectory, modes: modes, retry: retryPolicy,
                                                   commitInterval: commitInterval, killAfterChunk: killAfter,
                                                   guardedTables: Set(configuration.tables.filter(\.guardedStatements).map(\.tableName)),
                                                   rechecks: configuration.tables.reduce(into: [:]) { $0[$1.tableName] = $1.recheck })
            if let directory = ProcessInfo.processInfo.environment["PARITY_TEST_RECHECK_PAUSE"] {
                options.recheckPause = Self.recheckPause(directory: directory)
            }
            let runner = try ComparisonRunner(store: store, workers: workers, reconnect: reconnect,
                                          options: options,
                                          logger: logger, progress: ProgressBar(terminal: terminal))
            let signals = SignalWatcher(resumeLine: resumeLine(current.id))
            let run = Task { try await runner.run(session: current, jobs: jobs) }
            signals.start { run.cancel() }
            let outcome = await run.result
            signals.stop()
            for connector in connectors { await connector.close() }
            // A signal that came after the last table finished interrupted nothing: report the result.
            if let signal = signals.received, case .failure = outcome {
                try? store.setSessionStatus(id: current.id, .interrupted)
                terminal.endBar()
                logger.warning("Interrupted by \(signal == SIGINT ? "SIGINT" : "SIGTERM"): every finished chunk is saved in session \(current.id)")
                terminal.line(resumeLine(current.id))
                return (signal == SIGINT ? 130 : 143, nil)
            }
            let report = try outcome.get()
            return (finish(report: report, session: current, logger: logger, terminal: terminal), report)
        } catch {
            for connector in connectors { await connector.close() }
            logger.error("\(Self.message(error))")
            if let sessionID {
                terminal.line(resumeLine(sessionID))
            }
            return (ExitStatus.error, nil)
        }
    }

    /// Refuses to resume a session whose configuration changed in a way that affects results,
    /// unless every changed table is restarted; then stores the new fingerprint.
    ///
    /// - Throws: ``ParityError`` `.configuration` listing what changed.
    private func checkFingerprint(of session: SessionRecord, store: any StateStore, logger: Logger) throws {
        let unknown = restartTables.filter { !session.tables.contains($0) }
        if !unknown.isEmpty {
            throw ParityError(.configuration, "--restart-table names \(unknown.joined(separator: ", ")), which session \(session.id) does not compare.")
        }
        let current = configuration.fingerprint(tables: session.tables)
        guard !session.fingerprint.isEmpty, session.fingerprint != current else { return }
        let changes = Configuration.changes(from: session.fingerprint, to: current)
        let blocking = changes.filter { change in !restartTables.contains { change.part == "table \($0)" } }
        if !blocking.isEmpty {
            let tableHint = blocking.compactMap { $0.part.hasPrefix("table ") ? String($0.part.dropFirst(6)) : nil }
            let hint = tableHint.isEmpty ? "resume with the configuration the session was started with"
                : "resume with the original configuration, or redo the table with --restart-table \(tableHint.joined(separator: ","))"
            throw ParityError(.configuration, "The configuration changed since session \(session.id) started (\(blocking.map(\.description).joined(separator: "; "))); \(hint).")
        }
        try store.setFingerprint(id: session.id, current)
    }

    /// Opens `count` source/target connector pairs at once; every opened connector is added to
    /// `opened` (so it is closed even when another fails).
    private func openWorkers(count: Int, opened: inout [any DatabaseConnector]) async throws -> [ComparisonRunner.Worker] {
        let quiet = Logger(label: "parity.driver") { _ in SwiftLogNoOpLogHandler() }
        let configuration = self.configuration
        let retry = retryPolicy
        let results = await withTaskGroup(of: (Int, Side, Result<any DatabaseConnector, any Error>).self) { group in
            for index in 0..<count {
                for side in [Side.source, Side.target] {
                    group.addTask {
                        do {
                            let database = side == .source ? configuration.source : configuration.target
                            let connector = try await retry.connect { try await ConnectorFactory.open(database, side: side, logger: quiet) }
                            return (index, side, .success(connector))
                        } catch {
                            return (index, side, .failure(error))
                        }
                    }
                }
            }
            var all: [(Int, Side, Result<any DatabaseConnector, any Error>)] = []
            for await result in group { all.append(result) }
            return all.sorted { ($0.0, $0.1 == .source ? 0 : 1) < ($1.0, $1.1 == .source ? 0 : 1) }
        }
        for case (_, _, .success(let connector)) in results { opened.append(connector) }
        var workers: [ComparisonRunner.Worker] = []
        for index in 0..<count {
            let source = try results.first { $0.0 == index && $0.1 == .source }?.2.get()
            let target = try results.first { $0.0 == index && $0.1 == .target }?.2.get()
            if let source, let target { workers.append(ComparisonRunner.Worker(source: source, target: target)) }
        }
        return workers
    }

    /// Test-only fault point (`PARITY_TEST_RECHECK_PAUSE=DIR`): before a chunk's recheck delay,
    /// writes `DIR/read-<table>-<chunk>` (chunk 1-based) and waits, up to 60 s, until the test
    /// creates `DIR/resume-<table>-<chunk>`, so a test can change the target between the reads.
    static func recheckPause(directory: String) -> @Sendable (String, Int) async -> Void {
        { table, index in
            let name = "\(table)-\(index + 1)"
            _ = FileManager.default.createFile(atPath: (directory as NSString).appendingPathComponent("read-\(name)"), contents: nil)
            let resume = (directory as NSString).appendingPathComponent("resume-\(name)")
            for _ in 0..<1200 where !FileManager.default.fileExists(atPath: resume) {
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
        }
    }

    private func finish(report: SessionReport, session: SessionRecord, logger: Logger, terminal: Terminal) -> Int32 {
        let totals = report.tables.reduce(DifferenceCounts()) { $0 + $1.counts }
        logger.info("Session \(session.id) \(report.status.rawValue): \(report.tables.filter { $0.status == .completed }.count)/\(report.tables.count) tables, matching: \(totals.matching), missing_in_target: \(totals.missingInTarget), missing_in_source: \(totals.missingInSource), different: \(totals.different)")
        logger.info("Report: \((session.outputDirectory as NSString).appendingPathComponent("comparison_report_\(session.id.prefix(8)).json"))")
        if json, let text = try? report.jsonText() {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if report.hasFailures {
            terminal.line(resumeLine(session.id))
            return ExitStatus.error
        }
        return report.hasDifferences ? ExitStatus.differences : ExitStatus.identical
    }

    /// `To resume: <command line> --resume ID`, printed wherever a run stops with its session
    /// resumable.
    private func resumeLine(_ sessionID: String) -> String {
        "To resume: \(commandLine) --resume \(sessionID)"
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    static func message(_ error: any Error) -> String {
        (error as? ParityError)?.description ?? "\(error)"
    }
}

extension CompareMode: ExpressibleByArgument {}
