import Foundation

extension TestValue {
    /// The literal for an INSERT into MariaDB (whose session the test connection sets to UTC):
    /// quotes doubled and backslashes escaped, binary as `X'…'`, booleans as 1/0, instants as
    /// their UTC wall clock.
    var mariadbLiteral: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .text(let text), .uuid(let text): return Self.mariadbString(text)
        case .decimal4(let units): return Self.decimalText(units)
        case .bigDecimal(let text): return text
        case .date(let days): return Self.mariadbString(Self.dateText(days))
        case .timestamp(let seconds, let micros): return Self.mariadbString(Self.timestampText(seconds, micros))
        case .bytes(let bytes): return "X'" + bytes.map { String(format: "%02x", $0) }.joined() + "'"
        case .boolean(let flag): return flag ? "1" : "0"
        case .double(let value): return "\(value)"
        case .instant(let seconds, let micros, _): return Self.mariadbString(Self.timestampText(seconds, micros))
        }
    }

    /// A MariaDB string literal with the default sql_mode (backslash escapes on).
    static func mariadbString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)` for MariaDB in batches of `batch` rows.
    static func mariadbInserts(table: String, columns: [String], rows: [[TestValue]], batch: Int = 100) -> [String] {
        stride(from: 0, to: rows.count, by: batch).map { start in
            let values = rows[start..<min(start + batch, rows.count)]
                .map { "(" + $0.map(\.mariadbLiteral).joined(separator: ", ") + ")" }
                .joined(separator: ", ")
            return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values)"
        }
    }
}
