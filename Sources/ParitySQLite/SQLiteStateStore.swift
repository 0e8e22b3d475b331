import Foundation
import GRDB
import ParityCore

/// The state store as one SQLite file (WAL journal) in the state directory, by default
/// `comparison_state/parity_state.sqlite`.
///
/// Each method is one transaction; a chunk's counts, its difference rows and its done mark are
/// written together, so a process killed at any instant loses at most the chunk in flight.
public final class SQLiteStateStore: StateStore {
    /// File name of the store inside the state directory.
    public static let fileName = "parity_state.sqlite"

    private let queue: DatabaseQueue
    /// Path of the store file.
    public let path: String

    /// Opens (creating when needed) the store in `directory`.
    ///
    /// - Throws: ``ParityError`` `.state` when the directory or file cannot be created or read.
    public init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.label = "parity-state"
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ParityError(.state, "The state directory \(directory) is a file; choose another with --state-dir or state_directory.")
            }
            if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB {
                throw ParityError(.state, "\(path) is not a Parity state store (\(Self.message(error))); move it away, or choose another state directory with --state-dir.")
            }
            throw ParityError(.state, "Cannot open the state store \(path): \(Self.message(error)); check that the state directory is writable.")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY, start_time REAL NOT NULL, status TEXT NOT NULL,
                    config_path TEXT NOT NULL, output_dir TEXT NOT NULL, last_update REAL NOT NULL);
                CREATE TABLE session_tables (
                    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL, table_name TEXT NOT NULL, status TEXT NOT NULL,
                    total_chunks INTEGER NOT NULL DEFAULT 0, completed_chunks INTEGER NOT NULL DEFAULT 0,
                    processed_rows INTEGER NOT NULL DEFAULT 0, last_update REAL, run_id TEXT,
                    source_rows INTEGER, target_rows INTEGER, sync_file TEXT, summary_file TEXT, error TEXT, plan TEXT,
                    PRIMARY KEY (session_id, table_name));
                CREATE TABLE chunks (
                    session_id TEXT NOT NULL, table_name TEXT NOT NULL, chunk_index INTEGER NOT NULL,
                    matching INTEGER NOT NULL, missing_in_target INTEGER NOT NULL, missing_in_source INTEGER NOT NULL,
                    different INTEGER NOT NULL, source_rows INTEGER NOT NULL, target_rows INTEGER NOT NULL, completed_at REAL NOT NULL,
                    PRIMARY KEY (session_id, table_name, chunk_index),
                    FOREIGN KEY (session_id, table_name) REFERENCES session_tables(session_id, table_name) ON DELETE CASCADE);
                CREATE TABLE differences (
                    session_id TEXT NOT NULL, table_name TEXT NOT NULL, chunk_index INTEGER NOT NULL, seq INTEGER NOT NULL,
                    kind TEXT NOT NULL, data BLOB NOT NULL,
                    PRIMARY KEY (session_id, table_name, chunk_index, seq),
                    FOREIGN KEY (session_id, table_name, chunk_index) REFERENCES chunks(session_id, table_name, chunk_index) ON DELETE CASCADE);
                """)
        }
        migrator.registerMigration("v2-fingerprint") { db in
            try db.execute(sql: "ALTER TABLE sessions ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '{}'")
        }
        // Rows resolved by a recheck; chunks recorded before it existed have none.
        migrator.registerMigration("v3-in-flight") { db in
            try db.execute(sql: "ALTER TABLE chunks ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0")
        }
        return migrator
    }

    public func createSession(_ session: SessionRecord) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO sessions (id, start_time, status, config_path, output_dir, last_update, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [session.id, session.startTime.timeIntervalSince1970, session.status.rawValue, session.configPath,
                                       session.outputDirectory, session.lastUpdate.timeIntervalSince1970, Self.json(session.fingerprint)])
            for (position, table) in session.tables.enumerated() {
                try db.execute(sql: "INSERT INTO session_tables (session_id, position, table_name, status) VALUES (?, ?, ?, 'pending')",
                               arguments: [session.id, position, table])
            }
        }
    }

    public func session(id: String) throws -> SessionRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [id]) else { return nil }
            return try Self.session(row, db: db)
        }
    }

    public func sessions() throws -> [SessionRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sessions ORDER BY start_time DESC, id").map { try Self.session($0, db: db) }
        }
    }

    public func deleteSession(id: String) throws {
        try write { db in
            for table in ["differences", "chunks", "session_tables"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE session_id = ?", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id])
        }
    }

    public func setSessionStatus(id: String, _ status: ProgressStatus) throws {
        try write { db in
            try db.execute(sql: "UPDATE sessions SET status = ?, last_update = ? WHERE id = ?",
                           arguments: [status.rawValue, Date().timeIntervalSince1970, id])
        }
    }

    public func setFingerprint(id: String, _ fingerprint: [String: String]) throws {
        try write { db in
            try db.execute(sql: "UPDATE sessions SET fingerprint = ? WHERE id = ?", arguments: [Self.json(fingerprint), id])
        }
    }

    static func json(_ fingerprint: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(fingerprint)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public func tableProgress(session: String) throws -> [TableProgress] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM session_tables WHERE session_id = ? ORDER BY position", arguments: [session]).map { row in
                let lastUpdate: Double? = row["last_update"]
                return TableProgress(table: row["table_name"], status: ProgressStatus(rawValue: row["status"]) ?? .pending,
                                     totalChunks: row["total_chunks"], completedChunks: row["completed_chunks"], processedRows: row["processed_rows"],
                                     lastUpdate: lastUpdate.map { Date(timeIntervalSince1970: $0) }, runID: row["run_id"],
                                     sourceRows: row["source_rows"], targetRows: row["target_rows"],
                                     syncScriptFile: row["sync_file"], summaryFile: row["summary_file"], error: row["error"])
            }
        }
    }

    public func savePlan(session: String, table: String, plan: TablePlan, runID: String) throws {
        let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try write { db in
            try db.execute(sql: """
                UPDATE session_tables SET status = 'in_progress', plan = ?, run_id = ?, total_chunks = ?, completed_chunks = 0,
                processed_rows = 0, source_rows = ?, target_rows = ?, error = NULL, last_update = ?
                WHERE session_id = ? AND table_name = ? AND plan IS NULL
                """, arguments: [json, runID, plan.ranges.count, plan.sourceRows, plan.targetRows, Date().timeIntervalSince1970, session, table])
            guard db.changesCount == 1 else {
                throw ParityError(.state, "Table \(table) of session \(session) is already planned or unknown.", table: table)
            }
        }
    }

    public func plan(session: String, table: String) throws -> TablePlan? {
        let json = try read { db in
            try String.fetchOne(db, sql: "SELECT plan FROM session_tables WHERE session_id = ? AND table_name = ?", arguments: [session, table])
        }
        guard let json else { return nil }
        do {
            return try JSONDecoder().decode(TablePlan.self, from: Data(json.utf8))
        } catch {
            throw ParityError(.state, "The stored plan of \(table) cannot be read (\(error)); restart the table.", table: table)
        }
    }

    public func completedChunks(session: String, table: String) throws -> Set<Int> {
        Set(try read { db in
            try Int.fetchAll(db, sql: "SELECT chunk_index FROM chunks WHERE session_id = ? AND table_name = ?", arguments: [session, table])
        })
    }

    public func recordChunk(session: String, table: String, chunk: ChunkRecord, differences: [RowDifference]) throws {
        let encoded = differences.map { Data(DifferenceCodec.encode($0)) }
        let now = Date().timeIntervalSince1970
        try write { db in
            try db.execute(sql: """
                INSERT INTO chunks (session_id, table_name, chunk_index, matching, missing_in_target, missing_in_source, different,
                source_rows, target_rows, completed_at, in_flight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [session, table, chunk.index, chunk.counts.matching, chunk.counts.missingInTarget, chunk.counts.missingInSource,
                                 chunk.counts.different, chunk.sourceRows, chunk.targetRows, now, chunk.counts.inFlight])
            let statement = try db.makeStatement(sql: "INSERT INTO differences (session_id, table_name, chunk_index, seq, kind, data) VALUES (?, ?, ?, ?, ?, ?)")
            for (seq, difference) in differences.enumerated() {
                try statement.execute(arguments: [session, table, chunk.index, seq, difference.kind.rawValue, encoded[seq]])
            }
            try db.execute(sql: """
                UPDATE session_tables SET completed_chunks = completed_chunks + 1, processed_rows = processed_rows + ?, last_update = ?
                WHERE session_id = ? AND table_name = ?
                """, arguments: [chunk.sourceRows, now, session, table])
            try db.execute(sql: "UPDATE sessions SET last_update = ? WHERE id = ?", arguments: [now, session])
        }
    }

    public func counts(session: String, table: String) throws -> DifferenceCounts {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(matching), 0), COALESCE(SUM(missing_in_target), 0), COALESCE(SUM(missing_in_source), 0),
                COALESCE(SUM(different), 0), COALESCE(SUM(in_flight), 0) FROM chunks WHERE session_id = ? AND table_name = ?
                """, arguments: [session, table])
            return DifferenceCounts(matching: row?[0] ?? 0, missingInTarget: row?[1] ?? 0, missingInSource: row?[2] ?? 0, different: row?[3] ?? 0,
                                    inFlight: row?[4] ?? 0)
        }
    }

    public func differences(session: String, table: String) throws -> [RowDifference] {
        var all: [RowDifference] = []
        try forEachDifference(session: session, table: table, kind: nil, limit: nil) { all.append($0) }
        return all
    }

    public func forEachDifference(session: String, table: String, kind: DifferenceKind?, limit: Int?, _ body: (RowDifference) throws -> Void) throws {
        try read { db in
            let cursor = try Data.fetchCursor(db, sql: """
                SELECT data FROM differences WHERE session_id = ? AND table_name = ? AND (? IS NULL OR kind = ?)
                ORDER BY chunk_index, seq LIMIT ?
                """, arguments: [session, table, kind?.rawValue, kind?.rawValue, limit ?? -1])
            while let data = try cursor.next() {
                try body(try DifferenceCodec.decode([UInt8](data)))
            }
        }
    }

    public func setOutputFiles(session: String, table: String, syncScript: String, summary: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE session_tables SET sync_file = ?, summary_file = ? WHERE session_id = ? AND table_name = ?",
                           arguments: [syncScript, summary, session, table])
        }
    }

    public func finishTable(session: String, table: String, status: ProgressStatus, error: String?) throws {
        try write { db in
            try db.execute(sql: "UPDATE session_tables SET status = ?, error = ?, last_update = ? WHERE session_id = ? AND table_name = ?",
                           arguments: [status.rawValue, error, Date().timeIntervalSince1970, session, table])
        }
    }

    public func resetTable(session: String, table: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM differences WHERE session_id = ? AND table_name = ?", arguments: [session, table])
            try db.execute(sql: "DELETE FROM chunks WHERE session_id = ? AND table_name = ?", arguments: [session, table])
            try db.execute(sql: """
                UPDATE session_tables SET status = 'pending', plan = NULL, run_id = NULL, total_chunks = 0, completed_chunks = 0,
                processed_rows = 0, source_rows = NULL, target_rows = NULL, sync_file = NULL, summary_file = NULL, error = NULL
                WHERE session_id = ? AND table_name = ?
                """, arguments: [session, table])
        }
    }

    private static func session(_ row: Row, db: Database) throws -> SessionRecord {
        let id: String = row["id"]
        let tables = try String.fetchAll(db, sql: "SELECT table_name FROM session_tables WHERE session_id = ? ORDER BY position", arguments: [id])
        return SessionRecord(id: id, startTime: Date(timeIntervalSince1970: row["start_time"]),
                             status: ProgressStatus(rawValue: row["status"]) ?? .started, configPath: row["config_path"],
                             outputDirectory: row["output_dir"], tables: tables, lastUpdate: Date(timeIntervalSince1970: row["last_update"]),
                             fingerprint: (try? JSONDecoder().decode([String: String].self, from: Data((row["fingerprint"] as String? ?? "{}").utf8))) ?? [:])
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as ParityError { throw error } catch {
            throw ParityError(.state, "Cannot read the state store \(path): \(Self.message(error)).")
        }
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch let error as ParityError { throw error } catch {
            if let error = error as? DatabaseError, error.resultCode == .SQLITE_CONSTRAINT {
                throw ParityError(.state, "Cannot write the state store \(path): \(Self.message(error)); the session was changed by another process (parity sessions delete, or a second run of it).")
            }
            throw ParityError(.state, "Cannot write the state store \(path): \(Self.message(error)); check free space and permissions.")
        }
    }

    /// SQLite's message, or the system's reason of a file error (`Not a directory`).
    private static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error)" }
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        }
        return "\(error)"
    }
}
