@testable import ParityCore

/// A column for tests: `column("id", "integer", .integer)`.
func column(_ name: String, _ typeName: String, _ kind: ValueKind, nullable: Bool = false) -> ColumnInfo {
    ColumnInfo(name: name, typeName: typeName, kind: kind, isNullable: nullable)
}

/// A mapping of one table whose source and target have the same columns.
func sameMapping(name: String = "t", schema: String?, columns: [ColumnInfo], primaryKey: [String],
                 filter: String? = nil) throws -> TableMapping {
    let table = TableSchema(schema: schema, name: name, columns: columns)
    return try TableMapping(name: name, source: table, target: table, primaryKey: primaryKey, filter: filter)
}
