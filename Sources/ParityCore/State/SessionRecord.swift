import Foundation

/// Status of a session or of one table in it, in the walkthrough's words.
public enum ProgressStatus: String, Sendable, Codable {
    case started, pending, inProgress = "in_progress", completed, failed, interrupted
}

/// A comparison session as the state store keeps it.
public struct SessionRecord: Sendable, Equatable, Codable {
    /// UUID, lowercase.
    public var id: String
    public var startTime: Date
    public var status: ProgressStatus
    /// Absolute path of the configuration file the session was started with.
    public var configPath: String
    /// Directory the sync scripts, summaries and report are written to.
    public var outputDirectory: String
    /// Table names (as configured) in processing order.
    public var tables: [String]
    public var lastUpdate: Date
    /// What the results depend on, by part (`source`, `target`, `table NAME`), as text that
    /// never holds a password; a resumed run must match it.
    public var fingerprint: [String: String]

    public init(id: String, startTime: Date, status: ProgressStatus, configPath: String, outputDirectory: String, tables: [String], lastUpdate: Date,
                fingerprint: [String: String] = [:]) {
        self.fingerprint = fingerprint
        self.id = id
        self.startTime = startTime
        self.status = status
        self.configPath = configPath
        self.outputDirectory = outputDirectory
        self.tables = tables
        self.lastUpdate = lastUpdate
    }
}

/// The progress of one table of a session.
public struct TableProgress: Sendable, Equatable, Codable {
    public var table: String
    public var status: ProgressStatus
    /// Chunks planned for the table (0 until planned).
    public var totalChunks: Int
    public var completedChunks: Int
    /// Source rows compared so far, from the chunks done.
    public var processedRows: Int
    public var lastUpdate: Date?
    /// Eight hex digits naming this table's run, in the sync script's file name.
    public var runID: String?
    public var sourceRows: Int?
    public var targetRows: Int?
    /// Output file names (no directory), fixed when the last chunk is done.
    public var syncScriptFile: String?
    public var summaryFile: String?
    /// Why the table failed, when it did.
    public var error: String?

    public init(table: String, status: ProgressStatus = .pending, totalChunks: Int = 0, completedChunks: Int = 0, processedRows: Int = 0,
                lastUpdate: Date? = nil, runID: String? = nil, sourceRows: Int? = nil, targetRows: Int? = nil,
                syncScriptFile: String? = nil, summaryFile: String? = nil, error: String? = nil) {
        self.table = table
        self.status = status
        self.totalChunks = totalChunks
        self.completedChunks = completedChunks
        self.processedRows = processedRows
        self.lastUpdate = lastUpdate
        self.runID = runID
        self.sourceRows = sourceRows
        self.targetRows = targetRows
        self.syncScriptFile = syncScriptFile
        self.summaryFile = summaryFile
        self.error = error
    }
}

/// The plan of one table, stored once and reused on resume.
public struct TablePlan: Sendable, Equatable, Codable {
    public var mapping: TableMapping
    /// Chunk key ranges in key order; chunk `n` (0-based) is `ranges[n]`.
    public var ranges: [KeyRange]
    public var sourceRows: Int
    public var targetRows: Int
    public var chunkSize: Int
    /// The target engine's dialect name (``Dialect/name``), so its sync script can be written
    /// again later; `nil` in plans stored before it was recorded.
    public var targetDialect: String?

    public init(mapping: TableMapping, ranges: [KeyRange], sourceRows: Int, targetDialect: String? = nil, targetRows: Int, chunkSize: Int) {
        self.targetDialect = targetDialect
        self.mapping = mapping
        self.ranges = ranges
        self.sourceRows = sourceRows
        self.targetRows = targetRows
        self.chunkSize = chunkSize
    }
}

/// The stored result of one finished chunk.
public struct ChunkRecord: Sendable, Equatable {
    /// 0-based chunk number.
    public var index: Int
    public var counts: DifferenceCounts
    public var sourceRows: Int
    public var targetRows: Int

    public init(index: Int, counts: DifferenceCounts, sourceRows: Int, targetRows: Int) {
        self.index = index
        self.counts = counts
        self.sourceRows = sourceRows
        self.targetRows = targetRows
    }
}
