import Foundation

/// Microsoft SQL Server SQL text (2019 or later: the row hash needs a UTF-8 collation).
///
/// A connection runs ``sessionSettings`` first (the ANSI settings the checksums rely on, NULL
/// concatenation in particular). Character keys are ordered and compared
/// `COLLATE Latin1_General_BIN2` (code point order; for VARCHAR columns the order of their code
/// page's bytes, which equals UTF-8 byte order for ASCII text). `ASC` puts NULL first, so
/// ORDER BY needs no `NULLS FIRST` (which SQL Server does not have).
///
/// Columns are read as text in the value model's forms: DATETIME2 and DATETIME with style 121
/// (`yyyy-mm-dd hh:mi:ss.fffffff`), DATETIMEOFFSET as the UTC instant with `+00:00`, FLOAT and
/// REAL with style 3 (17 significant digits: lossless), CHAR and NCHAR without blank padding,
/// UNIQUEIDENTIFIER in lower case.
///
/// Checksums use the portable MD5 row hash: the canonical row text is built as NVARCHAR(MAX),
/// measured in code points with a supplementary-character (`_SC`) collation, and converted to
/// UTF-8 through the `Latin1_General_100_BIN2_UTF8` collation before `HASHBYTES('MD5', …)`.
/// Floats print with 17 digits, which differs from ``SQLValue/canonicalText`` for most values:
/// chunks with floats compared with another engine only look different and are settled row by
/// row.
///
/// Sync scripts are one transaction with `XACT_ABORT` on, for `sqlcmd -b -f 65001` (UTF-8
/// input). Text is written as `N'…'` with quotes doubled; line breaks and other control
/// characters as `NCHAR(n)`, so no data line can read as a `GO`; and `$(` is split so sqlcmd
/// never sees a scripting variable in the data.
public struct SQLServerDialect: Dialect {
    public init() {}

    public var name: String { "sqlserver" }

    /// The statements a connector runs when it connects, in order, without terminators.
    public static let sessionSettings: [String] = [
        "SET ANSI_NULLS ON",
        "SET ANSI_WARNINGS ON",
        "SET CONCAT_NULL_YIELDS_NULL ON",
        "SET QUOTED_IDENTIFIER ON",
        "SET ARITHABORT ON",
    ]

    /// The binary collation keys are ordered and compared with.
    public static let keyCollation = "Latin1_General_BIN2"

    /// `[order]`, embedded `]` doubled.
    public func quoteIdentifier(_ identifier: String) -> String {
        let utf8 = identifier.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 2)
        bytes.append(UInt8(ascii: "["))
        for byte in utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "]") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public func selectExpression(_ column: ColumnInfo, qualifier: String?) -> String {
        let reference = (qualifier.map { $0 + "." } ?? "") + quoteIdentifier(column.name)
        switch column.kind {
        case .double: return "CONVERT(VARCHAR(40), \(reference), 3)"
        case .date: return "CONVERT(VARCHAR(10), \(reference), 23)"
        case .time: return "CONVERT(VARCHAR(16), \(reference))"
        case .timestamp: return "CONVERT(VARCHAR(27), \(reference), 121)"
        case .timestampWithTimeZone:
            return "CONVERT(VARCHAR(27), CAST(SWITCHOFFSET(\(reference), '+00:00') AS DATETIME2(7)), 121) + '+00:00'"
        case .text:
            if isBlankPadded(column) { return "RTRIM(\(reference))" }
            if column.baseTypeName == "uniqueidentifier" { return "LOWER(CONVERT(VARCHAR(36), \(reference)))" }
            return reference
        case .integer, .decimal, .boolean, .bytes: return reference
        }
    }

    /// `k COLLATE Latin1_General_BIN2` for character columns; a UNIQUEIDENTIFIER by its lower-case
    /// text (SQL Server orders the type itself by a byte order of its own).
    public func orderExpression(_ column: ColumnInfo) -> String {
        let reference = quoteIdentifier(column.name)
        if column.baseTypeName == "uniqueidentifier" { return "LOWER(CONVERT(CHAR(36), \(reference))) COLLATE \(Self.keyCollation)" }
        return isCharacter(column) ? "\(reference) COLLATE \(Self.keyCollation)" : reference
    }

    /// The order expression alone: an ascending sort puts NULL first.
    public func orderByItem(_ column: ColumnInfo) -> String { orderExpression(column) }

    public func placeholder(_ index: Int, for column: ColumnInfo) -> String { "?" }

    /// The exact literal of a value.
    ///
    /// For example `N'O''Brien & Sons'`, `0x00275cff`, `CONVERT(DATE, '2024-01-02', 23)`,
    /// `CONVERT(DATETIME2(7), '1970-01-03 00:00:01.654321', 121)`,
    /// `CAST('2022-01-29 23:00:00 +08:00' AS DATETIMEOFFSET(7))`.
    public func literal(_ value: SQLValue, for column: ColumnInfo) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number):
            return column.kind == .text ? textLiteral(String(number)) : String(number)
        case .decimal(let text):
            guard column.kind.isNumeric, DecimalText.isDecimal(text) else { return textLiteral(text) }
            // 1E+3 is a FLOAT literal in T-SQL: write the digits out so none is rounded.
            return text.contains(where: { $0 == "e" || $0 == "E" }) ? DecimalText.normalize(text) : text
        case .double(let number):
            if number.isNaN || number.isInfinite || !column.kind.isNumeric { return textLiteral(SQLValue.canonicalDouble(number)) }
            return "\(number)"
        case .boolean(let flag):
            return column.kind == .text ? textLiteral(flag ? "true" : "false") : (flag ? "1" : "0")
        case .bytes(let bytes):
            return "0x" + HexText.encode(bytes)
        case .text(let text):
            return textLiteral(text)
        case .time(let text):
            return "CAST(\(SQLText.enclose(text, in: "'")) AS TIME(7))"
        case .date(let text), .timestamp(let text), .timestampWithTimeZone(let text):
            return temporalLiteral(text) ?? textLiteral(text)
        }
    }

    /// `N'…'` with quotes doubled; control characters other than tab as `NCHAR(n)` and `$(`
    /// split in two, joined with `+`. A concatenation longer than 4000 characters starts with
    /// a cast to NVARCHAR(MAX), so `+` does not truncate it.
    func textLiteral(_ text: String) -> String {
        let utf8 = text.utf8
        let special = utf8.contains { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F } || text.contains("$(")
        if !special { return "N" + SQLText.enclose(text, in: "'") }
        var segments: [String] = []
        var run = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 && value != 0x09 || value == 0x7F {
                if !run.isEmpty { segments.append("N" + SQLText.enclose(run, in: "'")); run = "" }
                segments.append("NCHAR(\(value))")
            } else {
                if scalar == "(" && previous == "$" && !run.isEmpty {
                    segments.append("N" + SQLText.enclose(run, in: "'"))
                    run = ""
                }
                run.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        if !run.isEmpty { segments.append("N" + SQLText.enclose(run, in: "'")) }
        if segments.count > 1 && text.utf16.count > 4000 { segments[0] = "CAST(\(segments[0]) AS NVARCHAR(MAX))" }
        return segments.joined(separator: " + ")
    }

    /// `CONVERT(DATE, …, 23)`, `CONVERT(DATETIME2(7), …, 121)` or `CAST(… AS DATETIMEOFFSET(7))`;
    /// `nil` when the text is not `YYYY-MM-DD[ HH:MM:SS[.f…]][offset]`.
    func temporalLiteral(_ text: String) -> String? {
        guard let parts = TemporalText(text) else { return nil }
        if let offset = parts.offset { return "CAST('\(parts.withoutOffset) \(offset)' AS DATETIMEOFFSET(7))" }
        if parts.time == nil { return "CONVERT(DATE, '\(parts.date)', 23)" }
        return "CONVERT(DATETIME2(7), '\(parts.withoutOffset)', 121)"
    }

    /// The canonical text as NVARCHAR(MAX) (so that concatenating a row never truncates it).
    public func canonicalTextExpression(_ column: ColumnInfo) -> String {
        let name = quoteIdentifier(column.name)
        switch column.kind {
        case .integer: return "CAST(\(name) AS NVARCHAR(MAX))"
        case .decimal:
            let money = ["money", "smallmoney"].contains(column.baseTypeName)
            return Self.trimFraction(money ? "CONVERT(NVARCHAR(MAX), \(name), 2)" : "CAST(\(name) AS NVARCHAR(MAX))")
        case .double: return "CONVERT(NVARCHAR(MAX), \(name), 3)"
        case .boolean: return "CAST(CASE WHEN \(name) = 1 THEN N'1' WHEN \(name) = 0 THEN N'0' END AS NVARCHAR(MAX))"
        case .bytes: return "LOWER(CONVERT(NVARCHAR(MAX), \(name), 2))"
        case .date: return "CONVERT(NVARCHAR(MAX), \(name), 23)"
        case .time: return Self.trimFraction("CONVERT(NVARCHAR(MAX), \(name))")
        case .timestamp: return "REPLACE(\(Self.trimFraction("CONVERT(NVARCHAR(MAX), \(name), 126)")), N'T', N' ')"
        case .timestampWithTimeZone:
            let utc = "CONVERT(NVARCHAR(MAX), CAST(SWITCHOFFSET(\(name), '+00:00') AS DATETIME2(7)), 126)"
            return "REPLACE(\(Self.trimFraction(utc)), N'T', N' ') + N'+00:00'"
        case .text:
            if isBlankPadded(column) { return "CAST(RTRIM(\(name)) AS NVARCHAR(MAX))" }
            if column.baseTypeName == "uniqueidentifier" { return "LOWER(CONVERT(NVARCHAR(MAX), \(name)))" }
            return "CAST(\(name) AS NVARCHAR(MAX))"
        }
    }

    /// `text` (which holds no space) without trailing fractional zeros and without a dot left
    /// alone, when it has a dot: zeros become spaces for RTRIM, then the dot does.
    static func trimFraction(_ text: String) -> String {
        "CASE WHEN \(text) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(\(text), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE \(text) END"
    }

    /// Per column `CASE WHEN t IS NULL THEN N'N' ELSE N'V' + length + N':' + t END`, joined with
    /// `+`, the length in code points: `LEN` under an `_SC` collation counts a surrogate pair
    /// once, and the appended `.` keeps trailing spaces counted.
    public func rowTextExpression(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        comparedTexts(columns, equivalences: equivalences).map { column, text in
            let length = "CAST(LEN((\(text) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20))"
            return "CASE WHEN \(text) IS NULL THEN N'N' ELSE N'V' + \(length) + N':' + \(text) END"
        }.joined(separator: " + ")
    }

    /// `t + N' 00:00:00'` (NULL when `t` is).
    public func midnightExpression(_ dateText: String) -> String { "\(dateText) + N' 00:00:00'" }

    /// The first 15 hexadecimal digits of the MD5 of the row text's UTF-8 bytes, read as a
    /// BIGINT: the same number as PostgreSQL's `('x' || substr(md5(t), 1, 15))::bit(60)::int8`,
    /// that is the first 8 bytes of the digest shifted right by 4 bits.
    public func rowHashExpression(_ rowText: String) -> String {
        let utf8 = "CONVERT(VARCHAR(MAX), (\(rowText)) COLLATE Latin1_General_100_BIN2_UTF8)"
        return "CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', \(utf8)), 2), 15), 2))"
    }

    /// The sum as DECIMAL(38, 0), which a BIGINT sum would overflow, modulo 2^60, as text.
    public func hashSumExpression(_ hash: String) -> String {
        "CONVERT(VARCHAR(40), COALESCE(SUM(CONVERT(DECIMAL(38, 0), \(hash))), 0) % \(RowHasher.modulus))"
    }

    /// Character columns compare under `Latin1_General_BIN2` (code points, so case counts; `=`
    /// still ignores trailing spaces), TEXT, NTEXT and XML as NVARCHAR(MAX) and IMAGE as
    /// VARBINARY(MAX) (those types have no `=`).
    public func beforeImageCondition(_ column: ColumnInfo, literal: String) -> String {
        let name = quoteIdentifier(column.name)
        switch column.baseTypeName {
        case "text", "ntext", "xml": return "CAST(\(name) AS NVARCHAR(MAX)) COLLATE \(Self.keyCollation) = \(literal)"
        case "image": return "CAST(\(name) AS VARBINARY(MAX)) = \(literal)"
        default: return isCharacter(column) ? "\(name) COLLATE \(Self.keyCollation) = \(literal)" : name + " = " + literal
        }
    }

    /// Character keys: the column's `=` (which uses the key's index, but follows its collation and
    /// ignores trailing spaces under any collation) narrowed to the exact text: VARCHAR, NVARCHAR
    /// and SYSNAME by the UTF-16 bytes,
    /// `k = N'…' AND CAST(CAST(k AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'…' AS VARBINARY(MAX))`;
    /// CHAR and NCHAR (whose trailing blanks are padding, read trimmed) under `Latin1_General_BIN2`,
    /// `k = N'…' AND k COLLATE Latin1_General_BIN2 = N'…'`. Other keys `k = literal`.
    public func keyCondition(_ column: ColumnInfo, literal: String) -> String {
        let name = quoteIdentifier(column.name)
        let equal = equalityCondition(column, literal: literal)
        switch column.baseTypeName {
        case "char", "nchar": return "\(equal) AND \(name) COLLATE \(Self.keyCollation) = \(literal)"
        case "varchar", "nvarchar", "sysname":
            return "\(equal) AND CAST(CAST(\(name) AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(\(literal) AS VARBINARY(MAX))"
        default: return equal
        }
    }

    public func scriptPrologue() -> [String] {
        [
            "-- Run with: sqlcmd -b -f 65001 -S <server> -d <database> -i <this file>",
            "SET XACT_ABORT ON;",
            "SET NOCOUNT ON;",
            "BEGIN TRANSACTION;",
        ]
    }

    public func scriptEpilogue() -> [String] { ["COMMIT TRANSACTION;"] }

    public func deleteOneRow(table: String, condition: String) -> String {
        "DELETE TOP (1) FROM \(table) WHERE \(condition);"
    }

    // MARK: Types

    /// Character types, which take a collation.
    func isCharacter(_ column: ColumnInfo) -> Bool {
        ["char", "varchar", "nchar", "nvarchar", "text", "ntext", "sysname"].contains(column.baseTypeName)
    }

    /// CHAR and NCHAR: blank-padded to their length, padding that no other engine reads back.
    func isBlankPadded(_ column: ColumnInfo) -> Bool { ["char", "nchar"].contains(column.baseTypeName) }
}
