import Testing
@testable import ParityCore

@Suite("DifferenceCodec")
struct DifferenceCodecTests {
    /// Whether two values are the same case with the same payload, byte for byte: `SQLValue`'s
    /// own `==` compares canonical text, so `1.50` and `1.5` (or NFC and NFD) would pass.
    private func identical(_ lhs: SQLValue, _ rhs: SQLValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.integer(let a), .integer(let b)): return a == b
        case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.decimal(let a), .decimal(let b)), (.text(let a), .text(let b)), (.date(let a), .date(let b)),
             (.time(let a), .time(let b)), (.timestamp(let a), .timestamp(let b)),
             (.timestampWithTimeZone(let a), .timestampWithTimeZone(let b)):
            return Array(a.utf8) == Array(b.utf8)
        default: return false
        }
    }

    private func identical(_ lhs: [SQLValue]?, _ rhs: [SQLValue]?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (let left?, let right?): return left.count == right.count && zip(left, right).allSatisfy(identical)
        default: return false
        }
    }

    private func identical(_ lhs: RowDifference, _ rhs: RowDifference) -> Bool {
        lhs.kind == rhs.kind && lhs.duplicateKey == rhs.duplicateKey
            && lhs.columns.map { Array($0.utf8) } == rhs.columns.map { Array($0.utf8) }
            && identical(lhs.key, rhs.key) && identical(lhs.sourceRow, rhs.sourceRow) && identical(lhs.targetRow, rhs.targetRow)
    }

    /// A NaN with a payload: its bit pattern must survive, not just "NaN".
    private let signallingNaN = Double(bitPattern: 0x7FF4_0000_0000_0001)

    /// One value of every kind, with the edges of each.
    private var everyKind: [SQLValue] {
        [
            .null,
            .integer(Int64.min), .integer(Int64.max), .integer(0), .integer(-1),
            .decimal("1.50"), .decimal("-0.000"), .decimal(""), .decimal("123456789012345678901234567890.000000001"),
            .double(signallingNaN), .double(-Double.nan), .double(-0.0), .double(.infinity), .double(-.infinity),
            .double(Double.leastNonzeroMagnitude), .double(0.1 + 0.2),
            .text(""), .text("O'Brien \"q\" \\"), .text("caf\u{E9}"), .text("cafe\u{301}"), .text("\u{1F468}\u{200D}\u{1F469}"),
            .text(String(repeating: "x", count: 200)), .text(String(repeating: "\u{E9}", count: 10_000)),
            .bytes([]), .bytes([0x00]), .bytes([0xFF]), .bytes([0x00, 0xFF, 0x00, 0xFF]), .bytes(Array(0...255)),
            .boolean(true), .boolean(false),
            .date("2024-02-29"), .date(""),
            .time("23:59:59.999999"), .time("00:00:00"),
            .timestamp("1969-12-31 23:59:59.000001"), .timestamp("2024-01-01 00:00:00.500000"),
            .timestampWithTimeZone("2024-01-01 00:00:00+00:00"), .timestampWithTimeZone("2024-01-01 00:00:00.5+00"),
        ]
    }

    @Test("every value kind round-trips exactly, in keys and in both rows")
    func roundTripEveryKind() throws {
        let values = everyKind
        let differences = [
            RowDifference(kind: .different, key: values, sourceRow: values, targetRow: values.reversed(),
                          columns: ["a", "", "\u{FC}n\u{EF}", "cafe\u{301}"], duplicateKey: true),
            RowDifference(kind: .missingInTarget, key: [.integer(Int64.min)], sourceRow: values, targetRow: nil),
            RowDifference(kind: .missingInSource, key: [.integer(Int64.max), .text("")], sourceRow: nil, targetRow: values),
            RowDifference(kind: .different, key: [], sourceRow: [], targetRow: []),
            RowDifference(kind: .missingInTarget, key: [.null], sourceRow: nil, targetRow: nil, duplicateKey: true),
        ]
        for difference in differences {
            let decoded = try DifferenceCodec.decode(DifferenceCodec.encode(difference))
            #expect(identical(decoded, difference), "\(difference.kind) \(difference.key.count)")
        }
        let decoded = try DifferenceCodec.decode(DifferenceCodec.encode(differences[0]))
        guard case .double(let nan) = decoded.sourceRow?[9] else {
            Issue.record("value 9 is not a double")
            return
        }
        #expect(nan.bitPattern == 0x7FF4_0000_0000_0001)
    }

    @Test("the encoding is the documented layout, byte for byte")
    func goldenBytes() {
        let missing = RowDifference(kind: .missingInTarget, key: [.integer(1)], sourceRow: [.integer(1), .text("a")], targetRow: nil)
        #expect(DifferenceCodec.encode(missing) == [
            1, 0, 0,                              // version, missing in target, flags
            0,                                    // no columns
            1, 1, 1, 0, 0, 0, 0, 0, 0, 0,         // key: 1 value, integer 1 little-endian
            1, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0,      // source row: present, 2 values, integer 1,
            4, 1, 0x61,                           //   text "a"
            0,                                    // no target row
        ])
        let different = RowDifference(kind: .different, key: [.null], sourceRow: [.null, .boolean(true)],
                                      targetRow: [.null, .bytes([0x00, 0xFF])], columns: ["v"], duplicateKey: true)
        #expect(DifferenceCodec.encode(different) == [
            1, 2, 1,                              // version, different, duplicate key
            1, 1, 0x76,                           // columns: "v"
            1, 0,                                 // key: NULL
            1, 2, 0, 6, 1,                        // source row: NULL, true
            1, 2, 0, 5, 2, 0x00, 0xFF,            // target row: NULL, bytes 00 FF
        ])
        let negative = RowDifference(kind: .missingInSource, key: [.integer(-2), .double(-0.0)], sourceRow: nil, targetRow: nil)
        #expect(DifferenceCodec.encode(negative) == [
            1, 1, 0, 0,
            2, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,   // -2
            3, 0, 0, 0, 0, 0, 0, 0, 0x80,                          // -0.0: sign bit only
            0, 0,
        ])
        // Lengths are LEB128: 200 = C8 01.
        let long = RowDifference(kind: .missingInSource, key: [.text(String(repeating: "x", count: 200))], sourceRow: nil, targetRow: nil)
        #expect(Array(DifferenceCodec.encode(long).prefix(8)) == [1, 1, 0, 0, 1, 4, 0xC8, 0x01])
    }

    @Test("decoding reads from a slice that does not start at index 0")
    func decodeSlice() throws {
        let difference = RowDifference(kind: .different, key: [.integer(7)], sourceRow: [.integer(7), .text("\u{E9}")],
                                       targetRow: [.integer(7), .bytes([0x00, 0xFF])], columns: ["v"])
        let padded: [UInt8] = [0xAA, 0xBB] + DifferenceCodec.encode(difference) + [0xCC]
        let decoded = try DifferenceCodec.decode(padded[2..<(padded.count - 1)])
        #expect(identical(decoded, difference))
    }

    @Test("every truncation of a valid encoding is rejected with .state")
    func truncatedBytes() throws {
        // Every kind, without the longest values: each prefix is decoded, so keep it to a few hundred bytes.
        let values = everyKind.filter { ($0.canonicalText?.utf8.count ?? 0) <= 200 }
        let difference = RowDifference(kind: .different, key: [.integer(Int64.min), .text("k\u{E9}y")],
                                       sourceRow: values, targetRow: [.null, .bytes([0x00, 0xFF])], columns: ["v", "w"], duplicateKey: true)
        let bytes = DifferenceCodec.encode(difference)
        for length in 0..<bytes.count {
            let error = #expect(throws: ParityError.self, "prefix of \(length) bytes") { try DifferenceCodec.decode(bytes.prefix(length)) }
            #expect(error?.code == .state, "prefix of \(length) bytes")
        }
    }

    @Test("garbage is rejected with .state and a message that says what to do", arguments: [
        [UInt8](),                                              // empty
        [0],                                                    // version 0
        [2, 0, 0, 0, 0, 0, 0],                                  // version 2
        [1, 3, 0, 0, 0, 0, 0],                                  // kind 3
        [1, 0, 0, 0, 1, 11, 0, 0],                              // value tag 11
        [1, 0, 0, 0, 0, 0, 0, 0],                               // a byte after the end
        [1, 0, 0, 0, 1, 4, 5, 0x61, 0, 0],                      // a text longer than what is left
        [1, 0, 0, 0, 1, 5, 0x80, 0x80, 0x80, 0x80, 0x01],       // a byte count far beyond the end
        [1, 0, 0] + [UInt8](repeating: 0xFF, count: 11) + [0x01],  // a varint longer than 64 bits
        [1, 0, 0, 0, 1, 1, 1, 2, 3],                            // an integer cut short
        [1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],                // 4 billion column names
    ])
    func garbage(bytes: [UInt8]) {
        let error = #expect(throws: ParityError.self) { try DifferenceCodec.decode(bytes) }
        #expect(error?.code == .state)
        #expect(error?.message == "A stored difference is damaged; restart the table with a new session.")
    }
}
