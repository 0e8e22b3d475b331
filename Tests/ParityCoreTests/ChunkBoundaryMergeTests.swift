import Foundation
import Testing
@testable import ParityCore

/// Chunk boundaries planned from both sides (`KeyRange.mergedBoundaries(source:target:)`):
/// every source boundary, and every second target boundary passed without a kept one.
@Suite("Chunk boundary merge")
struct ChunkBoundaryMergeTests {
    private func keys(_ values: [Int]) -> [[SQLValue]] { values.map { [.integer(Int64($0))] } }

    /// What the planner reads from one side: the key of every `chunkSize`-th row, without the
    /// last row's key (`KeyRange.boundaryCount(rows:chunkSize:)` boundaries).
    private func boundaries(of sortedKeys: [Int], chunkSize: Int) -> [[SQLValue]] {
        let wanted = KeyRange.boundaryCount(rows: sortedKeys.count, chunkSize: chunkSize)
        return keys(Array(stride(from: chunkSize - 1, to: sortedKeys.count, by: chunkSize).map { sortedKeys[$0] }.prefix(wanted)))
    }

    /// Rows of `sortedKeys` in each range.
    private func rowsPerRange(_ ranges: [KeyRange], _ sortedKeys: [Int]) -> [Int] {
        ranges.map { range in sortedKeys.count(where: { range.contains([.integer(Int64($0))]) }) }
    }

    @Test("boundaries wanted: one fewer than the chunks the rows fill, none for an empty or one-chunk side")
    func boundaryCount() {
        #expect(KeyRange.boundaryCount(rows: 0, chunkSize: 100) == 0)
        #expect(KeyRange.boundaryCount(rows: 100, chunkSize: 100) == 0)
        #expect(KeyRange.boundaryCount(rows: 101, chunkSize: 100) == 1)
        #expect(KeyRange.boundaryCount(rows: 25_000, chunkSize: 1000) == 24)
        #expect(KeyRange.boundaryCount(rows: 25_001, chunkSize: 1000) == 25)
    }

    @Test("an empty source keeps every second target boundary")
    func emptySource() {
        #expect(KeyRange.mergedBoundaries(source: [], target: keys([10, 20, 30, 40, 50])) == keys([20, 40]))
        #expect(KeyRange.mergedBoundaries(source: [], target: keys([10])) == [])
        #expect(KeyRange.mergedBoundaries(source: [], target: []) == [])
    }

    @Test("no target boundaries: the source's boundaries as they are")
    func emptyTarget() {
        #expect(KeyRange.mergedBoundaries(source: keys([10, 20, 30]), target: []) == keys([10, 20, 30]))
    }

    @Test("identical lists give the source's boundaries, each once")
    func identical() {
        let list = keys([100, 200, 300, 400])
        #expect(KeyRange.mergedBoundaries(source: list, target: list) == list)
    }

    @Test("interleaved lists: every source boundary, a target boundary when it is the second passed since the last kept one")
    func interleaved() {
        // 5 (1st), 10 source, 15 (1st), 20 (2nd: kept), 25 (1st), 30 on both (once, as source),
        // 35 (1st), 40 (2nd: kept), 45 (1st), 50 source, 60 (1st), 70 (2nd: kept).
        let merged = KeyRange.mergedBoundaries(source: keys([10, 30, 50]), target: keys([5, 15, 20, 25, 30, 35, 40, 45, 60, 70]))
        #expect(merged == keys([10, 20, 30, 40, 50, 70]))
        // One target boundary between source boundaries is never kept.
        #expect(KeyRange.mergedBoundaries(source: keys([10, 30, 50]), target: keys([5, 20, 40, 60])) == keys([10, 30, 50]))
    }

    @Test("composite keys merge in key order, NULL first")
    func compositeKeys() {
        let source: [[SQLValue]] = [[.integer(1), .text("m")], [.integer(3), .null]]
        let target: [[SQLValue]] = [[.integer(1), .null], [.integer(1), .text("b")], [.integer(2), .text("a")], [.integer(2), .text("z")], [.integer(3), .null]]
        #expect(KeyRange.mergedBoundaries(source: source, target: target) == [
            [.integer(1), .text("b")], [.integer(1), .text("m")], [.integer(2), .text("z")], [.integer(3), .null],
        ])
    }

    @Test("disjoint regions: source 1…1000, target 1001…3000, chunk size 100: 19 chunks, none over 100 source or 200 target rows")
    func disjointRegions() {
        let source = Array(1...1000)
        let target = Array(1001...3000)
        let sourceBoundaries = boundaries(of: source, chunkSize: 100)
        let targetBoundaries = boundaries(of: target, chunkSize: 100)
        #expect(sourceBoundaries == keys(Array(stride(from: 100, through: 900, by: 100))))
        #expect(targetBoundaries == keys(Array(stride(from: 1100, through: 2900, by: 100))))
        let merged = KeyRange.mergedBoundaries(source: sourceBoundaries, target: targetBoundaries)
        #expect(merged == keys(Array(stride(from: 100, through: 900, by: 100)) + Array(stride(from: 1200, through: 2800, by: 200))))
        let ranges = KeyRange.ranges(boundaries: merged)
        #expect(ranges.count == 19)
        #expect(rowsPerRange(ranges, source) == Array(repeating: 100, count: 10) + Array(repeating: 0, count: 9))
        #expect(rowsPerRange(ranges, target) == Array(repeating: 0, count: 9) + Array(repeating: 200, count: 10))
        // With the source's boundaries alone, the last chunk held all 2,000 target rows.
        #expect(rowsPerRange(KeyRange.ranges(boundaries: sourceBoundaries), target).last == 2000)
    }

    @Test("every chunk holds at most C source and 2C target rows, and tables that agree chunk by chunk keep the source's chunks",
          arguments: [7, 10, 100])
    func bounds(chunkSize: Int) {
        let layouts: [(source: [Int], target: [Int])] = [
            ([], Array(1...2500)),                                                  // empty source
            (Array(1...1000), Array(1...1000) + Array(5001...9000)),                // archive: many extra rows above
            (Array(stride(from: 2, through: 4000, by: 2)), Array(1...4000)),        // target twice as dense
            (Array(1...300) + Array(2001...2300), Array(1...2600)),                 // a purged hole in the source
            (Array(501...1500), Array(1...1500)),                                    // extra rows below every source key
            (Array(1...1000), Array(1...1000).filter { $0 % 97 != 0 } + [0, 1001]), // near-identical
        ]
        for (source, target) in layouts {
            let sourceBoundaries = boundaries(of: source, chunkSize: chunkSize)
            let merged = KeyRange.mergedBoundaries(source: sourceBoundaries, target: boundaries(of: target, chunkSize: chunkSize))
            let ranges = KeyRange.ranges(boundaries: merged)
            #expect(rowsPerRange(ranges, source).allSatisfy { $0 <= chunkSize }, "source \(source.count), target \(target.count)")
            #expect(rowsPerRange(ranges, target).allSatisfy { $0 <= 2 * chunkSize }, "source \(source.count), target \(target.count)")
            #expect(zip(merged, merged.dropFirst()).allSatisfy { KeyOrder.compare($0, $1) < 0 })
            if rowsPerRange(KeyRange.ranges(boundaries: sourceBoundaries), target).allSatisfy({ $0 <= chunkSize }) {
                #expect(merged == sourceBoundaries)
            }
        }
    }
}
