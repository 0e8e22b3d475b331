import Testing
@testable import ParityCore

/// An option set on one column that cannot apply to that column's kinds is refused, not
/// silently ignored (`date_only` on two text columns compared nothing differently).
@Suite struct InapplicableOptionTests {
    static func table(_ name: String, _ columns: [ColumnInfo]) -> TableSchema {
        TableSchema(schema: nil, name: name, columns: [ColumnInfo(name: "id", typeName: "INTEGER", kind: .integer, isNullable: false)] + columns)
    }

    static func mapping(_ options: EquivalenceOptions, source: ColumnInfo, target: ColumnInfo) throws -> TableMapping {
        try TableMapping(name: "t", source: table("t", [source]), target: table("t", [target]), primaryKey: ["id"],
                         equivalence: TableEquivalence(columns: ["c": options]))
    }

    static let text = ColumnInfo(name: "c", typeName: "TEXT", kind: .text, isNullable: true)
    static let date = ColumnInfo(name: "c", typeName: "DATE", kind: .date, isNullable: true)
    static let number = ColumnInfo(name: "c", typeName: "NUMERIC(10,2)", kind: .decimal, isNullable: true)

    /// The message of the error `body` throws, if it throws a ParityError.
    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as ParityError { return error.message } catch { return "\(error)" }
    }

    @Test("date_only and numeric on text columns, empty_string_is_null on numbers: one line naming the option and the types")
    func refused() {
        #expect(Self.message { _ = try Self.mapping(EquivalenceOptions(dateOnly: true), source: Self.text, target: Self.text) } == "columns.c of table t: date_only applies to date and timestamp columns; c is TEXT in the source and TEXT in the target. Remove the option, or convert with compare_as.")
        #expect(Self.message { _ = try Self.mapping(EquivalenceOptions(numeric: .lowerScale), source: Self.text, target: Self.text) } == "columns.c of table t: numeric applies to number columns; c is TEXT in the source and TEXT in the target. Remove the option, or convert with compare_as.")
        #expect(Self.message { _ = try Self.mapping(EquivalenceOptions(emptyStringIsNull: true), source: Self.number, target: Self.number) } == "columns.c of table t: empty_string_is_null applies to text columns; c is NUMERIC(10,2) in the source and NUMERIC(10,2) in the target. Remove the option, or convert with compare_as.")
    }

    @Test("float_tolerance on two integer columns, which compare exactly: refused")
    func toleranceOnIntegers() {
        let integer = ColumnInfo(name: "c", typeName: "int", kind: .integer, isNullable: true)
        #expect(Self.message { _ = try Self.mapping(EquivalenceOptions(floatTolerance: .absolute(5)), source: integer, target: integer) } == "columns.c of table t: float_tolerance applies to floating-point columns (exact numbers compare exactly; use numeric: lower_scale, or compare_as: double); c is int in the source and int in the target. Remove the option, or convert with compare_as.")
        let real = ColumnInfo(name: "c", typeName: "real", kind: .double, isNullable: true)
        #expect(Self.message { _ = try Self.mapping(EquivalenceOptions(floatTolerance: .absolute(5)), source: integer, target: real) } == nil)
    }

    @Test("an option that fits either side's kind, one turned off, or one with compare_as is accepted")
    func accepted() throws {
        _ = try Self.mapping(EquivalenceOptions(dateOnly: true), source: Self.date, target: Self.text)
        _ = try Self.mapping(EquivalenceOptions(dateOnly: false), source: Self.text, target: Self.text)
        _ = try Self.mapping(EquivalenceOptions(numeric: .lowerScale, compareAs: .decimal), source: Self.text, target: Self.number)
    }
}
