import Foundation

/// A state store held in memory, for tests and for runs that need not survive the process.
///
/// It behaves like the SQLite state store: each method is atomic (one lock held for the whole
/// call), a chunk's counts, difference rows and done mark are stored together, a chunk is
/// never recorded twice, and updates of an unknown session or table change nothing. Nothing is
/// kept when the process ends, so a session in this store cannot be resumed by another run.
///
/// For example:
/// ```swift
/// let store = InMemoryStateStore()
/// try store.createSession(session)
/// try store.recordChunk(session: session.id, table: "ORDERS", chunk: chunk, differences: [])
/// try store.counts(session: session.id, table: "ORDERS")   // the chunk's counts
/// ```
public final class InMemoryStateStore: StateStore, @unchecked Sendable {
    /// What is stored for one table of a session.
    private struct TableEntry {
        var progress: TableProgress
        var plan: TablePlan?
        /// Finished chunks by 0-based chunk number, with their differences in key order.
        var chunks: [Int: (record: ChunkRecord, differences: [RowDifference])] = [:]
    }

    /// What is stored for one session.
    private struct SessionEntry {
        var record: SessionRecord
        /// Tables in session order.
        var tables: [TableEntry]

        func tableIndex(_ name: String) -> Int? { tables.firstIndex { $0.progress.table == name } }
    }

    /// Guards `sessionsByID`; held for the whole of every method, so each method is one transaction.
    private let lock = NSLock()
    private var sessionsByID: [String: SessionEntry] = [:]
    /// The clock used for `lastUpdate` times.
    private let now: @Sendable () -> Date

    /// Creates an empty store.
    ///
    /// - Parameter now: the clock for `lastUpdate` times; the system clock by default.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Creates a session with every table pending.
    ///
    /// - Throws: ``ParityError`` `.state` when a session with this id already exists.
    public func createSession(_ session: SessionRecord) throws {
        try locked {
            guard sessionsByID[session.id] == nil else {
                throw ParityError(.state, "Session \(session.id) already exists in the state store; start a new session.")
            }
            sessionsByID[session.id] = SessionEntry(record: session,
                                                    tables: session.tables.map { TableEntry(progress: TableProgress(table: $0)) })
        }
    }

    /// The session with this id, or `nil`.
    public func session(id: String) throws -> SessionRecord? {
        locked { sessionsByID[id]?.record }
    }

    /// Every session, newest first (by start time, then by id).
    public func sessions() throws -> [SessionRecord] {
        locked {
            sessionsByID.values.map(\.record).sorted {
                $0.startTime != $1.startTime ? $0.startTime > $1.startTime : $0.id < $1.id
            }
        }
    }

    /// Deletes a session and everything stored for it; an unknown id is ignored.
    public func deleteSession(id: String) throws {
        locked { sessionsByID[id] = nil }
    }

    /// Sets the session status and its last update; an unknown id is ignored.
    public func setSessionStatus(id: String, _ status: ProgressStatus) throws {
        locked {
            sessionsByID[id]?.record.status = status
            sessionsByID[id]?.record.lastUpdate = now()
        }
    }

    /// Replaces the session's fingerprint; an unknown id is ignored.
    public func setFingerprint(id: String, _ fingerprint: [String: String]) throws {
        locked { sessionsByID[id]?.record.fingerprint = fingerprint }
    }

    /// Progress of every table of the session, in session order; empty for an unknown session.
    public func tableProgress(session: String) throws -> [TableProgress] {
        locked { sessionsByID[session]?.tables.map(\.progress) ?? [] }
    }

    /// Stores a table's plan and marks it in progress with this run id, its chunk count and
    /// row counts.
    ///
    /// - Throws: ``ParityError`` `.state` when the table is already planned or unknown.
    public func savePlan(session: String, table: String, plan: TablePlan, runID: String) throws {
        try locked {
            guard let index = sessionsByID[session]?.tableIndex(table), sessionsByID[session]?.tables[index].plan == nil else {
                throw ParityError(.state, "Table \(table) of session \(session) is already planned or unknown.", table: table)
            }
            sessionsByID[session]?.tables[index].plan = plan
            sessionsByID[session]?.tables[index].progress.status = .inProgress
            sessionsByID[session]?.tables[index].progress.runID = runID
            sessionsByID[session]?.tables[index].progress.totalChunks = plan.ranges.count
            sessionsByID[session]?.tables[index].progress.completedChunks = 0
            sessionsByID[session]?.tables[index].progress.processedRows = 0
            sessionsByID[session]?.tables[index].progress.sourceRows = plan.sourceRows
            sessionsByID[session]?.tables[index].progress.targetRows = plan.targetRows
            sessionsByID[session]?.tables[index].progress.error = nil
            sessionsByID[session]?.tables[index].progress.lastUpdate = now()
        }
    }

    /// The stored plan of a table, or `nil` when not planned yet (or unknown).
    public func plan(session: String, table: String) throws -> TablePlan? {
        locked {
            guard let entry = sessionsByID[session], let index = entry.tableIndex(table) else { return nil }
            return entry.tables[index].plan
        }
    }

    /// The 0-based numbers of the chunks already done; empty for an unknown table.
    public func completedChunks(session: String, table: String) throws -> Set<Int> {
        locked {
            guard let entry = sessionsByID[session], let index = entry.tableIndex(table) else { return [] }
            return Set(entry.tables[index].chunks.keys)
        }
    }

    /// Stores one chunk's counts, its difference rows and its done mark together, adds one to
    /// the table's completed chunks and the chunk's source rows to its processed rows.
    ///
    /// - Throws: ``ParityError`` `.state` when the table is unknown or the chunk is already
    ///   recorded (a chunk is never counted twice); nothing is stored then.
    public func recordChunk(session: String, table: String, chunk: ChunkRecord, differences: [RowDifference]) throws {
        try locked {
            guard let index = sessionsByID[session]?.tableIndex(table) else {
                throw ParityError(.state, "Table \(table) is not part of session \(session); cannot record chunk \(chunk.index + 1).", table: table)
            }
            guard sessionsByID[session]?.tables[index].chunks[chunk.index] == nil else {
                throw ParityError(.state, "Chunk \(chunk.index + 1) of \(table) is already recorded in session \(session); it is not counted twice.", table: table)
            }
            let time = now()
            sessionsByID[session]?.tables[index].chunks[chunk.index] = (chunk, differences)
            sessionsByID[session]?.tables[index].progress.completedChunks += 1
            sessionsByID[session]?.tables[index].progress.processedRows += chunk.sourceRows
            sessionsByID[session]?.tables[index].progress.lastUpdate = time
            sessionsByID[session]?.record.lastUpdate = time
        }
    }

    /// Sum of the counts of the chunks done; zero for an unknown table.
    public func counts(session: String, table: String) throws -> DifferenceCounts {
        locked {
            guard let entry = sessionsByID[session], let index = entry.tableIndex(table) else { return DifferenceCounts() }
            return entry.tables[index].chunks.values.reduce(DifferenceCounts()) { $0 + $1.record.counts }
        }
    }

    /// Every stored difference of a table, in chunk order then in the order recorded.
    public func differences(session: String, table: String) throws -> [RowDifference] {
        locked {
            guard let entry = sessionsByID[session], let index = entry.tableIndex(table) else { return [] }
            return entry.tables[index].chunks.sorted { $0.key < $1.key }.flatMap(\.value.differences)
        }
    }

    /// Fixes the output file names (no directory) of a table; an unknown table is ignored.
    public func setOutputFiles(session: String, table: String, syncScript: String, summary: String) throws {
        locked {
            guard let index = sessionsByID[session]?.tableIndex(table) else { return }
            sessionsByID[session]?.tables[index].progress.syncScriptFile = syncScript
            sessionsByID[session]?.tables[index].progress.summaryFile = summary
        }
    }

    /// Marks a table completed or failed (with the error's message); an unknown table is ignored.
    public func finishTable(session: String, table: String, status: ProgressStatus, error: String?) throws {
        locked {
            guard let index = sessionsByID[session]?.tableIndex(table) else { return }
            sessionsByID[session]?.tables[index].progress.status = status
            sessionsByID[session]?.tables[index].progress.error = error
            sessionsByID[session]?.tables[index].progress.lastUpdate = now()
        }
    }

    /// Clears a table's plan, chunks, differences, run id, row counts and file names and marks
    /// it pending; an unknown table is ignored.
    public func resetTable(session: String, table: String) throws {
        locked {
            guard let index = sessionsByID[session]?.tableIndex(table),
                  let progress = sessionsByID[session]?.tables[index].progress else { return }
            sessionsByID[session]?.tables[index] = TableEntry(progress: TableProgress(table: table, lastUpdate: progress.lastUpdate))
        }
    }
}
