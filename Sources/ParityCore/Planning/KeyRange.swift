/// A range of composite key values, half-open on the lower side: (lower, upper].
///
/// `nil` bounds are open: the first chunk has no lower bound and the last no upper bound, so
/// rows that exist only in the target, below or above every boundary, are still compared.
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

    /// The chunk boundaries of a table planned from both sides: every source boundary, and the
    /// target boundaries needed to keep the target's chunks small where the target is dense and
    /// the source sparse.
    ///
    /// Both lists hold the key of every `chunk_size`-th row of their side (ranks C, 2C, …, in
    /// ``KeyOrder``, without repeats), as ``ChunkQueries/boundaries(chunkSize:)`` reads them.
    /// The union is walked in key order (a key on both lists counts once, as a source boundary):
    /// every source boundary is kept, so tables that agree keep exactly the source's chunks; a
    /// target boundary is kept only when it is the second target boundary passed since the last
    /// kept boundary. Between two kept boundaries there is therefore at most one target boundary,
    /// which bounds every range of ``ranges(boundaries:)`` built from the result, for the rows
    /// the two lists were read from:
    ///
    /// - at most C source rows, as with the source's boundaries alone (a range is a source chunk
    ///   or a part of one);
    /// - at most 2C target rows: if the last target boundary at or below a range's lower bound
    ///   has rank jC, the next kept boundary is at most the target boundary of rank (j + 2)C.
    ///
    /// The number of ranges is at most `source.count + target.count / 2 + 1`. A source chunk is
    /// split only when two target boundaries fall strictly inside it, so only when it holds more
    /// than C target rows: a target that matches the source chunk by chunk keeps the source's
    /// chunks exactly.
    ///
    /// - Parameters:
    ///   - source: the source's boundaries, in key order.
    ///   - target: the target's boundaries, in key order.
    /// - Returns: the boundaries in key order, each once.
    public static func mergedBoundaries(source: [[SQLValue]], target: [[SQLValue]]) -> [[SQLValue]] {
        var merged: [[SQLValue]] = []
        merged.reserveCapacity(source.count + target.count / 2)
        var sourceIndex = 0
        var targetIndex = 0
        // Target boundaries passed since the last kept boundary.
        var passed = 0
        while sourceIndex < source.count || targetIndex < target.count {
            if targetIndex == target.count
                || (sourceIndex < source.count && KeyOrder.compare(source[sourceIndex], target[targetIndex]) <= 0) {
                let key = source[sourceIndex]
                sourceIndex += 1
                if targetIndex < target.count, KeyOrder.compare(key, target[targetIndex]) == 0 { targetIndex += 1 }
                merged.append(key)
                passed = 0
            } else {
                let key = target[targetIndex]
                targetIndex += 1
                passed += 1
                // Never a boundary out of order (ranges must not overlap), whatever the lists.
                if passed == 2, merged.last.map({ KeyOrder.compare($0, key) < 0 }) ?? true {
                    merged.append(key)
                    passed = 0
                }
            }
        }
        return merged
    }

    /// How many boundaries the planner keeps from one side of `rows` rows: one fewer than the
    /// chunks the rows fill (`⌈rows / chunkSize⌉ - 1`), so the last chunk is never empty.
    public static func boundaryCount(rows: Int, chunkSize: Int) -> Int {
        max(0, (rows + chunkSize - 1) / chunkSize - 1)
    }
}
