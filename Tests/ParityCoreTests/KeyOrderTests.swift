import Testing
@testable import ParityCore

@Suite("KeyOrder")
struct KeyOrderTests {
    /// Checks that `values` are strictly increasing under KeyOrder, pair by pair, both ways round.
    private func expectAscending(_ values: [SQLValue], sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, lower) in values.enumerated() {
            for higher in values[(index + 1)...] {
                #expect(KeyOrder.compare(lower, higher) < 0, "\(lower) < \(higher)", sourceLocation: sourceLocation)
                #expect(KeyOrder.compare(higher, lower) > 0, "\(higher) > \(lower)", sourceLocation: sourceLocation)
            }
            #expect(KeyOrder.compare(lower, lower) == 0, "\(lower) = itself", sourceLocation: sourceLocation)
        }
    }

    @Test("NULL sorts first")
    func nullFirst() {
        #expect(KeyOrder.compare(.null, .null) == 0)
        for value: SQLValue in [.integer(Int64.min), .decimal("-1e30"), .double(-.infinity), .text(""), .bytes([]), .boolean(false),
                                .date("0001-01-01"), .timestamp("0001-01-01 00:00:00")] {
            #expect(KeyOrder.compare(.null, value) == -1, "\(value)")
            #expect(KeyOrder.compare(value, .null) == 1, "\(value)")
        }
    }

    @Test("integers by value, including Int64.min and Int64.max")
    func integers() {
        expectAscending([.integer(Int64.min), .integer(Int64.min + 1), .integer(-10), .integer(-9), .integer(-1), .integer(0),
                         .integer(1), .integer(9), .integer(10), .integer(Int64.max - 1), .integer(Int64.max)])
    }

    @Test("numbers by value across integer, decimal and double")
    func mixedNumbers() {
        expectAscending([.integer(Int64.min), .decimal("-1e3"), .double(-2.5), .integer(-2), .decimal("-1.50"), .double(-0.5),
                         .integer(0), .decimal("0.71"), .double(1.5), .decimal("9.99"), .integer(10), .decimal("10.000001"),
                         .double(1e15), .integer(Int64.max), .decimal("9223372036854775807.5"), .double(1e20)])
        #expect(KeyOrder.compare(.decimal("1.50"), .decimal("1.5")) == 0)
        #expect(KeyOrder.compare(.integer(1), .decimal("1.000")) == 0)
        #expect(KeyOrder.compare(.integer(1), .double(1.0)) == 0)
        #expect(KeyOrder.compare(.decimal(".71"), .double(0.71)) == 0)
        #expect(KeyOrder.compare(.double(-0.0), .integer(0)) == 0)
        #expect(KeyOrder.compare(.decimal("-0.000"), .integer(0)) == 0)
        // By value, not by text: "10" sorts after "9" although "1" < "9".
        #expect(KeyOrder.compare(.decimal("10"), .decimal("9")) == 1)
        #expect(KeyOrder.compare(.decimal("-10"), .decimal("-9")) == -1)
    }

    @Test("text by UTF-8 bytes")
    func textByBytes() {
        expectAscending([.text(""), .text(" "), .text("B"), .text("a"), .text("a-b"), .text("a-c"), .text("a0"), .text("a_b"),
                         .text("aa"), .text("ab"), .text("b")])
        // Case 02: the order MariaDB's binary collation and PostgreSQL's "C" collation agree on.
        let keys = ["ab", "a_b", "a-c", "aa", "a0", "a-b"].map(SQLValue.text)
        let sorted = keys.sorted { KeyOrder.compare($0, $1) < 0 }
        #expect(sorted.map { $0.canonicalText ?? "" } == ["a-b", "a-c", "a0", "a_b", "aa", "ab"])
    }

    @Test("text that Swift considers equal is ordered by its bytes")
    func unicodeKeysByBytes() {
        // Case 03: K (4b) < cafe+U+0301 (63 61 66 65 cc 81) < caf U+00E9 (63 61 66 c3 a9) < U+FF2B (ef bc ab).
        expectAscending([.text("K"), .text("cafe\u{301}"), .text("caf\u{E9}"), .text("\u{FF2B}")])
        #expect(KeyOrder.compare(.text("caf\u{E9}"), .text("cafe\u{301}")) != 0)
    }

    @Test("bytes by bytes, shorter prefix first")
    func bytes() {
        expectAscending([.bytes([]), .bytes([0x00]), .bytes([0x00, 0x00]), .bytes([0x00, 0xFF]), .bytes([0x01]),
                         .bytes([0x7F]), .bytes([0x80]), .bytes([0xFF]), .bytes([0xFF, 0x00])])
    }

    @Test("booleans: false before true")
    func booleans() {
        expectAscending([.boolean(false), .boolean(true)])
    }

    @Test("dates and timestamps in time order")
    func timestamps() {
        expectAscending([.date("2023-12-31"), .date("2024-01-01"), .date("2024-01-02")])
        expectAscending([.timestamp("2024-01-01 00:00:00"), .timestamp("2024-01-01 00:00:00.000001"), .timestamp("2024-01-01 00:00:00.5"),
                         .timestamp("2024-01-01 00:00:01"), .timestamp("2024-01-01 10:00:00")])
        expectAscending([.timestampWithTimeZone("2024-01-01 00:00:00Z"), .timestampWithTimeZone("2024-01-01 00:00:00.5+00"),
                         .timestampWithTimeZone("2024-01-01 00:00:01+00:00")])
        #expect(KeyOrder.compare(.timestamp("2024-01-01 00:00:00.500"), .timestamp("2024-01-01 00:00:00.5")) == 0)
    }

    @Test("composite keys column by column")
    func compositeKeys() {
        #expect(KeyOrder.compare([.integer(1), .text("b")], [.integer(1), .text("b")]) == 0)
        #expect(KeyOrder.compare([.integer(1), .text("b")], [.integer(2), .text("a")]) == -1)
        #expect(KeyOrder.compare([.integer(2), .text("a")], [.integer(1), .text("b")]) == 1)
        #expect(KeyOrder.compare([.integer(1), .null], [.integer(1), .text("")]) == -1)
        #expect(KeyOrder.compare([.integer(3), .null], [.integer(3), .text("C")]) == -1)
        #expect(KeyOrder.compare([.integer(1), .null], [.integer(1), .null]) == 0)
        #expect(KeyOrder.compare([.null, .integer(9)], [.integer(Int64.min), .integer(0)]) == -1)
        #expect(KeyOrder.compare([.integer(1)], [.integer(1), .integer(0)]) == -1)
        #expect(KeyOrder.compare([SQLValue](), []) == 0)
    }
}
