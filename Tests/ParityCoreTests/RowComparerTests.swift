import Testing
@testable import ParityCore

@Suite("RowComparer")
struct RowComparerTests {
    @Test("identical rows match")
    func matching() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["v"])
        let rows: [[SQLValue]] = [[.integer(1), .text("a")], [.integer(2), .null]]
        let result = try comparer.compare(source: rows, target: rows)
        #expect(result == ChunkComparison(counts: DifferenceCounts(matching: 2), differences: [], sourceRows: 2, targetRows: 2))
    }

    @Test("empty sides")
    func emptySides() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["v"])
        #expect(try comparer.compare(source: [], target: [])
                == ChunkComparison(counts: DifferenceCounts(), differences: [], sourceRows: 0, targetRows: 0))
        let rows: [[SQLValue]] = [[.integer(1), .text("a")]]
        #expect(try comparer.compare(source: rows, target: []).differences
                == [RowDifference(kind: .missingInTarget, key: [.integer(1)], sourceRow: rows[0], targetRow: nil)])
        #expect(try comparer.compare(source: [], target: rows).differences
                == [RowDifference(kind: .missingInSource, key: [.integer(1)], sourceRow: nil, targetRow: rows[0])])
    }

    @Test("missing in target, missing in source and different, in key order")
    func allKinds() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["name", "qty"])
        let source: [[SQLValue]] = [
            [.integer(1), .text("a"), .integer(1)],
            [.integer(2), .text("b"), .integer(2)],
            [.integer(4), .text("d"), .integer(4)],
            [.integer(6), .text("f"), .integer(6)],
        ]
        let target: [[SQLValue]] = [
            [.integer(0), .text("z"), .integer(0)],
            [.integer(2), .text("b"), .integer(20)],
            [.integer(3), .text("c"), .integer(3)],
            [.integer(4), .text("d"), .integer(4)],
        ]
        let result = try comparer.compare(source: source, target: target, table: "t")
        #expect(result.counts == DifferenceCounts(matching: 1, missingInTarget: 2, missingInSource: 2, different: 1))
        #expect(result.sourceRows == 4)
        #expect(result.targetRows == 4)
        #expect(result.differences == [
            RowDifference(kind: .missingInSource, key: [.integer(0)], sourceRow: nil, targetRow: target[0]),
            RowDifference(kind: .missingInTarget, key: [.integer(1)], sourceRow: source[0], targetRow: nil),
            RowDifference(kind: .different, key: [.integer(2)], sourceRow: source[1], targetRow: target[1], columns: ["qty"]),
            RowDifference(kind: .missingInSource, key: [.integer(3)], sourceRow: nil, targetRow: target[2]),
            RowDifference(kind: .missingInTarget, key: [.integer(6)], sourceRow: source[3], targetRow: nil),
        ])
    }

    @Test("case 06: NULLs in different columns; NULL = NULL is equal")
    func nullsInDifferentColumns() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["c2", "c3", "c4"])
        let source: [[SQLValue]] = [[.integer(1), .text("a"), .text("b"), .null], [.integer(2), .null, .null, .null]]
        let target: [[SQLValue]] = [[.integer(1), .text("a"), .null, .text("b")], [.integer(2), .null, .null, .null]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 1, different: 1))
        #expect(result.differences == [
            RowDifference(kind: .different, key: [.integer(1)], sourceRow: source[0], targetRow: target[0], columns: ["c3", "c4"]),
        ])
    }

    @Test("NULL and empty text are different")
    func nullIsNotEmptyText() throws {
        // Case 05, strict: Oracle's NULL against PostgreSQL's ''.
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["note"])
        let source: [[SQLValue]] = [[.integer(1), .null], [.integer(2), .null], [.integer(3), .text("x")]]
        let target: [[SQLValue]] = [[.integer(1), .text("")], [.integer(2), .null], [.integer(3), .text("x")]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.differences.map(\.key) == [[.integer(1)]])
        #expect(result.differences.map(\.columns) == [["note"]])
        #expect(result.counts.matching == 2)
    }

    @Test("case 07: nullable column in a composite key")
    func nullableCompositeKey() throws {
        let comparer = RowComparer(keyCount: 2, valueColumnNames: ["desc2"])
        let source: [[SQLValue]] = [[.integer(1), .null, .text("A")], [.integer(2), .text("B"), .text("B")],
                                    [.integer(3), .text("C"), .text("C")], [.integer(4), .text("D"), .text("D")]]
        let target: [[SQLValue]] = [[.integer(1), .null, .text("B")], [.integer(2), .text("B"), .text("B")],
                                    [.integer(3), .null, .text("C")], [.integer(4), .text("D"), .text("D")]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 2, missingInTarget: 1, missingInSource: 1, different: 1))
        #expect(result.differences == [
            RowDifference(kind: .different, key: [.integer(1), .null], sourceRow: source[0], targetRow: target[0], columns: ["desc2"]),
            RowDifference(kind: .missingInSource, key: [.integer(3), .null], sourceRow: nil, targetRow: target[2]),
            RowDifference(kind: .missingInTarget, key: [.integer(3), .text("C")], sourceRow: source[2], targetRow: nil),
        ])
    }

    @Test("case 08: duplicate keys compare as a multiset, one missing copy per key")
    func duplicateKeys() throws {
        let comparer = RowComparer(keyCount: 2, valueColumnNames: [])
        let source: [[SQLValue]] = [[.integer(1), .text("A")], [.integer(2), .null], [.integer(2), .null], [.integer(3), .null],
                                    [.integer(3), .null], [.integer(4), .null], [.integer(5), .null], [.integer(5), .null]]
        let target: [[SQLValue]] = [[.integer(1), .text("A")], [.integer(2), .null], [.integer(3), .null], [.integer(4), .null],
                                    [.integer(5), .null]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 5, missingInTarget: 3))
        #expect(result.sourceRows == 8)
        #expect(result.targetRows == 5)
        #expect(result.differences == [
            RowDifference(kind: .missingInTarget, key: [.integer(2), .null], sourceRow: [.integer(2), .null], targetRow: nil, duplicateKey: true),
            RowDifference(kind: .missingInTarget, key: [.integer(3), .null], sourceRow: [.integer(3), .null], targetRow: nil, duplicateKey: true),
            RowDifference(kind: .missingInTarget, key: [.integer(5), .null], sourceRow: [.integer(5), .null], targetRow: nil, duplicateKey: true),
        ])
        #expect(result.differences.allSatisfy { $0.duplicateKey })
    }

    @Test("case 08 reversed: extra copies in the target are missing in source, one per copy")
    func duplicateKeysReversed() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["f2"])
        let source: [[SQLValue]] = [[.integer(2), .null]]
        let target: [[SQLValue]] = [[.integer(2), .null], [.integer(2), .null], [.integer(2), .null]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 1, missingInSource: 2))
        #expect(result.differences == Array(repeating: RowDifference(kind: .missingInSource, key: [.integer(2)], sourceRow: nil,
                                                                     targetRow: [.integer(2), .null], duplicateKey: true), count: 2))
    }

    @Test("duplicate keys with different values: unmatched copies on each side")
    func duplicateKeysDifferentValues() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["v"])
        let source: [[SQLValue]] = [[.integer(7), .text("a")], [.integer(7), .text("b")]]
        let target: [[SQLValue]] = [[.integer(7), .text("b")], [.integer(7), .text("c")]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 1, missingInTarget: 1, missingInSource: 1))
        #expect(result.differences == [
            RowDifference(kind: .missingInTarget, key: [.integer(7)], sourceRow: source[0], targetRow: nil, duplicateKey: true),
            RowDifference(kind: .missingInSource, key: [.integer(7)], sourceRow: nil, targetRow: target[1], duplicateKey: true),
        ])
    }

    @Test("case 09: decimals compare by canonical text")
    func decimalScale() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["a", "b"])
        let source: [[SQLValue]] = [[.integer(1), .decimal("0.71"), .decimal("0.71")], [.integer(2), .decimal("100"), .decimal("1.5")],
                                    [.integer(3), .decimal("-0.71"), .decimal("-0.71")], [.integer(4), .decimal("2.5"), .decimal("2.5")]]
        let target: [[SQLValue]] = [[.integer(1), .decimal("0.7100"), .decimal(".71")], [.integer(2), .decimal("100.0000"), .decimal("1.5000000000000")],
                                    [.integer(3), .decimal("-0.7100"), .decimal("-0.71")], [.integer(4), .decimal("2.5"), .decimal("2.51")]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 3, different: 1))
        #expect(result.differences.map(\.key) == [[.integer(4)]])
        #expect(result.differences.map(\.columns) == [["b"]])
    }

    @Test("case 10: floats")
    func floats() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["c1"])
        let values: [Double] = [0, 1, 2, 3, 14.22035, 3]
        let source = values.enumerated().map { [SQLValue.integer(Int64($0.offset + 1)), .double($0.element)] }
        var target = source
        target[5] = [.integer(6), .double(3.5)]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.differences == [RowDifference(kind: .different, key: [.integer(6)], sourceRow: source[5], targetRow: target[5], columns: ["c1"])])
    }

    @Test("case 03: NFC and NFD keys are different keys")
    func unicodeKeys() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["v"])
        // Both sides in byte order, as COLLATE "C" / BINARY returns them.
        let source: [[SQLValue]] = [[.text("K"), .integer(1)], [.text("caf\u{E9}"), .integer(3)], [.text("\u{FF2B}"), .integer(2)]]
        let target: [[SQLValue]] = [[.text("K"), .integer(1)], [.text("cafe\u{301}"), .integer(3)]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 1, missingInTarget: 2, missingInSource: 1))
        #expect(result.differences == [
            RowDifference(kind: .missingInSource, key: [.text("cafe\u{301}")], sourceRow: nil, targetRow: target[1]),
            RowDifference(kind: .missingInTarget, key: [.text("caf\u{E9}")], sourceRow: source[1], targetRow: nil),
            RowDifference(kind: .missingInTarget, key: [.text("\u{FF2B}")], sourceRow: source[2], targetRow: nil),
        ])
        // Exact key text survives (not only canonical equality).
        #expect(result.differences[0].key.first?.textValue == "cafe\u{301}")
        #expect(result.differences[1].key.first?.textValue == "caf\u{E9}")
    }

    @Test("case 02: text keys in byte order")
    func textKeysInByteOrder() throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["v"])
        let source: [[SQLValue]] = [("a-b", 1), ("a-c", 6), ("a0", 2), ("a_b", 3), ("aa", 4), ("ab", 5)].map { [.text($0.0), .integer($0.1)] }
        let target = source.filter { $0[0] != .text("a-c") }
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 5, missingInTarget: 1))
        #expect(result.differences.map(\.key) == [[.text("a-c")]])
    }

    @Test("rows out of key order throw keyOrder", arguments: [Side.source, Side.target])
    func outOfOrder(side: Side) throws {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["v"])
        let ordered: [[SQLValue]] = [[.text("a"), .null], [.text("b"), .null]]
        // The order a case-insensitive collation would give: "a" < "B" < "c".
        let caseInsensitive: [[SQLValue]] = [[.text("a"), .null], [.text("B"), .null], [.text("c"), .null]]
        let error = #expect(throws: ParityError.self) {
            _ = try comparer.compare(source: side == .source ? caseInsensitive : ordered,
                                     target: side == .target ? caseInsensitive : ordered, table: "t")
        }
        #expect(error?.code == .keyOrder)
        #expect(error?.table == "t")
        #expect(error?.message == "The \(side.rawValue) database returned rows out of byte key order in table t; the key column's collation or type is not supported as a key yet.")
    }

    @Test("numeric keys out of order throw; NULL after a value throws")
    func outOfOrderNumbersAndNulls() {
        let comparer = RowComparer(keyCount: 1, valueColumnNames: [])
        #expect(throws: ParityError.self) { try comparer.compare(source: [[.integer(10)], [.integer(9)]], target: []) }
        #expect(throws: ParityError.self) { try comparer.compare(source: [], target: [[.integer(1)], [.null]]) }
        #expect(throws: Never.self) { try comparer.compare(source: [[.null], [.integer(1)]], target: [[.decimal("9")], [.decimal("10")]]) }
    }
}
