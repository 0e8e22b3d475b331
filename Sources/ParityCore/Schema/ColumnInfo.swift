/// One column of a table as its catalogue describes it.
public struct ColumnInfo: Sendable, Equatable, Codable {
    /// The name exactly as the catalogue stores it (case preserved).
    public var name: String
    /// The catalogue's type name, e.g. `numeric(12,2)`, `timestamp with time zone`, `TEXT`.
    public var typeName: String
    /// The value-model kind the connector reads this column as.
    public var kind: ValueKind
    /// Whether the column accepts NULL.
    public var isNullable: Bool

    public init(name: String, typeName: String, kind: ValueKind, isNullable: Bool) {
        self.name = name
        self.typeName = typeName
        self.kind = kind
        self.isNullable = isNullable
    }
}

extension ColumnInfo {
    /// The catalogue type without modifiers, lower case: `varchar(20)` → `varchar`,
    /// `nvarchar(40)` → `nvarchar`, `timestamp with time zone` → `timestamp`.
    public var baseTypeName: String {
        String(typeName.lowercased().prefix { $0 != "(" && $0 != " " })
    }
}

/// A table as found in one database: its catalogue name and its columns in table order.
public struct TableSchema: Sendable, Equatable, Codable {
    /// Schema (namespace) the table lives in, as the catalogue stores it; `nil` for SQLite.
    public var schema: String?
    /// Table name exactly as the catalogue stores it.
    public var name: String
    /// Columns in ordinal order.
    public var columns: [ColumnInfo]

    public init(schema: String?, name: String, columns: [ColumnInfo]) {
        self.schema = schema
        self.name = name
        self.columns = columns
    }

    /// Finds a column by name: the exact spelling first, then a unique case-insensitive match.
    public func column(named name: String) -> ColumnInfo? {
        if let exact = columns.first(where: { $0.name == name }) { return exact }
        let matches = columns.filter { $0.name.lowercased() == name.lowercased() }
        return matches.count == 1 ? matches[0] : nil
    }
}
