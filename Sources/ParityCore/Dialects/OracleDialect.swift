import Foundation

/// Oracle SQL text, for connections through ODBC and for sync scripts run by SQL*Plus or SQLcl.
///
/// A connection runs ``sessionSettings`` before anything else: binary sort and comparison (so
/// text keys order by the bytes of AL32UTF8 text without any COLLATE), `.` as the decimal
/// character, fixed date and timestamp formats and a UTC session time zone.
///
/// Columns are read as text in the value model's forms: numbers with `TO_CHAR(x, 'TM9')`
/// (`.71` for 0.71; ``DecimalText`` adds the leading zero), DATE as `YYYY-MM-DD HH24:MI:SS`
/// (or `YYYY-MM-DD` for a column read as a date), TIMESTAMP as `YYYY-MM-DD HH24:MI:SS.FF6`
/// (microseconds, the value model's precision: digits 7 to 9 of a TIMESTAMP(9) are not
/// compared), TIMESTAMP WITH (LOCAL) TIME ZONE as the UTC instant with `+00:00`, CHAR and NCHAR
/// without their blank padding. RAW and BLOB are read as binary. Text is assumed to be stored in
/// AL32UTF8, where `LENGTH` counts code points and `STANDARD_HASH` hashes UTF-8.
///
/// Checksums use the portable MD5 row hash: `STANDARD_HASH(text, 'MD5')` of the canonical row
/// text. `STANDARD_HASH` takes no LOB and no VARCHAR2 longer than 4000 bytes, so a row whose
/// canonical text may be longer (a CLOB, NCLOB or BLOB column, or wide VARCHAR2 columns, as told
/// by the sizes in ``ColumnInfo/typeName``, e.g. `VARCHAR2(100 BYTE)`) is hashed as a CLOB with
/// `DBMS_CRYPTO.HASH(text, 2)`, which needs `GRANT EXECUTE ON SYS.DBMS_CRYPTO`. A BLOB enters the
/// row text as the MD5 of its bytes, so rows with BLOBs compared with another engine never hash
/// equal and are settled row by row. `ORA_HASH` is never used: it ignores most of a LOB.
///
/// Sync scripts run in SQL*Plus and SQLcl as written: `SET DEFINE OFF` (so `&` is data),
/// `WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK`, `.` as the decimal character, a COMMIT every
/// ``commitInterval`` statements and at the end. Text literals double their quotes and never
/// hold a line break (control characters are written as `CHR(n)`); text longer than 4000 bytes
/// of UTF-8 is written as `TO_CLOB('…') || TO_CLOB('…')` pieces; no line is longer than
/// ``maximumLineLength`` bytes (SQL*Plus limits, docs.oracle.com "SQL*Plus Limits"). BLOBs
/// longer than ``maximumRawBytes`` are built in a PL/SQL block with `DBMS_LOB`.
public struct OracleDialect: Dialect {
    /// Statements between two COMMITs in a sync script.
    public var commitInterval: Int

    /// - Parameter commitInterval: statements between two COMMITs in a sync script (at least 1).
    public init(commitInterval: Int = 1000) {
        self.commitInterval = max(1, commitInterval)
    }

    public var name: String { "oracle" }

    /// The statements a connector runs when it connects, in order, without terminators.
    public static let sessionSettings: [String] = [
        "ALTER SESSION SET NLS_SORT=BINARY",
        "ALTER SESSION SET NLS_COMP=BINARY",
        "ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,'",
        "ALTER SESSION SET NLS_DATE_FORMAT='YYYY-MM-DD HH24:MI:SS'",
        "ALTER SESSION SET NLS_TIMESTAMP_FORMAT='YYYY-MM-DD HH24:MI:SS.FF6'",
        "ALTER SESSION SET NLS_TIMESTAMP_TZ_FORMAT='YYYY-MM-DD HH24:MI:SS.FF6 TZH:TZM'",
        "ALTER SESSION SET TIME_ZONE='+00:00'",
    ]

    /// Longest string literal and VARCHAR2 expression in SQL, in bytes (ORA-01704, ORA-01489).
    public static let maximumStringBytes = 4000
    /// Longest RAW value in SQL, in bytes; longer BLOBs are written through a PL/SQL block.
    public static let maximumRawBytes = 2000
    /// Longest sync-script line, in bytes: SQL*Plus ignores longer input lines (SP2-0027).
    public static let maximumLineLength = 2499
    /// Longest piece of a split literal, in bytes of script text, so that a piece with its
    /// `|| TO_CLOB(` and `)` always fits on one line.
    static let pieceLength = 2000
    /// Bytes of a BLOB written by one `DBMS_LOB.WRITEAPPEND` line.
    static let blobChunkBytes = 1000

    public func quoteIdentifier(_ identifier: String) -> String {
        SQLText.enclose(identifier, in: "\"")
    }

    public func selectExpression(_ column: ColumnInfo, qualifier: String?) -> String {
        let reference = (qualifier.map { $0 + "." } ?? "") + quoteIdentifier(column.name)
        switch column.kind {
        case .integer, .decimal: return "TO_CHAR(\(reference), 'TM9')"
        case .double, .time: return "TO_CHAR(\(reference))"
        case .boolean:
            return isBooleanType(column) ? "CASE WHEN \(reference) THEN '1' WHEN NOT \(reference) THEN '0' END"
                : "TO_CHAR(\(reference), 'TM9')"
        case .date: return "TO_CHAR(\(reference), 'YYYY-MM-DD')"
        case .timestamp:
            return isDateType(column) ? "TO_CHAR(\(reference), 'YYYY-MM-DD HH24:MI:SS')"
                : "TO_CHAR(\(reference), 'YYYY-MM-DD HH24:MI:SS.FF6')"
        case .timestampWithTimeZone:
            return "TO_CHAR(SYS_EXTRACT_UTC(\(reference)), 'YYYY-MM-DD HH24:MI:SS.FF6\"+00:00\"')"
        case .text: return isBlankPadded(column) ? "RTRIM(\(reference))" : reference
        case .bytes: return reference
        }
    }

    /// The column itself: with `NLS_SORT=BINARY` and `NLS_COMP=BINARY` Oracle orders and
    /// compares text by its bytes.
    public func orderExpression(_ column: ColumnInfo) -> String {
        quoteIdentifier(column.name)
    }

    /// `?`: the ODBC connector binds positionally.
    public func placeholder(_ index: Int, for column: ColumnInfo) -> String { "?" }

    public func modulo(_ dividend: String, _ divisor: Int) -> String { "MOD(\(dividend), \(divisor))" }

    /// The exact literal of a value. Long text is split into pieces joined by `\n|| ` (see the
    /// type's notes); a BLOB longer than ``maximumRawBytes`` has no literal in SQL, and sync
    /// scripts write it through ``scriptLines(forStatement:)``.
    ///
    /// For example `TO_TIMESTAMP('1970-01-03 00:00:01.654321','YYYY-MM-DD HH24:MI:SS.FF6')`,
    /// `HEXTORAW('00ff')`, `'O''Brien & Sons'`, `'a' || CHR(10) || 'b'`.
    public func literal(_ value: SQLValue, for column: ColumnInfo) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number):
            return column.kind.isNumeric || column.kind == .boolean ? String(number) : quotedString(String(number))
        case .decimal(let text):
            return column.kind.isNumeric && DecimalText.isDecimal(text) ? text : quotedString(text)
        case .double(let number):
            if isBinaryFloatType(column) {
                if number.isNaN { return "BINARY_DOUBLE_NAN" }
                if number.isInfinite { return number < 0 ? "-BINARY_DOUBLE_INFINITY" : "BINARY_DOUBLE_INFINITY" }
                return "TO_BINARY_DOUBLE('\(number)')"
            }
            if number.isNaN || number.isInfinite || !column.kind.isNumeric { return quotedString(SQLValue.canonicalDouble(number)) }
            return "\(number)"
        case .boolean(let flag):
            if isBooleanType(column) { return flag ? "TRUE" : "FALSE" }
            return column.kind.isNumeric || column.kind == .boolean ? (flag ? "1" : "0") : quotedString(flag ? "true" : "false")
        case .bytes(let bytes):
            if bytes.isEmpty { return isLOB(column) ? "EMPTY_BLOB()" : "HEXTORAW('')" }
            let pieces = stride(from: 0, to: bytes.count, by: Self.pieceLength / 2).map { start in
                "'" + HexText.encode(Array(bytes[start..<min(start + Self.pieceLength / 2, bytes.count)])) + "'"
            }
            return "HEXTORAW(" + pieces.joined(separator: "\n|| ") + ")"
        case .text(let text):
            return textLiteral(text)
        case .date(let text), .timestamp(let text), .timestampWithTimeZone(let text):
            return temporalLiteral(text, for: column) ?? quotedString(text)
        case .time(let text):
            return quotedString(text)
        }
    }

    /// A text literal that SQL*Plus reads back byte for byte: quotes doubled, control characters
    /// (other than tab) as `CHR(n)`, pieces of at most ``pieceLength`` bytes of script text on
    /// lines of their own, and `TO_CLOB` pieces when the text is longer than
    /// ``maximumStringBytes`` bytes of UTF-8.
    func textLiteral(_ text: String) -> String {
        let utf8 = text.utf8
        if utf8.count * 2 + 2 <= Self.pieceLength && !utf8.contains(where: Self.isControl) { return quotedString(text) }
        var pieces = LiteralPieces(limit: Self.pieceLength)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 && Self.isControl(UInt8(value)) {
                pieces.appendSegment("CHR(\(value))")
            } else {
                pieces.appendCharacter(scalar)
            }
        }
        let parts = pieces.finish()
        if text.utf8.count > Self.maximumStringBytes {
            return parts.map { "TO_CLOB(\($0))" }.joined(separator: "\n|| ")
        }
        return parts.joined(separator: "\n|| ")
    }

    /// Control characters other than tab: written as `CHR(n)`, since a line break inside a
    /// literal would end up in SQL*Plus's line handling.
    static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 && byte != 0x09 || byte == 0x7F }

    /// `TO_DATE`, `TO_TIMESTAMP` or `TO_TIMESTAMP_TZ` with the format that reads exactly the
    /// value's digits; `nil` when the text is not `YYYY-MM-DD[ HH:MM:SS[.f…]][offset]`.
    func temporalLiteral(_ text: String, for column: ColumnInfo) -> String? {
        guard let parts = TemporalText(text) else { return nil }
        var body = parts.date
        var format = "YYYY-MM-DD"
        if let time = parts.time {
            body += " " + time
            format += " HH24:MI:SS"
        }
        if let fraction = parts.fraction {
            body += "." + fraction
            format += ".FF\(fraction.count)"
        }
        if let offset = parts.offset {
            return "TO_TIMESTAMP_TZ('\(body) \(offset)','\(format) TZH:TZM')"
        }
        if parts.fraction != nil || (parts.time != nil && !isDateType(column) && column.kind != .date) {
            return "TO_TIMESTAMP('\(body)','\(format)')"
        }
        return "TO_DATE('\(body)','\(format)')"
    }

    public func canonicalTextExpression(_ column: ColumnInfo) -> String {
        let name = quoteIdentifier(column.name)
        switch column.kind {
        case .integer: return "TO_CHAR(\(name), 'TM9')"
        case .decimal:
            // TM9 prints 0.71 as .71: put the zero back, as ``DecimalText/normalize(_:)`` does.
            return "CASE WHEN \(name) > -1 AND \(name) < 1 AND \(name) <> 0 THEN CASE WHEN \(name) < 0 THEN '-0' ELSE '0' END"
                + " || TO_CHAR(ABS(\(name)), 'TM9') ELSE TO_CHAR(\(name), 'TM9') END"
        case .double, .time: return "TO_CHAR(\(name))"
        case .boolean:
            return isBooleanType(column) ? "CASE WHEN \(name) THEN '1' WHEN NOT \(name) THEN '0' END"
                : "CASE WHEN \(name) <> 0 THEN '1' WHEN \(name) = 0 THEN '0' END"
        case .date: return "TO_CHAR(\(name), 'YYYY-MM-DD')"
        case .timestamp:
            if isDateType(column) { return "TO_CHAR(\(name), 'YYYY-MM-DD HH24:MI:SS')" }
            return "RTRIM(RTRIM(TO_CHAR(\(name), 'YYYY-MM-DD HH24:MI:SS.FF6'), '0'), '.')"
        case .timestampWithTimeZone:
            return "CASE WHEN \(name) IS NOT NULL THEN RTRIM(RTRIM(TO_CHAR(SYS_EXTRACT_UTC(\(name)), 'YYYY-MM-DD HH24:MI:SS.FF6'), '0'), '.') || '+00:00' END"
        case .bytes:
            if isLOB(column) {
                return "CASE WHEN \(name) IS NOT NULL THEN 'blob-md5:' || LOWER(RAWTOHEX(DBMS_CRYPTO.HASH(\(name), 2))) END"
            }
            return "LOWER(RAWTOHEX(\(name)))"
        case .text:
            let type = baseType(column)
            if type == "NCLOB" { return "TO_CLOB(\(name))" }
            let text = isBlankPadded(column) ? "RTRIM(\(name))" : name
            return type.hasPrefix("N") ? "TO_CHAR(\(text))" : text
        }
    }

    /// Per column `CASE WHEN t IS NULL THEN 'N' ELSE 'V' || LENGTH(t) || ':' || t END`,
    /// concatenated (Oracle's `||` treats NULL as empty, so COALESCE cannot mark it).
    public func rowTextExpression(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        comparedTexts(columns, equivalences: equivalences).map { column, text in
            return "CASE WHEN \(text) IS NULL THEN 'N' ELSE 'V' || LENGTH(\(text)) || ':' || \(text) END"
        }.joined(separator: " || ")
    }

    /// The canonical row text as a CLOB, for rows too long for VARCHAR2.
    func rowTextLOBExpression(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        comparedTexts(columns, equivalences: equivalences).map { column, text in
            return "CASE WHEN \(text) IS NULL THEN TO_CLOB('N') ELSE TO_CLOB('V' || LENGTH(\(text)) || ':') || \(text) END"
        }.joined(separator: " || ")
    }

    public func rowHashExpression(_ rowText: String) -> String {
        Self.first60Bits(of: "STANDARD_HASH(\(rowText), 'MD5')")
    }

    /// The first 15 hexadecimal digits (60 bits) of an MD5 digest (RAW), as a NUMBER.
    static func first60Bits(of digest: String) -> String {
        "TO_NUMBER(SUBSTR(RAWTOHEX(\(digest)), 1, 15), 'XXXXXXXXXXXXXXX')"
    }

    /// `STANDARD_HASH` of the VARCHAR2 row text when it always fits in
    /// ``maximumStringBytes``, else `DBMS_CRYPTO.HASH` of the CLOB row text (UTF-8 too).
    public func rowHashExpression(of columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        if fitsInString(columns) { return rowHashExpression(rowTextExpression(columns, equivalences: equivalences)) }
        return Self.first60Bits(of: "DBMS_CRYPTO.HASH(\(rowTextLOBExpression(columns, equivalences: equivalences)), 2)")
    }

    public func hashSumExpression(_ hash: String) -> String {
        "TO_CHAR(MOD(NVL(SUM(\(hash)), 0), \(RowHasher.modulus)), 'TM9')"
    }

    /// `DBMS_LOB.COMPARE(column, literal) = 0` for LOB columns, which `=` cannot compare.
    ///
    /// Key conditions (``keyCondition(_:literal:)``) are this condition: with `NLS_COMP=BINARY`,
    /// which compare sessions (``sessionSettings``) and sync scripts (``scriptPrologue()``) set,
    /// `=` compares text by its bytes (VARCHAR2 without padding, so `'C '` ≠ `'C'`). A column
    /// declared with a data-bound collation (Oracle 12.2 and later, `COLLATE BINARY_CI`) would still
    /// compare by it; such a key column orders other than by bytes and is not supported.
    public func equalityCondition(_ column: ColumnInfo, literal: String) -> String {
        isLOB(column) ? "DBMS_LOB.COMPARE(\(quoteIdentifier(column.name)), \(literal)) = 0"
            : quoteIdentifier(column.name) + " = " + literal
    }

    /// ``equalityCondition(_:literal:)``, except that a BINARY_FLOAT column compares with
    /// `TO_BINARY_FLOAT(literal)` (the single-precision value stored), and a RAW value too long
    /// for a literal, held in a PL/SQL BLOB variable (see ``scriptLines(forStatement:)``),
    /// compares with `DBMS_LOB.COMPARE(TO_BLOB(column), variable) = 0`.
    public func beforeImageCondition(_ column: ColumnInfo, literal: String) -> String {
        if baseType(column) == "BINARY_FLOAT" { return "\(quoteIdentifier(column.name)) = TO_BINARY_FLOAT(\(literal))" }
        if column.kind == .bytes, !isLOB(column), literal.hasPrefix(Self.blobVariablePrefix) {
            return "DBMS_LOB.COMPARE(TO_BLOB(\(quoteIdentifier(column.name))), \(literal)) = 0"
        }
        return equalityCondition(column, literal: literal)
    }

    /// `SELECT values FROM DUAL`.
    public func selectRow(_ values: String) -> String { "SELECT \(values) FROM DUAL" }

    /// Name prefix of the PL/SQL variables that hold BLOBs too long for a literal.
    static let blobVariablePrefix = "parity_blob_"

    /// The statement on lines of at most ``maximumLineLength`` bytes, broken at spaces outside
    /// quotes; when it holds BLOBs longer than ``maximumRawBytes``, inside a PL/SQL block that
    /// builds each one with `DBMS_LOB.WRITEAPPEND`, ended by a line with `/`.
    ///
    /// For example:
    /// ```sql
    /// DECLARE
    ///   parity_blob_1 BLOB;
    /// BEGIN
    ///   DBMS_LOB.CREATETEMPORARY(parity_blob_1, TRUE);
    ///   DBMS_LOB.WRITEAPPEND(parity_blob_1, 1000, HEXTORAW('…'));
    ///   INSERT INTO "T" ("ID", "B") VALUES (1, parity_blob_1);
    ///   DBMS_LOB.FREETEMPORARY(parity_blob_1);
    /// END;
    /// /
    /// ```
    public func scriptLines(forStatement build: (_ render: (SQLValue, ColumnInfo) -> String) -> String) -> [String] {
        var blobs: [[UInt8]] = []
        let statement = build { value, column in
            if case .bytes(let bytes) = value, bytes.count > Self.maximumRawBytes {
                blobs.append(bytes)
                return "parity_blob_\(blobs.count)"
            }
            return literal(value, for: column)
        }
        if blobs.isEmpty { return Self.wrap(statement, limit: Self.maximumLineLength) }
        var lines = ["DECLARE"]
        for number in blobs.indices.map({ $0 + 1 }) { lines.append("  parity_blob_\(number) BLOB;") }
        lines.append("BEGIN")
        for (index, bytes) in blobs.enumerated() {
            let variable = "parity_blob_\(index + 1)"
            lines.append("  DBMS_LOB.CREATETEMPORARY(\(variable), TRUE);")
            for start in stride(from: 0, to: bytes.count, by: Self.blobChunkBytes) {
                let chunk = Array(bytes[start..<min(start + Self.blobChunkBytes, bytes.count)])
                lines.append("  DBMS_LOB.WRITEAPPEND(\(variable), \(chunk.count), HEXTORAW('\(HexText.encode(chunk))'));")
            }
        }
        lines += Self.wrap(statement, limit: Self.maximumLineLength - 2).map { "  " + $0 }
        for number in blobs.indices.map({ $0 + 1 }) { lines.append("  DBMS_LOB.FREETEMPORARY(parity_blob_\(number));") }
        lines.append("END;")
        lines.append("/")
        return lines
    }

    /// A COMMIT after every ``commitInterval`` statements.
    public func scriptLines(afterStatement count: Int) -> [String] {
        count % commitInterval == 0 ? ["COMMIT;"] : []
    }

    public func scriptPrologue() -> [String] {
        [
            "-- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)",
            "SET DEFINE OFF",
            "WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK",
            // `TO_BINARY_DOUBLE('0.5')` reads the text with the session's decimal character.
            "ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';",
            // Key conditions compare bytes: `=` ignores case under NLS_COMP=LINGUISTIC (a login
            // script or the client's environment may set it).
            "ALTER SESSION SET NLS_COMP=BINARY;",
        ]
    }

    public func scriptEpilogue() -> [String] { ["COMMIT;"] }

    public func deleteOneRow(table: String, condition: String) -> String {
        "DELETE FROM \(table) WHERE ROWID = (SELECT ROWID FROM \(table) WHERE \(condition) AND ROWNUM = 1);"
    }

    // MARK: Lines

    /// Splits a statement at its newlines, then breaks each line longer than `limit` bytes at
    /// its last space outside quotes (single-quoted literals and double-quoted identifiers)
    /// that keeps the line within `limit`. A line with no such space stays as it is.
    static func wrap(_ statement: String, limit: Int) -> [String] {
        var lines: [String] = []
        for line in statement.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            if bytes.count <= limit {
                lines.append(String(line))
                continue
            }
            var start = 0
            var lastSpace: Int?
            var inLiteral = false
            var inIdentifier = false
            for index in bytes.indices {
                let byte = bytes[index]
                if index - start >= limit, let space = lastSpace {
                    lines.append(String(decoding: bytes[start..<space], as: UTF8.self))
                    start = space + 1
                    lastSpace = nil
                }
                if byte == UInt8(ascii: "'") && !inIdentifier { inLiteral.toggle() }
                else if byte == UInt8(ascii: "\"") && !inLiteral { inIdentifier.toggle() }
                else if byte == UInt8(ascii: " ") && !inLiteral && !inIdentifier && index > start { lastSpace = index }
            }
            lines.append(String(decoding: bytes[start...], as: UTF8.self))
        }
        return lines
    }

    // MARK: Types

    /// The catalogue type without modifiers, upper case: `VARCHAR2(20 BYTE)` → `VARCHAR2`,
    /// `TIMESTAMP(6) WITH TIME ZONE` → `TIMESTAMP WITH TIME ZONE`.
    func baseType(_ column: ColumnInfo) -> String {
        var base = ""
        var depth = 0
        for character in column.typeName.uppercased() {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth -= 1; continue }
            if depth == 0 { base.append(character) }
        }
        return base.split(separator: " ").joined(separator: " ")
    }

    func isDateType(_ column: ColumnInfo) -> Bool { baseType(column) == "DATE" }

    func isBooleanType(_ column: ColumnInfo) -> Bool { baseType(column) == "BOOLEAN" }

    func isBinaryFloatType(_ column: ColumnInfo) -> Bool { ["BINARY_DOUBLE", "BINARY_FLOAT"].contains(baseType(column)) }

    /// CHAR and NCHAR: blank-padded to their length, padding that no other engine reads back.
    func isBlankPadded(_ column: ColumnInfo) -> Bool { ["CHAR", "NCHAR", "CHARACTER"].contains(baseType(column)) }

    /// CLOB, NCLOB and BLOB: no `=`, no `STANDARD_HASH`.
    func isLOB(_ column: ColumnInfo) -> Bool { ["CLOB", "NCLOB", "BLOB"].contains(baseType(column)) }

    /// Whether the canonical row text of these columns always fits in a VARCHAR2.
    func fitsInString(_ columns: [ColumnInfo]) -> Bool {
        var total = 0
        for column in columns {
            guard let bytes = maximumCanonicalBytes(column) else { return false }
            total += bytes + 8  // `V`, up to six length digits, `:`
        }
        return total <= Self.maximumStringBytes
    }

    /// The longest canonical text of a column's values in bytes of UTF-8, from the size in its
    /// type name; `nil` when unbounded (LOB, LONG) or unknown.
    func maximumCanonicalBytes(_ column: ColumnInfo) -> Int? {
        let type = baseType(column)
        if isLOB(column) || type.hasPrefix("LONG") || type == "XMLTYPE" || type == "BFILE" { return nil }
        let size = Self.size(in: column.typeName)
        switch column.kind {
        case .integer, .double, .time: return 48
        case .decimal: return 66
        case .boolean: return 1
        case .date: return 10
        case .timestamp: return 26
        case .timestampWithTimeZone: return 32
        case .bytes: return 2 * (size ?? Self.maximumRawBytes)
        case .text:
            guard let size else { return Self.maximumStringBytes }
            // NCHAR, NVARCHAR2 and CHAR-semantics lengths count characters of up to 4 bytes.
            let perCharacter = type.hasPrefix("N") || column.typeName.uppercased().contains(" CHAR") ? 4 : 1
            return min(size * perCharacter, 4 * Self.maximumStringBytes)
        }
    }

    /// The first number in parentheses of a type name: `VARCHAR2(20 BYTE)` → 20.
    static func size(in typeName: String) -> Int? {
        guard let open = typeName.firstIndex(of: "(") else { return nil }
        let digits = typeName[typeName.index(after: open)...].prefix { $0.isNumber }
        return Int(digits)
    }
}

extension OracleDialect {
    /// Splits a text literal into pieces of at most `limit` bytes of script text, each piece a
    /// `||` concatenation of quoted runs and `CHR(n)` segments; never splits a UTF-8 character.
    struct LiteralPieces {
        let limit: Int
        private(set) var pieces: [String] = []
        private var segments: [String] = []
        private var run: [UInt8] = []
        private var runOpen = false
        private var length = 0

        init(limit: Int) { self.limit = limit }

        mutating func appendCharacter(_ scalar: Unicode.Scalar) {
            let count = scalar == "'" ? 2 : scalar.utf8.count
            let added = runOpen ? count : count + 2 + (segments.isEmpty ? 0 : 4)
            if length + added > limit && length > 0 { closePiece() }
            if !runOpen {
                length += segments.isEmpty ? 2 : 6
                runOpen = true
            }
            run.append(contentsOf: scalar.utf8)
            if scalar == "'" { run.append(UInt8(ascii: "'")) }
            length += count
        }

        mutating func appendSegment(_ segment: String) {
            closeRun()
            let added = segment.utf8.count + (segments.isEmpty ? 0 : 4)
            if length + added > limit && length > 0 { closePiece() }
            length += segment.utf8.count + (segments.isEmpty ? 0 : 4)
            segments.append(segment)
        }

        mutating func finish() -> [String] {
            closePiece()
            return pieces
        }

        private mutating func closeRun() {
            guard runOpen else { return }
            segments.append("'" + String(decoding: run, as: UTF8.self) + "'")
            run.removeAll(keepingCapacity: true)
            runOpen = false
        }

        private mutating func closePiece() {
            closeRun()
            if !segments.isEmpty { pieces.append(segments.joined(separator: " || ")) }
            segments.removeAll()
            length = 0
        }
    }
}
