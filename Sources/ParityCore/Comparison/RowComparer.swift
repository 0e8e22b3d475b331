/// The result of comparing the rows of one chunk.
public struct ChunkComparison: Sendable, Equatable {
    public var counts: DifferenceCounts
    /// Differences in key order.
    public var differences: [RowDifference]
    /// Rows read from each side.
    public var sourceRows: Int
    public var targetRows: Int
}

/// Merge-joins the key-ordered rows of one chunk from both sides and classifies each key as
/// matching, missing in target, missing in source or different.
///
/// Rows are `[key columns…, compared columns…]`. Keys that repeat on a side (a table without a
/// unique key) are compared as a multiset of whole rows: identical copies pair up, and every
/// copy left over is missing on the other side.
public struct RowComparer: Sendable {
    /// Number of leading key columns in each row.
    public let keyCount: Int
    /// Source names of the compared columns, for the `columns` of a difference.
    public let valueColumnNames: [String]
    /// The rules each compared column's values are equal by, in `valueColumnNames` order.
    public let equivalences: [ColumnEquivalence]
    private let allExact: Bool

    /// - Parameter equivalences: one per value column; byte-exact for every column when empty.
    public init(keyCount: Int, valueColumnNames: [String], equivalences: [ColumnEquivalence] = []) {
        self.keyCount = keyCount
        self.valueColumnNames = valueColumnNames
        self.equivalences = equivalences.isEmpty ? Array(repeating: ColumnEquivalence(), count: valueColumnNames.count) : equivalences
        self.allExact = self.equivalences.allSatisfy(\.isExact)
    }

    /// Compares two key-ordered row lists.
    ///
    /// - Throws: ``ParityError`` `.keyOrder` when a side's rows are not in ``KeyOrder``, which
    ///   would make a merge-join wrong (a collation that is not byte order, for example).
    public func compare(source: [[SQLValue]], target: [[SQLValue]], table: String? = nil) throws -> ChunkComparison {
        try checkOrder(source, side: .source, table: table)
        try checkOrder(target, side: .target, table: table)
        var result = ChunkComparison(counts: DifferenceCounts(), differences: [], sourceRows: source.count, targetRows: target.count)
        var s = 0
        var t = 0
        while s < source.count || t < target.count {
            let order: Int
            if s == source.count { order = 1 } else if t == target.count { order = -1 } else {
                order = KeyOrder.compare(source[s], target[t], prefix: keyCount)
            }
            var sourceEnd = s
            var targetEnd = t
            if order <= 0 { sourceEnd = groupEnd(source, from: s) }
            if order >= 0 { targetEnd = groupEnd(target, from: t) }
            classify(source[s..<sourceEnd], target[t..<targetEnd], into: &result)
            s = sourceEnd
            t = targetEnd
        }
        return result
    }

    private func key(_ row: [SQLValue]) -> [SQLValue] { Array(row[0..<keyCount]) }

    private func groupEnd(_ rows: [[SQLValue]], from start: Int) -> Int {
        var end = start + 1
        while end < rows.count, KeyOrder.compare(rows[end], rows[start], prefix: keyCount) == 0 { end += 1 }
        return end
    }

    private func checkOrder(_ rows: [[SQLValue]], side: Side, table: String?) throws {
        guard rows.count > 1 else { return }
        for index in 1..<rows.count where KeyOrder.compare(rows[index - 1], rows[index], prefix: keyCount) > 0 {
            throw ParityError(.keyOrder, "The \(side.rawValue) database returned rows out of byte key order\(table.map { " in table \($0)" } ?? ""); the key column's collation or type is not supported as a key yet.", table: table)
        }
    }

    private func classify(_ sourceGroup: ArraySlice<[SQLValue]>, _ targetGroup: ArraySlice<[SQLValue]>, into result: inout ChunkComparison) {
        if sourceGroup.count == 1, targetGroup.count == 1, let sourceRow = sourceGroup.first, let targetRow = targetGroup.first {
            let differing = differingColumns(sourceRow, targetRow)
            if differing.isEmpty {
                result.counts.matching += 1
            } else {
                append(RowDifference(kind: .different, key: (key(sourceRow)), sourceRow: sourceRow, targetRow: targetRow, columns: differing), to: &result)
            }
            return
        }
        let duplicate = sourceGroup.count > 1 || targetGroup.count > 1
        var unmatchedTarget = Array(targetGroup)
        var unmatchedSource: [[SQLValue]] = []
        for row in sourceGroup {
            if let index = unmatchedTarget.firstIndex(where: { differingColumns(row, $0).isEmpty }) {
                unmatchedTarget.remove(at: index)
                result.counts.matching += 1
            } else {
                unmatchedSource.append(row)
            }
        }
        for row in unmatchedSource {
            append(RowDifference(kind: .missingInTarget, key: (key(row)), sourceRow: row, targetRow: nil, duplicateKey: duplicate), to: &result)
        }
        for row in unmatchedTarget {
            append(RowDifference(kind: .missingInSource, key: (key(row)), sourceRow: nil, targetRow: row, duplicateKey: duplicate), to: &result)
        }
    }

    private func append(_ difference: RowDifference, to result: inout ChunkComparison) {
        result.counts.count(difference.kind)
        result.differences.append(difference)
    }

    private func differingColumns(_ sourceRow: [SQLValue], _ targetRow: [SQLValue]) -> [String] {
        var names: [String] = []
        if allExact {
            for index in keyCount..<sourceRow.count where sourceRow[index] != targetRow[index] {
                names.append(valueColumnNames[index - keyCount])
            }
            return names
        }
        for index in keyCount..<sourceRow.count where !equivalences[index - keyCount].equal(sourceRow[index], targetRow[index]) {
            names.append(valueColumnNames[index - keyCount])
        }
        return names
    }
}
