import Foundation
import Testing
@testable import ParityCore

@Suite("KeyRange")
struct KeyRangeTests {
    @Test("no boundaries give one range open at both ends")
    func noBoundaries() {
        #expect(KeyRange.ranges(boundaries: []) == [KeyRange(lower: nil, upper: nil)])
    }

    @Test("n boundaries give n + 1 ranges, the first open below and the last open above")
    func ranges() {
        let ranges = KeyRange.ranges(boundaries: [[.integer(10)], [.integer(20)], [.integer(30)]])
        #expect(ranges == [
            KeyRange(lower: nil, upper: [.integer(10)]),
            KeyRange(lower: [.integer(10)], upper: [.integer(20)]),
            KeyRange(lower: [.integer(20)], upper: [.integer(30)]),
            KeyRange(lower: [.integer(30)], upper: nil),
        ])
    }

    @Test("one boundary gives two ranges")
    func oneBoundary() {
        #expect(KeyRange.ranges(boundaries: [[.text("a0"), .null]]) == [
            KeyRange(lower: nil, upper: [.text("a0"), .null]),
            KeyRange(lower: [.text("a0"), .null], upper: nil),
        ])
    }

    @Test("contains: lower bound exclusive, upper bound inclusive")
    func contains() {
        let range = KeyRange(lower: [.integer(10)], upper: [.integer(20)])
        #expect(!range.contains([.integer(9)]))
        #expect(!range.contains([.integer(10)]))
        #expect(range.contains([.integer(11)]))
        #expect(range.contains([.integer(20)]))
        #expect(!range.contains([.integer(21)]))
        #expect(!range.contains([.null]))
        #expect(range.contains([.decimal("10.5")]))
    }

    @Test("contains: open ends take everything below or above, NULL included below")
    func containsOpenEnds() {
        let first = KeyRange(lower: nil, upper: [.integer(10)])
        #expect(first.contains([.null]))
        #expect(first.contains([.integer(Int64.min)]))
        #expect(first.contains([.integer(10)]))
        #expect(!first.contains([.integer(11)]))
        let last = KeyRange(lower: [.integer(10)], upper: nil)
        #expect(!last.contains([.null]))
        #expect(!last.contains([.integer(10)]))
        #expect(last.contains([.integer(Int64.max)]))
        #expect(KeyRange(lower: nil, upper: nil).contains([.null]))
    }

    @Test("contains: composite keys with NULLs, in key order")
    func containsComposite() {
        let range = KeyRange(lower: [.integer(2), .null], upper: [.integer(3), .null])
        #expect(!range.contains([.integer(2), .null]))
        #expect(range.contains([.integer(2), .text("")]))
        #expect(range.contains([.integer(2), .text("Z")]))
        #expect(range.contains([.integer(3), .null]))
        #expect(!range.contains([.integer(3), .text("")]))
        #expect(!range.contains([.null, .text("x")]))
    }

    @Test("every key lies in exactly one range")
    func partition() {
        let ranges = KeyRange.ranges(boundaries: [[.text("a-b")], [.text("a_b")], [.text("ab")]])
        let keys: [SQLValue] = [.null, .text(""), .text("B"), .text("a-b"), .text("a-c"), .text("a0"), .text("a_b"), .text("aa"), .text("ab"),
                                .text("b"), .text("cafe\u{301}"), .text("caf\u{E9}"), .text("\u{FF2B}")]
        for key in keys {
            #expect(ranges.filter { $0.contains([key]) }.count == 1, "\(key)")
        }
        #expect(ranges[1].contains([.text("a0")]))
        #expect(ranges[2].contains([.text("aa")]))
    }

    @Test("JSON round trip keeps open ends and values")
    func codable() throws {
        let ranges = KeyRange.ranges(boundaries: [[.integer(1), .null], [.integer(2), .text("x")]])
        let decoded = try JSONDecoder().decode([KeyRange].self, from: JSONEncoder().encode(ranges))
        #expect(decoded == ranges)
        #expect(decoded[0].lower == nil)
        #expect(decoded[2].upper == nil)
    }
}
