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
    /// How the two tables' columns line up; `nil` before the table is planned.
    public var schema: SchemaReport?

    enum CodingKeys: String, CodingKey {
        case table, status, matching, different, error, schema
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

/// The schema comparison of one table: what is compared and by which rules.
public struct SchemaReport: Sendable, Equatable, Codable {
    /// A compared column whose declared types differ between the sides.
    public struct TypeDifference: Sendable, Equatable, Codable {
        public var column: String
        public var sourceType: String
        public var targetType: String
        enum CodingKeys: String, CodingKey {
            case column, sourceType = "source_type", targetType = "target_type"
        }
    }

    /// A compared column whose values compare by a rule other than byte equality.
    public struct ColumnRules: Sendable, Equatable, Codable {
        public var column: String
        public var rules: [String]
    }

    /// Key columns by source name, and their target names where they differ.
    public var keyColumns: [String]
    public var comparedColumns: Int
    /// Columns on one side only (not compared).
    public var sourceOnlyColumns: [String]
    public var targetOnlyColumns: [String]
    public var typeDifferences: [TypeDifference]
    /// Target column by source column, for pairs whose names differ (`column_map`).
    public var renamedColumns: [String: String]
    public var equivalences: [ColumnRules]

    enum CodingKeys: String, CodingKey {
        case keyColumns = "key_columns", comparedColumns = "compared_columns", sourceOnlyColumns = "source_only_columns"
        case targetOnlyColumns = "target_only_columns", typeDifferences = "type_differences", renamedColumns = "renamed_columns"
        case equivalences
    }

    public init(_ mapping: TableMapping) {
        keyColumns = mapping.keyColumns.map(\.source.name)
        comparedColumns = mapping.valueColumns.count
        sourceOnlyColumns = mapping.sourceOnlyColumns
        targetOnlyColumns = mapping.targetOnlyColumns
        typeDifferences = mapping.typeDifferences.map { TypeDifference(column: $0.source.name, sourceType: $0.source.typeName, targetType: $0.target.typeName) }
        renamedColumns = Dictionary(uniqueKeysWithValues: mapping.allColumns.filter { $0.source.name != $0.target.name }.map { ($0.source.name, $0.target.name) })
        equivalences = mapping.valueColumns.filter { !$0.equivalence.isExact }.map { ColumnRules(column: $0.source.name, rules: $0.equivalence.descriptions) }
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
