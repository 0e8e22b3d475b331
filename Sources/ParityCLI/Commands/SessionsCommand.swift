import ArgumentParser
import Foundation
import ParityCore
import ParitySQLite

/// Options shared by the `sessions` subcommands.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: "Directory of the state store.")
    var stateDirectory = "comparison_state"

    func openStore() throws -> SQLiteStateStore {
        let path = (stateDirectory as NSString).appendingPathComponent(SQLiteStateStore.fileName)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ParityError(.state, "No state store at \(path); run parity compare first, or pass --state-dir.")
        }
        return try SQLiteStateStore(directory: stateDirectory)
    }

    func findSession(_ id: String, in store: SQLiteStateStore) throws -> SessionRecord {
        try Self.findSession(id, in: store, stateDirectory: stateDirectory)
    }

    /// The session with this id, or the one session whose id starts with it (4 characters or
    /// more): for `parity sessions …` and `parity compare --resume` alike.
    ///
    /// - Throws: ``ParityError`` `.state` saying why none is found and how to list them.
    static func findSession(_ id: String, in store: SQLiteStateStore, stateDirectory: String) throws -> SessionRecord {
        if let session = try store.session(id: id) { return session }
        let matches = try store.sessions().filter { $0.id.hasPrefix(id) }
        guard matches.count == 1, id.count >= 4 else {
            let reason = id.count < 4 ? "No session \(id) in \(stateDirectory) (a prefix needs at least 4 characters)"
                : matches.count > 1 ? "\(matches.count) sessions start with \(id); give more of the id" : "No session \(id) in \(stateDirectory)"
            throw ParityError(.state, "\(reason); list them with: parity sessions list --state-dir \(CompareCommand.shellWord(stateDirectory))")
        }
        return matches[0]
    }
}

/// `parity sessions`: list, show and delete stored sessions.
struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List, show, delete stored comparison sessions, or write their sync scripts again.",
        subcommands: [List.self, Show.self, Script.self, Delete.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored sessions, newest first.")
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            let sessions = try store.sessions()
            if sessions.isEmpty { print("No sessions."); return }
            print("SESSION ID                            STARTED              STATUS       TABLES")
            for session in sessions {
                let progress = try store.tableProgress(session: session.id)
                let done = progress.filter { $0.status == .completed }.count
                let status = session.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                print("\(session.id)  \(LogFormat.logStamp(session.startTime))  \(status) \(done)/\(progress.count) completed")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a session's progress per table.")
        @OptionGroup var state: StateOptions
        @Argument(help: "Session id (or a unique prefix of at least 4 characters).") var id: String
        @Flag(name: .customLong("json"), help: "Print the session as JSON.") var json = false

        func run() throws {
            let store = try state.openStore()
            let session = try state.findSession(id, in: store)
            let progress = try store.tableProgress(session: session.id)
            var counts: [String: DifferenceCounts] = [:]
            for table in progress { counts[table.table] = try store.counts(session: session.id, table: table.table) }
            if json {
                print(try SessionDocument(session: session, progress: progress, counts: counts).jsonText(), terminator: "")
                return
            }
            print(ComparisonRunner.sessionSummary(session, progress: progress))
            for table in progress {
                var line = "\(table.table): \(table.status.rawValue), \(table.completedChunks)/\(table.totalChunks) chunks, \(LogFormat.grouped(table.processedRows)) rows"
                let found = counts[table.table] ?? DifferenceCounts()
                // Counts of the chunks recorded so far (all of them once the table is completed).
                line += ", matching \(LogFormat.grouped(found.matching)), missing in target \(LogFormat.grouped(found.missingInTarget))"
                    + ", missing in source \(LogFormat.grouped(found.missingInSource)), different \(LogFormat.grouped(found.different))"
                if found.inFlight > 0 { line += ", \(LogFormat.grouped(found.inFlight)) in flight (resolved by recheck)" }
                if let error = table.error { line += ", error: \(error)" }
                print(line)
            }
        }
    }

    struct Script: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a session's sync scripts again from the state store, in the target's dialect or another.")
        @OptionGroup var state: StateOptions
        @Argument(help: "Session id (or a unique prefix of at least 4 characters).") var id: String
        @Option(name: .customLong("dialect"), help: "postgresql, sqlite, oracle, mysql or sqlserver (default: the target's).") var dialect: String?
        @Option(name: .customLong("output-dir"), help: "Directory for the scripts.") var outputDirectory = "."
        @Option(name: .customLong("tables"), help: "Only these tables (comma-separated).") var tables: String?
        @Option(name: .customLong("commit-every"), help: "Oracle scripts: COMMIT after this many statements (default 1000).") var commitEvery: Int?
        @Option(name: .customLong("target-schema"),
                help: "Schema written before table names (default: the session's target schema; \"\" for none; none for --dialect sqlite when the target was another engine).")
        var targetSchema: String?
        @Flag(inversion: .prefixedNo, exclusivity: .exclusive, help: "Guard statements with the target's before-image (default: as the session was compared).")
        var guarded: Bool?

        func validate() throws {
            if let dialect, Dialects.named(dialect) == nil {
                throw ValidationError("Unknown dialect \(dialect); use one of \(Dialects.names.joined(separator: ", ")).")
            }
        }

        func run() throws {
            let store = try state.openStore()
            let session = try state.findSession(id, in: store)
            let only = tables.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            let unknown = (only ?? []).filter { !session.tables.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw ParityError(.configuration, "--tables names \(unknown.joined(separator: ", ")), which session \(session.id) does not hold; it holds \(session.tables.joined(separator: ", ")).")
            }
            var written = 0
            for progress in try store.tableProgress(session: session.id) where only?.contains(progress.table) ?? true {
                guard progress.status == .completed, let plan = try store.plan(session: session.id, table: progress.table) else {
                    print("\(progress.table): \(progress.status.rawValue), not finished: no script (resume the session first)")
                    continue
                }
                let counts = try store.counts(session: session.id, table: progress.table)
                guard counts.totalDifferences > 0 else {
                    print("\(progress.table): no differences, no script")
                    continue
                }
                guard let name = dialect ?? plan.targetDialect, var chosen = Dialects.named(name) else {
                    throw ParityError(.state, "The session does not record \(progress.table)'s target engine; name one with --dialect.")
                }
                if let commitEvery, chosen is OracleDialect { chosen = OracleDialect(commitInterval: max(1, commitEvery)) }
                let table = ComparisonRunner.fileNamePart(progress.table)
                let suffix = dialect.map { ".\(Dialects.named($0)?.name ?? $0)" } ?? ""
                let file = "sync_target_\(table)_\(LogFormat.fileStamp(Date()))_\(progress.runID ?? "00000000")\(suffix).sql"
                // A session compared with guarded_statements: true records it in its fingerprint.
                let sessionGuarded = session.fingerprint["table \(progress.table)"]?.components(separatedBy: "; ").contains("guarded_statements=true") ?? false
                // A schema belongs to the engine the session compared: SQLite has none (its
                // "schema" names an attached database), another engine may use another one.
                var mapping = plan.mapping
                if let targetSchema {
                    mapping.target.schema = targetSchema.isEmpty ? nil : targetSchema
                } else if chosen is SQLiteDialect, plan.targetDialect != "sqlite" {
                    mapping.target.schema = nil
                }
                try SyncScriptWriter(mapping: mapping, targetDialect: chosen, guarded: guarded ?? sessionGuarded)
                    .writeFile(named: file, in: outputDirectory, store: store, session: session.id, table: progress.table,
                               counts: counts, targetDisplayName: "regenerated from session \(session.id) (key collisions not checked again: this script is written from the state store alone)")
                print("\(progress.table): \((outputDirectory as NSString).appendingPathComponent(file))")
                written += 1
            }
            if written == 0 { print("No sync script written.") }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a session and its stored results (output files are kept).")
        @OptionGroup var state: StateOptions
        @Argument(help: "Session id.") var id: String

        func run() throws {
            let store = try state.openStore()
            let session = try state.findSession(id, in: store)
            // A session being compared is not deleted under the run.
            let lock = try SessionLock.acquire(stateDirectory: state.stateDirectory, sessionID: session.id) { pid in
                "Session \(session.id) is being compared by a running parity process\(pid.map { " (pid \($0))" } ?? ""); stop it first (Ctrl-C), then delete."
            }
            try store.deleteSession(id: session.id)
            try? FileManager.default.removeItem(atPath: SessionLock.path(stateDirectory: state.stateDirectory, sessionID: session.id))
            lock.release()
            print("Deleted session \(session.id)")
        }
    }
}

/// The walkthrough's session JSON: id, start time, table counts, status, and per-table progress.
public struct SessionDocument: Encodable {
    struct Table: Encodable {
        var status: String
        var totalChunks: Int
        var completedChunks: Int
        var processedRows: Int
        var lastUpdate: String?
        /// Counts of the chunks recorded so far.
        var matching: Int
        var missingInTarget: Int
        var missingInSource: Int
        var different: Int
        /// Rows resolved by a recheck; absent when none.
        var inFlight: Int?
        /// Why the table failed; absent unless it did.
        var error: String?
        enum CodingKeys: String, CodingKey {
            case status, totalChunks = "total_chunks", completedChunks = "completed_chunks", processedRows = "processed_rows", lastUpdate = "last_update"
            case matching, missingInTarget = "missing_in_target", missingInSource = "missing_in_source", different
            case inFlight = "in_flight", error
        }
    }
    var sessionID: String
    var startTime: String
    var totalTables: Int
    var completedTables: Int
    var status: String
    var tableProgress: [String: Table]

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id", startTime = "start_time", totalTables = "total_tables", completedTables = "completed_tables"
        case status, tableProgress = "table_progress"
    }

    /// - Parameter counts: each table's counts of the chunks recorded so far.
    public init(session: SessionRecord, progress: [TableProgress], counts: [String: DifferenceCounts] = [:]) {
        sessionID = session.id
        startTime = LogFormat.isoStamp(session.startTime)
        totalTables = progress.count
        completedTables = progress.filter { $0.status == .completed }.count
        status = session.status.rawValue
        tableProgress = Dictionary(uniqueKeysWithValues: progress.map {
            let found = counts[$0.table] ?? DifferenceCounts()
            return ($0.table, Table(status: $0.status.rawValue, totalChunks: $0.totalChunks, completedChunks: $0.completedChunks,
                                    processedRows: $0.processedRows, lastUpdate: $0.lastUpdate.map(LogFormat.isoStamp),
                                    matching: found.matching, missingInTarget: found.missingInTarget, missingInSource: found.missingInSource,
                                    different: found.different, inFlight: found.inFlight > 0 ? found.inFlight : nil, error: $0.error))
        })
    }

    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
