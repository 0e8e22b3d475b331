import Foundation
import Testing
@testable import ParityCore

/// A column of `kind` declared as `type`.
private func column(_ name: String = "c", _ type: String, _ kind: ValueKind) -> ColumnInfo {
    ColumnInfo(name: name, typeName: type, kind: kind, isNullable: true)
}

/// The rule for a pair of columns between two engines.
private func rule(_ options: EquivalenceOptions = EquivalenceOptions(), _ source: ColumnInfo, _ target: ColumnInfo,
                  _ sourceEngine: String = "postgresql", _ targetEngine: String = "postgresql") -> ColumnEquivalence {
    ColumnEquivalence.resolve(options, source: source, target: target, sourceEngine: sourceEngine, targetEngine: targetEngine)
}

@Suite("Equivalence options")
struct EquivalenceTests {
    @Test("empty_string_is_null: on by default when either side is Oracle, off otherwise, overridable")
    func emptyStringIsNull() {
        let text = column("note", "VARCHAR2(10 BYTE)", .text)
        let pgText = column("note", "character varying(10)", .text)
        let oracle = rule(EquivalenceOptions(), text, pgText, "oracle", "postgresql")
        #expect(oracle.emptyStringIsNull)
        #expect(oracle.equal(.null, .text("")))
        #expect(rule(EquivalenceOptions(), pgText, text, "postgresql", "oracle").equal(.text(""), .null))
        let postgres = rule(EquivalenceOptions(), pgText, pgText)
        #expect(!postgres.emptyStringIsNull)
        #expect(!postgres.equal(.null, .text("")))
        #expect(!rule(EquivalenceOptions(emptyStringIsNull: false), text, pgText, "oracle", "postgresql").equal(.null, .text("")))
        #expect(rule(EquivalenceOptions(emptyStringIsNull: true), pgText, pgText).equal(.text(""), .null))
        // Only '' is NULL: a blank is a value.
        #expect(!oracle.equal(.null, .text(" ")))
    }

    @Test("char_padding: CHAR(n) padding ignored by default, VARCHAR trailing spaces count")
    func charPadding() {
        let fixed = rule(EquivalenceOptions(), column("c", "character(2)", .text), column("c", "CHAR(2)", .text), "postgresql", "sqlite")
        #expect(fixed.trimCharPadding)
        #expect(fixed.equal(.text("A"), .text("A ")))
        #expect(!fixed.equal(.text("A"), .text(" A")))
        let varying = rule(EquivalenceOptions(), column("s", "character varying(5)", .text), column("s", "VARCHAR(5)", .text), "postgresql", "sqlite")
        #expect(!varying.trimCharPadding)
        #expect(!varying.equal(.text("abc "), .text("abc")))
        let significant = rule(EquivalenceOptions(charPadding: .significant), column("c", "character(2)", .text), column("c", "CHAR(2)", .text))
        #expect(!significant.equal(.text("A"), .text("A ")))
    }

    @Test("numeric: exact values by default, lower_scale rounds to the smaller declared scale")
    func numeric() {
        let four = column("a", "numeric(10,4)", .decimal)
        let two = column("a", "NUMBER(10,2)", .decimal)
        let exact = rule(EquivalenceOptions(), four, two, "postgresql", "oracle")
        // '' = NULL with Oracle does not apply to numbers.
        #expect(exact.isExact)
        #expect(exact.numericScale == nil)
        #expect(exact.equal(.decimal("1.5000"), .decimal("1.5")))
        #expect(exact.equal(.decimal("0.7100"), .decimal(".71")))
        #expect(!exact.equal(.decimal("2.3450"), .decimal("2.35")))
        let lower = rule(EquivalenceOptions(numeric: .lowerScale), four, two, "postgresql", "oracle")
        #expect(lower.numericScale == 2)
        #expect(lower.equal(.decimal("2.3450"), .decimal("2.35")))
        #expect(lower.equal(.decimal("-0.0050"), .decimal("-0.01")))
        #expect(!lower.equal(.decimal("2.3449"), .decimal("2.35")))
        // No declared scale on one side (unconstrained numeric, Oracle NUMBER): the other's.
        let unconstrained = rule(EquivalenceOptions(numeric: .lowerScale), column("a", "numeric", .decimal), two, "postgresql", "oracle")
        #expect(unconstrained.numericScale == 2)
        #expect(unconstrained.equal(.decimal("2.345"), .decimal("2.35")))
        #expect(rule(EquivalenceOptions(numeric: .lowerScale), column("a", "numeric", .decimal), column("a", "NUMBER", .decimal)).numericScale == nil)
        #expect(rule(EquivalenceOptions(numeric: .lowerScale), two, two).numericScale == nil)
    }

    @Test("DecimalText.rounded rounds half away from zero and normalises")
    func decimalRounding() {
        #expect(DecimalText.rounded("2.345", scale: 2) == "2.35")
        #expect(DecimalText.rounded("2.344", scale: 2) == "2.34")
        #expect(DecimalText.rounded("-0.005", scale: 2) == "-0.01")
        #expect(DecimalText.rounded("9.99", scale: 1) == "10")
        #expect(DecimalText.rounded("-0.004", scale: 2) == "0")
        #expect(DecimalText.rounded("1.5", scale: 4) == "1.5")
        #expect(DecimalText.rounded("0.5", scale: 0) == "1")
        #expect(DecimalText.rounded("abc", scale: 2) == "abc")
    }

    @Test("float_tolerance: absolute, relative, significant digits")
    func floatTolerance() {
        let double = column("f", "double precision", .double)
        let absolute = rule(EquivalenceOptions(floatTolerance: .absolute(0.01)), double, double)
        #expect(absolute.equal(.double(1.0), .double(1.005)))
        #expect(!absolute.equal(.double(1.0), .double(1.02)))
        let relative = rule(EquivalenceOptions(floatTolerance: .relative(1e-9)), double, double)
        #expect(relative.equal(.double(1e10), .double(1e10 + 1)))
        #expect(!relative.equal(.double(1), .double(1.000001)))
        let digits = rule(EquivalenceOptions(floatTolerance: .significantDigits(6)), double, double)
        #expect(digits.equal(.double(14.22035), .double(14.2203502655)))
        #expect(!digits.equal(.double(3), .double(3.5)))
        #expect(!digits.equal(.double(14.22035), .double(14.22045)))
        // A decimal on the other side is compared as a number too.
        #expect(digits.equal(.decimal("14.22035"), .double(14.2203502655)))
        #expect(!rule(EquivalenceOptions(), double, double).equal(.double(1.0), .double(1.0000001)))
        // NULL is never within a tolerance of a number.
        #expect(!absolute.equal(.null, .double(0)))
    }

    @Test("single-precision columns compare as 32-bit floats")
    func singlePrecision() {
        let mysqlFloat = column("c1", "float", .double)
        let real = column("c1", "real", .double)
        let single = rule(EquivalenceOptions(), mysqlFloat, real, "mysql", "postgresql")
        #expect(single.singlePrecision)
        #expect(single.equal(.double(14.22035), .double(Double(Float(14.22035)))))
        #expect(!single.equal(.double(3), .double(3.5)))
        #expect(!rule(EquivalenceOptions(), column("c1", "double", .double), column("c1", "double precision", .double), "mysql", "postgresql").singlePrecision)
        #expect(!rule(EquivalenceOptions(), column("c1", "float(53)", .double), column("c1", "float(53)", .double), "mysql", "mysql").singlePrecision)
    }

    @Test("timestamp_precision: exact by default; truncate or round to the lower declared precision")
    func timestampPrecision() {
        let six = column("ts", "timestamp(6) without time zone", .timestamp)
        let three = column("ts", "datetime(3)", .timestamp)
        // Case 11: both TIMESTAMP(6): .654321 and .654000 differ under every mode.
        for mode in TimestampPrecision.allCases {
            #expect(!rule(EquivalenceOptions(timestampPrecision: mode), six, six, "oracle", "postgresql")
                .equal(.timestamp("1970-01-03 00:00:01.654321"), .timestamp("1970-01-03 00:00:01.654000")))
        }
        #expect(!rule(EquivalenceOptions(), six, three, "postgresql", "mysql").equal(.timestamp("1970-01-03 00:00:01.654321"), .timestamp("1970-01-03 00:00:01.654")))
        let truncate = rule(EquivalenceOptions(timestampPrecision: .truncate), six, three, "postgresql", "mysql")
        #expect(truncate.fractionDigits == 3)
        #expect(truncate.equal(.timestamp("1970-01-03 00:00:01.654321"), .timestamp("1970-01-03 00:00:01.654")))
        #expect(truncate.equal(.timestamp("1970-01-03 00:00:01.6549"), .timestamp("1970-01-03 00:00:01.654")))
        let round = rule(EquivalenceOptions(timestampPrecision: .round), six, three, "postgresql", "mysql")
        #expect(round.equal(.timestamp("1970-01-03 00:00:01.6545"), .timestamp("1970-01-03 00:00:01.655")))
        #expect(!round.equal(.timestamp("1970-01-03 00:00:01.6545"), .timestamp("1970-01-03 00:00:01.654")))
        #expect(round.equal(.timestamp("2024-12-31 23:59:59.9996"), .timestamp("2025-01-01 00:00:00")))
        #expect(round.descriptions == ["fractional seconds rounded to 3 digits"])
        // MySQL DATETIME without digits is 0; PostgreSQL's default is 6.
        let seconds = rule(EquivalenceOptions(timestampPrecision: .truncate), column("ts", "timestamp without time zone", .timestamp),
                           column("ts", "datetime", .timestamp), "postgresql", "mysql")
        #expect(seconds.fractionDigits == 0)
        #expect(seconds.equal(.timestamp("2024-01-01 10:00:00.999999"), .timestamp("2024-01-01 10:00:00")))
    }

    @Test("TemporalArithmetic: fractions and wall-clock instants")
    func temporalArithmetic() {
        #expect(TemporalArithmetic.reduceFraction("12:00:01.9996", digits: 3, round: true) == "12:00:02")
        #expect(TemporalArithmetic.reduceFraction("23:59:59.5", digits: 0, round: true) == "00:00:00")
        #expect(TemporalArithmetic.reduceFraction("2024-02-28 23:59:59.95+00:00", digits: 1, round: true) == "2024-02-29 00:00:00+00:00")
        #expect(TemporalArithmetic.reduceFraction("2024-02-28 23:59:59.95", digits: 1, round: false) == "2024-02-28 23:59:59.9")
        #expect(TemporalArithmetic.instant(wallClock: "2022-01-29 23:21:12", zone: "+08:00") == "2022-01-29 15:21:12+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "2022-01-01 01:00:00.25", zone: "+08:00") == "2021-12-31 17:00:00.25+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "2024-07-01 12:00:00", zone: "Europe/Paris") == "2024-07-01 10:00:00+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "2024-01-01 12:00:00", zone: "Europe/Paris") == "2024-01-01 11:00:00+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "0001-01-01 00:00:00", zone: "-05:30") == "0001-01-01 05:30:00+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "2024-01-01 12:00:00", zone: "Mars/Olympus") == nil)
        // Daylight-saving changes as PostgreSQL resolves them: a skipped time takes the offset
        // before the change, a repeated time the offset after it.
        #expect(TemporalArithmetic.instant(wallClock: "2024-03-10 02:30:00", zone: "America/New_York") == "2024-03-10 07:30:00+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "2024-11-03 01:30:00", zone: "America/New_York") == "2024-11-03 06:30:00+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "2024-11-03 00:30:00", zone: "America/New_York") == "2024-11-03 04:30:00+00:00")
        #expect(TemporalArithmetic.instant(wallClock: "2024-03-10 03:30:00", zone: "America/New_York") == "2024-03-10 07:30:00+00:00")
        #expect(TemporalArithmetic.wallClock(instant: "2024-01-01 17:00:00.25+00:00", zone: "America/New_York") == "2024-01-01 12:00:00.25")
        #expect(TemporalArithmetic.wallClock(instant: "2024-07-01 17:00:00Z", zone: "America/New_York") == "2024-07-01 13:00:00")
        #expect(TemporalArithmetic.wallClock(instant: "2022-01-29 15:21:12+00", zone: "+08:00") == "2022-01-29 23:21:12")
        #expect(EquivalenceOptions.timeZoneSpelled(like: "america/new_york") == "America/New_York")
        #expect(EquivalenceOptions.isTimeZone("Asia/Shanghai"))
        #expect(!EquivalenceOptions.isTimeZone("+25:00"))
    }

    @Test("time_zone: wall-clock read in the declared zone when the other side has a zone")
    func timeZone() {
        let wall = column("ts", "timestamp without time zone", .timestamp)
        let instant = column("ts", "timestamp with time zone", .timestampWithTimeZone)
        let utc = rule(EquivalenceOptions(), wall, instant)
        #expect(utc.wallClockZone == "UTC")
        #expect(utc.equal(.timestamp("2022-01-29 15:21:12"), .timestampWithTimeZone("2022-01-29 15:21:12+00")))
        let shanghai = rule(EquivalenceOptions(timeZone: "+08:00"), wall, instant)
        #expect(shanghai.equal(.timestamp("2022-01-29 23:21:12"), .timestampWithTimeZone("2022-01-29 15:21:12+00:00")))
        #expect(!shanghai.equal(.timestamp("2022-01-29 15:21:12"), .timestampWithTimeZone("2022-01-29 15:21:12+00:00")))
        // The sync script writes the value the target column holds for it.
        #expect(shanghai.valueForTarget(.timestamp("2022-01-29 23:21:12"), targetKind: .timestampWithTimeZone) == .timestampWithTimeZone("2022-01-29 15:21:12+00:00"))
        #expect(shanghai.valueForTarget(.timestampWithTimeZone("2022-01-29 15:21:12+00:00"), targetKind: .timestamp) == .timestamp("2022-01-29 23:21:12"))
        #expect(shanghai.valueForTarget(.null, targetKind: .timestampWithTimeZone) == .null)
        #expect(rule(EquivalenceOptions(), wall, wall).valueForTarget(.timestamp("2022-01-29 23:21:12"), targetKind: .timestamp) == .timestamp("2022-01-29 23:21:12"))
        // Two wall-clock columns compare as wall-clock whatever the zone.
        #expect(rule(EquivalenceOptions(timeZone: "+08:00"), wall, wall).wallClockZone == nil)
        // Instants compare as instants.
        #expect(rule(EquivalenceOptions(), instant, instant).equal(.timestampWithTimeZone("2022-01-29 15:21:12+00"), .timestampWithTimeZone("2022-01-29 15:21:12Z")))
    }

    @Test("sync values: an instant written as wall-clock time in time_zone and back; a UUID as 16 bytes or as text")
    func valueForTarget() throws {
        let wall = column("ts", "datetime", .timestamp)
        let instant = column("ts", "timestamptz", .timestampWithTimeZone)
        // timestamptz → MariaDB DATETIME compared in Asia/Shanghai: the wall clock there.
        let intoWall = rule(EquivalenceOptions(timeZone: "Asia/Shanghai"), instant, wall, "postgresql", "mysql")
        #expect(intoWall.valueForTarget(.timestampWithTimeZone("2022-01-29 23:00:00+00"), targetKind: .timestamp) == .timestamp("2022-01-30 07:00:00"))
        #expect(intoWall.valueForTarget(.timestampWithTimeZone("2022-01-29 23:00:00.25+02:00"), targetKind: .timestamp) == .timestamp("2022-01-30 05:00:00.25"))
        // In UTC the instant is kept as it is (the dialects write it as before).
        #expect(rule(EquivalenceOptions(), instant, wall, "postgresql", "mysql").valueForTarget(.timestampWithTimeZone("2022-01-29 23:00:00+00"), targetKind: .timestamp)
                == .timestampWithTimeZone("2022-01-29 23:00:00+00"))
        // MariaDB DATETIME → timestamptz: the instant, with its offset.
        let intoInstant = rule(EquivalenceOptions(timeZone: "+08:00"), wall, instant, "mysql", "postgresql")
        #expect(intoInstant.valueForTarget(.timestamp("2022-01-29 23:00:00"), targetKind: .timestampWithTimeZone) == .timestampWithTimeZone("2022-01-29 15:00:00+00:00"))
        #expect(rule(EquivalenceOptions(), wall, instant, "mysql", "postgresql").valueForTarget(.timestamp("2022-01-29 23:00:00"), targetKind: .timestampWithTimeZone)
                == .timestampWithTimeZone("2022-01-29 23:00:00+00:00"))
        #expect(TemporalArithmetic.wallClock(instant: "2024-07-01 10:00:00+00:00", zone: "Europe/Paris") == "2024-07-01 12:00:00")
        #expect(TemporalArithmetic.wallClock(instant: "2024-01-01 00:30:00-05:30", zone: "UTC") == "2024-01-01 06:00:00")
        #expect(TemporalArithmetic.wallClock(instant: "2024-01-01 00:30:00", zone: "UTC") == nil)
        // Same kinds, or no rule: unchanged.
        #expect(intoWall.valueForTarget(.timestamp("2022-01-29 23:00:00"), targetKind: .timestamp) == .timestamp("2022-01-29 23:00:00"))
        // uuid ↔ BINARY(16).
        let uuid = column("g", "uuid", .text)
        let binary = column("g", "binary(16)", .bytes)
        let bytes: [UInt8] = [0x0F, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 0x09, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00]
        let intoBinary = rule(EquivalenceOptions(), uuid, binary, "postgresql", "mysql")
        #expect(intoBinary.valueForTarget(.text("0F0E0D0C-0B0A-0908-0706-050403020100"), targetKind: .bytes) == .bytes(bytes))
        #expect(intoBinary.valueForTarget(.text("not a uuid"), targetKind: .bytes) == .text("not a uuid"))
        let intoUUID = rule(EquivalenceOptions(), binary, uuid, "mysql", "postgresql")
        #expect(intoUUID.valueForTarget(.bytes(bytes), targetKind: .text) == .text("0f0e0d0c-0b0a-0908-0706-050403020100"))
        #expect(intoUUID.valueForTarget(.bytes([0x00, 0xFF]), targetKind: .text) == .bytes([0x00, 0xFF]))
        // A plain binary column keeps its bytes.
        #expect(rule(EquivalenceOptions(), binary, binary, "mysql", "mysql").valueForTarget(.bytes(bytes), targetKind: .text) == .bytes(bytes))
        // In a script: the MariaDB UPDATE and INSERT carry the converted values.
        let source = TableSchema(schema: nil, name: "t", columns: [column("id", "int4", .integer), instant, uuid])
        let target = TableSchema(schema: nil, name: "t", columns: [column("id", "int", .integer), wall, binary])
        let mapping = try TableMapping(name: "t", source: source, target: target, primaryKey: ["id"],
                                       equivalence: TableEquivalence(options: EquivalenceOptions(timeZone: "Asia/Shanghai"),
                                                                     sourceEngine: "postgresql", targetEngine: "mysql"))
        let writer = SyncScriptWriter(mapping: mapping, targetDialect: MySQLDialect())
        let row: [SQLValue] = [.integer(2), .timestampWithTimeZone("2022-01-29 23:00:00+00"), .text("0f0e0d0c-0b0a-0908-0706-050403020100")]
        #expect(writer.statements(for: [
            RowDifference(kind: .different, key: [.integer(2)], sourceRow: row, targetRow: [.integer(2), .null, .null], columns: ["ts", "g"]),
            RowDifference(kind: .missingInTarget, key: [.integer(3)], sourceRow: [.integer(3)] + row.dropFirst(), targetRow: nil),
        ]) == [
            "UPDATE `t` SET `ts` = '2022-01-30 07:00:00', `g` = X'0f0e0d0c0b0a09080706050403020100' WHERE `id` = 2;",
            "INSERT INTO `t` (`id`, `ts`, `g`) VALUES (3, '2022-01-30 07:00:00', X'0f0e0d0c0b0a09080706050403020100');",
        ])
    }

    @Test("uuid_case_insensitive: on for UUID types, opt-in for text")
    func uuid() {
        let uuid = column("g", "uuid", .text)
        let text = column("g", "char(36)", .text)
        let raw = column("g", "RAW(16 BYTE)", .bytes)
        let typed = rule(EquivalenceOptions(), uuid, text, "postgresql", "mysql")
        #expect(typed.uuidCaseInsensitive)
        #expect(typed.equal(.text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"), .text("A1B2C3D4-E5F6-0718-293A-4B5C6D7E8F90")))
        #expect(typed.equal(.text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"), .text("{A1B2C3D4-E5F6-0718-293A-4B5C6D7E8F90}")))
        #expect(!typed.equal(.text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"), .text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f91")))
        let bytes: [UInt8] = [0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x07, 0x18, 0x29, 0x3A, 0x4B, 0x5C, 0x6D, 0x7E, 0x8F, 0x90]
        #expect(rule(EquivalenceOptions(), raw, uuid, "oracle", "postgresql").equal(.bytes(bytes), .text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90")))
        let plain = rule(EquivalenceOptions(), text, text, "mysql", "mysql")
        #expect(!plain.equal(.text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"), .text("A1B2C3D4-E5F6-0718-293A-4B5C6D7E8F90")))
        let optedIn = rule(EquivalenceOptions(uuidCaseInsensitive: true), text, text, "mysql", "mysql")
        #expect(optedIn.equal(.text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"), .text("A1B2C3D4-E5F6-0718-293A-4B5C6D7E8F90")))
        // Text that is not a UUID keeps its case.
        #expect(!optedIn.equal(.text("abc"), .text("ABC")))
    }

    @Test("date_only, and a date equals the timestamp at its midnight")
    func dates() {
        let oracleDate = column("d", "DATE", .timestamp)
        let date = column("d", "date", .date)
        let strict = rule(EquivalenceOptions(), oracleDate, date, "oracle", "postgresql")
        #expect(strict.dateAsMidnight)
        #expect(strict.equal(.timestamp("2024-03-01 00:00:00"), .date("2024-03-01")))
        #expect(!strict.equal(.timestamp("2024-03-01 13:45:00"), .date("2024-03-01")))
        let dateOnly = rule(EquivalenceOptions(dateOnly: true), oracleDate, date, "oracle", "postgresql")
        #expect(dateOnly.equal(.timestamp("2024-03-01 13:45:00"), .date("2024-03-01")))
        #expect(!dateOnly.equal(.timestamp("2024-03-02 00:00:00"), .date("2024-03-01")))
        #expect(dateOnly.descriptions == ["date part only"])
        // An instant's date is taken in time_zone when one is given, else in UTC.
        let instant = column("d", "timestamp with time zone", .timestampWithTimeZone)
        let newYork = rule(EquivalenceOptions(timeZone: "America/New_York", dateOnly: true), instant, date)
        #expect(newYork.equal(.timestampWithTimeZone("2024-03-02 04:30:00+00"), .date("2024-03-01")))
        #expect(newYork.descriptions == ["date part only (instants in America/New_York)"])
        #expect(!rule(EquivalenceOptions(dateOnly: true), instant, date).equal(.timestampWithTimeZone("2024-03-02 04:30:00+00"), .date("2024-03-01")))
    }

    @Test("compare_as converts both values first")
    func compareAs() {
        let text = column("n", "varchar(20)", .text)
        let number = column("n", "numeric(10,2)", .decimal)
        let asDecimal = rule(EquivalenceOptions(compareAs: .decimal), text, number)
        #expect(asDecimal.equal(.text("042.50"), .decimal("42.5")))
        #expect(!asDecimal.equal(.text("42.51"), .decimal("42.5")))
        #expect(!asDecimal.equal(.text("n/a"), .decimal("42.5")))
        #expect(rule(EquivalenceOptions(compareAs: .integer), text, column("n", "integer", .integer)).equal(.text(" 42"), .integer(42)))
        #expect(rule(EquivalenceOptions(compareAs: .boolean), text, column("n", "boolean", .boolean)).equal(.text("Y"), .boolean(true)))
        #expect(rule(EquivalenceOptions(compareAs: .timestamp), text, column("n", "timestamp", .timestamp))
            .equal(.text("2024-03-01"), .timestamp("2024-03-01 00:00:00")))
        #expect(asDecimal.descriptions == ["compared as decimal"])
    }

    @Test("options inherit column → table → top level")
    func inheritance() {
        let top = EquivalenceOptions(emptyStringIsNull: true, floatTolerance: .absolute(1))
        let table = EquivalenceOptions(floatTolerance: .relative(0.5)).inheriting(top)
        let column = EquivalenceOptions(emptyStringIsNull: false).inheriting(table)
        #expect(column == EquivalenceOptions(emptyStringIsNull: false, floatTolerance: .relative(0.5)))
        #expect(column.settings == ["empty_string_is_null=false", "float_tolerance=relative 0.5"])
    }

    @Test("RowComparer applies the rules, also to repeated keys")
    func rowComparer() throws {
        let lenient = rule(EquivalenceOptions(emptyStringIsNull: true), column("note", "text", .text), column("note", "text", .text))
        let comparer = RowComparer(keyCount: 1, valueColumnNames: ["note", "other"], equivalences: [lenient, ColumnEquivalence()])
        let source: [[SQLValue]] = [[.integer(1), .null, .text("a")], [.integer(2), .text("x"), .null], [.integer(2), .null, .null]]
        let target: [[SQLValue]] = [[.integer(1), .text(""), .text("b")], [.integer(2), .text(""), .null], [.integer(2), .text("x"), .null]]
        let result = try comparer.compare(source: source, target: target)
        #expect(result.counts == DifferenceCounts(matching: 2, different: 1))
        #expect(result.differences.map(\.columns) == [["other"]])
    }

    @Test("time_zone: an instant is compared as its wall-clock time in the zone, so both instants of a repeated time equal it")
    func instantComparedAsWallClock() {
        let instant = column("t", "timestamp with time zone", .timestampWithTimeZone)
        let wall = column("t", "datetime", .timestamp)
        let newYork = rule(EquivalenceOptions(timeZone: "America/New_York"), instant, wall, "postgresql", "mysql")
        // 2024-11-03 01:30 happens twice in New York (EDT, then EST): both instants show it.
        #expect(newYork.equal(.timestampWithTimeZone("2024-11-03 05:30:00+00"), .timestamp("2024-11-03 01:30:00")))
        #expect(newYork.equal(.timestampWithTimeZone("2024-11-03 06:30:00+00"), .timestamp("2024-11-03 01:30:00")))
        #expect(!newYork.equal(.timestampWithTimeZone("2024-11-03 07:30:00+00"), .timestamp("2024-11-03 01:30:00")))
        // Text with an offset in a column without zone (SQLite) is an instant, shown in the zone too.
        #expect(newYork.equal(.timestampWithTimeZone("2024-11-03 05:30:00+00"), .timestamp("2024-11-03 05:30:00+00:00")))
        #expect(newYork.equal(.timestampWithTimeZone("2024-11-03 05:30:00+00"), .timestamp("2024-11-03 06:30:00+01:00")))
        #expect(!newYork.equal(.timestampWithTimeZone("2024-11-03 05:30:00+00"), .timestamp("2024-11-03 05:30:00+01:00")))
        #expect(newYork.normalized(.timestampWithTimeZone("2024-11-03 05:30:00+00")) == .timestamp("2024-11-03 01:30:00"))
        // The script writes that wall-clock time, which compares equal afterwards.
        #expect(newYork.valueForTarget(.timestampWithTimeZone("2024-11-03 05:30:00+00"), targetKind: .timestamp) == .timestamp("2024-11-03 01:30:00"))
        #expect(newYork.valueForTarget(.timestampWithTimeZone("2024-11-03 06:30:00+00"), targetKind: .timestamp) == .timestamp("2024-11-03 01:30:00"))
        // The other direction: a wall-clock source against instants.
        let reversed = rule(EquivalenceOptions(timeZone: "America/New_York"), wall, instant, "mysql", "postgresql")
        #expect(reversed.equal(.timestamp("2024-11-03 01:30:00"), .timestampWithTimeZone("2024-11-03 05:30:00+00")))
        #expect(reversed.equal(.timestamp("2024-11-03 01:30:00"), .timestampWithTimeZone("2024-11-03 06:30:00+00")))
        let written = reversed.valueForTarget(.timestamp("2024-11-03 01:30:00"), targetKind: .timestampWithTimeZone)
        #expect(written == .timestampWithTimeZone("2024-11-03 06:30:00+00:00"))
        #expect(reversed.equal(.timestamp("2024-11-03 01:30:00"), written))
    }

    @Test("time_zone: a wall-clock time skipped by a daylight-saving change equals no instant; the script writes the instant's wall-clock time")
    func wallClockInSpringForwardGap() {
        let instant = column("t", "timestamp with time zone", .timestampWithTimeZone)
        let wall = column("t", "datetime", .timestamp)
        let paris = rule(EquivalenceOptions(timeZone: "Europe/Paris"), instant, wall, "postgresql", "mysql")
        // 02:00–03:00 on 2024-03-31 does not exist in Paris: no instant of that night shows 02:30.
        for minutes in stride(from: 0, through: 180, by: 15) {
            let instantText = String(format: "2024-03-31 %02d:%02d:00+00", minutes / 60, minutes % 60)
            #expect(!paris.equal(.timestampWithTimeZone(instantText), .timestamp("2024-03-31 02:30:00")), "\(instantText)")
        }
        let source = SQLValue.timestampWithTimeZone("2024-03-31 01:30:00+00")
        let written = paris.valueForTarget(source, targetKind: .timestamp)
        #expect(written == .timestamp("2024-03-31 03:30:00"))
        #expect(paris.equal(source, written))
    }

    @Test("time_zone with timestamp_precision: the instant's wall-clock time is reduced, in the comparison and in the script")
    func wallClockReducedAfterConversion() {
        let instant = column("t", "timestamp(6) with time zone", .timestampWithTimeZone)
        let wall = column("t", "datetime", .timestamp)
        let round = rule(EquivalenceOptions(timestampPrecision: .round, timeZone: "America/New_York"), instant, wall, "postgresql", "mysql")
        #expect(round.fractionDigits == 0)
        #expect(round.equal(.timestampWithTimeZone("2024-11-03 05:59:59.6+00"), .timestamp("2024-11-03 02:00:00")))
        #expect(round.valueForTarget(.timestampWithTimeZone("2024-11-03 05:59:59.6+00"), targetKind: .timestamp) == .timestamp("2024-11-03 02:00:00"))
        #expect(round.valueForTarget(.timestampWithTimeZone("2024-12-31 04:59:59.5+00"), targetKind: .timestamp) == .timestamp("2024-12-31 00:00:00"))
        // Wall-clock into instants: reduced as wall-clock time, then converted.
        let back = rule(EquivalenceOptions(timestampPrecision: .truncate, timeZone: "America/New_York"), wall, instant, "mysql", "postgresql")
        #expect(back.valueForTarget(.timestamp("2024-07-01 12:00:00"), targetKind: .timestampWithTimeZone) == .timestampWithTimeZone("2024-07-01 16:00:00+00:00"))
    }

    @Test("date_only with time_zone: the script writes an instant's date in the zone, and a date as its midnight there")
    func dateOnlyScriptValuesInZone() {
        let instant = column("d", "timestamp with time zone", .timestampWithTimeZone)
        let date = column("d", "date", .date)
        let intoDate = rule(EquivalenceOptions(timeZone: "America/New_York", dateOnly: true), instant, date)
        let source = SQLValue.timestampWithTimeZone("2024-03-02 04:30:00+00")
        #expect(intoDate.valueForTarget(source, targetKind: .date) == .date("2024-03-01"))
        #expect(intoDate.equal(source, intoDate.valueForTarget(source, targetKind: .date)))
        let intoInstant = rule(EquivalenceOptions(timeZone: "America/New_York", dateOnly: true), date, instant)
        let written = intoInstant.valueForTarget(.date("2024-03-01"), targetKind: .timestampWithTimeZone)
        #expect(written == .timestampWithTimeZone("2024-03-01 05:00:00+00:00"))
        #expect(intoInstant.equal(.date("2024-03-01"), written))
        // In UTC when no zone is given.
        #expect(rule(EquivalenceOptions(dateOnly: true), date, instant).valueForTarget(.date("2024-03-01"), targetKind: .timestampWithTimeZone)
                == .timestampWithTimeZone("2024-03-01 00:00:00+00:00"))
    }

    @Test("timestamp_precision round / truncate: the script writes the source value reduced as the comparison reduces it")
    func scriptValuesReducedToPrecision() throws {
        let six = column("ts", "timestamp(6) without time zone", .timestamp)
        let zero = column("ts", "datetime", .timestamp)
        let round = rule(EquivalenceOptions(timestampPrecision: .round), six, zero, "postgresql", "mysql")
        #expect(round.valueForTarget(.timestamp("2024-01-01 10:00:00.7"), targetKind: .timestamp) == .timestamp("2024-01-01 10:00:01"))
        #expect(round.valueForTarget(.timestamp("2024-01-01 23:59:59.9999"), targetKind: .timestamp) == .timestamp("2024-01-02 00:00:00"))
        #expect(round.valueForTarget(.timestamp("2024-01-31 23:59:59.5"), targetKind: .timestamp) == .timestamp("2024-02-01 00:00:00"))
        #expect(round.valueForTarget(.timestamp("2024-02-28 23:59:59.5"), targetKind: .timestamp) == .timestamp("2024-02-29 00:00:00"))
        #expect(round.valueForTarget(.timestamp("2023-02-28 23:59:59.5"), targetKind: .timestamp) == .timestamp("2023-03-01 00:00:00"))
        #expect(round.valueForTarget(.timestamp("2024-12-31 23:59:59.5"), targetKind: .timestamp) == .timestamp("2025-01-01 00:00:00"))
        #expect(round.valueForTarget(.timestamp("2024-01-01 10:00:00.4"), targetKind: .timestamp) == .timestamp("2024-01-01 10:00:00"))
        for value in ["2024-01-01 10:00:00.7", "2024-01-01 23:59:59.9999", "2024-12-31 23:59:59.5"] {
            #expect(round.equal(.timestamp(value), round.valueForTarget(.timestamp(value), targetKind: .timestamp)), "\(value)")
        }
        let truncate = rule(EquivalenceOptions(timestampPrecision: .truncate), six, zero, "postgresql", "mysql")
        #expect(truncate.valueForTarget(.timestamp("2024-01-01 10:00:00.7"), targetKind: .timestamp) == .timestamp("2024-01-01 10:00:00"))
        #expect(truncate.valueForTarget(.timestamp("2024-01-01 23:59:59.9999"), targetKind: .timestamp) == .timestamp("2024-01-01 23:59:59"))
        // DATETIME(3): three digits kept.
        let three = rule(EquivalenceOptions(timestampPrecision: .round), six, column("ts", "datetime(3)", .timestamp), "postgresql", "mysql")
        #expect(three.valueForTarget(.timestamp("2024-01-01 10:00:00.7"), targetKind: .timestamp) == .timestamp("2024-01-01 10:00:00.7"))
        #expect(three.valueForTarget(.timestamp("2024-01-01 23:59:59.9999"), targetKind: .timestamp) == .timestamp("2024-01-02 00:00:00"))
        #expect(three.valueForTarget(.timestamp("2024-01-01 10:00:00.6545"), targetKind: .timestamp) == .timestamp("2024-01-01 10:00:00.655"))
        // exact: the value as it is.
        #expect(rule(EquivalenceOptions(), six, zero, "postgresql", "mysql").valueForTarget(.timestamp("2024-01-01 10:00:00.7"), targetKind: .timestamp)
                == .timestamp("2024-01-01 10:00:00.7"))
        // TIME and instants alike.
        let time = rule(EquivalenceOptions(timestampPrecision: .round), column("t", "time(6) without time zone", .time), column("t", "time", .time),
                        "postgresql", "mysql")
        #expect(time.valueForTarget(.time("10:00:00.7"), targetKind: .time) == .time("10:00:01"))
        #expect(time.valueForTarget(.time("23:59:59.5"), targetKind: .time) == .time("00:00:00"))
        let instants = rule(EquivalenceOptions(timestampPrecision: .round), column("ts", "timestamp(6) with time zone", .timestampWithTimeZone),
                            column("ts", "timestamp", .timestampWithTimeZone), "postgresql", "mysql")
        #expect(instants.valueForTarget(.timestampWithTimeZone("2024-12-31 23:59:59.5+00"), targetKind: .timestampWithTimeZone)
                == .timestampWithTimeZone("2025-01-01 00:00:00+00"))
        // In a MariaDB script.
        let mapping = try TableMapping(name: "t", source: TableSchema(schema: nil, name: "t", columns: [column("id", "int4", .integer), six]),
                                       target: TableSchema(schema: nil, name: "t", columns: [column("id", "int", .integer), zero]), primaryKey: ["id"],
                                       equivalence: TableEquivalence(options: EquivalenceOptions(timestampPrecision: .round),
                                                                     sourceEngine: "postgresql", targetEngine: "mysql"))
        let writer = SyncScriptWriter(mapping: mapping, targetDialect: MySQLDialect())
        #expect(writer.statements(for: [
            RowDifference(kind: .different, key: [.integer(1)], sourceRow: [.integer(1), .timestamp("2024-01-01 10:00:00.7")],
                          targetRow: [.integer(1), .timestamp("2024-01-01 10:00:00")], columns: ["ts"]),
            RowDifference(kind: .missingInTarget, key: [.integer(2)], sourceRow: [.integer(2), .timestamp("2024-01-01 23:59:59.9999")], targetRow: nil),
        ]) == [
            "UPDATE `t` SET `ts` = '2024-01-01 10:00:01' WHERE `id` = 1;",
            "INSERT INTO `t` (`id`, `ts`) VALUES (2, '2024-01-02 00:00:00');",
        ])
    }

    @Test("rounding a fraction carries into negative and long MariaDB TIME values")
    func reduceFractionOfTimes() {
        #expect(TemporalArithmetic.reduceFraction("-01:00:00.5", digits: 0, round: true) == "-01:00:01")
        #expect(TemporalArithmetic.reduceFraction("-00:00:59.5", digits: 0, round: true) == "-00:01:00")
        #expect(TemporalArithmetic.reduceFraction("-01:00:00.5", digits: 0, round: false) == "-01:00:00")
        #expect(TemporalArithmetic.reduceFraction("838:59:58.5", digits: 0, round: true) == "838:59:59")
        #expect(TemporalArithmetic.reduceFraction("24:59:59.5", digits: 0, round: true) == "25:00:00")
        #expect(TemporalArithmetic.reduceFraction("09:59:59.95", digits: 1, round: true) == "10:00:00")
    }

    @Test("float_tolerance on single-precision columns applies to the 32-bit floats they hold")
    func toleranceOnSinglePrecision() {
        let real = column("f", "real", .double)
        let digits = rule(EquivalenceOptions(floatTolerance: .significantDigits(6)), real, real)
        #expect(digits.singlePrecision)
        // The float32 values differ by 4.96e-5 and 4.58e-5, under half a unit of the 6th digit (5e-5).
        #expect(digits.equal(.double(31.35135), .double(31.3514)))
        #expect(digits.equal(.double(71.35135), .double(71.3513)))
        #expect(!digits.equal(.double(31.35135), .double(31.35141)))
        // Against a double column: 31.351401 is held as the float 31.35140037536621 (4.96e-5 away).
        let mixed = rule(EquivalenceOptions(floatTolerance: .significantDigits(6)), real, column("f", "double precision", .double))
        #expect(mixed.singlePrecision)
        #expect(mixed.equal(.double(31.35135), .double(31.351401)))
        #expect(!mixed.equal(.double(31.35135), .double(31.351410)))
        // An absolute limit exactly between two floats' difference: 0.75 − 0.5 = 0.25.
        let absolute = rule(EquivalenceOptions(floatTolerance: .absolute(0.25)), real, real)
        #expect(absolute.equal(.double(0.75), .double(0.5)))
        #expect(!absolute.equal(.double(0.75), .double(0.4999)))
    }

    @Test("float_tolerance: a difference exactly at the limit in decimal is equal, whatever binary rounding; clearly above is different")
    func toleranceBoundaries() {
        let double = column("f", "double precision", .double)
        let absolute = rule(EquivalenceOptions(floatTolerance: .absolute(0.1)), double, double)
        #expect(absolute.equal(.double(1000.1), .double(1000)))     // 0.10000000000002274 in doubles
        #expect(absolute.equal(.double(1.1), .double(1.0)))         // 0.10000000000000009
        #expect(absolute.equal(.double(-0.3), .double(-0.2)))
        #expect(absolute.equal(.decimal("1000.1"), .double(1000)))
        #expect(!absolute.equal(.double(1000.1000001), .double(1000)))
        #expect(!absolute.equal(.double(1.1000001), .double(1.0)))
        let relative = rule(EquivalenceOptions(floatTolerance: .relative(0.1)), double, double)
        #expect(relative.equal(.double(1.1), .double(0.99)))        // 0.11 = 0.1 × 1.1
        #expect(!relative.equal(.double(1.1), .double(0.9899)))
        let small = rule(EquivalenceOptions(floatTolerance: .relative(1e-9)), double, double)
        #expect(small.equal(.double(1e10), .double(1e10 + 10)))
        #expect(!small.equal(.double(1e10), .double(1e10 + 11)))
        let digits = rule(EquivalenceOptions(floatTolerance: .significantDigits(6)), double, double)
        #expect(digits.equal(.double(31.35135), .double(31.3514)))  // 5.000000000165983e-05 in doubles
        #expect(digits.equal(.double(100000.5), .double(100000)))
        #expect(!digits.equal(.double(31.35135), .double(31.351401)))
        #expect(!digits.equal(.double(100000.6), .double(100000)))
        #expect(ColumnEquivalence.unit(ofSignificantDigit: 6, magnitude: 31.35) == pow(10, -4))
        #expect(ColumnEquivalence.unit(ofSignificantDigit: 3, magnitude: 999.9) == 1)
        let one = rule(EquivalenceOptions(floatTolerance: .significantDigits(1)), double, double)
        #expect(one.equal(.double(2e5), .double(2.5e5)))
        #expect(!one.equal(.double(2e5), .double(2.51e5)))
        // Never within a tolerance: infinities and NaN of different texts.
        #expect(!absolute.equal(.double(.infinity), .double(1e308)))
        #expect(!absolute.equal(.double(.nan), .double(0)))
    }
}

@Suite("Table mapping: schema comparison")
struct TableMappingSchemaTests {
    private let source = TableSchema(schema: "app", name: "T", columns: [
        column("ID", "NUMBER(10)", .integer), column("CUST_NAME", "VARCHAR2(40 BYTE)", .text),
        column("AMOUNT", "NUMBER(12,2)", .decimal), column("OLD", "DATE", .timestamp),
    ])
    private let target = TableSchema(schema: "public", name: "t", columns: [
        column("id", "integer", .integer), column("customer_name", "character varying(40)", .text),
        column("amount", "numeric(12,2)", .decimal), column("added", "text", .text),
    ])

    @Test("column_map pairs renamed columns; type differences and one-sided columns are listed")
    func columnMap() throws {
        let mapping = try TableMapping(name: "T", source: source, target: target, primaryKey: ["ID"],
                                       equivalence: TableEquivalence(columns: ["amount": EquivalenceOptions(numeric: .lowerScale)],
                                                                     columnMap: ["CUST_NAME": "customer_name"], sourceEngine: "oracle", targetEngine: "postgresql"))
        #expect(mapping.valueColumns.map { "\($0.source.name)->\($0.target.name)" } == ["CUST_NAME->customer_name", "AMOUNT->amount"])
        #expect(mapping.sourceOnlyColumns == ["OLD"])
        #expect(mapping.targetOnlyColumns == ["added"])
        #expect(mapping.typeDifferences.map(\.source.name) == ["ID"])
        #expect(mapping.valueColumns[0].equivalence.emptyStringIsNull)
        let report = SchemaReport(mapping)
        #expect(report.renamedColumns == ["ID": "id", "CUST_NAME": "customer_name", "AMOUNT": "amount"])
        #expect(report.typeDifferences == [
            SchemaReport.TypeDifference(column: "ID", sourceType: "NUMBER(10)", targetType: "integer"),
        ])
        #expect(report.equivalences == [SchemaReport.ColumnRules(column: "CUST_NAME", rules: ["'' = NULL"])])
    }

    @Test("keys that do not order alike, and unknown columns in column_map or columns, are one clear error")
    func errors() {
        let textKey = TableSchema(schema: nil, name: "t", columns: [column("ID", "text", .text)])
        #expect(throws: ParityError.self) { try TableMapping(name: "T", source: source, target: textKey, primaryKey: ["ID"]) }
        do {
            _ = try TableMapping(name: "T", source: source, target: textKey, primaryKey: ["ID"])
        } catch let error as ParityError {
            #expect(error.message == "Key column ID of table T is NUMBER(10) in the source and text in the target, which do not order alike; key on columns of the same kind on both sides.")
        } catch {}
        do {
            _ = try TableMapping(name: "T", source: source, target: target, primaryKey: ["ID"], equivalence: TableEquivalence(columnMap: ["CUST_NAME": "name"]))
            Issue.record("no error")
        } catch let error as ParityError {
            #expect(error.message == "column_map of table T maps CUST_NAME to name, which is not a column of the target table t; check column_map in the configuration.")
        } catch { Issue.record("\(error)") }
        do {
            _ = try TableMapping(name: "T", source: source, target: target, primaryKey: ["ID"], equivalence: TableEquivalence(columns: ["AMOUNTS": EquivalenceOptions()]))
            Issue.record("no error")
        } catch let error as ParityError {
            #expect(error.message == "columns of table T names AMOUNTS, which is not a column of the source table T; check columns in the configuration.")
        } catch { Issue.record("\(error)") }
    }

    @Test("a target column paired twice, and options on a key or excluded column, are one clear error")
    func pairingErrors() {
        func message(_ build: () throws -> TableMapping) -> String {
            do { _ = try build(); return "no error" } catch let error as ParityError { return error.message } catch { return "\(error)" }
        }
        let withNote = TableSchema(schema: nil, name: "T", columns: source.columns + [column("NOTE", "VARCHAR2(10 BYTE)", .text)])
        let targetWithNote = TableSchema(schema: nil, name: "t", columns: target.columns + [column("note", "text", .text)])
        #expect(message { try TableMapping(name: "T", source: withNote, target: targetWithNote, primaryKey: ["ID"],
                                           equivalence: TableEquivalence(columnMap: ["CUST_NAME": "note"])) }
                == "Target column note of table T is paired with both CUST_NAME and NOTE of the source; map each target column once in column_map, or exclude one of them.")
        #expect(message { try TableMapping(name: "T", source: source, target: target, primaryKey: ["ID"],
                                           equivalence: TableEquivalence(columnMap: ["CUST_NAME": "amount"])) }
                == "Target column amount of table T is paired with both CUST_NAME and AMOUNT of the source; map each target column once in column_map, or exclude one of them.")
        #expect(message { try TableMapping(name: "T", source: source, target: target, primaryKey: ["ID"],
                                           equivalence: TableEquivalence(columns: ["id": EquivalenceOptions(compareAs: .text)])) }
                == "columns of table T sets options for key column id; keys are always compared byte-exact, so remove its entry.")
        #expect(message { try TableMapping(name: "T", source: source, target: target, primaryKey: ["ID"], excludedColumns: ["AMOUNT"],
                                           equivalence: TableEquivalence(columns: ["AMOUNT": EquivalenceOptions(numeric: .lowerScale)])) }
                == "columns of table T sets options for AMOUNT, which exclude_columns leaves out; remove one of the two.")
    }

    @Test("a mapping stored before equivalences existed decodes as byte-exact")
    func oldSessionDecodes() throws {
        let json = #"{"source":{"name":"v","typeName":"text","kind":"text","isNullable":true},"target":{"name":"v","typeName":"text","kind":"text","isNullable":true}}"#
        let pair = try JSONDecoder().decode(ColumnPair.self, from: Data(json.utf8))
        #expect(pair.equivalence.isExact)
    }

    @Test("the parts of an equivalence SQL applies exactly, per dialect")
    func pushedDownSQL() {
        let char = column("c", "CHAR(3)", .text)
        let date = column("d", "DATE", .date)
        var lenient = ColumnEquivalence()
        lenient.trimCharPadding = true
        lenient.emptyStringIsNull = true
        var midnight = ColumnEquivalence()
        midnight.dateAsMidnight = true
        var dateOnly = midnight
        dateOnly.dateOnly = true
        var converted = lenient
        converted.compareAs = .text
        let expected: [(any Dialect, String, String)] = [
            (PostgreSQLDialect(), #"NULLIF(RTRIM("c"::text), '')"#, #"CASE WHEN "d"::text IS NULL THEN NULL ELSE "d"::text || ' 00:00:00' END"#),
            (SQLiteDialect(), "", #"CASE WHEN CAST("d" AS TEXT) IS NULL THEN NULL ELSE CAST("d" AS TEXT) || ' 00:00:00' END"#),
            (MySQLDialect(), "", "CONCAT(CAST(`d` AS CHAR), ' 00:00:00')"),
            (OracleDialect(), "", #"CASE WHEN TO_CHAR("d", 'YYYY-MM-DD') IS NULL THEN NULL ELSE TO_CHAR("d", 'YYYY-MM-DD') || ' 00:00:00' END"#),
            (SQLServerDialect(), "", "CONVERT(NVARCHAR(MAX), [d], 23) + N' 00:00:00'"),
        ]
        for (dialect, text, dateText) in expected {
            let base = dialect.canonicalTextExpression(char)
            let baseDate = dialect.canonicalTextExpression(date)
            if !text.isEmpty { #expect(dialect.comparedTextExpression(char, equivalence: lenient) == text) }
            #expect(dialect.comparedTextExpression(date, equivalence: midnight) == dateText, "\(dialect.name)")
            #expect(dialect.comparedTextExpression(char, equivalence: lenient) == "NULLIF(RTRIM(\(base)), '')", "\(dialect.name)")
            #expect(dialect.comparedTextExpression(char, equivalence: nil) == base)
            #expect(dialect.comparedTextExpression(char, equivalence: converted) == base, "compare_as is applied in Swift only")
            #expect(dialect.comparedTextExpression(date, equivalence: dateOnly) == baseDate, "date_only is applied in Swift only")
        }
    }
}
