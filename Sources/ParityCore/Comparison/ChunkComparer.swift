/// How a chunk is compared.
public enum CompareMode: String, Sendable, Codable, CaseIterable {
    /// Checksums inside both databases first; rows move only where they differ (the default).
    case checksum
    /// Every row of every chunk is read from both sides and compared in Parity.
    case rows
}

/// The recent chunks' outcomes of one table, shared by its workers, to pick the cheapest first
/// step for the next chunk.
///
/// When drift is spread through the table nearly every chunk differs, and a chunk checksum is a
/// wasted scan; when it is dense, most buckets differ too and the bucket checksums are wasted.
/// After at least 4 chunks, the most frequent outcome of the last 8 decides.
public actor MismatchHistory {
    /// What a compared chunk turned out to be.
    public enum Outcome: Sendable {
        /// The chunk checksums (or every bucket) matched.
        case matched
        /// At most half of the buckets differed.
        case fewBuckets
        /// More than half of the buckets differed.
        case manyBuckets
    }

    /// The first step for a chunk.
    public enum Step: Sendable {
        case checksum, buckets, listAll
    }

    private var recent: [Outcome] = []

    public init() {}

    /// Records a chunk's outcome.
    public func record(_ outcome: Outcome) {
        recent.append(outcome)
        if recent.count > 8 { recent.removeFirst(recent.count - 8) }
    }

    /// The first step for the next chunk.
    public var nextStep: Step {
        guard recent.count >= 4 else { return .checksum }
        let matched = recent.filter { $0 == .matched }.count
        let many = recent.filter { $0 == .manyBuckets }.count
        if matched * 2 >= recent.count { return .checksum }
        if many * 2 > recent.count { return .listAll }
        return .buckets
    }
}

/// Compares one chunk on two connectors, moving as few bytes as it can.
///
/// Checksum mode: (1) `COUNT(*)` and the sum of row hashes on both sides at once; equal means
/// the chunk matches and no row moves (skipped while most recent chunks differed). (2) Otherwise
/// the same per bucket: 256 buckets by the hash of the key, so a key is in the same bucket on
/// both sides. (3) Each side lists (key, row hash) in key order, a few bytes a row, for the rows
/// of the differing buckets only (all rows when most buckets differ), and the lists are
/// merge-joined. (4) Only rows whose key is on one side or whose hash differs are fetched whole,
/// by key, and compared column by column. When more than 30% of the chunk's rows are involved,
/// the whole chunk is fetched instead.
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

    /// The row-by-row comparer of this table, with each column's equivalence.
    public var rowComparer: RowComparer {
        RowComparer(keyCount: mapping.keyColumns.count, valueColumnNames: mapping.valueColumns.map(\.source.name),
                    equivalences: mapping.valueColumns.map(\.equivalence))
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
        let comparer = rowComparer
        if mode == .rows {
            return try await compareAllRows(range, source: source, target: target, sourceQueries: sourceQueries,
                                            targetQueries: targetQueries, comparer: comparer)
        }
        let step = await history.nextStep
        if step == .checksum {
            async let sourceSum = source.query(sourceQueries.checksum(in: range), resultKinds: sourceQueries.checksumKinds)
            async let targetSum = target.query(targetQueries.checksum(in: range), resultKinds: targetQueries.checksumKinds)
            let left = try Self.checksum(try await sourceSum)
            let right = try Self.checksum(try await targetSum)
            if left == right {
                await history.record(.matched)
                return ChunkComparison(counts: DifferenceCounts(matching: left.count), differences: [],
                                       sourceRows: left.count, targetRows: right.count)
            }
        }
        var listed: [Int]? = nil
        var matchingBuckets = 0
        var totals: (source: Int, target: Int)? = nil
        if step != .listAll {
            async let sourceBucketRows = source.query(sourceQueries.bucketChecksums(in: range), resultKinds: sourceQueries.bucketChecksumKinds)
            async let targetBucketRows = target.query(targetQueries.bucketChecksums(in: range), resultKinds: targetQueries.bucketChecksumKinds)
            let sourceBuckets = try Self.buckets(try await sourceBucketRows)
            let targetBuckets = try Self.buckets(try await targetBucketRows)
            let sourceTotal = sourceBuckets.values.reduce(0) { $0 + $1.count }
            let targetTotal = targetBuckets.values.reduce(0) { $0 + $1.count }
            let differing = Set(sourceBuckets.keys).union(targetBuckets.keys).filter { sourceBuckets[$0] != targetBuckets[$0] }.sorted()
            if differing.isEmpty {
                await history.record(.matched)
                return ChunkComparison(counts: DifferenceCounts(matching: sourceTotal), differences: [], sourceRows: sourceTotal, targetRows: targetTotal)
            }
            totals = (sourceTotal, targetTotal)
            if differing.count * 2 <= ChunkQueries.bucketCount {
                listed = differing
                matchingBuckets = sourceBuckets.filter { targetBuckets[$0.key] == $0.value }.values.reduce(0) { $0 + $1.count }
            }
        }
        if step != .listAll { await history.record(listed == nil ? .manyBuckets : .fewBuckets) }
        async let sourceList = source.query(sourceQueries.keyHashes(in: range, buckets: listed), resultKinds: sourceQueries.keyHashKinds)
        async let targetList = target.query(targetQueries.keyHashes(in: range, buckets: listed), resultKinds: targetQueries.keyHashKinds)
        let sourceHashes = try await sourceList
        let targetHashes = try await targetList
        var (matching, suspects) = try Self.mergeKeyHashes(sourceHashes, targetHashes, keyCount: mapping.keyColumns.count, table: mapping.name)
        matching += matchingBuckets
        if step == .listAll { await history.record(suspects.isEmpty ? .matched : .manyBuckets) }
        let sourceTotal = totals?.source ?? sourceHashes.count
        let targetTotal = totals?.target ?? targetHashes.count
        if suspects.isEmpty {
            return ChunkComparison(counts: DifferenceCounts(matching: matching), differences: [], sourceRows: sourceTotal, targetRows: targetTotal)
        }
        // Against the chunk's rows, not the listed ones: a listing narrowed to the differing
        // buckets is mostly suspects, and a few changed rows would fetch the whole chunk.
        if suspects.count * 10 > max(sourceTotal, targetTotal) * 3 {
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
        result.sourceRows = sourceTotal
        result.targetRows = targetTotal
        return result
    }

    private func compareAllRows(_ range: KeyRange, source: any DatabaseConnector, target: any DatabaseConnector,
                                sourceQueries: ChunkQueries, targetQueries: ChunkQueries, comparer: RowComparer) async throws -> ChunkComparison {
        async let sourceRows = source.query(sourceQueries.rows(in: range), resultKinds: sourceQueries.rowKinds)
        async let targetRows = target.query(targetQueries.rows(in: range), resultKinds: targetQueries.rowKinds)
        return try comparer.compare(source: try await sourceRows, target: try await targetRows, table: mapping.name)
    }

    /// Bucket number → (count, sum) from a ``ChunkQueries/bucketChecksums(in:)`` result.
    static func buckets(_ rows: [[SQLValue]]) throws -> [Int: ChunkChecksum] {
        var buckets: [Int: ChunkChecksum] = [:]
        for row in rows {
            guard row.count == 3, case .integer(let bucket) = row[0], case .integer(let count) = row[1] else {
                throw ParityError(.query, "A bucket checksum query returned an unexpected row.")
            }
            buckets[Int(bucket)] = ChunkChecksum(count: Int(count), sum: row[2].canonicalText ?? "0")
        }
        return buckets
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
                : source[s..<sourceEnd].map({ $0[keyCount] }).sorted(by: { KeyOrder.compare($0, $1) < 0 })
                    == target[t..<targetEnd].map({ $0[keyCount] }).sorted(by: { KeyOrder.compare($0, $1) < 0 }) {
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
