import Foundation
import Logging

/// Runs a session: plans each table, compares it chunk by chunk, records every finished chunk
/// in the state store, and writes each table's sync script and summary from the state store.
///
/// A resumed session skips completed tables and, inside a table, the chunks already recorded,
/// so the end result is exactly that of an uninterrupted run.
public struct ComparisonRunner: Sendable {
    /// What the runner needs besides the connectors.
    public struct Options: Sendable {
        /// Directory for sync scripts, summaries and the session report.
        public var outputDirectory: String
        /// How chunks are compared, per configured table name; tables not listed use `checksum`.
        public var modes: [String: CompareMode]
        /// How transient failures are retried.
        public var retry: RetryPolicy
        /// Statements between COMMITs in sync scripts whose dialect supports it (Oracle); `nil`
        /// keeps the dialect's default (1,000).
        public var commitInterval: Int?
        /// Test-only fault point: after this many chunks of this table are recorded, the process
        /// kills itself with SIGKILL, as a crash would.
        public var killAfterChunk: (table: String, chunks: Int)?
        /// Configured table names whose sync scripts are guarded (``SyncScriptWriter/guarded``).
        public var guardedTables: Set<String>
        /// How differing rows are read again before they are reported, per configured table name;
        /// tables not listed are not rechecked.
        public var rechecks: [String: RecheckPolicy]
        /// Test-only hook: called with the table and the chunk index (0-based) after a chunk's
        /// first read found differences and before its recheck delay; the recheck waits for it.
        public var recheckPause: (@Sendable (String, Int) async -> Void)?

        public init(outputDirectory: String, modes: [String: CompareMode] = [:], retry: RetryPolicy = RetryPolicy(),
                    commitInterval: Int? = nil, killAfterChunk: (table: String, chunks: Int)? = nil,
                    guardedTables: Set<String> = [], rechecks: [String: RecheckPolicy] = [:]) {
            self.commitInterval = commitInterval
            self.outputDirectory = outputDirectory
            self.modes = modes
            self.retry = retry
            self.killAfterChunk = killAfterChunk
            self.guardedTables = guardedTables
            self.rechecks = rechecks
            self.recheckPause = nil
        }
    }

    /// One worker's connections: a source and a target connector used by one chunk at a time.
    public struct Worker: Sendable {
        public var source: any DatabaseConnector
        public var target: any DatabaseConnector

        public init(source: any DatabaseConnector, target: any DatabaseConnector) {
            self.source = source
            self.target = target
        }
    }

    public let store: any StateStore
    public let options: Options
    public let logger: Logger
    public let progress: (any ProgressObserver)?
    private let pool: WorkerPool
    private let reconnect: (@Sendable () async throws -> Worker)?
    private let targetDialect: any Dialect
    private let targetDisplayName: String

    /// - Parameters:
    ///   - workers: one or more connector pairs (`parallel_chunks`); must not be empty. Chunks of
    ///     a table run on all of them at once; the runner closes them when the run ends.
    ///   - reconnect: opens a fresh pair after a transient failure; without it, retries reuse
    ///     the connections they had.
    /// - Throws: ``ParityError`` `.connection` when `workers` is empty.
    public init(store: any StateStore, workers: [Worker], reconnect: (@Sendable () async throws -> Worker)? = nil,
                options: Options, logger: Logger, progress: (any ProgressObserver)? = nil) throws {
        guard let first = workers.first else {
            throw ParityError(.connection, "No connection could be opened to compare with; check parallel_chunks and both databases.")
        }
        self.store = store
        self.pool = WorkerPool(workers)
        self.reconnect = reconnect
        self.options = options
        self.logger = logger
        self.progress = progress
        let dialect = first.target.dialect
        if let interval = options.commitInterval, dialect is OracleDialect {
            self.targetDialect = OracleDialect(commitInterval: interval)
        } else {
            self.targetDialect = dialect
        }
        self.targetDisplayName = first.target.displayName
    }

    /// Creates a new session for these tables and logs it.
    ///
    /// - Throws: ``ParityError`` `.state`.
    public static func createSession(store: any StateStore, configPath: String, outputDirectory: String,
                                     jobs: [TableJob], fingerprint: [String: String] = [:], logger: Logger) throws -> SessionRecord {
        let now = Date()
        let session = SessionRecord(id: UUID().uuidString.lowercased(), startTime: now, status: .started, configPath: configPath,
                                    outputDirectory: outputDirectory, tables: jobs.map(\.name), lastUpdate: now, fingerprint: fingerprint)
        try store.createSession(session)
        logger.info("Created new session: \(session.id)")
        logger.info("Initializing comparison for \(jobs.count) tables")
        return session
    }

    /// Finds every table on both sides and pairs its key columns, without reading rows: run
    /// before a session is created, so a misspelt table or key column leaves nothing behind.
    ///
    /// - Throws: ``ParityError`` `.schema` naming the first table or key column that is missing,
    ///   and the side.
    public static func checkTables(_ jobs: [TableJob], source: any DatabaseConnector, target: any DatabaseConnector) async throws {
        /// A missing table's message names the keys of its side of the configuration.
        func onSide(_ error: ParityError, _ keys: String) -> ParityError {
            var error = error
            error.message = error.message.replacingOccurrences(of: "check table_name and schema in the configuration.", with: "check \(keys) in the configuration.")
            return error
        }
        for job in jobs {
            let sourceTable: TableSchema
            let targetTable: TableSchema
            do {
                sourceTable = try await source.describeTable(schema: job.sourceSchema, name: job.name)
            } catch let error as ParityError {
                throw onSide(error, "table_name and schema (the table's, else source_database's)")
            }
            do {
                targetTable = try await target.describeTable(schema: job.targetSchema, name: job.targetName)
            } catch let error as ParityError {
                throw onSide(error, "target_table_name (default table_name) and target_schema (default the table's schema, else target_database's)")
            }
            let mapping = try TableMapping(name: job.name, source: sourceTable, target: targetTable, primaryKey: job.primaryKey,
                                           excludedColumns: job.excludeColumns, filter: job.filter,
                                           equivalence: job.equivalence(sourceEngine: source.dialect.name, targetEngine: target.dialect.name))
            // The `where` filter runs on both sides now, reading no row: a filter a database
            // refuses stops here, before a session exists.
            guard job.filter != nil else { continue }
            for (side, connector) in [(Side.source, source), (Side.target, target)] {
                do {
                    _ = try await connector.query(ChunkQueries(mapping: mapping, side: side, dialect: connector.dialect).filterCheck(), resultKinds: [.integer])
                } catch let error as ParityError where error.code == .query {
                    throw ParityError(.configuration, "The where filter of table \(job.name) fails on the \(side == .source ? "source" : "target"): \(error.message); correct where in the configuration (it runs on both sides).",
                                      table: job.name, sqlState: error.sqlState)
                }
            }
        }
    }

    /// The SESSION SUMMARY block printed when a session is resumed.
    public static func sessionSummary(_ session: SessionRecord, progress: [TableProgress]) -> String {
        let lastUpdate = progress.compactMap(\.lastUpdate).max() ?? session.lastUpdate
        let rule = String(repeating: "=", count: 36)
        return [
            "SESSION SUMMARY: \(session.id.prefix(8))...",
            rule,
            "Total Tables: \(progress.count)",
            "Completed: \(progress.filter { $0.status == .completed }.count)",
            "Failed: \(progress.filter { $0.status == .failed }.count)",
            "In Progress: \(progress.filter { $0.status == .inProgress }.count)",
            "Pending: \(progress.filter { $0.status == .pending }.count)",
            "Started: \(LogFormat.logStamp(session.startTime))",
            "Last Update: \(LogFormat.logStamp(lastUpdate))",
            rule,
        ].joined(separator: "\n")
    }

    /// Compares every table of the session that is not completed yet, then writes the session
    /// report. Table failures are recorded (status failed, with the error) and do not stop the
    /// other tables; the session stays resumable.
    ///
    /// - Returns: the session report, as written to `comparison_report_<session8>.json`.
    /// - Throws: ``ParityError`` `.state` or `.output` when the state store or the report cannot
    ///   be written; `CancellationError` when the task is cancelled between chunks.
    public func run(session: SessionRecord, jobs: [TableJob]) async throws -> SessionReport {
        let progressBefore = try store.tableProgress(session: session.id)
        let pending = progressBefore.filter { $0.status != .completed }
        if progressBefore.contains(where: { $0.status != .pending }) {
            logger.info("Processing \(pending.count) pending table\(pending.count == 1 ? "" : "s")")
        }
        try store.setSessionStatus(id: session.id, .inProgress)
        for job in jobs {
            guard let tableProgress = progressBefore.first(where: { $0.table == job.name }) else { continue }
            if tableProgress.status == .completed {
                logger.info("Skipping completed table: \(job.name)")
                continue
            }
            do {
                try await compareTable(job, session: session)
            } catch {
                if error is CancellationError || Task.isCancelled {
                    await pool.closeAll()
                    throw CancellationError()
                }
                let message = (error as? ParityError)?.description ?? "\(error)"
                logger.error("Table \(job.name) failed: \(message)")
                try store.finishTable(session: session.id, table: job.name, status: .failed, error: message)
                progress?.tableFinished(table: job.name)
            }
        }
        await pool.closeAll()
        return try Self.finishSession(store: store, sessionID: session.id, outputDirectory: options.outputDirectory)
    }

    /// Sets the session's status from its tables and writes its report,
    /// `comparison_report_<session8>.json`; also for a session found complete when resumed,
    /// whose run may have been killed between its last table and its report.
    ///
    /// - Throws: ``ParityError`` `.state` or `.output`.
    public static func finishSession(store: any StateStore, sessionID: String, outputDirectory: String) throws -> SessionReport {
        // A session deleted under a run has no tables left: never a "completed" report of nothing.
        guard try store.session(id: sessionID) != nil, try !store.tableProgress(session: sessionID).isEmpty else {
            throw ParityError(.state, "Session \(sessionID) is no longer in the state store (deleted while it ran?); its results are lost, compare again.")
        }
        let report = try SessionReport.fromStore(store, sessionID: sessionID)
        try store.setSessionStatus(id: sessionID, report.status)
        try OutputFile.replace(try report.jsonText(), named: "comparison_report_\(sessionID.prefix(8)).json", in: outputDirectory)
        return report
    }

    /// The report of a session as the state store has it now.
    public func makeReport(sessionID: String) throws -> SessionReport {
        try SessionReport.fromStore(store, sessionID: sessionID)
    }

    private func compareTable(_ job: TableJob, session: SessionRecord) async throws {
        logger.info("Starting comparison for table: \(job.name)")
        let plan: TablePlan
        let runID: String
        if let stored = try store.plan(session: session.id, table: job.name),
           let storedRunID = try store.tableProgress(session: session.id).first(where: { $0.table == job.name })?.runID {
            plan = stored
            runID = storedRunID
        } else {
            plan = try await makePlan(job)
            runID = String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8))
            try store.savePlan(session: session.id, table: job.name, plan: plan, runID: runID)
        }
        logger.info("COMPARISON_START - Run ID: \(runID), Table: \(job.name)")
        logger.info("Source table rows: \(LogFormat.grouped(plan.sourceRows))")
        logger.info("Target table rows: \(LogFormat.grouped(plan.targetRows))")
        let total = plan.ranges.count
        logger.info("Will process in \(total) chunk\(total == 1 ? "" : "s") of \(LogFormat.grouped(plan.chunkSize)) rows each")

        let done = try store.completedChunks(session: session.id, table: job.name)
        if !done.isEmpty {
            logger.info("Found \(done.count) existing chunk checkpoints for \(job.name)")
        }
        for index in plan.ranges.indices where done.contains(index) {
            logger.info("Skipping chunk \(index + 1)/\(total) (already processed)")
        }
        let comparer = ChunkComparer(mapping: plan.mapping, mode: options.modes[job.name] ?? .checksum)
        let history = MismatchHistory()
        if !done.isEmpty {
            // A resumed table starts with what its recorded chunks showed, so the first chunks
            // after a restart skip the steps that did not pay before it.
            let differences = try store.counts(session: session.id, table: job.name).totalDifferences
            if differences >= done.count {
                let perChunk = differences / done.count
                for _ in 0..<min(done.count, 8) {
                    await history.record(perChunk * 2 > ChunkQueries.bucketCount ? .manyBuckets : .fewBuckets)
                }
            }
        }
        var pending = plan.ranges.indices.filter { !done.contains($0) }.makeIterator()
        var completed = done.count
        var processedRows = try store.tableProgress(session: session.id).first(where: { $0.table == job.name })?.processedRows ?? 0
        let resumed = !done.isEmpty
        var free = await pool.checkOutAll()
        var firstError: (any Error)?
        var repeatedKeyReported = false
        let recheck = options.rechecks[job.name]
        let pause = options.recheckPause
        /// A chunk compared, waiting for (or due for) a recheck.
        struct Rechecking: Sendable {
            var index: Int
            var comparison: ChunkComparison
            /// When its rows were last read.
            var readAt: ContinuousClock.Instant
            var attempts = 0
        }
        enum Outcome: Sendable {
            /// A chunk compared or rechecked on `worker`.
            case compared(worker: Worker, state: Rechecking)
            /// A chunk's compare or recheck failed.
            case failed(worker: Worker, index: Int, error: any Error)
            /// A chunk's recheck delay is over: it waits for a free worker.
            case due(Rechecking)
        }
        var due: [Rechecking] = []
        // Chunks between their first read and their record, when rechecked. At most twice the
        // workers wait at once, so the differences held in memory stay bounded.
        var rechecking = Set<Int>()
        let recheckLimit = max(2, 2 * free.count)
        await withTaskGroup(of: Outcome.self) { group in
            /// Gives free workers due rechecks first, then new chunks, while there are both.
            func dispatch() {
                while dispatchOne() {}
            }
            func dispatchOne() -> Bool {
                guard firstError == nil, !Task.isCancelled, !free.isEmpty else { return false }
                if !due.isEmpty {
                    let waiting = due.removeFirst()
                    let worker = free.removeLast()
                    group.addTask {
                        var state = waiting
                        do {
                            let ((differences, resolved), used) = try await withRetry(worker, what: "Recheck of chunk \(state.index + 1)/\(total) of \(job.name)") { worker in
                                try Task.checkCancellation()
                                return try await comparer.recheck(state.comparison.differences, source: worker.source, target: worker.target)
                            }
                            state.readAt = .now
                            state.attempts += 1
                            logger.debug("Recheck \(state.attempts)/\(recheck?.attempts ?? 0) of chunk \(state.index + 1)/\(total) of \(job.name): \(state.comparison.differences.count) row\(state.comparison.differences.count == 1 ? "" : "s") read again, \(resolved) in line, \(differences.count) still different")
                            state.comparison.differences = differences
                            var counts = DifferenceCounts(matching: state.comparison.counts.matching, inFlight: state.comparison.counts.inFlight + resolved)
                            for difference in differences { counts.count(difference.kind) }
                            state.comparison.counts = counts
                            return .compared(worker: used, state: state)
                        } catch let failure as RetryFailure {
                            return .failed(worker: failure.worker, index: waiting.index, error: failure.error)
                        } catch {
                            return .failed(worker: worker, index: waiting.index, error: error)
                        }
                    }
                    return true
                }
                guard rechecking.count < recheckLimit, let index = pending.next() else { return false }
                if resumed { logger.info("Processing chunk \(index + 1)/\(total)") }
                let worker = free.removeLast()
                let range = plan.ranges[index]
                group.addTask {
                    do {
                        let (comparison, used) = try await withRetry(worker, what: "Chunk \(index + 1)/\(total) of \(job.name)") { worker in
                            try Task.checkCancellation()
                            return try await comparer.compare(range, source: worker.source, target: worker.target, history: history)
                        }
                        return .compared(worker: used, state: Rechecking(index: index, comparison: comparison, readAt: .now))
                    } catch let failure as RetryFailure {
                        return .failed(worker: failure.worker, index: index, error: failure.error)
                    } catch {
                        return .failed(worker: worker, index: index, error: error)
                    }
                }
                return true
            }
            dispatch()
            while let outcome = await group.next() {
                let state: Rechecking
                switch outcome {
                case .due(let waiting):
                    due.append(waiting)
                    dispatch()
                    continue
                case .failed(let worker, let index, let error):
                    free.append(worker)
                    rechecking.remove(index)
                    if firstError == nil { firstError = error }
                    dispatch()
                    continue
                case .compared(let worker, let compared):
                    free.append(worker)
                    state = compared
                }
                if let recheck, !state.comparison.differences.isEmpty, state.attempts < recheck.attempts, firstError == nil, !Task.isCancelled {
                    rechecking.insert(state.index)
                    // The worker goes back to other chunks while this one waits.
                    let readAt = state.readAt
                    group.addTask {
                        if state.attempts == 0, let pause { await pause(job.name, state.index) }
                        try? await Task.sleep(until: readAt + .milliseconds(Int64((recheck.after * 1000).rounded())), clock: .continuous)
                        return .due(state)
                    }
                    dispatch()
                    continue
                }
                let comparison = state.comparison
                let index = state.index
                rechecking.remove(index)
                do {
                    try store.recordChunk(session: session.id, table: job.name,
                                          chunk: ChunkRecord(index: index, counts: comparison.counts, sourceRows: comparison.sourceRows, targetRows: comparison.targetRows),
                                          differences: comparison.differences)
                    completed += 1
                    processedRows += comparison.sourceRows
                    logger.info("Processed chunk \(index + 1)/\(total)")
                    if !repeatedKeyReported, comparison.differences.contains(where: \.duplicateKey) {
                        repeatedKeyReported = true
                        let key = plan.mapping.keyColumns.map(\.source.name).joined(separator: ", ")
                        logger.warning("Key (\(key)) of table \(job.name) is not unique (chunk \(index + 1)/\(total) has repeated keys): rows sharing a key are compared as whole rows, and the sync script deletes and inserts single copies instead of updating them")
                    }
                    progress?.chunkFinished(table: job.name, completedChunks: completed, totalChunks: total, processedRows: processedRows, totalRows: plan.sourceRows)
                    if let fault = options.killAfterChunk, fault.table == job.name, completed - done.count == fault.chunks {
                        kill(getpid(), SIGKILL)
                    }
                } catch {
                    if firstError == nil { firstError = error }
                }
                dispatch()
            }
        }
        await pool.checkIn(free)
        if let firstError { throw firstError }
        try Task.checkCancellation()
        let collisions = try await findCollisions(job, plan: plan, session: session)
        try await finishTable(job, plan: plan, runID: runID, session: session, collisions: collisions)
    }

    /// Keys of missing-in-target rows checked for collisions, at most, per table.
    static let collisionCheckLimit = 100_000

    /// Missing-in-target keys compared with one another per query, before a group is stretched
    /// to keep keys of one folded text together.
    static let collisionGroupSize = 200
    /// Keys in one such query at most: SQLite takes 500 terms in a compound SELECT (its
    /// SQLITE_MAX_COMPOUND_SELECT default), and the table's own branch is one of them.
    static let collisionGroupLimit = 450

    /// The rows missing in the target whose key the target already holds in another spelling
    /// under its collation or case rules, or whose key equals another missing row's key that the
    /// script inserts first (``KeyCollision``). Only tables with a text key column are checked,
    /// at most ``collisionCheckLimit`` keys: against the target's keys 200 per query (target
    /// keys the sync script deletes first, missing in source, do not collide), then with one
    /// another ``collisionGroupSize`` per query, the target deciding equality
    /// (``ChunkQueries/firstEqualKeys(among:numbers:)``). For that second check the keys are
    /// grouped in the order of their text folded for case, accents and width and without
    /// trailing spaces, so that keys a collation makes equal meet in one query; keys equal only
    /// under rarer rules and more than a group apart are not found.
    private func findCollisions(_ job: TableJob, plan: TablePlan, session: SessionRecord) async throws -> [KeyCollision] {
        guard plan.mapping.keyColumns.contains(where: { $0.target.kind == .text }) else { return [] }
        var missing: [[SQLValue]] = []
        // A row of a repeated key (a table compared as a multiset, with no unique key to meet)
        // is inserted as one more copy: not checked.
        try store.forEachDifference(session: session.id, table: job.name, kind: .missingInTarget, limit: Self.collisionCheckLimit) { difference in
            if !difference.key.contains(where: \.isNull), !difference.duplicateKey { missing.append(difference.key) }
        }
        guard !missing.isEmpty else { return [] }
        let missingCount = try store.counts(session: session.id, table: job.name).missingInTarget
        if missingCount > Self.collisionCheckLimit {
            logger.warning("Only the first \(LogFormat.grouped(Self.collisionCheckLimit)) of the \(LogFormat.grouped(missingCount)) keys of \(job.name) missing in the target were checked for collisions; if a later one equals another key under the target's collation, the sync script stops there and rolls back")
        }
        var deleted = Set<[SQLValue]>()
        try store.forEachDifference(session: session.id, table: job.name, kind: .missingInSource, limit: nil) { deleted.insert($0.key) }
        let queries = ChunkQueries(mapping: plan.mapping, side: .target, dialect: targetDialect)
        guard var worker = await pool.checkOut() else { return [] }
        func equalKeys(_ keys: [[SQLValue]]) async throws -> [[SQLValue]] {
            do {
                let (rows, used) = try await withRetry(worker, what: "Collision check of \(job.name)") { worker in
                    try await worker.target.query(queries.keys(equalUnderCollationTo: keys), resultKinds: queries.keyKinds)
                }
                worker = used
                return rows
            } catch let failure as RetryFailure {
                worker = failure.worker
                throw failure.error
            }
        }
        var collisions: [KeyCollision] = []
        do {
            var start = 0
            while start < missing.count {
                let batch = Array(missing[start..<min(start + 200, missing.count)])
                start += 200
                // Every key found is a target row the script does not delete first; one spelt
                // like the missing key itself is a row the `where` filter leaves out.
                let others = try await equalKeys(batch).filter { !deleted.contains($0) }
                guard !others.isEmpty else { continue }
                for key in batch {
                    let found = try await equalKeys([key]).filter { !deleted.contains($0) }
                    if let existing = found.first(where: { $0 != key }) ?? found.first {
                        collisions.append(KeyCollision(key: key, existingKey: existing))
                    }
                }
            }
            // Missing keys equal to one another: the first in script order is inserted, the
            // others collide with it.
            // Each distinct key once (rows of repeated keys are already left out above).
            let collided = Set(collisions.map(\.key))
            var seen = Set<[SQLValue]>()
            let candidates = missing.indices.filter { !collided.contains(missing[$0]) && seen.insert(missing[$0]).inserted }
            let sorted = candidates.map { (index: $0, folded: Self.foldedKeyText(missing[$0])) }
                .sorted { $0.folded != $1.folded ? $0.folded < $1.folded : $0.index < $1.index }
            let grouped = sorted.map(\.index)
            var within: [KeyCollision] = []
            var groupStart = 0
            while grouped.count > 1 && groupStart < grouped.count {
                // A group never ends between two keys of the same folded text (up to
                // collisionGroupLimit keys: SQLite allows 500 terms in a compound SELECT).
                var groupEnd = min(groupStart + Self.collisionGroupSize, grouped.count)
                while groupEnd < grouped.count, groupEnd - groupStart < Self.collisionGroupLimit,
                      sorted[groupEnd].folded == sorted[groupEnd - 1].folded {
                    groupEnd += 1
                }
                let group = Array(grouped[groupStart..<groupEnd])
                groupStart = groupEnd
                guard group.count > 1 else { break }
                let statement = queries.firstEqualKeys(among: group.map { missing[$0] }, numbers: group.map { $0 + 1 })
                let rows: [[SQLValue]]
                do {
                    let (found, used) = try await withRetry(worker, what: "Collision check of \(job.name)") { worker in
                        try await worker.target.query(statement, resultKinds: [.integer, .integer])
                    }
                    rows = found
                    worker = used
                } catch let failure as RetryFailure where !RetryPolicy.isTransient(failure.error) {
                    // A target without window functions (MySQL 5.7, MariaDB before 10.2) cannot
                    // run the check: the script is written without it.
                    worker = failure.worker
                    logger.warning("Missing keys of \(job.name) were not checked against one another (\(failure.error)); if two of them are equal under the target's collation, the sync script stops at the second and rolls back")
                    break
                }
                for row in rows {
                    guard case .integer(let number) = row[0], case .integer(let first) = row[1], number != first,
                          let index = Int(exactly: number - 1), let other = Int(exactly: first - 1),
                          missing.indices.contains(index), missing.indices.contains(other) else { continue }
                    within.append(KeyCollision(key: missing[index], existingKey: missing[other], withMissingRow: true))
                }
            }
            let order = Dictionary(missing.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            collisions += within.sorted { (order[$0.key] ?? 0) < (order[$1.key] ?? 0) }
        } catch let failure as RetryFailure {
            await pool.checkIn([failure.worker])
            throw failure.error
        } catch {
            await pool.checkIn([worker])
            throw error
        }
        await pool.checkIn([worker])
        if !collisions.isEmpty {
            let count = collisions.count
            logger.warning("\(count) row\(count == 1 ? "" : "s") of \(job.name) missing in the target collide\(count == 1 ? "s" : "") with keys equal under the target's collation or case rules (first: \(collisions[0].description)); their INSERTs are commented out in the sync script")
        }
        return collisions
    }

    /// A key's text for grouping likely-equal keys: text folded for case, diacritics and width,
    /// without trailing spaces; other values as their canonical text. Only an order: the target
    /// decides which keys are equal.
    static func foldedKeyText(_ key: [SQLValue]) -> String {
        key.map { value -> String in
            guard case .text(let text) = value else { return value.canonicalText ?? "" }
            var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            while folded.last == " " { folded.removeLast() }
            return folded
        }.joined(separator: "\u{1}")
    }

    /// Plans a table on one of the workers, with retries.
    private func makePlan(_ job: TableJob) async throws -> TablePlan {
        guard let worker = await pool.checkOut() else {
            throw ParityError(.state, "No connection is free to plan \(job.name); this is a bug in Parity.", table: job.name)
        }
        do {
            let (plan, used) = try await withRetry(worker, what: "Planning \(job.name)") { worker in
                try await makePlan(job, source: worker.source, target: worker.target)
            }
            await pool.checkIn([used])
            return plan
        } catch let failure as RetryFailure {
            await pool.checkIn([failure.worker])
            throw failure.error
        }
    }

    /// Describes both tables, counts their rows and reads the chunk boundaries: from the source,
    /// and from the target too when the target has more rows (see ``KeyRange/mergedBoundaries(source:target:)``).
    private func makePlan(_ job: TableJob, source: any DatabaseConnector, target: any DatabaseConnector) async throws -> TablePlan {
        async let sourceTable = source.describeTable(schema: job.sourceSchema, name: job.name)
        async let targetTable = target.describeTable(schema: job.targetSchema, name: job.targetName)
        let mapping = try TableMapping(name: job.name, source: try await sourceTable, target: try await targetTable,
                                       primaryKey: job.primaryKey, excludedColumns: job.excludeColumns, filter: job.filter,
                                       equivalence: job.equivalence(sourceEngine: source.dialect.name, targetEngine: target.dialect.name))
        let sourceQueries = ChunkQueries(mapping: mapping, side: .source, dialect: source.dialect)
        let targetQueries = ChunkQueries(mapping: mapping, side: .target, dialect: target.dialect)
        async let sourceCount = source.query(sourceQueries.count(), resultKinds: [.integer])
        async let targetCount = target.query(targetQueries.count(), resultKinds: [.integer])
        let sourceRows = try Self.countValue(try await sourceCount)
        let targetRows = try Self.countValue(try await targetCount)
        // The source's boundaries bound each chunk's source rows only. The target's are read too
        // when the target has more rows than the source: the user's case (an empty or purged
        // source against an archive, every target row in one open-ended chunk) and every target
        // with many extra rows. Counts are exact and already read, so the trigger costs nothing;
        // identical tables and smaller targets run no extra query (the boundary query is a full
        // pass over the key index, and it would compete with the source's pass). Comparing the
        // two sides' first and last keys as a second trigger was left out: MIN/MAX follow the
        // column's collation, not byte order (``KeyOrder``), and are not a composite key's first
        // tuple; ORDER BY … LIMIT 1 in byte order needs per-engine syntax and may not use an
        // index; it would fire on the usual drift of a few rows beyond either end; and it would
        // still miss a dense region inside the source's key range. So a target no larger than the
        // source whose rows lie in other key ranges is not bounded (README, Known limits).
        let readsTarget = targetRows > sourceRows
        async let sourceBoundaries = Self.boundaries(source, sourceQueries, chunkSize: job.chunkSize, rows: sourceRows)
        async let targetBoundaries = Self.boundaries(target, targetQueries, chunkSize: job.chunkSize, rows: readsTarget ? targetRows : 0)
        let boundaries = KeyRange.mergedBoundaries(source: try await sourceBoundaries, target: try await targetBoundaries)
        let ranges = KeyRange.ranges(boundaries: boundaries)
        if readsTarget {
            let sourceChunks = KeyRange.boundaryCount(rows: sourceRows, chunkSize: job.chunkSize) + 1
            let extra = targetRows - sourceRows
            logger.info("Target has \(LogFormat.grouped(extra)) more row\(extra == 1 ? "" : "s") than the source: chunk boundaries read from both sides, \(ranges.count) chunk\(ranges.count == 1 ? "" : "s") (\(sourceChunks) from the source alone), each of at most \(LogFormat.grouped(job.chunkSize)) source and \(LogFormat.grouped(2 * job.chunkSize)) target rows")
        }
        return TablePlan(mapping: mapping, ranges: ranges, sourceRows: sourceRows, targetDialect: target.dialect.name,
                         targetRows: targetRows, chunkSize: job.chunkSize)
    }

    /// The key of every `chunkSize`-th row of one side in key order, each once, without the
    /// key of the side's last row (``KeyRange/boundaryCount(rows:chunkSize:)`` at most). No
    /// query when `rows` fit in one chunk.
    private static func boundaries(_ connector: any DatabaseConnector, _ queries: ChunkQueries, chunkSize: Int, rows: Int) async throws -> [[SQLValue]] {
        let wanted = KeyRange.boundaryCount(rows: rows, chunkSize: chunkSize)
        guard wanted > 0 else { return [] }
        var boundaries: [[SQLValue]] = []
        for key in try await connector.query(queries.boundaries(chunkSize: chunkSize), resultKinds: queries.keyKinds)
        where boundaries.count < wanted {
            if let last = boundaries.last, KeyOrder.compare(last, key) == 0 { continue }
            boundaries.append(key)
        }
        return boundaries
    }

    private static func countValue(_ rows: [[SQLValue]]) throws -> Int {
        guard let value = rows.first?.first, case .integer(let count) = value else {
            throw ParityError(.query, "COUNT(*) returned no number.")
        }
        return Int(count)
    }

    /// Writes the sync script and summary from the state store and marks the table completed.
    private func finishTable(_ job: TableJob, plan: TablePlan, runID: String, session: SessionRecord, collisions: [KeyCollision]) async throws {
        let counts = try store.counts(session: session.id, table: job.name)
        logger.info("COMPARISON_END - Table: \(job.name), Results: {matching: \(counts.matching), missing_in_target: \(counts.missingInTarget), missing_in_source: \(counts.missingInSource), different: \(counts.different)}")
        let recheck = options.rechecks[job.name]
        if recheck != nil || counts.inFlight > 0 {
            logger.info("RECHECK - Table: \(job.name), In flight (resolved): \(counts.inFlight)")
        }
        var tableProgress = try store.tableProgress(session: session.id).first(where: { $0.table == job.name })
        if tableProgress?.summaryFile == nil {
            // Another session may have written this table's files in the same second: the names
            // carry only the second, so wait for a free one rather than collide.
            let fileTable = Self.fileNamePart(job.name)
            var stamp = LogFormat.fileStamp(Date())
            for _ in 0..<3 {
                let taken = ["sync_target_\(fileTable)_\(stamp)_\(runID).sql", "comparison_summary_\(fileTable)_\(stamp).txt"].contains {
                    FileManager.default.fileExists(atPath: (options.outputDirectory as NSString).appendingPathComponent($0))
                }
                if !taken { break }
                try await Task.sleep(nanoseconds: 1_000_000_000)
                stamp = LogFormat.fileStamp(Date())
            }
            try store.setOutputFiles(session: session.id, table: job.name,
                                     syncScript: "sync_target_\(fileTable)_\(stamp)_\(runID).sql",
                                     summary: "comparison_summary_\(fileTable)_\(stamp).txt")
            tableProgress = try store.tableProgress(session: session.id).first(where: { $0.table == job.name })
        }
        guard let syncName = tableProgress?.syncScriptFile, let summaryName = tableProgress?.summaryFile else {
            throw ParityError(.state, "The state store lost the output file names of \(job.name).", table: job.name)
        }
        let writesScript = counts.totalDifferences > 0
        if writesScript {
            try SyncScriptWriter(mapping: plan.mapping, targetDialect: targetDialect, guarded: options.guardedTables.contains(job.name), collisions: collisions)
                .writeFile(named: syncName, in: options.outputDirectory, store: store, session: session.id, table: job.name,
                           counts: counts, targetDisplayName: targetDisplayName)
            logger.info("Generated SQL files: \(syncName)")
        } else {
            logger.info("No differences in \(job.name): no sync script written")
        }
        var sample: [RowDifference] = []
        try store.forEachDifference(session: session.id, table: job.name, kind: nil, limit: SummaryWriter.sampleSize) { sample.append($0) }
        let summary = SummaryWriter.summary(table: job.name, sessionID: session.id, runID: runID, mapping: plan.mapping, plan: plan,
                                            counts: counts, sample: sample, syncScriptFile: writesScript ? syncName : nil, recheck: recheck, collisions: collisions)
        try OutputFile.writeNew(summary, named: summaryName, in: options.outputDirectory)
        try store.finishTable(session: session.id, table: job.name, status: .completed, error: nil)
        progress?.tableFinished(table: job.name)
        logger.info("Completed table: \(job.name)")
    }

    /// Runs `body` on a worker, retrying transient failures (``RetryPolicy``) after a delay on a
    /// fresh worker when ``reconnect`` is set.
    ///
    /// - Returns: the result and the worker that produced it (a new one after reconnecting).
    /// - Throws: ``RetryFailure`` carrying the last error and the worker to return to the pool.
    private func withRetry<T: Sendable>(_ worker: Worker, what: String, _ body: (Worker) async throws -> T) async throws -> (T, Worker) {
        var current = worker
        var retry = 0
        var needsConnection = false
        while true {
            do {
                if needsConnection, let reconnect {
                    current = try await reconnect()
                    needsConnection = false
                }
                return (try await body(current), current)
            } catch {
                guard !(error is CancellationError), !Task.isCancelled, RetryPolicy.isTransient(error), retry < options.retry.attempts else {
                    throw RetryFailure(error: error, worker: current)
                }
                retry += 1
                let delay = options.retry.delay(forRetry: retry)
                logger.warning("\(options.retry.warning(what, failedWith: error, retry: retry, delay: delay, newConnection: reconnect != nil))")
                if reconnect != nil, !needsConnection {
                    await current.source.close()
                    await current.target.close()
                    needsConnection = true
                }
                do {
                    try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                } catch {
                    throw RetryFailure(error: error, worker: current)
                }
            }
        }
    }

    /// A table name made safe for a file name: letters, digits, `_`, `-` and `.` kept, others `_`.
    public static func fileNamePart(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." ? $0 : "_" })
    }
}

extension SessionReport {
    /// Builds the report of a session from the state store.
    ///
    /// - Throws: ``ParityError`` `.state`.
    public static func fromStore(_ store: any StateStore, sessionID: String) throws -> SessionReport {
        var tables: [TableReport] = []
        for progress in try store.tableProgress(session: sessionID) {
            let counts = try store.counts(session: sessionID, table: progress.table)
            let hasScript = progress.status == .completed && counts.totalDifferences > 0
            tables.append(TableReport(table: progress.table, status: progress.status, sourceRows: progress.sourceRows, targetRows: progress.targetRows,
                                      counts: counts, syncSQLFile: hasScript ? progress.syncScriptFile : nil,
                                      summaryFile: progress.status == .completed ? progress.summaryFile : nil, error: progress.error))
            tables[tables.count - 1].schema = try store.plan(session: sessionID, table: progress.table).map { SchemaReport($0.mapping) }
        }
        let status: ProgressStatus
        if tables.contains(where: { $0.status == .failed }) { status = .failed }
        else if tables.allSatisfy({ $0.status == .completed }) { status = .completed }
        else { status = .inProgress }
        return SessionReport(sessionID: sessionID, status: status, tables: tables)
    }
}

/// The last error of ``ComparisonRunner`` retries, with the worker to put back in the pool.
struct RetryFailure: Error {
    var error: any Error
    var worker: ComparisonRunner.Worker
}

/// The connector pairs of a run, lent out to one table at a time.
actor WorkerPool {
    private var free: [ComparisonRunner.Worker]

    init(_ workers: [ComparisonRunner.Worker]) {
        free = workers
    }

    /// Takes one worker; `nil` when none is free.
    func checkOut() -> ComparisonRunner.Worker? {
        free.popLast()
    }

    /// Takes every free worker.
    func checkOutAll() -> [ComparisonRunner.Worker] {
        defer { free.removeAll() }
        return free
    }

    /// Returns workers (possibly new ones after reconnecting).
    func checkIn(_ workers: [ComparisonRunner.Worker]) {
        free.append(contentsOf: workers)
    }

    /// Closes every free worker's connections.
    func closeAll() async {
        for worker in free {
            await worker.source.close()
            await worker.target.close()
        }
    }
}
