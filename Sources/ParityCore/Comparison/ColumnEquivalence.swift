import Foundation

/// The equivalence rules of one compared column pair, resolved from ``EquivalenceOptions``, the
/// two columns' declared types and the two engines. Stored with the session, so a resumed run
/// compares by the same rules.
///
/// The default value compares canonical texts byte for byte (``SQLValue/==``).
public struct ColumnEquivalence: Sendable, Equatable, Codable {
    /// `''` counts as NULL.
    public var emptyStringIsNull = false
    /// Trailing spaces of text values are dropped (a fixed-length `CHAR` column on either side).
    public var trimCharPadding = false
    /// Exact numbers are rounded half away from zero to this many decimals (0–1000).
    public var numericScale: Int?
    public var floatTolerance: FloatTolerance?
    /// Floating-point values are compared as 32-bit floats.
    public var singlePrecision = false
    /// Fractional seconds are cut to this many digits (0–9), by ``fractionRounding``.
    public var fractionDigits: Int?
    public var fractionRounding: TimestampPrecision = .exact
    /// An instant is compared with a wall-clock timestamp as its wall-clock time in this zone
    /// (set when one side has a zone and the other not); a wall-clock time is never converted to
    /// an instant for a comparison.
    public var wallClockZone: String?
    /// UUID-shaped text and 16-byte binary compare as 32 lower-case hex digits.
    public var uuidCaseInsensitive = false
    /// Only the date part of dates and timestamps counts.
    public var dateOnly = false
    /// With ``dateOnly``, the zone an instant's date is taken in (`time_zone`); UTC when `nil`.
    public var dateZone: String?
    /// A date compares equal to the timestamp at its midnight (one side date, the other timestamp).
    public var dateAsMidnight = false
    /// Both values are converted to this kind first.
    public var compareAs: ValueKind?

    public init() {}

    /// Whether values compare byte for byte (no option changes anything).
    public var isExact: Bool { self == ColumnEquivalence() }

    /// Whether `source` and `target` are equal under these rules.
    ///
    /// Floating-point values within ``floatTolerance`` are equal: with ``singlePrecision`` the
    /// 32-bit floats the columns hold are compared (`Double(Float(x))`), not the shortest texts
    /// read back as doubles. At the boundary the limit is widened by what binary rounding can
    /// account for (``toleranceLimit(_:magnitude:)``), so a difference exactly at the limit in
    /// decimal is equal (`1000.1` against `1000` within `0.1`).
    public func equal(_ source: SQLValue, _ target: SQLValue) -> Bool {
        if isExact { return source == target }
        let left = normalized(source)
        let right = normalized(target)
        if left == right { return true }
        guard singlePrecision || floatTolerance != nil, var x = Self.number(left), var y = Self.number(right) else { return false }
        if singlePrecision {
            x = Double(Float(x))
            y = Double(Float(y))
            if x == y { return true }
        }
        guard let floatTolerance, x.isFinite, y.isFinite else { return false }
        let magnitude = max(abs(x), abs(y))
        let limit: Double
        switch floatTolerance {
        case .absolute(let absolute): limit = absolute
        case .relative(let relative): limit = relative * magnitude
        case .significantDigits(let digits):
            // Within half a unit of the n-th significant digit of the larger magnitude.
            guard magnitude > 0 else { return false }
            limit = Self.unit(ofSignificantDigit: digits, magnitude: magnitude) / 2
        }
        return abs(x - y) <= Self.toleranceLimit(limit, magnitude: magnitude)
    }

    /// A tolerance `limit` widened by the binary rounding of the limit (4 units in its last
    /// place: `limit × (1 + 4 × Double.ulpOfOne)`) and of two stored values of magnitude up to
    /// `magnitude` (one unit in the last place of `magnitude`). So a difference that is exactly
    /// the limit in decimal stays equal whatever the binary rounding: `1000.1 − 1000` is
    /// `0.10000000000002274` in doubles, within `0.1`.
    static func toleranceLimit(_ limit: Double, magnitude: Double) -> Double {
        limit * (1 + 4 * Double.ulpOfOne) + magnitude.ulp
    }

    /// `10^(e − digits + 1)`, where `e` is `⌊log10(magnitude)⌋`: the unit of the `digits`-th
    /// significant digit (`unit(ofSignificantDigit: 6, magnitude: 31.35)` is `0.0001`).
    static func unit(ofSignificantDigit digits: Int, magnitude: Double) -> Double {
        pow(10, log10(magnitude).rounded(.down) - Double(digits) + 1)
    }

    /// The value as these rules see it (NULL stays NULL).
    public func normalized(_ value: SQLValue) -> SQLValue {
        guard !value.isNull else { return value }
        var value = value
        if let kind = compareAs { value = Self.convert(value, to: kind) }
        if case .text(var text) = value {
            if trimCharPadding { while text.utf8.last == UInt8(ascii: " ") { text.removeLast() } }
            if emptyStringIsNull, text.isEmpty { return .null }
            if uuidCaseInsensitive, let uuid = Self.uuidHex(text) { return .text(uuid) }
            value = .text(text)
        }
        switch value {
        case .bytes(let bytes) where uuidCaseInsensitive && bytes.count == 16:
            return .text(HexText.encode(bytes))
        case .decimal(let text) where numericScale != nil:
            return .decimal(DecimalText.rounded(text, scale: numericScale!))
        case .date(let day):
            return dateAsMidnight && !dateOnly ? .timestamp(day + " 00:00:00") : value
        case .timestamp(let text):
            if dateOnly { return .date(String(text.prefix(10))) }
            // Text with an offset in a column without zone (SQLite keeps what it is given) is
            // an instant: it too is compared as its wall-clock time in the zone.
            if let zone = wallClockZone, TemporalText(text)?.offset != nil,
               let local = TemporalArithmetic.wallClock(instant: text, zone: zone) {
                return .timestamp(reducedFraction(local))
            }
            return .timestamp(reducedFraction(text))
        case .timestampWithTimeZone(let text):
            let instant = SQLValue.canonicalInstant(text)
            if dateOnly {
                let local = dateZone.flatMap { TemporalArithmetic.wallClock(instant: instant, zone: $0) } ?? instant
                return .date(String(local.prefix(10)))
            }
            // Against a wall-clock timestamp, the instant's wall-clock time in the zone (one
            // answer for every instant), reduced like the wall-clock side. Never the other way:
            // a wall-clock time repeated by a daylight-saving change would pick one of its two
            // instants, and the other could never be equal to it.
            if let zone = wallClockZone, let local = TemporalArithmetic.wallClock(instant: instant, zone: zone) {
                return .timestamp(reducedFraction(local))
            }
            return .timestampWithTimeZone(reducedFraction(instant))
        case .time(let text):
            return .time(reducedFraction(text))
        default:
            return value
        }
    }

    /// A source value as the target column of kind `targetKind` holds it, for the sync script,
    /// such that the next comparison under these rules finds it equal to the source:
    ///
    /// - an instant against a wall-clock timestamp is written as its wall-clock time in
    ///   ``wallClockZone`` (the comparison's own conversion, so the target's session time zone
    ///   plays no part), and a wall-clock time as an instant with offset that shows it in the
    ///   zone. A wall-clock time skipped by a daylight-saving change is shown by no instant: it is
    ///   written as PostgreSQL reads it and stays different;
    /// - with ``dateOnly``, an instant into a date column as its date in ``dateZone`` (UTC when
    ///   `nil`), and a date into an instant column as the instant of its midnight there;
    /// - timestamps, instants and times are reduced to ``fractionDigits`` as the comparison
    ///   reduces them (`round`: `23:59:59.9999` at 0 digits → the next day's `00:00:00`;
    ///   `truncate`: `10:00:00.7` → `10:00:00`), after any conversion to wall-clock time and
    ///   before any conversion from it, so a target column with fewer digits never cuts the
    ///   value its own way;
    /// - a UUID against 16-byte binary (``uuidCaseInsensitive``) is written as its 16 bytes into a
    ///   binary column and as dashed lower-case text into a text or uuid column.
    ///
    /// Anything else is returned as it is.
    ///
    /// Without this, `'2022-01-29 23:00:00+00'` from a timestamptz column would be written into
    /// a DATETIME compared in `Asia/Shanghai` as `'2022-01-29 23:00:00'` (eight hours off, and
    /// found again on every run), and a uuid into BINARY(16) as 36 characters (refused).
    public func valueForTarget(_ value: SQLValue, targetKind: ValueKind) -> SQLValue {
        switch value {
        case .timestampWithTimeZone(let text):
            if targetKind == .timestamp, let zone = wallClockZone, let local = TemporalArithmetic.wallClock(instant: text, zone: zone) {
                // Where the zone is UTC at that instant the value stays an instant (each dialect
                // writes a UTC instant into a wall-clock column as its UTC time; SQLite keeps the
                // offset text).
                if local == TemporalArithmetic.wallClock(instant: text, zone: "UTC") { return reduced(value) }
                return .timestamp(reducedFraction(local))
            }
            if targetKind == .date, dateOnly, let local = TemporalArithmetic.wallClock(instant: text, zone: dateZone ?? "UTC") {
                return .date(String(local.prefix(10)))
            }
            return reduced(value)
        case .timestamp(let text) where targetKind == .timestampWithTimeZone:
            guard let zone = wallClockZone, let instant = TemporalArithmetic.instant(wallClock: reducedFraction(text), zone: zone) else {
                return reduced(value)
            }
            return .timestampWithTimeZone(instant)
        case .timestamp, .time:
            return reduced(value)
        case .date(let day) where targetKind == .timestampWithTimeZone && dateOnly:
            guard let instant = TemporalArithmetic.instant(wallClock: day + " 00:00:00", zone: dateZone ?? "UTC") else { return value }
            return .timestampWithTimeZone(instant)
        case .text(let text) where targetKind == .bytes && uuidCaseInsensitive:
            guard let hex = Self.uuidHex(text), let bytes = HexText.decode(hex), bytes.count == 16 else { return value }
            return .bytes(bytes)
        case .bytes(let bytes) where targetKind == .text && uuidCaseInsensitive && bytes.count == 16:
            let hex = Array(HexText.encode(bytes))
            let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }
            return .text(groups.joined(separator: "-"))
        default:
            return value
        }
    }

    /// A timestamp, instant or time with its fractional seconds reduced by ``reducedFraction(_:)``;
    /// the value itself when that changes nothing but trailing zeros.
    private func reduced(_ value: SQLValue) -> SQLValue {
        let result: SQLValue
        switch value {
        case .timestamp(let text): result = .timestamp(reducedFraction(text))
        case .timestampWithTimeZone(let text): result = .timestampWithTimeZone(reducedFraction(text))
        case .time(let text): result = .time(reducedFraction(text))
        default: return value
        }
        return result == value ? value : result
    }

    private func reducedFraction(_ text: String) -> String {
        guard let digits = fractionDigits, fractionRounding != .exact else { return text }
        return TemporalArithmetic.reduceFraction(text, digits: digits, round: fractionRounding == .round)
    }

    /// One line per rule that is not byte-exact, for summaries: `rounded to 2 decimals`.
    public var descriptions: [String] {
        var lines: [String] = []
        if let compareAs { lines.append("compared as \(compareAs.rawValue)") }
        if emptyStringIsNull { lines.append("'' = NULL") }
        if trimCharPadding { lines.append("CHAR padding ignored") }
        if let numericScale { lines.append("numbers rounded to \(numericScale) decimals") }
        if singlePrecision { lines.append("single precision") }
        if let floatTolerance { lines.append("float tolerance \(floatTolerance.description)") }
        if let fractionDigits, fractionRounding != .exact {
            lines.append("fractional seconds \(fractionRounding == .round ? "rounded" : "truncated") to \(fractionDigits) digits")
        }
        if let wallClockZone { lines.append("wall-clock timestamps read in \(wallClockZone)") }
        if uuidCaseInsensitive { lines.append("UUIDs case-insensitive") }
        if dateOnly { lines.append("date part only" + (dateZone.map { " (instants in \($0))" } ?? "")) }
        else if dateAsMidnight { lines.append("date = timestamp at midnight") }
        return lines
    }

    // MARK: - Conversions

    static func number(_ value: SQLValue) -> Double? {
        switch value {
        case .double(let number): return number
        case .integer(let number): return Double(number)
        case .decimal(let text): return Double(text)
        default: return nil
        }
    }

    /// 32 lower-case hex digits of a UUID written with or without dashes or braces, any case.
    static func uuidHex(_ text: String) -> String? {
        var body = Substring(text)
        if body.hasPrefix("{"), body.hasSuffix("}") { body = body.dropFirst().dropLast() }
        let utf8 = Array(body.utf8)
        let hex: [UInt8]
        if utf8.count == 36 {
            guard [8, 13, 18, 23].allSatisfy({ utf8[$0] == UInt8(ascii: "-") }) else { return nil }
            hex = utf8.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        } else if utf8.count == 32 {
            hex = utf8
        } else {
            return nil
        }
        var lower: [UInt8] = []
        lower.reserveCapacity(32)
        for byte in hex {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): lower.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): lower.append(byte + 32)
            default: return nil
            }
        }
        return String(decoding: lower, as: UTF8.self)
    }

    /// `value` converted to `kind` through its canonical text; unchanged when the text is not
    /// a value of that kind (so it stays different from a value that is).
    static func convert(_ value: SQLValue, to kind: ValueKind) -> SQLValue {
        guard let text = value.canonicalText else { return value }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .text: return .text(text)
        case .integer:
            if let number = Int64(trimmed) { return .integer(number) }
            let normal = DecimalText.normalize(trimmed)
            if DecimalText.isDecimal(trimmed), !normal.contains("."), let number = Int64(normal) { return .integer(number) }
            return value
        case .decimal:
            if DecimalText.isDecimal(trimmed) { return .decimal(DecimalText.normalize(trimmed)) }
            return value
        case .double:
            if let number = Double(trimmed) { return .double(number) }
            return value
        case .boolean:
            switch trimmed.lowercased() {
            case "1", "t", "true", "y", "yes": return .boolean(true)
            case "0", "f", "false", "n", "no": return .boolean(false)
            default: return value
            }
        case .date:
            guard let parts = TemporalText(trimmed), parts.offset == nil else { return value }
            return .date(parts.date)
        case .timestamp:
            guard let parts = TemporalText(trimmed), parts.offset == nil else { return value }
            return .timestamp(parts.time == nil ? parts.date + " 00:00:00" : parts.withoutOffset)
        case .timestampWithTimeZone:
            guard let parts = TemporalText(trimmed), parts.offset != nil,
                  let instant = TemporalArithmetic.instant(wallClock: parts.withoutOffset, zone: parts.offset!) else { return value }
            return .timestampWithTimeZone(instant)
        case .time, .bytes:
            return value
        }
    }
}

extension ColumnEquivalence {
    /// Resolves the options for one column pair.
    ///
    /// - Parameters:
    ///   - sourceEngine, targetEngine: dialect names (`oracle`, `postgresql`, `mysql`, …).
    public static func resolve(_ options: EquivalenceOptions, source: ColumnInfo, target: ColumnInfo,
                               sourceEngine: String, targetEngine: String) -> ColumnEquivalence {
        var rule = ColumnEquivalence()
        rule.compareAs = options.compareAs
        let kinds = Set([options.compareAs ?? source.kind, options.compareAs ?? target.kind])
        if kinds.contains(.text) {
            rule.emptyStringIsNull = options.emptyStringIsNull ?? (sourceEngine == "oracle" || targetEngine == "oracle")
            rule.trimCharPadding = (options.charPadding ?? .ignore) == .ignore
                && (DeclaredType.isFixedCharacter(source) || DeclaredType.isFixedCharacter(target))
        }
        if options.numeric == .lowerScale {
            // One side without a declared scale (unconstrained NUMERIC, Oracle NUMBER): the other's.
            let scales = [DeclaredType.scale(source), DeclaredType.scale(target)].compactMap { $0 }
            if let lower = scales.min(), scales.count == 1 || scales[0] != scales[1] { rule.numericScale = lower }
        }
        // Tolerances are for floating point: a column read as a float on at least one side.
        if kinds.contains(.double) {
            rule.floatTolerance = options.floatTolerance
            rule.singlePrecision = options.compareAs == nil
                && (DeclaredType.isSinglePrecision(source, engine: sourceEngine) || DeclaredType.isSinglePrecision(target, engine: targetEngine))
        }
        let temporal: Set<ValueKind> = [.timestamp, .timestampWithTimeZone, .time]
        if let mode = options.timestampPrecision, mode != .exact, !kinds.isDisjoint(with: temporal),
           let left = DeclaredType.fractionDigits(source, engine: sourceEngine),
           let right = DeclaredType.fractionDigits(target, engine: targetEngine), left != right {
            rule.fractionDigits = min(left, right)
            rule.fractionRounding = mode
        }
        if kinds == [.timestamp, .timestampWithTimeZone] { rule.wallClockZone = options.timeZone ?? "UTC" }
        rule.uuidCaseInsensitive = options.uuidCaseInsensitive
            ?? (DeclaredType.isUUID(source) || DeclaredType.isUUID(target))
        rule.dateOnly = (options.dateOnly ?? false) && !kinds.isDisjoint(with: [.date, .timestamp, .timestampWithTimeZone])
        if rule.dateOnly, kinds.contains(.timestampWithTimeZone) { rule.dateZone = options.timeZone }
        rule.dateAsMidnight = kinds.contains(.date) && !kinds.isDisjoint(with: [.timestamp, .timestampWithTimeZone])
        if rule.uuidCaseInsensitive, kinds.isDisjoint(with: [.text, .bytes]) { rule.uuidCaseInsensitive = false }
        return rule
    }
}

/// Facts read from a column's declared type name.
enum DeclaredType {
    /// The numbers inside the first parentheses: `numeric(10,4)` → `[10, 4]`.
    static func modifiers(_ typeName: String) -> [Int] {
        guard let open = typeName.firstIndex(of: "("), let close = typeName[open...].firstIndex(of: ")") else { return [] }
        return typeName[typeName.index(after: open)..<close].split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") }
    }

    /// `CHAR(n)`, `NCHAR(n)`, `character(n)`, `bpchar`: blank-padded types.
    static func isFixedCharacter(_ column: ColumnInfo) -> Bool {
        let base = column.baseTypeName
        return ["char", "nchar", "character", "bpchar"].contains(base) && !column.typeName.lowercased().contains("varying")
    }

    /// The declared scale of an exact number (`numeric(10,4)` → 4, `NUMBER(10)` → 0); `nil`
    /// when the type declares none (unconstrained `numeric`, `NUMBER`).
    static func scale(_ column: ColumnInfo) -> Int? {
        guard column.kind == .decimal || column.kind == .integer else { return nil }
        if column.kind == .integer { return 0 }
        let numbers = modifiers(column.typeName)
        switch numbers.count {
        case 2: return numbers[1]
        case 1: return 0
        default: return nil
        }
    }

    /// 32-bit floating-point types: PostgreSQL `real`/`float4`, MySQL `FLOAT` (without a
    /// precision over 24), SQL Server `real`, Oracle `BINARY_FLOAT`.
    static func isSinglePrecision(_ column: ColumnInfo, engine: String) -> Bool {
        let base = column.baseTypeName
        switch engine {
        case "postgresql": return base == "real" || base == "float4"
        case "mysql": return base == "float" && (modifiers(column.typeName).first.map { $0 <= 24 } ?? true)
        case "sqlserver": return base == "real" || (base == "float" && (modifiers(column.typeName).first.map { $0 <= 24 } ?? false))
        case "oracle": return base == "binary_float"
        default: return false
        }
    }

    /// `uuid` (PostgreSQL), `uniqueidentifier` (SQL Server).
    static func isUUID(_ column: ColumnInfo) -> Bool {
        ["uuid", "uniqueidentifier"].contains(column.baseTypeName)
    }

    /// Declared fractional-second digits of a timestamp or time column, with each engine's
    /// default when none is written: PostgreSQL 6; MySQL/MariaDB 0; Oracle `TIMESTAMP` 6 and
    /// `DATE` 0; SQL Server `datetime2`/`datetimeoffset`/`time` 7, `datetime` 3,
    /// `smalldatetime` 0. `nil` when unknown (SQLite stores whatever text it is given).
    static func fractionDigits(_ column: ColumnInfo, engine: String) -> Int? {
        guard [.timestamp, .timestampWithTimeZone, .time].contains(column.kind) else { return nil }
        if let declared = modifiers(column.typeName).first { return declared }
        let base = column.baseTypeName
        switch engine {
        case "postgresql": return 6
        case "mysql": return 0
        case "oracle": return base == "date" ? 0 : 6
        case "sqlserver":
            switch base {
            case "datetime": return 3
            case "smalldatetime": return 0
            default: return 7
            }
        default: return nil
        }
    }
}
