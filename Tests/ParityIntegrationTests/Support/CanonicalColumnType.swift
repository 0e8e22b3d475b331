import Foundation
import ParityCore

/// One column type of one engine for ``CanonicalTextPropertyTests``: its SQL type, fixed edge
/// values and a generator of random values, all as SQL literals of that engine.
struct CanonicalColumnType: Sendable {
    /// The column's type in `CREATE TABLE`, e.g. `numeric(10,2)`.
    var sqlType: String
    /// Literals always inserted: the type's edges.
    var edges: [String]
    /// A random literal.
    var random: @Sendable (inout SeededGenerator) -> String
    /// Session time zones the values are inserted in (instants only).
    var sessionTimeZones: SessionTimeZones?
    /// The text the database's canonical-text SQL must compute for a value read from this column:
    /// the Swift ``SQLValue/canonicalText``, except for a documented known limit.
    var expectedSQLText: @Sendable (SQLValue) -> String? = { $0.canonicalText }
    /// SQL over the column `v` whose distinct values are the values the database tells apart,
    /// where the engine keeps one value in several spellings; `nil`: the column itself.
    var distinctValue: String?

    struct SessionTimeZones: Sendable {
        var zones: [String]
        var statement: @Sendable (String) -> String
    }
}

// MARK: Value generators (engine-neutral text)

extension SeededGenerator {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// `count` random decimal digits.
    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(int(0...9))) })
    }

    /// A decimal with at most `precision` digits, `scale` of them after the dot, written with
    /// random leading and trailing zeros, sign and (sometimes) no integer digit.
    mutating func decimal(precision: Int, scale: Int) -> String {
        let anyIntegerDigits = int(0...max(0, precision - scale))
        let integerDigits = pick([0, 1, anyIntegerDigits, precision - scale])
        let anyFractionDigits = int(0...scale)
        let fractionDigits = scale == 0 ? 0 : pick([0, scale, anyFractionDigits])
        var integer = digits(max(0, integerDigits))
        if chance(0.2) { integer = "0" + integer }
        var text = integer
        if fractionDigits > 0 {
            var fraction = digits(fractionDigits)
            if chance(0.3) { fraction = String(fraction.dropLast(min(fraction.count, 2))) + String(repeating: "0", count: min(fraction.count, 2)) }
            text += "." + fraction
        }
        if text.isEmpty || text == "." { text = "0" }
        if text.hasPrefix(".") && chance(0.5) { text = "0" + text }
        return (chance(0.4) ? "-" : "") + text
    }

    /// A finite double: random bits, a short decimal, an integer near 10^15…10^17, a subnormal,
    /// or a power of ten.
    mutating func double() -> Double {
        switch int(0...5) {
        case 0:
            var value: Double
            repeat { value = Double(bitPattern: next()) } while !value.isFinite
            return value
        case 1: return Double(int(-99_999...99_999)) / pick([1, 10, 100, 1000, 1e6, 1e9])
        case 2: return Double(Int64.random(in: 100_000_000_000_000...100_000_000_000_000_000, using: &self)) * (chance(0.5) ? 1 : -1)
                + pick([0, 0.5, 0.25, 0.125])
        case 3: return Double(bitPattern: UInt64.random(in: 1...(1 << 52), using: &self)) * (chance(0.5) ? 1 : -1)
        case 4: return pow(10, Double(int(-30...30))) * Double(int(1...9)) * (chance(0.5) ? 1 : -1)
        default: return Double(int(-1_000_000...1_000_000)) * pow(2, Double(int(-60...60)))
        }
    }

    /// A finite single-precision float below `limit` in magnitude.
    mutating func float(limit: Float = .greatestFiniteMagnitude) -> Float {
        switch int(0...3) {
        case 0:
            var value: Float
            repeat { value = Float(bitPattern: UInt32(truncatingIfNeeded: next())) } while !value.isFinite || abs(value) >= limit
            return value
        case 1: return Float(int(-99_999...99_999)) / pick([1, 10, 100, 1000, 1e6])
        case 2: return Float(int(-16_777_216...16_777_216)) * pow(2, Float(int(-10...40)))
        default: return Float(bitPattern: UInt32(int(1...0x7F_FFFF))) * (chance(0.5) ? 1 : -1)
        }
    }

    /// Text of 0–12 characters from a pool of the characters that break canonical texts: quotes,
    /// backslash, control characters, combining marks, multi-byte and non-BMP characters, and
    /// trailing spaces; NUL too when `nul`.
    mutating func text(nul: Bool, maxLength: Int = 12) -> String {
        var pool: [String] = ["a", "Z", "0", "'", "\"", "\\", "%", "_", " ", "\t", "\n", "\r", "\u{1A}", "\u{7F}", "\u{E9}", "e\u{301}",
                              "\u{65E5}", "\u{672C}", "\u{1F44D}", "\u{1F44D}\u{1F3FD}", "\u{FF2B}", "\u{2028}", "\u{FEFF}", "$", "|", ":", "V", "N"]
        if nul { pool.append("\u{0}") }
        var text = ""
        let length = int(0...maxLength)
        while text.unicodeScalars.count < length {
            let piece = pick(pool)
            if text.unicodeScalars.count + piece.unicodeScalars.count > maxLength { break }
            text += piece
        }
        if chance(0.15), text.unicodeScalars.count < maxLength { text += " " }
        return text
    }

    mutating func bytes(maxLength: Int = 16) -> [UInt8] {
        (0..<int(0...maxLength)).map { _ in chance(0.5) ? pick([0x00, 0xFF, 0x27, 0x5C, 0x22, 0x0A]) : UInt8(int(0...255)) }
    }

    /// `YYYY-MM-DD` with a year in `years`.
    mutating func date(years: ClosedRange<Int> = 1...9999) -> String {
        let anyYear = int(years)
        let year = chance(0.1) ? pick([years.lowerBound, years.upperBound]) : anyYear
        let month = int(1...12)
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] + (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, int(1...days))
    }

    /// `HH:MM:SS[.f…]` with 0…`digits` fractional digits (trailing zeros kept sometimes).
    mutating func time(fractionDigits: Int, hours: ClosedRange<Int> = 0...23) -> String {
        var text = String(format: "%02d:%02d:%02d", int(hours), int(0...59), int(0...59))
        if fractionDigits > 0, chance(0.8) {
            var fraction = digits(int(1...fractionDigits))
            if chance(0.3) { fraction = String(fraction.dropLast()) + "0" }
            text += "." + fraction
        }
        return text
    }

    mutating func uuid() -> String {
        let hex = HexText.encode((0..<16).map { _ in UInt8(int(0...255)) })
        let characters = Array(hex)
        let text = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
        return chance(0.3) ? text.uppercased() : text
    }
}

// MARK: Literals

enum CanonicalLiteral {
    /// A PostgreSQL string literal (standard_conforming_strings on: only quotes doubled).
    static func postgres(_ text: String) -> String { ParityCore.SQLText.enclose(text, in: "'") }

    /// A MariaDB string literal, escapes as the MySQL dialect writes them (NUL as `\0`).
    static func mariadb(_ text: String) -> String { MySQLDialect().stringLiteral(text) }

    /// A SQLite text literal from its UTF-8 bytes, so NUL survives.
    static func sqlite(_ text: String) -> String { "CAST(X'\(HexText.encode(Array(text.utf8)))' AS TEXT)" }

    /// Swift's shortest round-trip text of a double (`1e-05`, `5e-324`), which all three
    /// engines parse.
    static func number(_ value: Double) -> String { "\(value)" }
}

// MARK: PostgreSQL

extension CanonicalColumnType {
    static let postgresql: [CanonicalColumnType] = {
        var types: [CanonicalColumnType] = []
        func integer(_ type: String, _ range: ClosedRange<Int64>) {
            types.append(CanonicalColumnType(sqlType: type, edges: ["\(range.lowerBound)", "\(range.upperBound)", "0", "-1"]) { random in
                String(random.chance(0.5) ? Int64.random(in: range, using: &random) : Int64.random(in: -1000...1000, using: &random))
            })
        }
        integer("smallint", Int64(Int16.min)...Int64(Int16.max))
        integer("integer", Int64(Int32.min)...Int64(Int32.max))
        integer("bigint", Int64.min...Int64.max)
        for (precision, scale) in [(10, 2), (38, 10), (5, 0), (20, 6)] {
            types.append(CanonicalColumnType(sqlType: "numeric(\(precision),\(scale))",
                                             edges: ["0", "-0", "'-0.000'", "0.10", "'NaN'", "'\(String(repeating: "9", count: precision - scale))'"]) { random in
                "'" + random.decimal(precision: precision, scale: scale) + "'"
            })
        }
        types.append(CanonicalColumnType(sqlType: "numeric", edges: ["'NaN'", "'Infinity'", "'-Infinity'", "'1e20'", "'-1.5e-20'", "'0.000000000000000000000000000001'", "'-0.0'"]) { random in
            "'" + random.decimal(precision: random.int(1...60), scale: random.int(0...30)) + "'"
        })
        let doubleEdges = ["'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "0", "'5e-324'", "'-2.2250738585072014e-308'", "'1.7976931348623157e+308'",
                           "'1e15'", "'-1e15'", "'999999999999999'", "'1e16'", "'123456789012345.6'", "'1e-4'", "'1e-5'", "'0.30000000000000004'",
                           "'9007199254740993'", "'1000000000000000.1'", "'4.35'", "'1e22'", "'1e21'"]
        types.append(CanonicalColumnType(sqlType: "double precision", edges: doubleEdges.map { $0 + "::float8" }) { random in
            "'" + CanonicalLiteral.number(random.double()) + "'::float8"
        })
        types.append(CanonicalColumnType(sqlType: "real", edges: ["'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "'1234567'", "'16777217'", "'1e-45'",
                                                                  "'3.4028235e38'", "'0.1'", "'1e15'", "'123456'", "'1e-5'", "'1e7'"].map { $0 + "::float4" }) { random in
            "'\(random.float())'::float4"
        })
        for type in ["text", "varchar(40)", "char(12)"] {
            types.append(CanonicalColumnType(sqlType: type, edges: ["''", "' '", "'a  '", "'''\\'", "'\u{1F44D}'"]) { random in
                CanonicalLiteral.postgres(random.text(nul: false))
            })
        }
        types.append(CanonicalColumnType(sqlType: "bytea", edges: ["'\\x'::bytea", "'\\x00'::bytea", "'\\xff27005c'::bytea"]) { random in
            "'\\x" + HexText.encode(random.bytes()) + "'::bytea"
        })
        types.append(CanonicalColumnType(sqlType: "boolean", edges: ["TRUE", "FALSE"]) { random in random.chance(0.5) ? "TRUE" : "FALSE" })
        types.append(CanonicalColumnType(sqlType: "date", edges: ["'0001-01-01'", "'9999-12-31'", "'2000-02-29'", "'1970-01-01'", "'infinity'", "'-infinity'",
                                                                  "'4713-01-01 BC'", "'10000-01-01'"]) { random in
            "'" + random.date() + "'"
        })
        for precision in [0, 3, 6] {
            types.append(CanonicalColumnType(sqlType: "time(\(precision))", edges: ["'00:00:00'", "'23:59:59.999999'", "'24:00:00'", "'12:00:00.5'"]) { random in
                "'" + random.time(fractionDigits: 6) + "'"
            })
            types.append(CanonicalColumnType(sqlType: "timestamp(\(precision))", edges: ["'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'",
                                                                                       "'1970-01-01 00:00:00.5'", "'2000-02-29 12:00:00.000001'", "'infinity'",
                                                                                       "'0044-03-15 12:00:00.25 BC'"]) { random in
                "'" + random.date() + " " + random.time(fractionDigits: 6) + "'"
            })
            let zones = SessionTimeZones(zones: ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Kiritimati", "Europe/Paris", "America/Los_Angeles"]) {
                "SET TimeZone = '\($0)'"
            }
            types.append(CanonicalColumnType(sqlType: "timestamptz(\(precision))", edges: ["'0001-01-01 00:00:00+00'", "'9999-12-31 23:59:59.999999+00'",
                                                                                        "'1970-01-01 00:00:00.5+05:30'", "'2024-03-31 02:30:00'",
                                                                                        "'-infinity'", "'0044-03-15 12:00:00.25+01 BC'"],
                                             random: { random in
                let offset = random.pick(["", "+00", "Z", "+05:30", "-08:00", "+14", "-03:30", "+00:00"])
                let date = random.date(years: 1...9998)
                return "'" + date + " " + random.time(fractionDigits: 6) + offset + "'"
            }, sessionTimeZones: zones))
        }
        types.append(CanonicalColumnType(sqlType: "timetz", edges: ["'00:00:00+00'", "'23:59:59.5-03:30'"]) { random in
            "'" + random.time(fractionDigits: 6) + random.pick(["+00", "+05:30", "-08", "+14"]) + "'"
        })
        types.append(CanonicalColumnType(sqlType: "uuid", edges: ["'00000000-0000-0000-0000-000000000000'", "'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'"]) { random in
            "'" + random.uuid() + "'"
        })
        return types
    }()
}

// MARK: MariaDB

extension CanonicalColumnType {
    static let mariadb: [CanonicalColumnType] = {
        var types: [CanonicalColumnType] = []
        func integer(_ type: String, _ range: ClosedRange<Int64>) {
            types.append(CanonicalColumnType(sqlType: type, edges: ["\(range.lowerBound)", "\(range.upperBound)", "0"]) { random in
                String(random.chance(0.5) ? Int64.random(in: range, using: &random) : Int64.random(in: max(range.lowerBound, -1000)...min(range.upperBound, 1000), using: &random))
            })
        }
        integer("tinyint", -128...127)
        integer("smallint", Int64(Int16.min)...Int64(Int16.max))
        integer("mediumint", -8_388_608...8_388_607)
        integer("int", Int64(Int32.min)...Int64(Int32.max))
        integer("bigint", Int64.min...Int64.max)
        integer("int unsigned", 0...Int64(UInt32.max))
        types.append(CanonicalColumnType(sqlType: "bigint unsigned", edges: ["0", "\(UInt64.max)", "\(UInt64(Int64.max) + 1)", "\(Int64.max)"]) { random in
            String(random.chance(0.7) ? UInt64.random(in: 0...UInt64.max, using: &random) : UInt64.random(in: 0...1000, using: &random))
        })
        for (precision, scale) in [(10, 2), (65, 30), (10, 0), (10, 4), (30, 15)] {
            types.append(CanonicalColumnType(sqlType: "decimal(\(precision),\(scale))",
                                             edges: ["0", "-0", "-0.000", "0.10", String(repeating: "9", count: precision - scale)]) { random in
                random.decimal(precision: precision, scale: scale)
            })
        }
        types.append(CanonicalColumnType(sqlType: "double", edges: ["-0e0", "0", "5e-324", "-2.2250738585072014e-308", "1.7976931348623157e308", "1e15", "-1e15",
                                                                    "999999999999999e0", "1e16", "123456789012345.6e0", "1e-4", "1e-5", "0.30000000000000004e0",
                                                                    "9007199254740993e0", "1000000000000000.1e0", "4.35e0", "1e22", "1e21", "1.5e-7"]) { random in
            CanonicalLiteral.number(random.double())
        })
        types.append(CanonicalColumnType(sqlType: "float", edges: ["-0e0", "1234567", "16777217", "1e-45", "3.4028234e38", "0.1", "1e15", "123456", "1e-5", "1e7"],
                                         random: { random in "\(random.float(limit: 3.4e38))" }))
        for type in ["text", "varchar(40)", "char(12)"] {
            types.append(CanonicalColumnType(sqlType: type + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                                             edges: ["''", "' '", "'a  '", "'''\\\\'", "'\\0'", "'\u{1F44D}'"]) { random in
                CanonicalLiteral.mariadb(random.text(nul: true))
            })
        }
        for type in ["varbinary(20)", "blob", "binary(8)"] {
            types.append(CanonicalColumnType(sqlType: type, edges: ["X''", "X'00'", "X'ff27005c'"]) { random in
                "X'" + HexText.encode(random.bytes(maxLength: 8)) + "'"
            })
        }
        types.append(CanonicalColumnType(sqlType: "bit(1)", edges: ["b'0'", "b'1'"]) { random in random.chance(0.5) ? "b'1'" : "b'0'" })
        types.append(CanonicalColumnType(sqlType: "bit(12)", edges: ["b'0'", "b'1'", "b'111111111111'"]) { random in "\(random.int(0...4095))" })
        types.append(CanonicalColumnType(sqlType: "year", edges: ["0", "1901", "2155"]) { random in "\(random.int(1901...2155))" })
        types.append(CanonicalColumnType(sqlType: "date", edges: ["'0001-01-01'", "'1000-01-01'", "'9999-12-31'", "'2000-02-29'", "'0000-00-00'", "'2024-00-00'"]) { random in
            "'" + random.date() + "'"
        })
        for precision in [0, 3, 6] {
            types.append(CanonicalColumnType(sqlType: "time(\(precision))", edges: ["'00:00:00'", "'23:59:59.999999'", "'-838:59:59'", "'838:59:59'",
                                                                                  "'-00:00:01'", "'100:00:00.5'"]) { random in
                let sign = random.chance(0.2) ? "-" : ""
                let hours = random.chance(0.2) ? 0...838 : 0...23
                return "'" + sign + random.time(fractionDigits: 6, hours: hours) + "'"
            })
            types.append(CanonicalColumnType(sqlType: "datetime(\(precision))", edges: ["'0001-01-01 00:00:00'", "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'",
                                                                                      "'1970-01-01 00:00:00.5'", "'0000-00-00 00:00:00'"]) { random in
                "'" + random.date() + " " + random.time(fractionDigits: 6) + "'"
            })
            let zones = SessionTimeZones(zones: ["+00:00", "+05:30", "-03:30", "+13:00", "-12:00", "+01:00"]) { "SET time_zone = '\($0)'" }
            types.append(CanonicalColumnType(sqlType: "timestamp(\(precision)) NULL", edges: ["'2000-01-01 00:00:00'", "'2038-01-18 00:00:00.999999'",
                                                                                            "'1970-01-02 00:00:00.5'"],
                                             random: { random in
                "'" + random.date(years: 1971...2037) + " " + random.time(fractionDigits: 6) + "'"
            }, sessionTimeZones: zones))
        }
        return types
    }()
}

// MARK: SQLite

extension CanonicalColumnType {
    static let sqlite: [CanonicalColumnType] = {
        var types: [CanonicalColumnType] = []
        types.append(CanonicalColumnType(sqlType: "INTEGER", edges: ["\(Int64.min)", "\(Int64.max)", "0"]) { random in
            String(random.chance(0.5) ? Int64.random(in: .min ... .max, using: &random) : Int64.random(in: -1000...1000, using: &random))
        })
        for type in ["DECIMAL(10,2)", "NUMERIC"] {
            types.append(CanonicalColumnType(sqlType: type, edges: ["0", "-0", "'-0.00'", "'1.50'", "1.50", "'1e3'", "9223372036854775807", "'12345678901234567890.5'"]) { random in
                let text = random.decimal(precision: random.int(1...18), scale: random.int(0...6))
                return random.chance(0.5) ? "'\(text)'" : text
            })
        }
        types.append(CanonicalColumnType(sqlType: "REAL", edges: ["-0.0", "0", "5e-324", "1.7976931348623157e308", "9e999", "-9e999", "1e15", "0.30000000000000004",
                                                                  "1e-5", "1e16", "123456789012345.6"]) { random in
            CanonicalLiteral.number(random.double())
        })
        types.append(CanonicalColumnType(sqlType: "TEXT", edges: ["''", "' '", "CAST(X'00' AS TEXT)", "CAST(X'610062' AS TEXT)", "'a  '"]) { random in
            CanonicalLiteral.sqlite(random.text(nul: true))
        })
        types.append(CanonicalColumnType(sqlType: "BLOB", edges: ["X''", "X'00'", "X'ff27005c'"]) { random in
            "X'" + HexText.encode(random.bytes()) + "'"
        })
        types.append(CanonicalColumnType(sqlType: "BOOLEAN", edges: ["0", "1", "TRUE", "FALSE"]) { random in random.chance(0.5) ? "1" : "0" })
        types.append(CanonicalColumnType(sqlType: "DATE", edges: ["'0001-01-01'", "'9999-12-31'"]) { random in "'" + random.date() + "'" })
        // SQLite keeps times as the text it was given: '12:00:00' and '12:00:00.0' are two texts of
        // one time, so values are told apart by their text without trailing fractional zeros.
        let timeValue = "CASE WHEN instr(v, '.') > 0 THEN rtrim(rtrim(v, '0'), '.') ELSE v END"
        var time = CanonicalColumnType(sqlType: "TIME", edges: ["'00:00:00'", "'12:00:00.500000'", "'23:59:59.000'"]) { random in
            "'" + random.time(fractionDigits: 6) + "'"
        }
        time.distinctValue = timeValue
        types.append(time)
        var timestamp = CanonicalColumnType(sqlType: "TIMESTAMP", edges: ["'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'", "'2024-01-01 00:00:00.000'"]) { random in
            "'" + random.date() + " " + random.time(fractionDigits: 6) + "'"
        }
        timestamp.distinctValue = timeValue
        types.append(timestamp)
        return types
    }()
}
