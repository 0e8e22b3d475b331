import Foundation

/// Calendar arithmetic on timestamp text, for the equivalence rules: instant to wall-clock and
/// back, and fewer fractional-second digits. Proleptic Gregorian calendar, years 0001–9999, no leap
/// seconds (as PostgreSQL, MySQL, Oracle and SQL Server count).
enum TemporalArithmetic {
    /// The instant a wall-clock timestamp denotes in `zone`, as canonical UTC text
    /// (`YYYY-MM-DD HH:MM:SS[.f]+00:00`); `nil` when the text or the zone cannot be read.
    ///
    /// Not a function of the wall-clock time alone where a zone changes its offset (a time
    /// repeated has two instants, a time skipped none), so comparisons never use it: they take
    /// an instant's wall-clock time (``wallClock(instant:zone:)``). It writes sync-script values
    /// and converts `compare_as: timestamptz` text with an explicit offset.
    ///
    /// - Parameters:
    ///   - wallClock: `YYYY-MM-DD HH:MM:SS[.f]` (a date alone means midnight).
    ///   - zone: an IANA name (`Europe/Paris`, `UTC`) or an offset (`+08:00`, `-0530`). For a
    ///     named zone, daylight-saving changes are resolved as PostgreSQL does (PostgreSQL
    ///     documentation, "Handling of Invalid or Ambiguous Timestamps"): a wall-clock time
    ///     skipped by a change takes the offset in force just before it, a time that occurs
    ///     twice takes the offset in force just after it.
    static func instant(wallClock: String, zone: String) -> String? {
        guard let parts = TemporalText(wallClock), parts.offset == nil, let local = seconds(date: parts.date, time: parts.time),
              let offset = offset(wallClock: local, zone: zone) else { return nil }
        return SQLValue.trimFraction(text(local - offset, fraction: parts.fraction)) + "+00:00"
    }

    /// The wall-clock time an instant shows in `zone`, `YYYY-MM-DD HH:MM:SS[.f]`; `nil` when
    /// the text or the zone cannot be read.
    ///
    /// - Parameter instant: `YYYY-MM-DD HH:MM:SS[.f]` with an offset (`+00:00`, `Z`, `+08`).
    static func wallClock(instant: String, zone: String) -> String? {
        guard let parts = TemporalText(instant), let offsetText = parts.offset, let time = parts.time,
              let fromOffset = offsetSeconds(offsetText), let local = seconds(date: parts.date, time: time) else { return nil }
        let utc = local - fromOffset
        let offset: Int
        if let fixed = offsetSeconds(zone) {
            offset = fixed
        } else if let timeZone = TimeZone(identifier: zone) {
            offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
        } else {
            return nil
        }
        return SQLValue.trimFraction(text(utc + offset, fraction: parts.fraction))
    }

    /// The offset (seconds east of UTC) of a wall-clock time in `zone`, by PostgreSQL's rules
    /// for times skipped or repeated by a daylight-saving change.
    private static func offset(wallClock local: Int, zone: String) -> Int? {
        if let fixed = offsetSeconds(zone) { return fixed }
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        func offsetAt(_ instant: Int) -> Int { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) }
        // The offsets a day either side: no zone changes twice within two days.
        let before = offsetAt(local - 86_400)
        let after = offsetAt(local + 86_400)
        let validBefore = offsetAt(local - before) == before
        let validAfter = offsetAt(local - after) == after
        switch (validBefore, validAfter) {
        case (true, true): return after      // same offset, or a repeated time: the later one
        case (true, false): return before
        case (false, true): return after
        case (false, false): return before   // a skipped time: the offset before the change
        }
    }

    /// Whether `zone` names a zone ``instant(wallClock:zone:)`` can use.
    static func isZone(_ zone: String) -> Bool {
        offsetSeconds(zone) != nil || TimeZone(identifier: zone) != nil
    }

    /// Cuts the fractional seconds of a timestamp, instant or time to `digits` (0–9), rounding
    /// half up when `round` (carrying into the seconds, minutes, … and the date), and drops
    /// trailing zeros: `("12:00:01.9996", 3, round)` → `"12:00:02"`.
    static func reduceFraction(_ text: String, digits: Int, round: Bool) -> String {
        guard let dot = text.lastIndex(of: ".") else { return text }
        let afterDot = text.index(after: dot)
        let end = text[afterDot...].firstIndex { !$0.isASCIIDigit } ?? text.endIndex
        let fraction = text[afterDot..<end]
        let suffix = text[end...]
        guard fraction.count > digits else { return SQLValue.trimFraction(text) }
        var kept = Array(fraction.prefix(digits))
        let carry = round && fraction[fraction.index(fraction.startIndex, offsetBy: digits)] >= "5" && DecimalText.incrementDigits(&kept)
        var head = String(text[..<dot])
        if carry { head = addSecond(head) }
        return SQLValue.trimFraction(head + (kept.isEmpty ? "" : "." + String(kept)) + suffix)
    }

    /// `YYYY-MM-DD HH:MM:SS` or `HH:MM:SS` one second later, carrying into the date (a time of
    /// day wraps at midnight). A MariaDB `TIME` outside a day keeps its hours (`838:59:58` →
    /// `838:59:59`), and a negative one moves away from zero, as its rounded fraction does
    /// (`-01:00:00` → `-01:00:01`).
    private static func addSecond(_ head: String) -> String {
        if let parts = TemporalText(head), let time = parts.time, let value = seconds(date: parts.date, time: time) {
            return text(value + 1, fraction: nil)
        }
        let negative = head.hasPrefix("-")
        let pieces = (negative ? head.dropFirst() : Substring(head)).split(separator: ":", omittingEmptySubsequences: false)
        let numbers = pieces.compactMap { Int($0) }
        guard numbers.count == 3, pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return head }
        var total = numbers[0] * 3600 + numbers[1] * 60 + numbers[2] + 1
        if !negative, numbers[0] < 24 { total %= 86_400 }
        return (negative ? "-" : "") + String(format: "%02d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
    }

    /// `+08:00`, `-0530`, `+08`, `Z`, `UTC` → seconds east of UTC.
    private static func offsetSeconds(_ zone: String) -> Int? {
        if zone == "Z" || zone.uppercased() == "UTC" { return 0 }
        guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
        let numbers = zone.dropFirst().filter { $0 != ":" }
        guard numbers.allSatisfy(\.isASCIIDigit), numbers.count == 2 || numbers.count == 4,
              let hours = Int(numbers.prefix(2)), let minutes = Int(numbers.count == 4 ? String(numbers.suffix(2)) : "0"),
              hours <= 18, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// Seconds since 1970-01-01 00:00:00 of a date and optional `HH:MM:SS`.
    private static func seconds(date: String, time: String?) -> Int? {
        let day = date.split(separator: "-").compactMap { Int($0) }
        guard day.count == 3 else { return nil }
        var total = daysFromCivil(year: day[0], month: day[1], day: day[2]) * 86_400
        if let time {
            let clock = time.split(separator: ":").compactMap { Int($0) }
            guard clock.count == 3 else { return nil }
            total += clock[0] * 3600 + clock[1] * 60 + clock[2]
        }
        return total
    }

    private static func text(_ seconds: Int, fraction: String?) -> String {
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        var result = String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, rest / 3600, rest / 60 % 60, rest % 60)
        if let fraction { result += "." + fraction }
        return result
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil calendar algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp + (mp < 10 ? 3 : -9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
