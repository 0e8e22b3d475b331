import Foundation

/// The SQL text of one database engine: identifier quoting, value literals, key ordering and
/// sync-script framing. A dialect is pure text, testable without a database.
public protocol Dialect: Sendable {
    /// Short name used in configs and file headers: `postgresql`, `sqlite`.
    var name: String { get }

    /// Quotes an identifier exactly as given, doubling embedded quote characters:
    /// `order` → `"order"` (PostgreSQL), so reserved words and mixed case survive.
    func quoteIdentifier(_ identifier: String) -> String

    /// The expression that reads a column in a SELECT list, in the form the connector decodes.
    func selectExpression(_ column: ColumnInfo, qualifier: String?) -> String

    /// The expression a key column is ordered and range-compared by, in byte order
    /// (e.g. `"k" COLLATE "C"` for PostgreSQL text).
    func orderExpression(_ column: ColumnInfo) -> String

    /// The ORDER BY item for a key column: ascending, NULLs first.
    func orderByItem(_ column: ColumnInfo) -> String

    /// The bind placeholder for the `index`-th (1-based) bound value compared with `column`.
    func placeholder(_ index: Int, for column: ColumnInfo) -> String

    /// The bind placeholder for the `index`-th (1-based) bound value as a value of `column`'s own
    /// type, so that `=`, GROUP BY and PARTITION BY follow the column's rules (its collation, a
    /// case-insensitive type): by default ``placeholder(_:for:)``; PostgreSQL `citext` keys
    /// `$1::text::citext`.
    func storedPlaceholder(_ index: Int, for column: ColumnInfo) -> String

    /// `a MOD b` in this dialect.
    func modulo(_ dividend: String, _ divisor: Int) -> String

    /// The exact SQL literal for a value written into `column` of this dialect's database.
    ///
    /// Literals are exact: decimals keep every digit, floats round-trip, text keeps every byte
    /// (quotes doubled), binary is hex.
    func literal(_ value: SQLValue, for column: ColumnInfo) -> String

    /// SQL for the canonical text of a column's value (NULL stays NULL), the in-database twin of
    /// ``SQLValue/canonicalText`` for the value kinds this engine stores.
    func canonicalTextExpression(_ column: ColumnInfo) -> String

    /// SQL for the 60-bit row hash (``RowHasher/hash(_:)``) of a canonical row text expression.
    func rowHashExpression(_ rowText: String) -> String

    /// SQL aggregate for the sum of row hashes modulo 2^60, as text or integer.
    func hashSumExpression(_ hash: String) -> String

    /// A faster 60-bit row hash that only this engine computes, used when both sides are this
    /// engine (`nil` when the engine has none). Equal rows must hash equal on two servers of the
    /// engine; when they do not, chunks only look different and are settled row by row.
    func nativeRowHashExpression(_ columns: [ColumnInfo]) -> String?

    /// Lines that open a sync script (transaction start and session settings).
    func scriptPrologue() -> [String]

    /// Lines that close a sync script (commit).
    func scriptEpilogue() -> [String]

    /// A DELETE that removes exactly one row matching `condition`, for tables whose compared
    /// key is not unique.
    func deleteOneRow(table: String, condition: String) -> String

    /// The canonical row text (see ``RowHasher``) of these columns, as one SQL expression, each
    /// column's text as ``comparedTextExpression(_:equivalence:)`` gives it (`equivalences` is
    /// one per column, or empty for byte-exact texts). The default concatenates with `||` and
    /// measures with `length` (PostgreSQL, SQLite).
    func rowTextExpression(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String

    /// SQL for the 60-bit row hash of these columns; by default
    /// ``rowHashExpression(_:)`` of ``rowTextExpression(_:equivalences:)``. A dialect overrides it when the
    /// hash function it can use depends on the columns (Oracle: `STANDARD_HASH` takes no LOB).
    func rowHashExpression(of columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String

    /// `text || ' 00:00:00'` for a date's canonical text, NULL staying NULL: the text a date
    /// compares by against a timestamp (``ColumnEquivalence/dateAsMidnight``).
    func midnightExpression(_ dateText: String) -> String

    /// The sync-script condition that `column` holds the value written as `literal` (never
    /// NULL); by default `"column" = literal`. Oracle compares LOB columns with `DBMS_LOB.COMPARE`.
    func equalityCondition(_ column: ColumnInfo, literal: String) -> String

    /// The sync-script condition that key `column` holds exactly the value written as `literal`
    /// (never NULL), byte for byte: used wherever a script picks a target row by its key (UPDATE,
    /// DELETE, a guarded INSERT's NOT EXISTS, and every column of a row whose key repeats).
    /// Parity compares keys byte-exact, but a column's own `=` follows its collation or type (case-,
    /// accent- or trailing-space-insensitive), and on a key no constraint enforces it would pick
    /// rows that only look equal (`k = 'C'` also matching `'c'`). The condition keeps the column's
    /// own ``equalityCondition(_:literal:)`` first, so the engine still finds the row through the
    /// key's index, and adds a byte-exact test where `=` may not be one: MySQL text
    /// `CAST(CONVERT(k USING utf8mb4) AS BINARY) = CAST(literal AS BINARY)`, SQLite text
    /// `k COLLATE BINARY = literal`, PostgreSQL `citext` `k::text COLLATE "C" = literal`, SQL
    /// Server character columns by their UTF-16 bytes (CHAR/NCHAR under `Latin1_General_BIN2`);
    /// Oracle's `=` is already binary in a script, which sets `NLS_COMP=BINARY`. Non-text keys,
    /// and by default every key: ``equalityCondition(_:literal:)`` alone.
    func keyCondition(_ column: ColumnInfo, literal: String) -> String

    /// The guarded sync-script condition that a compared (non-key) `column` still holds the
    /// before-image value written as `literal` (never NULL); by default
    /// ``equalityCondition(_:literal:)``. A dialect overrides it where `=` is not exact for a
    /// type (single-precision floats, types without `=`, collations that ignore case).
    func beforeImageCondition(_ column: ColumnInfo, literal: String) -> String

    /// The one-row SELECT of an `INSERT … SELECT`, to which a WHERE clause is appended: by default
    /// `SELECT values`; Oracle and MySQL `SELECT values FROM DUAL`.
    func selectRow(_ values: String) -> String

    /// The script lines of one sync-script statement. `build` returns the statement's text,
    /// rendering each value with the function it is given; by default the text is built with
    /// ``literal(_:for:)`` and is one line. A dialect may split long statements across lines or
    /// wrap a statement in a block (Oracle: lines of at most 2499 characters for SQL*Plus, and a
    /// PL/SQL block for BLOBs too long for a literal).
    func scriptLines(forStatement build: (_ render: (SQLValue, ColumnInfo) -> String) -> String) -> [String]

    /// Lines written after the `count`-th statement (1-based) of a sync script, e.g. a COMMIT
    /// every N statements; none by default.
    func scriptLines(afterStatement count: Int) -> [String]
}

extension Dialect {
    /// `schema.table` quoted, or just the table when there is no schema.
    public func qualifiedName(_ table: TableSchema) -> String {
        if let schema = table.schema, !schema.isEmpty {
            return quoteIdentifier(schema) + "." + quoteIdentifier(table.name)
        }
        return quoteIdentifier(table.name)
    }

    /// Quotes `text` as a single-quoted string literal, doubling single quotes.
    public func quotedString(_ text: String) -> String {
        SQLText.enclose(text, in: "'")
    }

    public func orderByItem(_ column: ColumnInfo) -> String {
        orderExpression(column) + (column.isNullable ? " NULLS FIRST" : "")
    }

    public func modulo(_ dividend: String, _ divisor: Int) -> String { "\(dividend) % \(divisor)" }

    public func storedPlaceholder(_ index: Int, for column: ColumnInfo) -> String { placeholder(index, for: column) }

    public func nativeRowHashExpression(_ columns: [ColumnInfo]) -> String? { nil }

    /// The canonical row text (see ``RowHasher``) of these columns, as one SQL expression:
    /// per column `COALESCE('V' || length(t) || ':' || t, 'N')`, concatenated.
    public func rowTextExpression(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        comparedTexts(columns, equivalences: equivalences).map { column, text in
            return "COALESCE('V' || CAST(length(\(text)) AS TEXT) || ':' || \(text), 'N')"
        }.joined(separator: " || ")
    }

    public func rowHashExpression(of columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> String {
        rowHashExpression(rowTextExpression(columns, equivalences: equivalences))
    }

    /// The byte-exact canonical row text of these columns.
    public func rowTextExpression(_ columns: [ColumnInfo]) -> String {
        rowTextExpression(columns, equivalences: [])
    }

    /// The 60-bit row hash of these columns' byte-exact canonical texts.
    public func rowHashExpression(of columns: [ColumnInfo]) -> String {
        rowHashExpression(of: columns, equivalences: [])
    }

    /// Each column with its text as ``comparedTextExpression(_:equivalence:)`` gives it, for the
    /// dialects' row texts; `equivalences` is one per column, or empty for byte-exact texts.
    public func comparedTexts(_ columns: [ColumnInfo], equivalences: [ColumnEquivalence]) -> [(column: ColumnInfo, text: String)] {
        columns.enumerated().map { index, column in
            (column, comparedTextExpression(column, equivalence: equivalences.indices.contains(index) ? equivalences[index] : nil))
        }
    }

    public func midnightExpression(_ dateText: String) -> String {
        "CASE WHEN \(dateText) IS NULL THEN NULL ELSE \(dateText) || ' 00:00:00' END"
    }

    /// A column's canonical text with the parts of its equivalence that SQL applies exactly as
    /// ``ColumnEquivalence/normalized(_:)`` does, so both sides hash equal for rows that only
    /// differ by them and no row moves: trailing blanks dropped (`RTRIM`, CHAR padding), `''`
    /// as NULL (`NULLIF`), a date as its midnight. Nothing else is pushed down: a rule applied
    /// in SQL must never make two values equal that ``ColumnEquivalence/equal(_:_:)`` keeps
    /// apart, or a checksum would hide a difference.
    ///
    /// For example `NULLIF(RTRIM("c"), '')`.
    public func comparedTextExpression(_ column: ColumnInfo, equivalence: ColumnEquivalence?) -> String {
        var text = canonicalTextExpression(column)
        guard let equivalence, !equivalence.isExact, equivalence.compareAs == nil else { return text }
        if column.kind == .text {
            if equivalence.trimCharPadding { text = "RTRIM(\(text))" }
            if equivalence.emptyStringIsNull { text = "NULLIF(\(text), '')" }
        }
        if column.kind == .date, equivalence.dateAsMidnight, !equivalence.dateOnly { text = midnightExpression(text) }
        return text
    }

    public func equalityCondition(_ column: ColumnInfo, literal: String) -> String {
        quoteIdentifier(column.name) + " = " + literal
    }

    public func keyCondition(_ column: ColumnInfo, literal: String) -> String {
        equalityCondition(column, literal: literal)
    }

    public func beforeImageCondition(_ column: ColumnInfo, literal: String) -> String {
        equalityCondition(column, literal: literal)
    }

    public func selectRow(_ values: String) -> String { "SELECT " + values }

    public func scriptLines(forStatement build: (_ render: (SQLValue, ColumnInfo) -> String) -> String) -> [String] {
        [build { value, column in literal(value, for: column) }]
    }

    public func scriptLines(afterStatement count: Int) -> [String] { [] }
}

/// A SQL statement with its bound values, in placeholder order.
public struct SQLStatement: Sendable, Equatable {
    /// SQL text with the dialect's placeholders; never holds row values.
    public var sql: String
    /// Values bound to the placeholders, in order.
    public var binds: [SQLValue]

    public init(_ sql: String, binds: [SQLValue] = []) {
        self.sql = sql
        self.binds = binds
    }
}

/// Small text helpers shared by the dialects, written for speed: sync scripts call them for
/// every value of every differing row.
public enum SQLText {
    /// `text` between two `quote` characters, each `quote` inside doubled:
    /// `enclose("O'Brien", in: "'")` → `'O''Brien'`.
    public static func enclose(_ text: String, in quote: Character) -> String {
        let quoteByte = quote.asciiValue ?? UInt8(ascii: "'")
        let utf8 = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 2)
        bytes.append(quoteByte)
        for byte in utf8 {
            bytes.append(byte)
            if byte == quoteByte { bytes.append(byte) }
        }
        bytes.append(quoteByte)
        return String(decoding: bytes, as: UTF8.self)
    }
}
