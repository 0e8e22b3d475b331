import Foundation

/// A value the tests write into a database, rendered as a literal by the tests themselves (not by
/// Parity's dialects, which are what is under test).
enum TestValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    /// An exact decimal with 4 fractional digits, in units of 0.0001.
    case decimal4(Int64)
    /// An exact decimal of any length, as text (PostgreSQL `numeric`).
    case bigDecimal(String)
    /// Days since 1970-01-01.
    case date(Int)
    /// Wall-clock seconds since 1970-01-01 00:00:00 and microseconds.
    case timestamp(seconds: Int64, micros: Int)
    case bytes([UInt8])
    case boolean(Bool)
    case double(Double)
    case uuid(String)
    /// An instant (seconds since the epoch in UTC, microseconds), written with an offset.
    case instant(seconds: Int64, micros: Int, offsetMinutes: Int)

    /// The literal for an INSERT into this engine.
    func literal(_ engine: Engine) -> String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .text(let text): return SQLText.quoted(text)
        case .decimal4(let units): return Self.decimalText(units)
        case .bigDecimal(let text): return text
        case .date(let days): return SQLText.quoted(Self.dateText(days))
        case .timestamp(let seconds, let micros): return SQLText.quoted(Self.timestampText(seconds, micros))
        case .bytes(let bytes):
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            return engine == .postgresql ? "'\\x\(hex)'::bytea" : "X'\(hex)'"
        case .boolean(let flag): return engine == .postgresql ? (flag ? "TRUE" : "FALSE") : (flag ? "1" : "0")
        case .double(let value): return engine == .postgresql ? SQLText.quoted("\(value)") : "\(value)"
        case .uuid(let text): return SQLText.quoted(text)
        case .instant(let seconds, let micros, let offset):
            // PostgreSQL gets the local wall clock with its offset; SQLite, which has no time zone
            // type, holds the instant as UTC text, the way a faithful copy would.
            if engine == .postgresql {
                let local = Self.timestampText(seconds + Int64(offset * 60), micros)
                let sign = offset < 0 ? "-" : "+"
                let magnitude = abs(offset)
                let zone = sign + (magnitude % 60 == 0 ? String(format: "%02d", magnitude / 60) : String(format: "%02d:%02d", magnitude / 60, magnitude % 60))
                return SQLText.quoted(local + zone)
            }
            return SQLText.quoted(Self.timestampText(seconds, micros) + "+00:00")
        }
    }

    /// `123456` → `"12.3456"`, `-5` → `"-0.0005"`.
    static func decimalText(_ units: Int64) -> String {
        let sign = units < 0 ? "-" : ""
        let magnitude = units.magnitude
        return sign + String(magnitude / 10_000) + "." + String(format: "%04d", Int(magnitude % 10_000))
    }

    /// `YYYY-MM-DD` of a day number (days since 1970-01-01), proleptic Gregorian.
    static func dateText(_ days: Int) -> String {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` (six fractional digits when there is a fraction).
    static func timestampText(_ seconds: Int64, _ micros: Int) -> String {
        let days = Int(seconds.quotientAndRemainder(dividingBy: 86_400).quotient) - (seconds < 0 && seconds % 86_400 != 0 ? 1 : 0)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        var text = dateText(days) + String(format: " %02d:%02d:%02d", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
        if micros != 0 { text += String(format: ".%06d", micros) }
        return text
    }
}

enum SQLText {
    /// A single-quoted SQL string literal, quotes doubled (backslashes are plain characters with
    /// PostgreSQL's standard_conforming_strings, the default, and in SQLite).
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)` in batches of `batch` rows.
    static func inserts(table: String, columns: [String], rows: [[TestValue]], engine: Engine, batch: Int = 100) -> [String] {
        stride(from: 0, to: rows.count, by: batch).map { start in
            let values = rows[start..<min(start + batch, rows.count)]
                .map { "(" + $0.map { $0.literal(engine) }.joined(separator: ", ") + ")" }
                .joined(separator: ", ")
            return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values)"
        }
    }
}
