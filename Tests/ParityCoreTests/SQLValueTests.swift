import Foundation
import Testing
@testable import ParityCore

@Suite("SQLValue")
struct SQLValueTests {
    @Test("canonical text of each kind")
    func canonicalTextOfEachKind() {
        #expect(SQLValue.null.canonicalText == nil)
        #expect(SQLValue.integer(42).canonicalText == "42")
        #expect(SQLValue.integer(-7).canonicalText == "-7")
        #expect(SQLValue.integer(Int64.min).canonicalText == "-9223372036854775808")
        #expect(SQLValue.integer(Int64.max).canonicalText == "9223372036854775807")
        #expect(SQLValue.decimal("1.50").canonicalText == "1.5")
        #expect(SQLValue.decimal(".71").canonicalText == "0.71")
        #expect(SQLValue.decimal("-0.000").canonicalText == "0")
        #expect(SQLValue.decimal("100.0000").canonicalText == "100")
        #expect(SQLValue.decimal("1E+3").canonicalText == "1000")
        #expect(SQLValue.decimal("NaN").canonicalText == "NaN")
        #expect(SQLValue.text("O'Brien").canonicalText == "O'Brien")
        #expect(SQLValue.text("").canonicalText == "")
        #expect(SQLValue.bytes([0x00, 0x27, 0x5C, 0xFF]).canonicalText == "00275cff")
        #expect(SQLValue.bytes([]).canonicalText == "")
        #expect(SQLValue.boolean(true).canonicalText == "1")
        #expect(SQLValue.boolean(false).canonicalText == "0")
        #expect(SQLValue.date("2024-03-01").canonicalText == "2024-03-01")
    }

    @Test("doubles print in the shortest text that round-trips, in exponent form from 1e15 as PostgreSQL does", arguments: [
        (1.0, "1"),
        (-1.0, "-1"),
        (0.0, "0"),
        (-0.0, "0"),
        (100.0, "100"),
        (1.5, "1.5"),
        (14.22035, "14.22035"),
        (0.1 + 0.2, "0.30000000000000004"),
        (123_456_789_012_345.0, "123456789012345"),
        (999_999_999_999_999.0, "999999999999999"),
        (999_999_999_999_999.9, "999999999999999.9"),
        (1e15, "1e+15"),
        (-1e15, "-1e+15"),
        (1.5e15, "1.5e+15"),
        (1_000_000_000_000_000.5, "1.0000000000000005e+15"),
        (9_007_199_254_740_992.0, "9.007199254740992e+15"),
        (1e16, "1e+16"),
        (1.2345678901234568e17, "1.2345678901234568e+17"),
        (1e-4, "0.0001"),
        (1e-5, "1e-05"),
        (Double.nan, "NaN"),
        (Double.infinity, "Infinity"),
        (-Double.infinity, "-Infinity"),
    ])
    func canonicalDouble(value: Double, expected: String) {
        #expect(SQLValue.double(value).canonicalText == expected)
    }

    @Test("timestamps and times drop trailing fractional zeros", arguments: [
        ("2024-01-02 03:04:05.120000", "2024-01-02 03:04:05.12"),
        ("2024-01-02 03:04:05.000000", "2024-01-02 03:04:05"),
        ("2024-01-02 03:04:05.", "2024-01-02 03:04:05"),
        ("2024-01-02 03:04:05", "2024-01-02 03:04:05"),
        ("1970-01-03 00:00:01.654321", "1970-01-03 00:00:01.654321"),
        ("1970-01-03 00:00:01.654000", "1970-01-03 00:00:01.654"),
    ])
    func timestampFraction(input: String, expected: String) {
        #expect(SQLValue.timestamp(input).canonicalText == expected)
    }

    @Test("times drop trailing fractional zeros")
    func timeFraction() {
        #expect(SQLValue.time("12:00:01.500000").canonicalText == "12:00:01.5")
        #expect(SQLValue.time("12:00:01.000").canonicalText == "12:00:01")
        #expect(SQLValue.time("12:00:01").canonicalText == "12:00:01")
    }

    @Test("UTC instants written +00, +00:00 or Z have one canonical text", arguments: [
        "2022-01-29 15:21:12+00",
        "2022-01-29 15:21:12+00:00",
        "2022-01-29 15:21:12Z",
        "2022-01-29 15:21:12.000+00",
        "2022-01-29 15:21:12.000000Z",
    ])
    func utcInstants(input: String) {
        #expect(SQLValue.timestampWithTimeZone(input).canonicalText == "2022-01-29 15:21:12+00:00")
        #expect(SQLValue.timestampWithTimeZone(input) == .timestampWithTimeZone("2022-01-29 15:21:12+00:00"))
    }

    @Test("UTC instants keep a non-zero fraction, trimmed")
    func utcInstantWithFraction() {
        #expect(SQLValue.timestampWithTimeZone("2024-01-02 03:04:05.500+00").canonicalText == "2024-01-02 03:04:05.5+00:00")
        #expect(SQLValue.timestampWithTimeZone("2024-01-02 03:04:05.123456Z").canonicalText == "2024-01-02 03:04:05.123456+00:00")
    }

    @Test("UTC instants BC (PostgreSQL's ' BC' suffix) get +00:00 before the suffix, as PostgreSQL's canonical-text SQL writes them")
    func instantsBeforeChrist() {
        #expect(SQLValue.timestampWithTimeZone("0001-12-31 15:51:54.84+00 BC").canonicalText == "0001-12-31 15:51:54.84+00:00 BC")
        #expect(SQLValue.timestampWithTimeZone("0044-03-15 12:00:00+00 BC").canonicalText == "0044-03-15 12:00:00+00:00 BC")
    }

    @Test("instants with another offset keep it; only trailing fractional zeros go")
    func nonUTCInstant() {
        #expect(SQLValue.timestampWithTimeZone("2022-01-29 23:21:12+08:00").canonicalText == "2022-01-29 23:21:12+08:00")
        #expect(SQLValue.timestampWithTimeZone("2022-01-29 23:21:12.500-05:00").canonicalText == "2022-01-29 23:21:12.5-05:00")
    }

    @Test("text equality is byte-wise: NFC and NFD are different values")
    func textEqualityIsByteWise() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)  // Swift String equality is canonical equivalence…
        #expect(SQLValue.text(composed) != SQLValue.text(decomposed))  // …the value model's is not.
        #expect(SQLValue.text(composed) == SQLValue.text("caf\u{E9}"))
        #expect(SQLValue.text("K") != SQLValue.text("\u{FF2B}"))
        #expect(SQLValue.text("abc ") != SQLValue.text("abc"))
        #expect(Set([SQLValue.text(composed), .text(decomposed)]).count == 2)
    }

    @Test("values are equal when their canonical texts are")
    func equality() {
        #expect(SQLValue.null == .null)
        #expect(SQLValue.null != .text(""))
        #expect(SQLValue.null != .integer(0))
        #expect(SQLValue.decimal("1.50") == .decimal("1.5"))
        #expect(SQLValue.decimal("0.7100") == .decimal(".71"))
        #expect(SQLValue.decimal("100.0000") == .decimal("100"))
        #expect(SQLValue.decimal("2.5") != .decimal("2.51"))
        #expect(SQLValue.double(1.0) == .integer(1))
        #expect(SQLValue.decimal("1.0") == .integer(1))
        #expect(SQLValue.double(3) != .double(3.5))
        #expect(SQLValue.bytes([0xAB]) == .bytes([0xAB]))
        #expect(SQLValue.bytes([0xAB]) != .bytes([0xAB, 0x00]))
    }

    @Test("equal values hash equally")
    func hashing() {
        #expect(SQLValue.decimal("1.50").hashValue == SQLValue.decimal("1.5").hashValue)
        #expect(Set<SQLValue>([.decimal("1.50"), .decimal("1.5"), .decimal("1.500"), .null, .null]).count == 2)
    }

    @Test("isNull")
    func isNull() {
        #expect(SQLValue.null.isNull)
        #expect(!SQLValue.text("").isNull)
        #expect(!SQLValue.integer(0).isNull)
    }

    @Test("JSON form is null or a one-key object naming the kind")
    func jsonForm() throws {
        let values: [SQLValue] = [.null, .integer(42), .decimal("1.50"), .text("O'Brien"), .bytes([0x00, 0xFF]), .boolean(true),
                                  .date("2024-03-01"), .time("12:00:01.5"), .timestamp("2024-03-01 13:45:00"),
                                  .timestampWithTimeZone("2022-01-29 15:21:12+00:00"), .double(1.5)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(values), as: UTF8.self)
        #expect(text == #"[null,{"i":42},{"n":"1.50"},{"t":"O'Brien"},{"b":"00ff"},{"o":true},{"d":"2024-03-01"},{"h":"12:00:01.5"},{"s":"2024-03-01 13:45:00"},{"z":"2022-01-29 15:21:12+00:00"},{"f":"1.5"}]"#)
    }

    @Test("JSON round trip keeps kind and exact text")
    func jsonRoundTrip() throws {
        let values: [SQLValue] = [.null, .integer(Int64.min), .decimal("1.50"), .double(0.1 + 0.2), .double(1e-5), .double(.infinity),
                                  .text("cafe\u{301}"), .bytes([0x00, 0x27, 0x5C, 0xFF]), .boolean(false), .date("2024-03-01"),
                                  .time("12:00:01"), .timestamp("2024-03-01 13:45:00.5"), .timestampWithTimeZone("2024-03-01 13:45:00+02:00")]
        let decoded = try JSONDecoder().decode([SQLValue].self, from: JSONEncoder().encode(values))
        #expect(decoded == values)
        // Exact text survives, not only the canonical form.
        #expect(decoded[2].decimalText == "1.50")
        #expect(decoded[6].textValue == "cafe\u{301}")
        #expect(decoded[6] != .text("caf\u{E9}"))
    }
}

extension SQLValue {
    /// The printed text of a decimal, for tests.
    var decimalText: String? {
        if case .decimal(let text) = self { return text }
        return nil
    }

    /// The text of a text value, for tests.
    var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}
