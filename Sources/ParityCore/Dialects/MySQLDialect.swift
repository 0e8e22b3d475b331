import Foundation

/// MySQL and MariaDB SQL text.
///
/// A connection runs ``sessionSettings`` first: utf8mb4 on the wire and a UTC session time zone,
/// so TIMESTAMP columns read as UTC instants. Text keys are ordered and compared as
/// `CAST(k AS BINARY)`: the bytes of the column's character set (UTF-8 for utf8mb4 and utf8mb3
/// columns), whatever its collation says, and without PAD SPACE. `ASC` puts NULL first, so
/// ORDER BY needs no `NULLS FIRST` (which MySQL does not have).
///
/// Columns are read as the server prints them (exact for integers, DECIMAL, dates, DATETIME and
/// TIME with their fractional digits); BIT is read as a number, and a TIMESTAMP read as an
/// instant gets `+00:00` (the session's UTC).
///
/// Checksums use the portable MD5 row hash: `MD5()` of the canonical row text, built with
/// `CONCAT` (`||` is OR unless PIPES_AS_CONCAT) and measured with `CHAR_LENGTH`, text converted to
/// utf8mb4 so the hash is of its UTF-8 bytes. DOUBLE and FLOAT values are rewritten to the canonical
/// float text (``doubleText(_:)``, ``floatText(_:)``).
///
/// Sync scripts set `sql_mode` to `NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES` (as mysqldump
/// does for the first: an id 0 stays 0; the second makes a value the column cannot hold an
/// error), which also turns off NO_BACKSLASH_ESCAPES: literals escape backslashes.
public struct MySQLDialect: Dialect {
    public init() {}

    public var name: String { "mysql" }

    /// The statements a connector runs when it connects, in order, without terminators.
    public static let sessionSettings: [String] = [
        "SET NAMES utf8mb4",
        "SET time_zone = '+00:00'",
    ]

    /// `` `order` ``, embedded backticks doubled.
    public func quoteIdentifier(_ identifier: String) -> String {
        SQLText.enclose(identifier, in: "`")
    }

    public func selectExpression(_ column: ColumnInfo, qualifier: String?) -> String {
        let reference = (qualifier.map { $0 + "." } ?? "") + quoteIdentifier(column.name)
        if column.baseTypeName == "bit" { return "CAST(\(reference) AS UNSIGNED)" }
        return column.kind == .timestampWithTimeZone ? "CONCAT(\(reference), '+00:00')" : reference
    }

    /// `CAST(k AS BINARY)` for character columns (byte order), the column itself otherwise.
    public func orderExpression(_ column: ColumnInfo) -> String {
        let reference = quoteIdentifier(column.name)
        return column.kind == .text ? "CAST(\(reference) AS BINARY)" : reference
    }

    /// The order expression alone: an ascending sort puts NULL first.
    public func orderByItem(_ column: ColumnInfo) -> String { orderExpression(column) }

    public func placeholder(_ index: Int, for column: ColumnInfo) -> String { "?" }

    /// The exact literal of a value, for a script whose session has backslash escapes on.
    ///
    /// For example `'O''Brien \\ Sons'`, `X'00275cff'`, `'2024-01-02 03:04:05.5'`,
    /// `CONVERT_TZ('2022-01-29 23:00:00', '+08:00', '+00:00')`.
    public func literal(_ value: SQLValue, for column: ColumnInfo) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number):
            return column.kind == .text ? stringLiteral(String(number)) : String(number)
        case .decimal(let text):
            return column.kind.isNumeric && DecimalText.isDecimal(text) ? text : stringLiteral(text)
        case .double(let number):
            if number.isNaN || number.isInfinite || !column.kind.isNumeric { return stringLiteral(SQLValue.canonicalDouble(number)) }
            return "\(number)"
        case .boolean(let flag):
            return column.kind == .text ? stringLiteral(flag ? "true" : "false") : (flag ? "1" : "0")
        case .bytes(let bytes):
            return "X'" + HexText.encode(bytes) + "'"
        case .timestampWithTimeZone(let text):
            // The script's session is UTC; an offset other than UTC is converted by the server.
            guard let parts = TemporalText(text), let offset = parts.offset else { return stringLiteral(text) }
            let local = parts.withoutOffset
            return offset == "+00:00" ? stringLiteral(local) : "CONVERT_TZ(\(stringLiteral(local)), '\(offset)', '+00:00')"
        case .text(let text), .date(let text), .time(let text), .timestamp(let text):
            return stringLiteral(text)
        }
    }

    /// A MySQL string literal: `'` doubled; backslash, NUL, line feed, carriage return and
    /// Ctrl-Z escaped as mysqldump writes them (`\\`, `\0`, `\n`, `\r`, `\Z`), so a statement
    /// stays on one line and the mysql client on Windows does not read Ctrl-Z as end of file.
    public func stringLiteral(_ text: String) -> String {
        let utf8 = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 2)
        bytes.append(UInt8(ascii: "'"))
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "'"): bytes.append(byte); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(byte); bytes.append(byte)
            case 0x00: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "0"))
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x1A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "Z"))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "'"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public func canonicalTextExpression(_ column: ColumnInfo) -> String {
        let name = quoteIdentifier(column.name)
        switch column.kind {
        // YEAR prints 4 digits (`0000`); as a number it is 0, as Parity reads it.
        case .integer where column.baseTypeName == "bit" || column.baseTypeName == "year": return "CAST(CAST(\(name) AS UNSIGNED) AS CHAR)"
        case .double where column.baseTypeName == "float": return Self.floatText(name)
        case .double: return Self.doubleText(name)
        case .integer, .date: return "CAST(\(name) AS CHAR)"
        case .decimal, .time, .timestamp: return Self.trimFraction("CAST(\(name) AS CHAR)")
        case .timestampWithTimeZone: return "CONCAT(\(Self.trimFraction("CAST(\(name) AS CHAR)")), '+00:00')"
        case .boolean: return "CASE WHEN \(name) <> 0 THEN '1' WHEN \(name) = 0 THEN '0' END"
        case .bytes: return "LOWER(HEX(\(name)))"
        case .text: return "CONVERT(\(name) USING utf8mb4) COLLATE utf8mb4_bin"
        }
    }

    /// The canonical text of a DOUBLE (``SQLValue/canonicalText``, PostgreSQL's float8 output):
    /// shortest round-trip digits, positional from 1e-4 up to 1e15 and `d.ddde±XX` outside,
    /// every zero `0`.
    ///
    /// MariaDB prints the same shortest digits but its own exponent form (`1e15`, `1.5e-7`, and
    /// `0.00000015` positionally), so outside [1e-4, 1e15) the text is rebuilt from the digits
    /// and the decimal exponent of the first significant digit. For example
    /// `1e15` → `1e+15`, `0.00000015` → `1.5e-07`, `-0` → `0`.
    static func doubleText(_ value: String) -> String {
        let text = "CAST(\(value) AS CHAR)"
        let mantissa = "SUBSTRING_INDEX(REPLACE(\(text), '-', ''), 'e', 1)"
        let digits = "TRIM(BOTH '0' FROM REPLACE(\(mantissa), '.', ''))"
        let allDigits = "REPLACE(\(mantissa), '.', '')"
        let written = "IF(LOCATE('e', \(text)) > 0, CAST(SUBSTRING_INDEX(\(text), 'e', -1) AS SIGNED), 0)"
        let exponent = "(\(written) + LOCATE('.', CONCAT(\(mantissa), '.')) - 2 - (CHAR_LENGTH(\(allDigits)) - CHAR_LENGTH(TRIM(LEADING '0' FROM \(allDigits)))))"
        let exponentForm = "CONCAT(IF(\(value) < 0, '-', ''), LEFT(\(digits), 1), IF(CHAR_LENGTH(\(digits)) > 1, CONCAT('.', SUBSTRING(\(digits), 2)), ''), "
            + "'e', IF(ABS(\(value)) < 1, '-', '+'), IF(ABS(\(exponent)) < 10, '0', ''), ABS(\(exponent)))"
        return "CASE WHEN \(value) = 0 THEN '0' WHEN ABS(\(value)) >= 1e-4 AND ABS(\(value)) < 1e15 THEN \(text) ELSE \(exponentForm) END"
    }

    /// The canonical text of a FLOAT (single precision): the float's shortest round-trip digits
    /// (as PostgreSQL's `real` and Swift's `Float` print them), written as a double is
    /// (``doubleText(_:)``): `0.1`, `1234567`, `3.4028235e+38`.
    ///
    /// MariaDB prints a FLOAT with 6 significant digits (`1234567` → `1234570`), so two floats
    /// would share a text. When that text reads back as the float (`0.1`, `12.99`) its digits are
    /// the shortest and it is used (for normal floats: a subnormal's shortest digits may be
    /// fewer). Otherwise the exact value (`CAST(f AS DOUBLE)`, shortest double digits) is rounded
    /// (half to even) to 6, 7 and 8 significant digits (from 1 digit for subnormals), and the
    /// first rounding that reads back as the float (`CAST(… AS FLOAT) = ABS(f)`) is written; else
    /// the rounding to 9 digits, which always reads back. The decimal exponent is
    /// `FLOOR(LOG10(|f|))`, exact for floats: no float other than an exact power of ten is near
    /// enough to one for the logarithm to round across.
    ///
    /// Long SQL (about 160 KB) and, for floats that need 7–9 digits, about 20 times slower than a
    /// DOUBLE's text (docs/DESIGN-NOTES.md).
    static func floatText(_ column: String) -> String {
        let exact = "CAST(\(column) AS DOUBLE)"
        let mantissa = "SUBSTRING_INDEX(REPLACE(CAST(\(exact) AS CHAR), '-', ''), 'e', 1)"
        let padded = "RPAD(TRIM(BOTH '0' FROM REPLACE(\(mantissa), '.', '')), 17, '0')"
        let exponent = "FLOOR(LOG10(ABS(\(exact))))"
        func rounded(_ digits: Int) -> String {
            // Half to even, as Swift picks between two equally near shortest texts (1346.90625 → 1346.9062).
            let next = "SUBSTRING(\(padded), \(digits + 1), 1)"
            let beyondHalf = "TRIM(TRAILING '0' FROM SUBSTRING(\(padded), \(digits + 2))) <> ''"
            let odd = "SUBSTRING(\(padded), \(digits), 1) IN ('1', '3', '5', '7', '9')"
            return "(CAST(LEFT(\(padded), \(digits)) AS UNSIGNED) + (\(next) > '5' OR (\(next) = '5' AND (\(beyondHalf) OR \(odd)))))"
        }
        func readsBack(_ digits: Int) -> String {
            "CAST(CONCAT(\(rounded(digits)), 'e', \(exponent) - \(digits - 1)) AS FLOAT) = ABS(\(column))"
        }
        func written(_ digits: Int) -> String {
            // A rounding up to 10^digits carries into one more digit, and so one more in the exponent.
            decimalText(digits: "TRIM(TRAILING '0' FROM \(rounded(digits)))",
                        exponent: "(\(exponent) - \(digits) + CHAR_LENGTH(\(rounded(digits))))", negative: "\(column) < 0")
        }
        // Subnormal floats have fewer significant bits, so their shortest digits may be fewer than
        // 6 (1e-45) while the rounding to 6 digits (1.40130e-45) reads back too.
        let subnormal = (1...5).map { "WHEN ABS(\(column)) < 1.1754943508222875e-38 AND \(readsBack($0)) THEN \(written($0))" }
        let candidates = (subnormal + (6...8).map { "WHEN \(readsBack($0)) THEN \(written($0))" }).joined(separator: " ")
        // Fast path: a normal float whose 6-digit text reads back has that text's digits.
        let sixDigits = "CAST(\(column) AS CHAR)"
        let fast = "WHEN ABS(\(column)) >= 1.1754943508222875e-38 AND CAST(\(sixDigits) AS FLOAT) = \(column) THEN \(doubleText("CAST(\(sixDigits) AS DOUBLE)"))"
        return "CASE WHEN \(column) = 0 THEN '0' \(fast) \(candidates) WHEN \(column) IS NOT NULL THEN \(written(9)) END"
    }

    /// Significant `digits` (no leading or trailing zero) whose first digit is at decimal
    /// `exponent`, written as ``SQLValue/canonicalText`` writes a double: positional from 1e-4
    /// up to 1e15 (`0.00015`, `1234567`, `12.5`), else `d.ddde±XX` (`1.5e-07`, `3.4028235e+38`).
    static func decimalText(digits: String, exponent: String, negative: String) -> String {
        let sign = "IF(\(negative), '-', '')"
        let exponentForm = "CONCAT(\(sign), LEFT(\(digits), 1), IF(CHAR_LENGTH(\(digits)) > 1, CONCAT('.', SUBSTRING(\(digits), 2)), ''), "
            + "'e', IF(\(exponent) < 0, '-', '+'), IF(ABS(\(exponent)) < 10, '0', ''), ABS(\(exponent)))"
        return "CASE WHEN \(exponent) < -4 OR \(exponent) >= 15 THEN \(exponentForm) "
            + "WHEN \(exponent) < 0 THEN CONCAT(\(sign), '0.', REPEAT('0', -\(exponent) - 1), \(digits)) "
            + "WHEN CHAR_LENGTH(\(digits)) <= \(exponent) + 1 THEN CONCAT(\(sign), RPAD(\(digits), \(exponent) + 1, '0')) "
            + "ELSE CONCAT(\(sign), LEFT(\(digits), \(exponent) + 1), '.', SUBSTRING(\(digits), \(exponent) + 2)) END"
    }

    /// `text` without trailing fractional zeros and without a dot left alone, when it has a dot.
    static func trimFraction(_ text: String) -> String {
        "IF(LOCATE('.', \(text)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM \(text))), \(text))"
    }

    /// `CONCAT` of `COALESCE(CONCAT('V', CHAR_LENGTH(t), ':', t), 'N')` per column (CONCAT is
    /// NULL when any argument is).
    public func rowTextExpression(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        let parts = comparedTexts(columns, equivalences: equivalences).map { column, text in
            return "COALESCE(CONCAT('V', CHAR_LENGTH(\(text)), ':', \(text)), 'N')"
        }
        return "CONCAT(" + parts.joined(separator: ", ") + ")"
    }

    /// `CONCAT(t, ' 00:00:00')` (NULL when `t` is).
    public func midnightExpression(_ dateText: String) -> String { "CONCAT(\(dateText), ' 00:00:00')" }

    public func rowHashExpression(_ rowText: String) -> String {
        "CAST(CONV(SUBSTRING(MD5(\(rowText)), 1, 15), 16, 10) AS UNSIGNED)"
    }

    /// `SUM` of BIGINT UNSIGNED is an exact DECIMAL, so the sum never overflows before the modulo.
    public func hashSumExpression(_ hash: String) -> String {
        "CAST(MOD(COALESCE(SUM(\(hash)), 0), \(RowHasher.modulus)) AS CHAR)"
    }

    /// Text compares as the bytes of its UTF-8 form,
    /// `CAST(CONVERT(c USING utf8mb4) AS BINARY) = CAST(literal AS BINARY)`, since `=` follows
    /// the column's collation (often case-insensitive, and PAD SPACE); a FLOAT column compares
    /// with `CAST(literal AS FLOAT)`, the single-precision value stored.
    public func beforeImageCondition(_ column: ColumnInfo, literal: String) -> String {
        let name = quoteIdentifier(column.name)
        if column.kind == .text { return "CAST(CONVERT(\(name) USING utf8mb4) AS BINARY) = CAST(\(literal) AS BINARY)" }
        if column.baseTypeName == "float" { return "\(name) = CAST(\(literal) AS FLOAT)" }
        return name + " = " + literal
    }

    /// Text keys: `k = literal AND CAST(CONVERT(k USING utf8mb4) AS BINARY) = CAST(literal AS BINARY)`,
    /// the column's `=` (which uses the key's index, but follows its collation: case- and
    /// accent-insensitive, PAD SPACE) narrowed to the UTF-8 bytes, as a text before-image compares;
    /// other keys `k = literal`.
    public func keyCondition(_ column: ColumnInfo, literal: String) -> String {
        let equal = equalityCondition(column, literal: literal)
        return column.kind == .text ? equal + " AND " + beforeImageCondition(column, literal: literal) : equal
    }

    /// `SELECT values FROM DUAL`: MySQL takes a WHERE clause only after a FROM.
    public func selectRow(_ values: String) -> String { "SELECT \(values) FROM DUAL" }

    public func scriptPrologue() -> [String] {
        [
            "-- Run with: mysql --default-character-set=utf8mb4 <database> < <this file>",
            "SET NAMES utf8mb4;",
            "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES';",
            "SET time_zone = '+00:00';",
            "START TRANSACTION;",
        ]
    }

    public func scriptEpilogue() -> [String] { ["COMMIT;"] }

    public func deleteOneRow(table: String, condition: String) -> String {
        "DELETE FROM \(table) WHERE \(condition) LIMIT 1;"
    }
}
