import Foundation

/// Number and time formats used in log lines and file names.
public enum LogFormat {
    /// `50000` → `"50,000"`.
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (number < 0 ? "-" : "") + out
    }

    /// Seconds as written in messages: `2`, `0.25`.
    public static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `YYYYMMDD_HHMMSS` in local time, for output file names.
    public static func fileStamp(_ date: Date) -> String {
        format(date, "yyyyMMdd_HHmmss")
    }

    /// `YYYY-MM-DD HH:MM:SS` in local time, for log lines and summaries.
    public static func logStamp(_ date: Date) -> String {
        format(date, "yyyy-MM-dd HH:mm:ss")
    }

    /// ISO-8601 without zone, `YYYY-MM-DDTHH:MM:SS`, as in the walkthrough's session JSON.
    public static func isoStamp(_ date: Date) -> String {
        format(date, "yyyy-MM-dd'T'HH:mm:ss")
    }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
