/// One column value read from either database, in the value model every connector maps its
/// driver's values to.
///
/// The model is deliberately small: what matters for a comparison is that the same logical
/// value read from two engines produces the same ``canonicalText``. Text is compared byte for
/// byte (UTF-8), never with Unicode canonical equivalence, so `"café"` (NFC) and `"cafe\u{301}"`
/// (NFD) are different values, as they are to the databases' binary collations.
public enum SQLValue: Sendable {
    /// SQL NULL.
    case null
    /// A signed 64-bit integer.
    case integer(Int64)
    /// An exact decimal number as the database printed it, e.g. `"1.50"`, `"-0.71"`, `"100"`.
    case decimal(String)
    /// A binary floating-point number.
    case double(Double)
    /// Character data, compared byte for byte in UTF-8.
    case text(String)
    /// Binary data (bytea, BLOB, RAW).
    case bytes([UInt8])
    /// A boolean.
    case boolean(Bool)
    /// A calendar date, `YYYY-MM-DD`.
    case date(String)
    /// A time of day, `HH:MM:SS[.ffffff]`.
    case time(String)
    /// A timestamp without time zone, `YYYY-MM-DD HH:MM:SS[.ffffff]` (wall-clock).
    case timestamp(String)
    /// An instant, `YYYY-MM-DD HH:MM:SS[.ffffff]+HH:MM` in UTC (`+00:00`).
    case timestampWithTimeZone(String)

    /// Whether the value is SQL NULL.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension SQLValue {
    /// The text both sides of a comparison agree on for equal values.
    ///
    /// Rules: integers in decimal; exact decimals without trailing fractional zeros and with a
    /// leading `0` (`"1.50"` → `"1.5"`, `".71"` → `"0.71"`, `"-0"` → `"0"`); floats in the
    /// shortest text that round-trips (`1.0` → `"1"`); bytes as lowercase hex; booleans `"1"`
    /// or `"0"`; timestamps without trailing fractional zeros; NULL has no canonical text (`nil`).
    public var canonicalText: String? {
        switch self {
        case .null: return nil
        case .integer(let value): return String(value)
        case .decimal(let text): return DecimalText.normalize(text)
        case .double(let value): return SQLValue.canonicalDouble(value)
        case .text(let text): return text
        case .bytes(let bytes): return HexText.encode(bytes)
        case .boolean(let value): return value ? "1" : "0"
        case .date(let text): return text
        case .time(let text): return SQLValue.trimFraction(text)
        case .timestamp(let text): return SQLValue.trimFraction(text)
        case .timestampWithTimeZone(let text): return SQLValue.canonicalInstant(text)
        }
    }

    static func canonicalDouble(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let text = "\(value)"
        // Swift prints magnitudes below 2^53 positionally ("1000000000000000.0"); from 1e15 up
        // PostgreSQL's float8 output (and this text) uses the exponent form ("1e+15").
        if abs(value) >= 1e15, !text.contains("e") { return exponentForm(text) }
        return text
    }

    /// `"1500000000000000.0"` → `"1.5e+15"`, `"-1000000000000000.5"` → `"-1.0000000000000005e+15"`:
    /// the same digits, one before the dot, trailing zeros dropped.
    static func exponentForm(_ positional: String) -> String {
        let negative = positional.hasPrefix("-")
        let unsigned = negative ? positional.dropFirst() : Substring(positional)
        let integer = unsigned.prefix { $0 != "." }
        var digits = String(integer) + String(unsigned.dropFirst(integer.count + 1))
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let exponent = integer.count - 1
        let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + String(digits.dropFirst()) : digits
        return (negative ? "-" : "") + mantissa + "e+" + (exponent < 10 ? "0" : "") + String(exponent)
    }

    /// Drops trailing zeros of a fractional part, and the dot when nothing is left:
    /// `"12:00:01.500000"` → `"12:00:01.5"`, `"12:00:01.000"` → `"12:00:01"`.
    static func trimFraction(_ text: String) -> String {
        guard let dot = text.lastIndex(of: ".") else { return text }
        var end = text.endIndex
        // Keep any zone suffix (+00:00) after the fraction.
        var suffix = Substring("")
        if let zone = text[dot...].firstIndex(where: { $0 == "+" || $0 == "-" }) {
            end = zone
            suffix = text[zone...]
        }
        var fraction = text[text.index(after: dot)..<end]
        while fraction.last == "0" { fraction = fraction.dropLast() }
        if fraction.isEmpty { return String(text[..<dot]) + suffix }
        return String(text[..<dot]) + "." + fraction + suffix
    }

    /// Normalises an instant printed in UTC by any engine (`+00`, `+00:00`, `Z`) to
    /// `YYYY-MM-DD HH:MM:SS[.f]+00:00`; PostgreSQL's ` BC` suffix stays last
    /// (`0001-12-31 15:51:54.84+00 BC` → `0001-12-31 15:51:54.84+00:00 BC`).
    static func canonicalInstant(_ text: String) -> String {
        if text.hasSuffix(" BC") { return canonicalInstant(String(text.dropLast(3))) + " BC" }
        var body = Substring(text)
        if body.hasSuffix("Z") { body = body.dropLast() }
        else if body.hasSuffix("+00:00") { body = body.dropLast(6) }
        else if body.hasSuffix("+00") { body = body.dropLast(3) }
        else { return trimFraction(text) }
        return trimFraction(String(body)) + "+00:00"
    }
}

extension SQLValue: Equatable, Hashable {
    /// Values are equal when their canonical texts are byte-equal (NULL equals NULL).
    public static func == (lhs: SQLValue, rhs: SQLValue) -> Bool {
        switch (lhs.canonicalText, rhs.canonicalText) {
        case (nil, nil): return true
        case (let left?, let right?): return left.utf8.elementsEqual(right.utf8)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let text = canonicalText {
            hasher.combine(1 as UInt8)
            for byte in text.utf8 { hasher.combine(byte) }
        } else {
            hasher.combine(0 as UInt8)
        }
    }
}
