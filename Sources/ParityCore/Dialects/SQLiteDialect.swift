import Foundation

/// SQLite SQL text.
///
/// Text keys are ordered `COLLATE BINARY` (memcmp of UTF-8), whatever collation a column
/// declares. SQLite has no DATE or TIMESTAMP storage class: such values are stored as ISO-8601
/// text, and their literals are quoted text.
public struct SQLiteDialect: Dialect {
    public init() {}

    public var name: String { "sqlite" }

    public func quoteIdentifier(_ identifier: String) -> String {
        SQLText.enclose(identifier, in: "\"")
    }

    public func selectExpression(_ column: ColumnInfo, qualifier: String?) -> String {
        (qualifier.map { $0 + "." } ?? "") + quoteIdentifier(column.name)
    }

    public func orderExpression(_ column: ColumnInfo) -> String {
        let reference = quoteIdentifier(column.name)
        return column.kind == .text ? reference + " COLLATE BINARY" : reference
    }

    public func placeholder(_ index: Int, for column: ColumnInfo) -> String { "?" }

    public func literal(_ value: SQLValue, for column: ColumnInfo) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number):
            return column.kind == .text ? quotedString(String(number)) : String(number)
        case .decimal(let text):
            return column.kind.isNumeric && DecimalText.isDecimal(text) ? text : quotedString(text)
        case .double(let number):
            if number.isNaN { return "NULL" }
            if number.isInfinite { return number < 0 ? "-9e999" : "9e999" }
            return column.kind == .text ? quotedString(SQLValue.canonicalDouble(number)) : "\(number)"
        case .boolean(let flag):
            return flag ? "1" : "0"
        case .bytes(let bytes):
            return "X'" + HexText.encode(bytes) + "'"
        case .timestampWithTimeZone:
            // SQLite has no time zone type: the instant is stored as its canonical UTC text
            // (`2022-01-29 15:00:00+00:00`), so it reads back equal to the source's value.
            return quotedString(value.canonicalText ?? "")
        case .text(let text), .date(let text), .time(let text), .timestamp(let text):
            return quotedString(text)
        }
    }

    /// SQLite functions the connector registers for checksums (``RowHasher``).
    public static let hashFunction = "parity_hash60"
    public static let sumFunction = "parity_sum60"
    /// `parity_canonical(value, kind)`: ``SQLValue/canonicalText`` of a stored value read as that
    /// kind, registered by the connector. Numbers need it: `CAST(x AS TEXT)` prints a REAL with 15
    /// significant digits, so `0.3` and `0.30000000000000004` would hash alike. Bytes need it too
    /// (`hex(NULL)` is `''`: NULL would hash as an empty BLOB), and so do times and timestamps
    /// (stored text keeps the trailing fractional zeros, `12:00:00.500000`, that canonical text drops).
    public static let canonicalFunction = "parity_canonical"

    public func canonicalTextExpression(_ column: ColumnInfo) -> String {
        let name = quoteIdentifier(column.name)
        switch column.kind {
        case .boolean: return "CASE WHEN \(name) IS NULL THEN NULL WHEN \(name) THEN '1' ELSE '0' END"
        case .double, .decimal, .bytes, .time, .timestamp, .timestampWithTimeZone:
            return "\(Self.canonicalFunction)(\(name), '\(column.kind.rawValue)')"
        default: return "CAST(\(name) AS TEXT)"
        }
    }

    /// `parity_length(bytes)`: the number of Unicode code points of UTF-8 bytes, registered by
    /// the connector. SQLite's `length()` of text stops at the first NUL.
    public static let lengthFunction = "parity_length"

    /// The canonical row text (see ``RowHasher``), as the default builds it except that text
    /// columns are measured with ``lengthFunction`` of their bytes: SQLite text may hold NUL,
    /// where `length()` stops.
    ///
    /// For example `COALESCE('V' || CAST(parity_length(CAST(CAST("s" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("s" AS TEXT), 'N')`.
    public func rowTextExpression(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        comparedTexts(columns, equivalences: equivalences).map { column, text in
            let length = column.kind == .text ? "\(Self.lengthFunction)(CAST(\(text) AS BLOB))" : "length(\(text))"
            return "COALESCE('V' || CAST(\(length) AS TEXT) || ':' || \(text), 'N')"
        }.joined(separator: " || ")
    }

    /// ``hashFunction`` of the row text's bytes: a function's text argument would reach Swift
    /// cut at the first NUL, its BLOB argument whole.
    public func rowHashExpression(_ rowText: String) -> String {
        "\(Self.hashFunction)(CAST(\(rowText) AS BLOB))"
    }

    public func hashSumExpression(_ hash: String) -> String {
        "\(Self.sumFunction)(\(hash))"
    }

    /// Text keys: `k = literal AND k COLLATE BINARY = literal`, the column's `=` (its declared
    /// collation, e.g. NOCASE or RTRIM, which its index follows) narrowed to the bytes; other
    /// keys `k = literal`.
    public func keyCondition(_ column: ColumnInfo, literal: String) -> String {
        let equal = equalityCondition(column, literal: literal)
        return column.kind == .text ? "\(equal) AND \(quoteIdentifier(column.name)) COLLATE BINARY = \(literal)" : equal
    }

    public func scriptPrologue() -> [String] {
        ["-- Run with: sqlite3 -bail <target database> < <this file>  (-bail: stop at the first error, so the transaction is never committed half done)", "BEGIN TRANSACTION;"]
    }

    public func scriptEpilogue() -> [String] { ["COMMIT;"] }

    public func deleteOneRow(table: String, condition: String) -> String {
        "DELETE FROM \(table) WHERE rowid = (SELECT rowid FROM \(table) WHERE \(condition) LIMIT 1);"
    }
}
