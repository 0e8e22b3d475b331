import Testing
@testable import ParityCore

@Suite("ChunkComparer")
struct ChunkComparerTests {
    // MARK: mergeKeyHashes

    /// A (key, hash) row of a single-column integer key.
    private func row(_ key: Int64, _ hash: Int64) -> [SQLValue] { [.integer(key), .integer(hash)] }

    private func merge(_ source: [[SQLValue]], _ target: [[SQLValue]], keyCount: Int = 1) throws -> (matching: Int, suspects: [[SQLValue]]) {
        try ChunkComparer.mergeKeyHashes(source, target, keyCount: keyCount, table: "t")
    }

    @Test("empty lists: nothing matches, nothing is suspect")
    func mergeEmpty() throws {
        let result = try merge([], [])
        #expect(result.matching == 0)
        #expect(result.suspects.isEmpty)
    }

    @Test("equal lists: every row matches")
    func mergeEqual() throws {
        let rows = [row(1, 10), row(2, 20), row(3, 30)]
        let result = try merge(rows, rows)
        #expect(result.matching == 3)
        #expect(result.suspects.isEmpty)
    }

    @Test("keys on one side only and keys whose hashes differ are suspects, in key order, once each")
    func mergeSuspects() throws {
        let source = [row(-3, 1), row(1, 10), row(2, 20), row(4, 40), row(6, 60)]
        let target = [row(0, 5), row(2, 21), row(3, 30), row(4, 40), row(6, 60), row(9, 90)]
        let result = try merge(source, target)
        #expect(result.matching == 2)
        #expect(result.suspects == [[.integer(-3)], [.integer(0)], [.integer(1)], [.integer(2)], [.integer(3)], [.integer(9)]])
    }

    @Test("one side empty: every key of the other is a suspect")
    func mergeOneSideEmpty() throws {
        let rows = [row(1, 10), row(2, 20)]
        #expect(try merge(rows, []).suspects == [[.integer(1)], [.integer(2)]])
        #expect(try merge([], rows).suspects == [[.integer(1)], [.integer(2)]])
        #expect(try merge(rows, []).matching == 0)
    }

    @Test("hashes compare as numbers, whatever the key kinds")
    func mergeHashValues() throws {
        // The same key read as decimal text from one engine and as an integer from the other.
        let source: [[SQLValue]] = [[.decimal("5"), .integer(1_152_921_504_606_846_975)]]
        let target: [[SQLValue]] = [[.integer(5), .integer(1_152_921_504_606_846_975)]]
        #expect(try merge(source, target).matching == 1)
        let changed: [[SQLValue]] = [[.integer(5), .integer(1_152_921_504_606_846_974)]]
        #expect(try merge(source, changed).suspects == [[.decimal("5")]])
    }

    @Test("composite keys with NULL first, byte order for text")
    func mergeCompositeKeys() throws {
        let source: [[SQLValue]] = [
            [.integer(1), .null, .integer(100)],
            [.integer(1), .text("B"), .integer(101)],
            [.integer(1), .text("a"), .integer(102)],
            [.integer(2), .text("a"), .integer(103)],
        ]
        let target: [[SQLValue]] = [
            [.integer(1), .null, .integer(100)],
            [.integer(1), .text("B"), .integer(999)],
            [.integer(1), .text("b"), .integer(104)],
            [.integer(2), .null, .integer(105)],
            [.integer(2), .text("a"), .integer(103)],
        ]
        let result = try merge(source, target, keyCount: 2)
        #expect(result.matching == 2)
        #expect(result.suspects == [[.integer(1), .text("B")], [.integer(1), .text("a")], [.integer(1), .text("b")], [.integer(2), .null]])
    }

    @Test("duplicate keys compare as multisets of hashes")
    func mergeDuplicateKeys() throws {
        // Same copies in another order: all match.
        let same = try merge([row(7, 20), row(7, 10), row(8, 1)], [row(7, 10), row(7, 20), row(8, 1)])
        #expect(same.matching == 3)
        #expect(same.suspects.isEmpty)
        // A copy more on one side: the key is a suspect once, and none of its copies match.
        let extra = try merge([row(7, 10), row(7, 10), row(8, 1)], [row(7, 10), row(8, 1)])
        #expect(extra.matching == 1)
        #expect(extra.suspects == [[.integer(7)]])
        // As many copies, one hash differs.
        let changed = try merge([row(7, 10), row(7, 10)], [row(7, 10), row(7, 20)])
        #expect(changed.matching == 0)
        #expect(changed.suspects == [[.integer(7)]])
        // Duplicates on one side only.
        let oneSide = try merge([row(6, 1), row(7, 10), row(7, 10)], [row(6, 1)])
        #expect(oneSide.matching == 1)
        #expect(oneSide.suspects == [[.integer(7)]])
        // Multisets, not sets: {10, 10, 20} is not {10, 20, 20}.
        let counts = try merge([row(7, 10), row(7, 10), row(7, 20)], [row(7, 10), row(7, 20), row(7, 20)])
        #expect(counts.suspects == [[.integer(7)]])
    }

    @Test("keys out of order on either side throw .keyOrder naming the side", arguments: [
        ([[SQLValue]]([[.integer(2), .integer(1)], [.integer(1), .integer(1)]]), [[SQLValue]](), "source"),
        ([[.integer(1), .integer(1)], [.integer(3), .integer(1)]], [[.integer(1), .integer(1)], [.integer(3), .integer(1)], [.integer(2), .integer(1)]], "target"),
        ([[.integer(5), .integer(1)], [.integer(5), .integer(2)], [.integer(4), .integer(1)]], [[.integer(5), .integer(1)]], "source"),
        ([], [[.text("b"), .integer(1)], [.text("B"), .integer(1)]], "target"),
    ])
    func mergeOutOfOrder(source: [[SQLValue]], target: [[SQLValue]], side: String) {
        let error = #expect(throws: ParityError.self) { try merge(source, target) }
        #expect(error?.code == .keyOrder)
        #expect(error?.table == "t")
        #expect(error?.message == "The \(side) database returned keys out of byte order in table t; the key column's collation or type is not supported as a key yet.")
    }

    // MARK: MismatchHistory

    private func history(_ outcomes: [MismatchHistory.Outcome]) async -> MismatchHistory {
        let history = MismatchHistory()
        for outcome in outcomes { await history.record(outcome) }
        return history
    }

    @Test("the first 4 chunks start with the chunk checksum, whatever they turn out to be")
    func historyStartsWithChecksum() async {
        #expect(await history([]).nextStep == .checksum)
        #expect(await history([.manyBuckets]).nextStep == .checksum)
        #expect(await history([.manyBuckets, .manyBuckets, .manyBuckets]).nextStep == .checksum)
        #expect(await history([.fewBuckets, .fewBuckets, .fewBuckets]).nextStep == .checksum)
    }

    @Test("from 4 chunks on, the most frequent recent outcome decides", arguments: [
        // At least half matched: the checksum is worth its scan.
        ([MismatchHistory.Outcome.matched, .matched, .fewBuckets, .fewBuckets], MismatchHistory.Step.checksum),
        ([.matched, .matched, .manyBuckets, .manyBuckets], .checksum),
        ([.matched, .matched, .matched, .manyBuckets, .manyBuckets], .checksum),
        ([.matched, .matched, .manyBuckets, .manyBuckets, .manyBuckets], .listAll),
        // More than half differed in most buckets: list every key at once.
        ([.manyBuckets, .manyBuckets, .manyBuckets, .manyBuckets], .listAll),
        ([.manyBuckets, .manyBuckets, .manyBuckets, .fewBuckets], .listAll),
        ([.matched, .manyBuckets, .manyBuckets, .manyBuckets], .listAll),
        // Otherwise go straight to the bucket checksums.
        ([.fewBuckets, .fewBuckets, .fewBuckets, .fewBuckets], .buckets),
        ([.manyBuckets, .manyBuckets, .fewBuckets, .fewBuckets], .buckets),
        ([.matched, .fewBuckets, .fewBuckets, .manyBuckets], .buckets),
        ([.matched, .fewBuckets, .manyBuckets, .manyBuckets, .fewBuckets], .buckets),
    ])
    func historyNextStep(outcomes: [MismatchHistory.Outcome], expected: MismatchHistory.Step) async {
        #expect(await history(outcomes).nextStep == expected)
    }

    @Test("only the last 8 outcomes count")
    func historyWindow() async {
        // 8 manyBuckets then 4 matched: the window holds 4 of each, so half matched.
        let recovered = await history(Array(repeating: .manyBuckets, count: 8) + Array(repeating: .matched, count: 4))
        #expect(await recovered.nextStep == .checksum)
        // 8 matched then 5 manyBuckets: 3 matched of 8 left.
        let drifted = await history(Array(repeating: .matched, count: 8) + Array(repeating: .manyBuckets, count: 5))
        #expect(await drifted.nextStep == .listAll)
        // 8 matched then 4 fewBuckets and 1 manyBuckets: 3 matched, 1 many of 8.
        let spread = await history(Array(repeating: .matched, count: 8) + Array(repeating: .fewBuckets, count: 4) + [.manyBuckets])
        #expect(await spread.nextStep == .buckets)
    }

    @Test("a step sequence as chunks come in")
    func historyTransitions() async {
        let history = MismatchHistory()
        var steps: [MismatchHistory.Step] = []
        for outcome in [MismatchHistory.Outcome.fewBuckets, .matched, .matched, .manyBuckets, .fewBuckets,
                        .manyBuckets, .manyBuckets, .manyBuckets, .manyBuckets, .matched, .matched, .matched, .matched] {
            steps.append(await history.nextStep)
            await history.record(outcome)
        }
        steps.append(await history.nextStep)
        #expect(steps == [.checksum, .checksum, .checksum, .checksum,
                          .checksum,   // f m m M: 2 of 4 matched
                          .buckets,    // f m m M f
                          .buckets,    // f m m M f M
                          .buckets,    // f m m M f M M
                          .buckets,    // f m m M f M M M: 4 many of 8 is not more than half
                          .listAll,    // m m M f M M M M: 5 many of 8
                          .listAll,    // m M f M M M M m
                          .listAll,    // M f M M M M m m
                          .buckets,    // f M M M M m m m: 4 many, 3 matched
                          .checksum])  // M M M M m m m m
    }
}
