import Foundation

/// The equivalence options of the configuration (`equivalence:` at the top, per table, and per
/// column under `columns:`): rules under which two values that are not byte-equal still count
/// as equal. Every field is optional; `nil` means "inherit" (column → table → top level → the
/// documented default).
///
/// Equivalences only ever make more values equal, never fewer: two values that are equal
/// without them are equal with them. Checksums are computed on the values as stored, so a
/// chunk whose checksums match is equal under every option; a chunk whose checksums differ is
/// settled row by row with the options applied (``ColumnEquivalence``).
public struct EquivalenceOptions: Sendable, Equatable {
    /// `''` and NULL are the same value. Default: on when either side is Oracle, which stores
    /// `''` as NULL (Oracle Database SQL Language Reference, "Nulls"); off otherwise.
    public var emptyStringIsNull: Bool?
    /// Blank padding of `CHAR(n)`/`NCHAR(n)` columns: `.ignore` (default) drops trailing spaces of
    /// both values when either side's column is fixed-length character; `.significant` keeps them.
    /// `VARCHAR` trailing spaces always count.
    public var charPadding: CharPadding?
    /// How exact numbers compare: `.exact` (default; `1.50` = `1.5`, scale never counts) or
    /// `.lowerScale` (both values rounded half away from zero to the smaller declared scale of
    /// the two columns, e.g. `NUMERIC(10,4)` vs `NUMBER(10,2)` compare at 2 decimals).
    public var numeric: NumericComparison?
    /// How close two floating-point values must be to count as equal; `nil` (default) = equal
    /// when their shortest round-trip texts are equal. Single-precision columns (`REAL`,
    /// `FLOAT4`, MySQL `FLOAT`, Oracle `BINARY_FLOAT`) are always compared at single precision,
    /// and a tolerance applies to their 32-bit values. A difference exactly at the limit is equal
    /// (see ``ColumnEquivalence/toleranceLimit(_:magnitude:)``).
    public var floatTolerance: FloatTolerance?
    /// Fractional seconds: `.exact` (default) compares every digit; `.truncate` and `.round`
    /// compare at the lower declared precision of the two columns.
    public var timestampPrecision: TimestampPrecision?
    /// The zone in which a timestamp with time zone shows the wall-clock time it is compared by
    /// against a timestamp without time zone: an IANA name (`Europe/Paris`) or an offset
    /// (`+08:00`). Default `UTC`. The instant is converted, never the wall-clock time (which a
    /// daylight-saving change can repeat or skip). Timestamps with zone on both sides are always
    /// compared as instants.
    public var timeZone: String?
    /// UUIDs in any letter case, with or without dashes or braces, and 16-byte binary values
    /// compare as the same 128-bit value. Default: on when either column is a UUID type
    /// (`uuid`, `uniqueidentifier`), off otherwise.
    public var uuidCaseInsensitive: Bool?
    /// Compare only the date part of date and timestamp values (Oracle `DATE` carries a time of
    /// day). Default off: a timestamp then equals a date only at midnight.
    public var dateOnly: Bool?
    /// Convert both values to this kind before comparing (column level only), e.g. `.decimal`
    /// for a number kept as text on one side.
    public var compareAs: ValueKind?

    public init(emptyStringIsNull: Bool? = nil, charPadding: CharPadding? = nil, numeric: NumericComparison? = nil,
                floatTolerance: FloatTolerance? = nil, timestampPrecision: TimestampPrecision? = nil, timeZone: String? = nil,
                uuidCaseInsensitive: Bool? = nil, dateOnly: Bool? = nil, compareAs: ValueKind? = nil) {
        self.emptyStringIsNull = emptyStringIsNull
        self.charPadding = charPadding
        self.numeric = numeric
        self.floatTolerance = floatTolerance
        self.timestampPrecision = timestampPrecision
        self.timeZone = timeZone
        self.uuidCaseInsensitive = uuidCaseInsensitive
        self.dateOnly = dateOnly
        self.compareAs = compareAs
    }

    /// These options with every unset field taken from `outer` (a column's over its table's,
    /// a table's over the top level's).
    public func inheriting(_ outer: EquivalenceOptions) -> EquivalenceOptions {
        EquivalenceOptions(emptyStringIsNull: emptyStringIsNull ?? outer.emptyStringIsNull,
                           charPadding: charPadding ?? outer.charPadding, numeric: numeric ?? outer.numeric,
                           floatTolerance: floatTolerance ?? outer.floatTolerance,
                           timestampPrecision: timestampPrecision ?? outer.timestampPrecision,
                           timeZone: timeZone ?? outer.timeZone, uuidCaseInsensitive: uuidCaseInsensitive ?? outer.uuidCaseInsensitive,
                           dateOnly: dateOnly ?? outer.dateOnly, compareAs: compareAs ?? outer.compareAs)
    }

    /// `key=value` settings of the options that are set, sorted, for fingerprints.
    public var settings: [String] {
        var items: [String] = []
        if let emptyStringIsNull { items.append("empty_string_is_null=\(emptyStringIsNull)") }
        if let charPadding { items.append("char_padding=\(charPadding.rawValue)") }
        if let numeric { items.append("numeric=\(numeric.rawValue)") }
        if let floatTolerance { items.append("float_tolerance=\(floatTolerance.description)") }
        if let timestampPrecision { items.append("timestamp_precision=\(timestampPrecision.rawValue)") }
        if let timeZone { items.append("time_zone=\(timeZone)") }
        if let uuidCaseInsensitive { items.append("uuid_case_insensitive=\(uuidCaseInsensitive)") }
        if let dateOnly { items.append("date_only=\(dateOnly)") }
        if let compareAs { items.append("compare_as=\(compareAs.rawValue)") }
        return items.sorted()
    }
}

/// See ``EquivalenceOptions/charPadding``.
public enum CharPadding: String, Sendable, Codable, CaseIterable {
    case ignore, significant
}

/// See ``EquivalenceOptions/numeric``.
public enum NumericComparison: String, Sendable, Codable, CaseIterable {
    case exact
    case lowerScale = "lower_scale"
}

/// See ``EquivalenceOptions/timestampPrecision``.
public enum TimestampPrecision: String, Sendable, Codable, CaseIterable {
    case exact, truncate, round
}

/// See ``EquivalenceOptions/floatTolerance``.
public enum FloatTolerance: Sendable, Equatable, Codable, CustomStringConvertible {
    /// `|a − b| ≤ value`.
    case absolute(Double)
    /// `|a − b| ≤ value × max(|a|, |b|)`.
    case relative(Double)
    /// Equal when they differ by at most half a unit of the n-th significant decimal digit of
    /// the larger magnitude (n = 1–17): with 6, `14.22035` = `14.2203502655`.
    case significantDigits(Int)

    public var description: String {
        switch self {
        case .absolute(let value): return "absolute \(value)"
        case .relative(let value): return "relative \(value)"
        case .significantDigits(let digits): return "\(digits) significant digits"
        }
    }
}

extension EquivalenceOptions {
    /// Whether `zone` is a time zone `time_zone` accepts: an IANA name known to this system
    /// (`Europe/Paris`), `UTC`, or an offset (`+08:00`, `-0530`).
    public static func isTimeZone(_ zone: String) -> Bool { TemporalArithmetic.isZone(zone) }

    /// The IANA zone name that `zone` spells in another letter case (`america/new_york` →
    /// `America/New_York`), for "did you mean".
    public static func timeZoneSpelled(like zone: String) -> String? {
        TimeZone.knownTimeZoneIdentifiers.first { $0.lowercased() == zone.lowercased() }
    }
}
