/// A column present on both sides, paired by name.
public struct ColumnPair: Sendable, Equatable, Codable {
    public var source: ColumnInfo
    public var target: ColumnInfo

    public init(source: ColumnInfo, target: ColumnInfo) {
        self.source = source
        self.target = target
    }
}

/// How one configured table maps onto the source and target catalogues: the key columns and
/// the compared columns, paired by name, in the order every row is read (key columns first).
public struct TableMapping: Sendable, Equatable, Codable {
    /// The table name as written in the configuration; used in logs and file names.
    public var name: String
    public var source: TableSchema
    public var target: TableSchema
    /// Key columns in key order.
    public var keyColumns: [ColumnPair]
    /// Compared non-key columns, in source table order.
    public var valueColumns: [ColumnPair]
    /// Columns found on one side only; they are not compared.
    public var sourceOnlyColumns: [String]
    public var targetOnlyColumns: [String]
    /// Trusted SQL filter applied on both sides (`where` in the configuration).
    public var filter: String?

    /// Key columns then value columns.
    public var allColumns: [ColumnPair] { keyColumns + valueColumns }

    /// Pairs the columns of the two catalogues.
    ///
    /// - Parameters:
    ///   - primaryKey: key column names from the configuration, matched exactly first, then
    ///     case-insensitively.
    ///   - excludedColumns: column names left out of the comparison.
    /// - Throws: ``ParityError`` `.schema` when a key column is missing on either side.
    public init(name: String, source: TableSchema, target: TableSchema, primaryKey: [String],
                excludedColumns: [String] = [], filter: String? = nil) throws {
        self.name = name
        self.source = source
        self.target = target
        self.filter = filter
        var keys: [ColumnPair] = []
        for keyName in primaryKey {
            guard let sourceColumn = source.column(named: keyName) else {
                throw ParityError(.schema, "Key column \(keyName) of table \(name) is not in the source table \(source.name); check primary_key in the configuration.", table: name)
            }
            guard let targetColumn = target.column(named: keyName) else {
                throw ParityError(.schema, "Key column \(keyName) of table \(name) is not in the target table \(target.name); check primary_key in the configuration.", table: name)
            }
            keys.append(ColumnPair(source: sourceColumn, target: targetColumn))
        }
        guard !keys.isEmpty else {
            throw ParityError(.schema, "Table \(name) has no primary_key in the configuration; list its key columns.", table: name)
        }
        let excluded = Set(excludedColumns.map { $0.lowercased() })
        let keyNames = Set(keys.map { $0.source.name })
        var values: [ColumnPair] = []
        var sourceOnly: [String] = []
        for column in source.columns where !keyNames.contains(column.name) && !excluded.contains(column.name.lowercased()) {
            if let targetColumn = target.column(named: column.name) {
                values.append(ColumnPair(source: column, target: targetColumn))
            } else {
                sourceOnly.append(column.name)
            }
        }
        let pairedTargets = Set((keys + values).map { $0.target.name })
        self.targetOnlyColumns = target.columns
            .filter { !pairedTargets.contains($0.name) && !excluded.contains($0.name.lowercased()) }
            .map(\.name)
        self.keyColumns = keys
        self.valueColumns = values
        self.sourceOnlyColumns = sourceOnly
    }
}

/// Which database a statement is for.
public enum Side: String, Sendable, Codable {
    case source, target
}
