/// A range of composite key values, half-open on the lower side: (lower, upper].
///
/// `nil` bounds are open: the first chunk has no lower bound and the last no upper bound, so
/// rows that exist only in the target, below or above every source key, are still compared.
public struct KeyRange: Sendable, Equatable, Codable {
    /// Exclusive lower bound (one value per key column), or `nil` for "from the start".
    public var lower: [SQLValue]?
    /// Inclusive upper bound (one value per key column), or `nil` for "to the end".
    public var upper: [SQLValue]?

    public init(lower: [SQLValue]?, upper: [SQLValue]?) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether a key lies in this range under ``KeyOrder``.
    public func contains(_ key: [SQLValue]) -> Bool {
        if let lower, KeyOrder.compare(key, lower) <= 0 { return false }
        if let upper, KeyOrder.compare(key, upper) > 0 { return false }
        return true
    }

    /// Splits the planner's boundaries into consecutive ranges: `n` boundaries give `n + 1`
    /// ranges, the first open below and the last open above.
    public static func ranges(boundaries: [[SQLValue]]) -> [KeyRange] {
        var ranges: [KeyRange] = []
        var previous: [SQLValue]? = nil
        for boundary in boundaries {
            ranges.append(KeyRange(lower: previous, upper: boundary))
            previous = boundary
        }
        ranges.append(KeyRange(lower: previous, upper: nil))
        return ranges
    }
}
