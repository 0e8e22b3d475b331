/// One table to compare, as configured.
public struct TableJob: Sendable, Equatable {
    /// The configured table name: used to find the source table, in logs and in file names.
    public var name: String
    public var sourceSchema: String?
    /// Name of the table in the target, when it differs (`target_table_name`).
    public var targetName: String
    public var targetSchema: String?
    /// Key column names, in key order.
    public var primaryKey: [String]
    /// Rows per chunk, ≥ 1.
    public var chunkSize: Int
    public var excludeColumns: [String]
    /// Trusted SQL condition applied on both sides.
    public var filter: String?
    /// Equivalence options of the table (already inheriting the top level's).
    public var equivalence: EquivalenceOptions
    /// Equivalence options of single columns, by source column name.
    public var columnEquivalences: [String: EquivalenceOptions]
    /// Target column name by source column name, for renamed columns (`column_map`).
    public var columnMap: [String: String]

    public init(name: String, sourceSchema: String? = nil, targetName: String? = nil, targetSchema: String? = nil,
                primaryKey: [String], chunkSize: Int = 10_000, excludeColumns: [String] = [], filter: String? = nil,
                equivalence: EquivalenceOptions = EquivalenceOptions(), columnEquivalences: [String: EquivalenceOptions] = [:],
                columnMap: [String: String] = [:]) {
        self.name = name
        self.sourceSchema = sourceSchema
        self.targetName = targetName ?? name
        self.targetSchema = targetSchema
        self.primaryKey = primaryKey
        self.chunkSize = chunkSize
        self.excludeColumns = excludeColumns
        self.filter = filter
        self.equivalence = equivalence
        self.columnEquivalences = columnEquivalences
        self.columnMap = columnMap
    }

    /// The table's equivalences between two engines (dialect names).
    public func equivalence(sourceEngine: String, targetEngine: String) -> TableEquivalence {
        TableEquivalence(options: equivalence, columns: columnEquivalences, columnMap: columnMap,
                         sourceEngine: sourceEngine, targetEngine: targetEngine)
    }
}

/// Receives progress while a table is compared, e.g. to draw a progress bar.
public protocol ProgressObserver: Sendable {
    /// Called after each chunk: chunks done of the table's total, source rows done of its total.
    func chunkFinished(table: String, completedChunks: Int, totalChunks: Int, processedRows: Int, totalRows: Int)
    /// Called when a table is finished (completed or failed).
    func tableFinished(table: String)
}
