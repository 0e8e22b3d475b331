/// The value-model kind a column's values are read as, decided from its catalogue type.
public enum ValueKind: String, Sendable, Codable, CaseIterable {
    case integer, decimal, double, text, bytes, boolean, date, time, timestamp, timestampWithTimeZone

    /// Whether values of this kind order numerically.
    public var isNumeric: Bool { self == .integer || self == .decimal || self == .double }
}
