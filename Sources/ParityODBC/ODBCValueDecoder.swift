import CODBC
import ParityCore

/// Turns what a driver returned for one cell into the value kind the caller asked for.
///
/// Text is converted the way the native PostgreSQL connector converts its `::text` cells, so a
/// dialect that reads columns as text gives the same values through ODBC as natively.
enum ODBCValueDecoder {
    /// A value that arrived as character data.
    static func value(text: String, kind: ValueKind) -> SQLValue {
        switch kind {
        case .integer: return Int64(text).map(SQLValue.integer) ?? .decimal(text)
        case .decimal: return .decimal(text)
        case .double: return .double(Double(text) ?? .nan)
        case .boolean:
            switch text.lowercased() {
            case "1", "t", "true", "y", "yes", "on": return .boolean(true)
            default: return .boolean(false)
            }
        case .bytes: return .bytes(bytes(fromText: text))
        case .date: return .date(text)
        case .time: return .time(text)
        case .timestamp: return .timestamp(text)
        case .timestampWithTimeZone: return .timestampWithTimeZone(text)
        case .text: return .text(text)
        }
    }

    /// Binary data sent as text: PostgreSQL's `\x…` hex, or plain hex (`HEX()`, `RAWTOHEX`);
    /// anything else is taken as the text's UTF-8 bytes.
    static func bytes(fromText text: String) -> [UInt8] {
        if text.hasPrefix("\\x"), let decoded = HexText.decode(text.dropFirst(2)) { return decoded }
        if text.hasPrefix("0x") || text.hasPrefix("0X"), let decoded = HexText.decode(text.dropFirst(2)) { return decoded }
        if let decoded = HexText.decode(Substring(text)) { return decoded }
        return Array(text.utf8)
    }

    /// A value that arrived as a 64-bit integer.
    static func value(integer: Int64, kind: ValueKind) -> SQLValue {
        switch kind {
        case .decimal: return .decimal(String(integer))
        case .double: return .double(Double(integer))
        case .boolean: return .boolean(integer != 0)
        case .text: return .text(String(integer))
        default: return .integer(integer)
        }
    }

    /// A value that arrived as a binary floating-point number.
    static func value(double: Double, kind: ValueKind) -> SQLValue {
        switch kind {
        case .text: return .text(SQLValue.double(double).canonicalText ?? "")
        case .decimal: return .decimal(SQLValue.double(double).canonicalText ?? "")
        default: return .double(double)
        }
    }

    /// A value that arrived as binary data.
    static func value(bytes: [UInt8], kind: ValueKind) -> SQLValue {
        kind == .text ? .text(String(decoding: bytes, as: UTF8.self)) : .bytes(bytes)
    }

    /// A `SQL_C_TYPE_DATE` value: `YYYY-MM-DD`.
    static func value(date: SQL_DATE_STRUCT, kind: ValueKind) -> SQLValue {
        var text = ""
        text.reserveCapacity(10)
        appendDate(&text, year: Int(date.year), month: Int(date.month), day: Int(date.day))
        return kind == .text ? .text(text) : (kind == .timestamp ? .timestamp(text + " 00:00:00") : .date(text))
    }

    /// A `SQL_C_TYPE_TIMESTAMP` value: `YYYY-MM-DD HH:MM:SS[.fffffffff]` without trailing
    /// fractional zeros; a date when `kind` is `.date` and the time is midnight.
    static func value(timestamp: SQL_TIMESTAMP_STRUCT, kind: ValueKind) -> SQLValue {
        var text = ""
        text.reserveCapacity(29)
        appendDate(&text, year: Int(timestamp.year), month: Int(timestamp.month), day: Int(timestamp.day))
        let midnight = timestamp.hour == 0 && timestamp.minute == 0 && timestamp.second == 0 && timestamp.fraction == 0
        if kind == .date && midnight { return .date(text) }
        text.append(" ")
        appendDigits(&text, Int(timestamp.hour), width: 2)
        text.append(":")
        appendDigits(&text, Int(timestamp.minute), width: 2)
        text.append(":")
        appendDigits(&text, Int(timestamp.second), width: 2)
        if timestamp.fraction != 0 {
            // The fraction is in nanoseconds (ODBC 3 timestamp struct).
            var digits = Int(timestamp.fraction)
            var width = 9
            while digits % 10 == 0 { digits /= 10; width -= 1 }
            text.append(".")
            appendDigits(&text, digits, width: width)
        }
        switch kind {
        case .text: return .text(text)
        case .date: return .date(text)
        default: return .timestamp(text)
        }
    }

    private static func appendDate(_ text: inout String, year: Int, month: Int, day: Int) {
        appendDigits(&text, year, width: 4)
        text.append("-")
        appendDigits(&text, month, width: 2)
        text.append("-")
        appendDigits(&text, day, width: 2)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    private static func appendDigits(_ text: inout String, _ value: Int, width: Int) {
        let digits = String(value)
        if digits.count < width { text.append(String(repeating: "0", count: width - digits.count)) }
        text.append(digits)
    }
}
