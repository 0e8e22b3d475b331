import Foundation

/// Exact decimal numbers as text: normalisation and ordering without floating point.
public enum DecimalText {
    /// Normalises a decimal literal so equal values have equal text: sign only when negative,
    /// no leading zeros before the integer digits (but one `0` before a dot), no trailing zeros
    /// after the dot, no dot when there is no fraction. Exponent forms (`1E+3`) are expanded.
    ///
    /// For example `"0100.500"` → `"100.5"`, `".71"` → `"0.71"`, `"-0.000"` → `"0"`.
    /// Text that is not a decimal number is returned unchanged.
    public static func normalize(_ text: String) -> String {
        guard let parts = parse(text) else { return text }
        var integer = parts.integer.drop(while: { $0 == "0" })
        var fraction = parts.fraction
        while fraction.last == "0" { fraction.removeLast() }
        if integer.isEmpty { integer = "0" }
        let isZero = integer == "0" && fraction.isEmpty
        var result = (parts.negative && !isZero) ? "-" : ""
        result += integer
        if !fraction.isEmpty { result += "." + fraction }
        return result
    }

    /// Rounds a decimal half away from zero to `scale` decimals (≥ 0) and normalises it:
    /// `rounded("2.345", scale: 2)` → `"2.35"`, `rounded("-0.005", scale: 2)` → `"-0.01"`,
    /// `rounded("9.99", scale: 1)` → `"10"`. Text that is not a decimal is returned unchanged.
    public static func rounded(_ text: String, scale: Int) -> String {
        guard let parts = parse(normalize(text)) else { return text }
        guard parts.fraction.count > scale else { return normalize(text) }
        var digits = Array(parts.integer + parts.fraction.prefix(scale))
        let next = parts.fraction[parts.fraction.index(parts.fraction.startIndex, offsetBy: scale)]
        if next >= "5", incrementDigits(&digits) { digits.insert("1", at: 0) }
        let integerCount = digits.count - scale
        let integer = String(digits.prefix(integerCount))
        let fraction = String(digits.suffix(scale))
        return normalize((parts.negative ? "-" : "") + (integer.isEmpty ? "0" : integer) + (fraction.isEmpty ? "" : "." + fraction))
    }

    /// Adds one to the last of these decimal digits, carrying leftwards (`1 9 9` → `2 0 0`).
    ///
    /// - Returns: whether a carry is left over (all digits were 9 and are now 0).
    static func incrementDigits(_ digits: inout [Character]) -> Bool {
        var index = digits.count - 1
        while index >= 0 {
            guard digits[index] == "9" else {
                digits[index] = Character(UnicodeScalar(digits[index].asciiValue! + 1))
                return false
            }
            digits[index] = "0"
            index -= 1
        }
        return true
    }

    /// Orders two decimal texts by numeric value; `nil` when either is not a decimal.
    public static func compare(_ lhs: String, _ rhs: String) -> Int? {
        guard let left = parse(normalize(lhs)), let right = parse(normalize(rhs)) else { return nil }
        if left.negative != right.negative { return left.negative ? -1 : 1 }
        let magnitude = compareMagnitude(left, right)
        return left.negative ? -magnitude : magnitude
    }

    private static func compareMagnitude(_ left: Parts, _ right: Parts) -> Int {
        let leftInteger = String(left.integer.drop(while: { $0 == "0" }))
        let rightInteger = String(right.integer.drop(while: { $0 == "0" }))
        if leftInteger.count != rightInteger.count { return leftInteger.count < rightInteger.count ? -1 : 1 }
        if leftInteger != rightInteger { return leftInteger < rightInteger ? -1 : 1 }
        let width = max(left.fraction.count, right.fraction.count)
        let leftFraction = left.fraction.padding(toLength: width, withPad: "0", startingAt: 0)
        let rightFraction = right.fraction.padding(toLength: width, withPad: "0", startingAt: 0)
        if leftFraction == rightFraction { return 0 }
        return leftFraction < rightFraction ? -1 : 1
    }

    /// Whether text is a plain or exponent-form decimal number, e.g. `"-1.50"`, `"1E+3"`.
    public static func isDecimal(_ text: String) -> Bool { parse(text) != nil }

    struct Parts {
        var negative: Bool
        var integer: String
        var fraction: String
    }

    static func parse(_ raw: String) -> Parts? {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        var negative = false
        if text.first == "-" { negative = true; text = text.dropFirst() } else if text.first == "+" { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(text[text.index(after: e)...]) else { return nil }
            exponent = value
            text = text[..<e]
        }
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { return nil }
        var integer = String(pieces[0])
        var fraction = pieces.count == 2 ? String(pieces[1]) : ""
        guard !(integer.isEmpty && fraction.isEmpty),
              integer.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        if exponent > 0 {
            let moved = String(fraction.prefix(exponent)).padding(toLength: exponent, withPad: "0", startingAt: 0)
            integer += moved
            fraction = String(fraction.dropFirst(exponent))
        } else if exponent < 0 {
            let shift = -exponent
            let padded = String(repeating: "0", count: max(0, shift - integer.count)) + integer
            integer = String(padded.dropLast(shift))
            fraction = String(padded.suffix(shift)) + fraction
        }
        return Parts(negative: negative, integer: integer, fraction: fraction)
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (0x30...0x39).contains($0) } ?? false }
}
