extension ChunkComparer {
    /// Reads the rows of `differences` again by key from both sides and compares them again
    /// (one attempt of a ``RecheckPolicy``).
    ///
    /// - Parameter differences: a chunk's differences, in key order.
    /// - Returns: the differences still found, in key order, with the rows as read now, and how
    ///   many of the given differences came into line (never negative).
    /// - Throws: ``ParityError`` from either connector, or `.keyOrder`.
    public func recheck(_ differences: [RowDifference], source: any DatabaseConnector,
                        target: any DatabaseConnector) async throws -> (differences: [RowDifference], resolved: Int) {
        var keys: [[SQLValue]] = []
        for difference in differences where keys.last.map({ KeyOrder.compare($0, difference.key) != 0 }) ?? true {
            keys.append(difference.key)
        }
        let sourceQueries = ChunkQueries(mapping: mapping, side: .source, dialect: source.dialect)
        let targetQueries = ChunkQueries(mapping: mapping, side: .target, dialect: target.dialect)
        var sourceRows: [[SQLValue]] = []
        var targetRows: [[SQLValue]] = []
        var start = 0
        while start < keys.count {
            let batch = Array(keys[start..<min(start + keyBatchSize, keys.count)])
            async let sourceBatch = source.query(sourceQueries.rows(withKeys: batch), resultKinds: sourceQueries.rowKinds)
            async let targetBatch = target.query(targetQueries.rows(withKeys: batch), resultKinds: targetQueries.rowKinds)
            sourceRows.append(contentsOf: try await sourceBatch)
            targetRows.append(contentsOf: try await targetBatch)
            start += keyBatchSize
        }
        let again = try rowComparer.compare(source: sourceRows, target: targetRows, table: mapping.name).differences
        return (again, max(0, differences.count - again.count))
    }
}
