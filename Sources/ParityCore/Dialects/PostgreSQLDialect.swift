import Foundation

/// PostgreSQL SQL text.
///
/// Columns are read as `::text` so every value arrives in PostgreSQL's own exact output form
/// (numeric digits as stored, float8 shortest round-trip text with `extra_float_digits = 1`,
/// bytea as `\x` hex, timestamptz in the session's UTC zone). Text keys are ordered with
/// `COLLATE "C"` (byte order), whatever the database's default collation.
public struct PostgreSQLDialect: Dialect {
    public init() {}

    public var name: String { "postgresql" }

    public func quoteIdentifier(_ identifier: String) -> String {
        SQLText.enclose(identifier, in: "\"")
    }

    public func selectExpression(_ column: ColumnInfo, qualifier: String?) -> String {
        let reference = (qualifier.map { $0 + "." } ?? "") + quoteIdentifier(column.name)
        return reference + "::text"
    }

    /// `"k" COLLATE "C"` for text; `"k"::text COLLATE "C"` for `citext`, whose own comparison
    /// ignores case whatever the collation.
    public func orderExpression(_ column: ColumnInfo) -> String {
        let reference = quoteIdentifier(column.name)
        if isCaseInsensitiveText(column) { return reference + "::text COLLATE \"C\"" }
        return isCollatable(column) ? reference + " COLLATE \"C\"" : reference
    }

    /// `$1::type`; `$1::text` for `citext`, so key ranges compare as text in byte order.
    public func placeholder(_ index: Int, for column: ColumnInfo) -> String {
        "$\(index)::" + (isCaseInsensitiveText(column) ? "text" : castType(column.typeName))
    }

    /// `$n::text::citext` for a `citext` column (compared ignoring case, as the column is), else
    /// ``placeholder(_:for:)``.
    public func storedPlaceholder(_ index: Int, for column: ColumnInfo) -> String {
        isCaseInsensitiveText(column) ? "$\(index)::text::" + castType(column.typeName) : placeholder(index, for: column)
    }

    /// The `citext` extension's type: equal and ordered ignoring case.
    func isCaseInsensitiveText(_ column: ColumnInfo) -> Bool {
        column.typeName.lowercased() == "citext"
    }

    public func literal(_ value: SQLValue, for column: ColumnInfo) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number):
            return column.kind.isNumeric ? String(number) : quotedString(String(number))
        case .decimal(let text):
            return column.kind.isNumeric && DecimalText.isDecimal(text) ? text : quotedString(text)
        case .double(let number):
            if number.isNaN || number.isInfinite { return quotedString(SQLValue.canonicalDouble(number)) }
            return column.kind.isNumeric ? "\(number)" : quotedString(SQLValue.canonicalDouble(number))
        case .boolean(let flag):
            if column.kind == .boolean { return flag ? "TRUE" : "FALSE" }
            return column.kind.isNumeric ? (flag ? "1" : "0") : quotedString(flag ? "true" : "false")
        case .bytes(let bytes):
            return "'\\x" + HexText.encode(bytes) + "'::bytea"
        case .text(let text), .date(let text), .time(let text), .timestamp(let text), .timestampWithTimeZone(let text):
            return quotedString(text)
        }
    }

    public func canonicalTextExpression(_ column: ColumnInfo) -> String {
        let name = quoteIdentifier(column.name)
        switch column.kind {
        case .decimal: return "trim_scale(\(name))::text"
        // float8 prints negative zero as -0; the canonical text of every zero is 0.
        // real prints its own shortest digits in its own exponent form (1234567 → 1.234567e+06);
        // read back as float8 it prints as the double Parity reads (1234567).
        case .double where ["real", "float4"].contains(column.baseTypeName): return Self.doubleText("\(name)::text::float8")
        case .double: return Self.doubleText(name)
        case .boolean: return "CASE WHEN \(name) THEN '1' WHEN NOT \(name) THEN '0' END"
        case .bytes: return "encode(\(name), 'hex')"
        // In the UTC session the zone is always `+00`, before ` BC` for years BC.
        case .timestampWithTimeZone: return "replace(\(name)::text, '+00', '+00:00')"
        default: return "\(name)::text"
        }
    }

    /// The canonical text of a float8 value (``SQLValue/canonicalText``): PostgreSQL's own
    /// output (`extra_float_digits` ≥ 1: shortest round-trip digits), except that every zero is
    /// `0` (float8 prints negative zero as `-0`), and that from 2^54 up the shortest digits that
    /// read back as the value are searched for.
    ///
    /// PostgreSQL's float8 output never picks digits that lie exactly half a unit in the last
    /// place from the value, although they read back as the value (ties round to even), where
    /// Swift, Python and MariaDB do: 59141455591312816 prints as `5.9141455591312816e+16`, not
    /// `5.914145559131282e+16`. Such ties only give shorter digits for integers from 2^54 up,
    /// so only there the value is rounded to 1, 2, … 17 significant digits and the first
    /// rounding that reads back as the value is printed (a subquery evaluated only for those).
    static func doubleText(_ value: String) -> String {
        let decimal = "\(value)::text::numeric"
        let rounded = "round(\(decimal), parity_digits - 1 - floor(log(abs(\(decimal))))::int)"
        let digits = "rtrim(abs(parity_rounded)::text, '0')"
        let shortest = "(SELECT CASE WHEN \(value) < 0 THEN '-' ELSE '' END || left(\(digits), 1) "
            + "|| CASE WHEN length(\(digits)) > 1 THEN '.' || substr(\(digits), 2) ELSE '' END || 'e+' || (length(abs(parity_rounded)::text) - 1)::text "
            + "FROM generate_series(1, 17) AS parity_lengths(parity_digits), LATERAL (SELECT \(rounded) AS parity_rounded) AS parity_candidates "
            + "WHERE CASE WHEN abs(parity_rounded) <= 1.7976931348623157e308 THEN parity_rounded::float8 = \(value) ELSE false END "
            + "ORDER BY parity_digits LIMIT 1)"
        return "CASE WHEN \(value) = 0 THEN '0' WHEN abs(\(value)) >= 18014398509481984 AND abs(\(value)) < 'Infinity' THEN \(shortest) ELSE \(value)::text END"
    }

    public func rowHashExpression(_ rowText: String) -> String {
        "('x' || substr(md5(\(rowText)), 1, 15))::bit(60)::int8"
    }

    /// `hashtextextended` (PostgreSQL's 64-bit hash of text, stable because hash partitioning
    /// depends on it) of the row's record text, keeping 60 bits; about 3 times cheaper than MD5.
    /// Numeric columns go through `trim_scale`, so 1.50 and 1.5 hash alike.
    public func nativeRowHashExpression(_ columns: [ColumnInfo]) -> String? {
        let items = columns.map { column in
            column.kind == .decimal ? "trim_scale(\(quoteIdentifier(column.name)))" : quoteIdentifier(column.name)
        }
        return "(hashtextextended(ROW(\(items.joined(separator: ", ")))::text, 0) & \(RowHasher.modulus - 1))"
    }

    public func hashSumExpression(_ hash: String) -> String {
        "(COALESCE(SUM(\(hash)), 0) % \(RowHasher.modulus))::text"
    }

    /// `=` with two exceptions: a `real` column compares with the literal cast to `real` (a
    /// float8 literal of the value read is not the float4 stored), and types without an `=`
    /// operator (`json`, `xml`, geometric types) compare by their text, which is what was read.
    public func beforeImageCondition(_ column: ColumnInfo, literal: String) -> String {
        let name = quoteIdentifier(column.name)
        let type = castType(column.typeName.lowercased())
        if type == "real" || type == "float4" { return "\(name) = CAST(\(literal) AS real)" }
        if Self.typesWithoutEquality.contains(type) { return "\(name)::text = \(literal)" }
        return name + " = " + literal
    }

    /// `citext` keys: `k = literal AND k::text COLLATE "C" = literal`, the column's `=` (which
    /// ignores case, as its index does) narrowed to the bytes; other keys `k = literal`.
    ///
    /// A text column's `=` under a deterministic collation (every database default, and every
    /// collation but ICU ones created with `deterministic = false`) is already byte equality.
    /// A column declared with a nondeterministic collation would need `k COLLATE "C" = literal`
    /// too, but the catalogue type name Parity reads does not tell the collation, so such a key
    /// is matched by its collation's `=` (and such a key's order is refused anyway when its
    /// collation orders rows other than by bytes).
    public func keyCondition(_ column: ColumnInfo, literal: String) -> String {
        let equal = equalityCondition(column, literal: literal)
        guard isCaseInsensitiveText(column) else { return equal }
        return "\(equal) AND \(quoteIdentifier(column.name))::text COLLATE \"C\" = \(literal)"
    }

    /// Types that have no `=` operator: compared by their text in guarded sync scripts.
    static let typesWithoutEquality: Set<String> = ["json", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle"]

    public func scriptPrologue() -> [String] {
        [
            "-- Run with: psql -v ON_ERROR_STOP=1 -f <this file>",
            "SET client_encoding = 'UTF8';",
            "SET standard_conforming_strings = on;",
            "BEGIN;",
        ]
    }

    public func scriptEpilogue() -> [String] { ["COMMIT;"] }

    public func deleteOneRow(table: String, condition: String) -> String {
        "DELETE FROM \(table) WHERE ctid = (SELECT ctid FROM \(table) WHERE \(condition) LIMIT 1);"
    }

    /// Whether a column's type takes a collation (character types only).
    func isCollatable(_ column: ColumnInfo) -> Bool {
        let type = column.typeName.lowercased()
        return ["character", "text", "varchar", "bpchar", "citext", "name"].contains { type.hasPrefix($0) }
            && !type.hasSuffix("[]")
    }

    /// The type a bound text value is cast to: the catalogue type without its modifiers, so a
    /// cast never truncates (`character varying(20)` → `character varying`, `character(2)` →
    /// `bpchar`, `timestamp(6) without time zone` → `timestamp without time zone`).
    func castType(_ typeName: String) -> String {
        var base = ""
        var depth = 0
        var lastWasSpace = true
        for character in typeName {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth -= 1; continue }
            guard depth == 0 else { continue }
            if character == " " {
                if lastWasSpace { continue }
                lastWasSpace = true
            } else {
                lastWasSpace = false
            }
            base.append(character)
        }
        while base.last == " " { base.removeLast() }
        switch base {
        case "character": return "bpchar"
        case "bit": return "bit varying"
        default: return base
        }
    }
}
