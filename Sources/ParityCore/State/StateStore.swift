/// Where sessions, plans, chunk results and difference rows are kept, so an interrupted run
/// resumes exactly where it stopped.
///
/// Every method is one transaction. ``recordChunk(session:table:chunk:differences:)`` writes a
/// chunk's counts, its difference rows and its done mark together: a kill at any instant loses
/// at most the chunk in flight and never counts one twice.
///
/// All methods throw ``ParityError`` `.state` when the store cannot be read or written.
public protocol StateStore: Sendable {
    /// Creates a session with every table pending.
    func createSession(_ session: SessionRecord) throws
    /// The session with this id, or `nil`.
    func session(id: String) throws -> SessionRecord?
    /// Every session, newest first.
    func sessions() throws -> [SessionRecord]
    /// Deletes a session and everything stored for it.
    func deleteSession(id: String) throws
    /// Sets the session status (and its last update).
    func setSessionStatus(id: String, _ status: ProgressStatus) throws
    /// Replaces the session's fingerprint (after tables were restarted under a new configuration).
    func setFingerprint(id: String, _ fingerprint: [String: String]) throws

    /// Progress of every table of the session, in session order.
    func tableProgress(session: String) throws -> [TableProgress]
    /// Stores a table's plan and marks it in progress with this run id (once; a second call
    /// for a planned table is an error).
    func savePlan(session: String, table: String, plan: TablePlan, runID: String) throws
    /// The stored plan of a table, or `nil` when not planned yet.
    func plan(session: String, table: String) throws -> TablePlan?
    /// The 0-based numbers of the chunks already done.
    func completedChunks(session: String, table: String) throws -> Set<Int>
    /// Stores one chunk's result, its difference rows and its done mark in one transaction.
    func recordChunk(session: String, table: String, chunk: ChunkRecord, differences: [RowDifference]) throws
    /// Sum of the counts of the chunks done.
    func counts(session: String, table: String) throws -> DifferenceCounts
    /// Every stored difference of a table, in chunk order then key order.
    func differences(session: String, table: String) throws -> [RowDifference]
    /// Streams the stored differences of a table (of one kind, or all when `kind` is `nil`; at
    /// most `limit` when given) in chunk order then key order, without holding them in memory.
    func forEachDifference(session: String, table: String, kind: DifferenceKind?, limit: Int?, _ body: (RowDifference) throws -> Void) throws
    /// Fixes the output file names of a table before they are written.
    func setOutputFiles(session: String, table: String, syncScript: String, summary: String) throws
    /// Marks a table completed or failed (with the error's message).
    func finishTable(session: String, table: String, status: ProgressStatus, error: String?) throws
    /// Clears a table's plan, chunks and differences and marks it pending.
    func resetTable(session: String, table: String) throws
}

extension StateStore {
    /// Default streaming: filters ``differences(session:table:)``. Stores that can read with a
    /// cursor implement ``forEachDifference(session:table:kind:_:)`` themselves.
    public func forEachDifference(session: String, table: String, kind: DifferenceKind?, limit: Int?, _ body: (RowDifference) throws -> Void) throws {
        let all = try differences(session: session, table: table).filter { kind == nil || $0.kind == kind }
        for difference in all.prefix(limit ?? all.count) {
            try body(difference)
        }
    }

    /// Streams every stored difference of a table of one kind (or all kinds).
    public func forEachDifference(session: String, table: String, kind: DifferenceKind?, _ body: (RowDifference) throws -> Void) throws {
        try forEachDifference(session: session, table: table, kind: kind, limit: nil, body)
    }
}
