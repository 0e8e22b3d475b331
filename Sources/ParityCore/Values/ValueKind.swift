/// The value-model kind a column's values are read as, decided from its catalogue type.
public enum ValueKind: String, Sendable, Codable, CaseIterable {
    case integer, decimal, double, text, bytes, boolean, date, time, timestamp, timestampWithTimeZone

    /// Whether values of this kind order numerically.
    public var isNumeric: Bool { self == .integer || self == .decimal || self == .double }
}

extension ValueKind {
    /// The kind of a SQLite column from its declared type, by SQLite's type-affinity rules
    /// (sqlite.org/datatype3.html §3.1) refined by names: `DECIMAL`/`NUMERIC` → exact decimal,
    /// `DATE` → date, `DATETIME`/`TIMESTAMP` → timestamp, `BOOL` → boolean; no type → text.
    public static func sqliteAffinity(ofDeclaredType declared: String) -> ValueKind {
        let type = declared.uppercased()
        if type.contains("INT") { return .integer }
        if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") { return .text }
        if type.contains("BLOB") { return .bytes }
        if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") { return .double }
        if type.contains("BOOL") { return .boolean }
        if type.contains("DATETIME") || type.contains("TIMESTAMP") { return .timestamp }
        if type.contains("DATE") { return .date }
        if type.contains("TIME") { return .time }
        if type.contains("DEC") || type.contains("NUMERIC") { return .decimal }
        return type.isEmpty ? .text : .decimal
    }
}
