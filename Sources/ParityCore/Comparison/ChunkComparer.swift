/// How a chunk is compared.
public enum CompareMode: String, Sendable, Codable, CaseIterable {
    /// Checksums inside both databases first; rows move only where they differ (the default).
    case checksum
    /// Every row of every chunk is read from both sides and compared in Parity.
    case rows
}

/// The recent chunks' outcomes of one table, shared by its workers, to decide whether a chunk
/// checksum is worth its scan.
///
/// When drift is spread through the table nearly every chunk mismatches, and the checksum scan
/// is wasted: the key-hash listing answers both questions in one scan. After at least 4 chunks,
/// if more than half of the last 8 mismatched, checksums are skipped.
public actor MismatchHistory {
    private var recent: [Bool] = []

    public init() {}

    /// Records whether a chunk had any difference.
    public func record(mismatch: Bool) {
        recent.append(mismatch)
        if recent.count > 8 { recent.removeFirst(recent.count - 8) }
    }

    /// Whether the next chunk should go straight to the key-hash listing.
    public var skipsChecksum: Bool {
        recent.count >= 4 && recent.filter { $0 }.count * 2 > recent.count
    }
}

/// Compares one chunk on two connectors, moving as few bytes as it can.
///
/// Checksum mode: (1) `COUNT(*)` and the sum of row hashes on both sides at once; equal means
/// the chunk matches and no row moves. (2) Otherwise each side lists (key, row hash) in key
/// order, a few bytes a row, and the lists are merge-joined. (3) Only rows whose key is on one
/// side or whose hash differs are fetched whole, by key, and compared column by column. When
/// more than 30% of the chunk is involved, the whole chunk is fetched instead.
///
/// Rows mode reads every row of the chunk from both sides. Both modes give the same result.
public struct ChunkComparer: Sendable {
    public let mapping: TableMapping
    public let mode: CompareMode
    /// Keys per fetch-by-key statement.
    public var keyBatchSize = 500

    public init(mapping: TableMapping, mode: CompareMode) {
        self.mapping = mapping
        self.mode = mode
    }

    /// Compares one key range.
    ///
    /// - Throws: ``ParityError`` from either connector (the chunk is then not recorded), or
    ///   `.keyOrder` when a side returns keys out of byte order.
    public func compare(_ range: KeyRange, source: any DatabaseConnector, target: any DatabaseConnector,
                        history: MismatchHistory) async throws -> ChunkComparison {
        let sameEngine = source.dialect.name == target.dialect.name
        let sourceQueries = ChunkQueries(mapping: mapping, side: .source, dialect: source.dialect, nativeHash: sameEngine)
        let targetQueries = ChunkQueries(mapping: mapping, side: .target, dialect: target.dialect, nativeHash: sameEngine)
        let comparer = RowComparer(keyCount: mapping.keyColumns.count, valueColumnNames: mapping.valueColumns.map(\.source.name))
        if mode == .rows {
            return try await compareAllRows(range, source: source, target: target, sourceQueries: sourceQueries,
                                            targetQueries: targetQueries, comparer: comparer)
        }
        if await !history.skipsChecksum {
            async let sourceSum = source.query(sourceQueries.checksum(in: range), resultKinds: sourceQueries.checksumKinds)
            async let targetSum = target.query(targetQueries.checksum(in: range), resultKinds: targetQueries.checksumKinds)
            let left = try Self.checksum(try await sourceSum)
            let right = try Self.checksum(try await targetSum)
            if left == right {
                await history.record(mismatch: false)
                return ChunkComparison(counts: DifferenceCounts(matching: left.count), differences: [],
                                       sourceRows: left.count, targetRows: right.count)
            }
        }
        async let sourceList = source.query(sourceQueries.keyHashes(in: range), resultKinds: sourceQueries.keyHashKinds)
        async let targetList = target.query(targetQueries.keyHashes(in: range), resultKinds: targetQueries.keyHashKinds)
        let sourceHashes = try await sourceList
        let targetHashes = try await targetList
        let (matching, suspects) = try Self.mergeKeyHashes(sourceHashes, targetHashes, keyCount: mapping.keyColumns.count, table: mapping.name)
        await history.record(mismatch: !suspects.isEmpty)
        if suspects.isEmpty {
            return ChunkComparison(counts: DifferenceCounts(matching: matching), differences: [],
                                   sourceRows: sourceHashes.count, targetRows: targetHashes.count)
        }
        if suspects.count * 10 > max(sourceHashes.count, targetHashes.count) * 3 {
            return try await compareAllRows(range, source: source, target: target, sourceQueries: sourceQueries,
                                            targetQueries: targetQueries, comparer: comparer)
        }
        var sourceRows: [[SQLValue]] = []
        var targetRows: [[SQLValue]] = []
        var start = 0
        while start < suspects.count {
            let batch = Array(suspects[start..<min(start + keyBatchSize, suspects.count)])
            async let sourceBatch = source.query(sourceQueries.rows(withKeys: batch), resultKinds: sourceQueries.rowKinds)
            async let targetBatch = target.query(targetQueries.rows(withKeys: batch), resultKinds: targetQueries.rowKinds)
            sourceRows.append(contentsOf: try await sourceBatch)
            targetRows.append(contentsOf: try await targetBatch)
            start += keyBatchSize
        }
        var result = try comparer.compare(source: sourceRows, target: targetRows, table: mapping.name)
        result.counts.matching += matching
        result.sourceRows = sourceHashes.count
        result.targetRows = targetHashes.count
        return result
    }

    private func compareAllRows(_ range: KeyRange, source: any DatabaseConnector, target: any DatabaseConnector,
                                sourceQueries: ChunkQueries, targetQueries: ChunkQueries, comparer: RowComparer) async throws -> ChunkComparison {
        async let sourceRows = source.query(sourceQueries.rows(in: range), resultKinds: sourceQueries.rowKinds)
        async let targetRows = target.query(targetQueries.rows(in: range), resultKinds: targetQueries.rowKinds)
        return try comparer.compare(source: try await sourceRows, target: try await targetRows, table: mapping.name)
    }

    static func sameHash(_ lhs: SQLValue, _ rhs: SQLValue) -> Bool {
        if case .integer(let left) = lhs, case .integer(let right) = rhs { return left == right }
        return lhs == rhs
    }

    static func checksum(_ rows: [[SQLValue]]) throws -> ChunkChecksum {
        guard let row = rows.first, row.count == 2, case .integer(let count) = row[0] else {
            throw ParityError(.query, "A chunk checksum query returned no count.")
        }
        return ChunkChecksum(count: Int(count), sum: row[1].canonicalText ?? "0")
    }

    /// Merge-joins two key-ordered (key…, hash) lists.
    ///
    /// - Returns: the number of rows whose key and hash agree, and the keys (in key order, each
    ///   once) that must be fetched whole: on one side only, or with differing hashes.
    static func mergeKeyHashes(_ source: [[SQLValue]], _ target: [[SQLValue]], keyCount: Int,
                               table: String) throws -> (matching: Int, suspects: [[SQLValue]]) {
        var matching = 0
        var suspects: [[SQLValue]] = []
        var s = 0
        var t = 0
        func key(_ row: [SQLValue]) -> [SQLValue] { Array(row[0..<keyCount]) }
        func groupEnd(_ rows: [[SQLValue]], _ start: Int, side: Side) throws -> Int {
            var end = start + 1
            while end < rows.count {
                let order = KeyOrder.compare(rows[end], rows[start], prefix: keyCount)
                if order < 0 {
                    throw ParityError(.keyOrder, "The \(side.rawValue) database returned keys out of byte order in table \(table); the key column's collation or type is not supported as a key yet.", table: table)
                }
                if order > 0 { break }
                end += 1
            }
            return end
        }
        while s < source.count || t < target.count {
            let order: Int
            if s == source.count { order = 1 } else if t == target.count { order = -1 } else {
                order = KeyOrder.compare(source[s], target[t], prefix: keyCount)
            }
            let sourceEnd = order <= 0 ? try groupEnd(source, s, side: .source) : s
            let targetEnd = order >= 0 ? try groupEnd(target, t, side: .target) : t
            let sourceCount = sourceEnd - s
            if sourceCount == targetEnd - t, sourceCount == 1
                ? Self.sameHash(source[s][keyCount], target[t][keyCount])
                : source[s..<sourceEnd].map { $0[keyCount] }.sorted(by: { KeyOrder.compare($0, $1) < 0 })
                    == target[t..<targetEnd].map { $0[keyCount] }.sorted(by: { KeyOrder.compare($0, $1) < 0 }) {
                matching += sourceCount
            } else {
                suspects.append(order <= 0 ? key(source[s]) : key(target[t]))
            }
            s = sourceEnd
            t = targetEnd
        }
        return (matching, suspects)
    }
}
