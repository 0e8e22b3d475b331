import Foundation

/// One table's line in `comparison_report_<session8>.json`.
public struct TableReport: Sendable, Equatable, Codable {
    public var table: String
    public var status: ProgressStatus
    public var sourceRows: Int?
    public var targetRows: Int?
    public var matching: Int
    public var missingInTarget: Int
    public var missingInSource: Int
    public var different: Int
    /// Rows resolved by a recheck (in flight); `nil` (absent from the JSON) when none.
    public var inFlight: Int?
    /// File name of the sync script in the output directory; `nil` when nothing differs.
    public var syncSQLFile: String?
    public var summaryFile: String?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case table, status, matching, different, error
        case inFlight = "in_flight"
        case sourceRows = "source_rows", targetRows = "target_rows"
        case missingInTarget = "missing_in_target", missingInSource = "missing_in_source"
        case syncSQLFile = "sync_sql_file", summaryFile = "summary_file"
    }

    public init(table: String, status: ProgressStatus, sourceRows: Int?, targetRows: Int?, counts: DifferenceCounts,
                syncSQLFile: String?, summaryFile: String?, error: String?) {
        self.table = table
        self.status = status
        self.sourceRows = sourceRows
        self.targetRows = targetRows
        self.matching = counts.matching
        self.missingInTarget = counts.missingInTarget
        self.missingInSource = counts.missingInSource
        self.different = counts.different
        self.inFlight = counts.inFlight > 0 ? counts.inFlight : nil
        self.syncSQLFile = syncSQLFile
        self.summaryFile = summaryFile
        self.error = error
    }

    public var counts: DifferenceCounts {
        DifferenceCounts(matching: matching, missingInTarget: missingInTarget, missingInSource: missingInSource, different: different,
                         inFlight: inFlight ?? 0)
    }
}

/// The session report: every table's result.
public struct SessionReport: Sendable, Equatable, Codable {
    public var sessionID: String
    public var status: ProgressStatus
    public var tables: [TableReport]

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id", status, tables
    }

    public init(sessionID: String, status: ProgressStatus, tables: [TableReport]) {
        self.sessionID = sessionID
        self.status = status
        self.tables = tables
    }

    /// Whether any table failed.
    public var hasFailures: Bool { tables.contains { $0.status != .completed } }
    /// Whether any completed table has a difference.
    public var hasDifferences: Bool { tables.contains { $0.counts.totalDifferences > 0 } }

    /// Pretty-printed JSON with sorted keys, ending in a newline.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
