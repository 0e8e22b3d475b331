import Testing
@testable import ParityCore

@Suite("DecimalText")
struct DecimalTextTests {
    @Test("normalize gives equal text to equal values", arguments: [
        ("1.50", "1.5"),
        (".71", "0.71"),
        ("-.71", "-0.71"),
        ("0.7100", "0.71"),
        ("-0.000", "0"),
        ("-0", "0"),
        ("0", "0"),
        ("000", "0"),
        ("100.0000", "100"),
        ("100", "100"),
        ("0100.500", "100.5"),
        ("1.", "1"),
        ("+1.50", "1.5"),
        (" 2.50 ", "2.5"),
        ("1.5000000000000", "1.5"),
        ("-12345678901234567890.000000000000000000001", "-12345678901234567890.000000000000000000001"),
    ])
    func normalizePlainForms(input: String, expected: String) {
        #expect(DecimalText.normalize(input) == expected)
    }

    @Test("normalize expands exponent forms", arguments: [
        ("1E+3", "1000"),
        ("1e3", "1000"),
        ("1.5e2", "150"),
        ("1.2345E2", "123.45"),
        ("12e-3", "0.012"),
        ("1e-1", "0.1"),
        ("-1.5E-1", "-0.15"),
        ("1e-05", "0.00001"),
        ("1e+15", "1000000000000000"),
        ("0E-10", "0"),
        ("-0.0e5", "0"),
        ("2.50E0", "2.5"),
    ])
    func normalizeExponentForms(input: String, expected: String) {
        #expect(DecimalText.normalize(input) == expected)
    }

    @Test("normalize returns text that is not a decimal unchanged", arguments: [
        "", ".", "-", "+", "abc", "1.2.3", "1e", "e5", "1e3.5", "NaN", "Infinity", "-Infinity", "1 2", "0x10", "1,5",
    ])
    func normalizeLeavesNonDecimals(input: String) {
        #expect(DecimalText.normalize(input) == input)
        #expect(!DecimalText.isDecimal(input))
    }

    @Test("isDecimal accepts plain and exponent forms")
    func isDecimalAccepts() {
        for text in ["0", "-1.50", "+7", ".5", "5.", "1E+3", "1e-3", "-0.000"] {
            #expect(DecimalText.isDecimal(text), "\(text)")
        }
    }

    @Test("isDecimal rejects digits that are not ASCII")
    func isDecimalRejectsNonASCIIDigits() {
        // A digit followed by a combining mark is one Character that sorts between "0" and "9".
        #expect(!DecimalText.isDecimal("1\u{301}"))
        #expect(DecimalText.normalize("1\u{301}.50") == "1\u{301}.50")
        #expect(!DecimalText.isDecimal("\u{FF11}"))  // FULLWIDTH DIGIT ONE
        #expect(!DecimalText.isDecimal("\u{0661}"))  // ARABIC-INDIC DIGIT ONE
    }

    @Test("compare orders by numeric value", arguments: [
        ("1", "2", -1),
        ("2", "1", 1),
        ("1.50", "1.5", 0),
        ("10", "9", 1),
        ("9.99", "10", -1),
        ("-1", "-2", 1),
        ("-2", "-1", -1),
        ("-1", "1", -1),
        ("0", "-0.000", 0),
        ("-0.5", "0", -1),
        ("0.71", ".71", 0),
        ("0.7", "0.71", -1),
        ("1E+3", "999.9999", 1),
        ("1e3", "1000.000", 0),
        ("12e-3", "0.012", 0),
        ("-9223372036854775808", "-9223372036854775807", -1),
        ("99999999999999999999", "100000000000000000000", -1),
    ])
    func compareByValue(lhs: String, rhs: String, expected: Int) {
        #expect(DecimalText.compare(lhs, rhs) == expected)
    }

    @Test("compare is nil when either side is not a decimal")
    func compareNonDecimal() {
        #expect(DecimalText.compare("NaN", "1") == nil)
        #expect(DecimalText.compare("1", "abc") == nil)
    }
}
