/// Writes the SQL that makes the target table equal to the source, in the target's dialect.
///
/// Statement order: DELETE (missing in source), UPDATE (different), INSERT (missing in
/// target), each in key order, all in one transaction. Identifiers are quoted exactly as the
/// target catalogue stores them; WHERE clauses are NULL-safe (`IS NULL`). UPDATE sets only the
/// differing columns. Where a key is not unique, the statement matches the whole row and
/// changes exactly one copy. A row is picked by its key byte for byte, as Parity compared it
/// (``Dialect/keyCondition(_:literal:)``): the column's own `=` (for the key's index) and, where
/// that `=` follows a collation or a case-insensitive type, a byte-exact test too, so on a key
/// no constraint enforces `'C'` never picks `'c'` (MySQL:
/// `` `k` = 'C' AND CAST(CONVERT(`k` USING utf8mb4) AS BINARY) = CAST('C' AS BINARY) ``).
///
/// For example, for a PostgreSQL target:
/// ```sql
/// UPDATE "public"."t" SET "c3" = 'b', "c4" = NULL WHERE "id" = 1;
/// ```
///
/// A **guarded** script (`guarded_statements: true`) changes a row only while the target still
/// holds what the comparison read, so a write made after the comparison (a newer row) is never
/// overwritten, and running the script twice changes nothing the second time: UPDATE and
/// DELETE match the target's before-image (the key by ``Dialect/keyCondition(_:literal:)``, every
/// compared column by ``Dialect/beforeImageCondition(_:literal:)``),
/// and INSERT inserts only while the key is absent:
/// ```sql
/// UPDATE "public"."t" SET "c3" = 'b', "c4" = NULL WHERE "id" = 1 AND "c2" = 'a' AND "c3" IS NULL AND "c4" = 'b';
/// INSERT INTO "public"."t" ("id", "c2") SELECT 2, 'x' WHERE NOT EXISTS (SELECT 1 FROM "public"."t" WHERE "id" = 2);
/// ```
/// Rows of a key that is not unique are matched by their whole row already; their INSERT is not
/// guarded (a repeated key cannot tell a new copy from an old one), so such a script is for one run.
public struct SyncScriptWriter: Sendable {
    public let mapping: TableMapping
    public let dialect: any Dialect
    /// Whether statements carry the target's before-image (UPDATE, DELETE) or a key-absent test
    /// (INSERT); see the type's notes.
    public let guarded: Bool
    /// Existing target key by source key, for rows missing in the target whose INSERT would
    /// collide (``KeyCollision``): written as comments, not run.
    public var collisions: [[SQLValue]: KeyCollision] = [:]

    public init(mapping: TableMapping, targetDialect: any Dialect, guarded: Bool = false, collisions: [KeyCollision] = []) {
        self.mapping = mapping
        self.dialect = targetDialect
        self.guarded = guarded
        for collision in collisions { self.collisions[collision.key] = collision }
    }

    /// The order statements are written in: DELETE, UPDATE, INSERT.
    public static let kindOrder: [DifferenceKind] = [.missingInSource, .different, .missingInTarget]

    /// The statement that fixes one difference, or `nil` when there is nothing to write. A
    /// statement the dialect writes on several lines (see ``Dialect/scriptLines(forStatement:)``)
    /// has its lines joined with newlines.
    public func statement(for difference: RowDifference) -> String? {
        statementLines(for: difference)?.joined(separator: "\n")
    }

    /// The script lines of the statement that fixes one difference, or `nil` when there is
    /// nothing to write.
    public func statementLines(for difference: RowDifference) -> [String]? {
        guard let build = builder(for: difference) else { return nil }
        return dialect.scriptLines(forStatement: build)
    }

    /// A function that builds the statement fixing `difference`, rendering each value with the
    /// function it is given; `nil` when there is nothing to write.
    private func builder(for difference: RowDifference) -> ((_ render: (SQLValue, ColumnInfo) -> String) -> String)? {
        let table = dialect.qualifiedName(mapping.target)
        let columns = mapping.allColumns.map(\.target)
        let keyColumns = mapping.keyColumns.map(\.target)
        switch difference.kind {
        case .missingInSource:
            guard let row = difference.targetRow else { return nil }
            if difference.duplicateKey {
                return { render in dialect.deleteOneRow(table: table, condition: matches(row, columns: columns, render: render)) }
            }
            if guarded {
                return { render in "DELETE FROM \(table) WHERE \(beforeImage(row, render: render));" }
            }
            return { render in "DELETE FROM \(table) WHERE \(matches(difference.key, columns: keyColumns, render: render));" }
        case .different:
            guard let row = difference.sourceRow else { return nil }
            let changed = mapping.allColumns.enumerated().filter { difference.columns.contains($0.element.source.name) }
            guard !changed.isEmpty else { return nil }
            return { render in
                let assignments = changed.map { offset, pair in
                    "\(dialect.quoteIdentifier(pair.target.name)) = \(render(pair.equivalence.valueForTarget(row[offset], targetKind: pair.target.kind), pair.target))"
                }
                let condition = guarded ? difference.targetRow.map { beforeImage($0, render: render) } : nil
                return "UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE \(condition ?? matches(difference.key, columns: keyColumns, render: render));"
            }
        case .missingInTarget:
            guard let row = difference.sourceRow else { return nil }
            let names = columns.map { dialect.quoteIdentifier($0.name) }.joined(separator: ", ")
            let keyAbsent = guarded && !difference.duplicateKey
            let pairs = mapping.allColumns
            return { render in
                // Source values as the target column holds them (wall-clock vs instant, UUID vs binary).
                let values = zip(row, pairs).map { render($1.equivalence.valueForTarget($0, targetKind: $1.target.kind), $1.target) }
                    .joined(separator: ", ")
                guard keyAbsent else { return "INSERT INTO \(table) (\(names)) VALUES (\(values));" }
                let key = matches(difference.key, columns: keyColumns, render: render)
                return "INSERT INTO \(table) (\(names)) \(dialect.selectRow(values)) WHERE NOT EXISTS (SELECT 1 FROM \(table) WHERE \(key));"
            }
        }
    }

    /// The statements, one per difference, without framing: DELETEs, then UPDATEs, then INSERTs,
    /// each in the order given.
    public func statements(for differences: [RowDifference]) -> [String] {
        Self.kindOrder.flatMap { kind in differences.filter { $0.kind == kind }.compactMap(statement(for:)) }
    }

    /// The whole script: header comments, the dialect's prologue, the statements, the epilogue.
    ///
    /// - Parameter header: comment lines (without `-- `) placed first, e.g. the table and counts.
    public func script(for differences: [RowDifference], header: [String]) -> String {
        final class Lines { var all: [String] = [] }
        let lines = Lines()
        try? writeScript(header: header, differences: { kind, body in
            for difference in differences where difference.kind == kind { try body(difference) }
        }, line: { lines.all.append($0) })
        return lines.all.joined(separator: "\n") + "\n"
    }

    /// Writes the script line by line, reading the differences of each kind in turn, so a table
    /// with millions of differences never sits in memory.
    ///
    /// - Parameters:
    ///   - differences: called once per kind (in ``kindOrder``) with a closure to call for each
    ///     difference of that kind.
    ///   - line: receives each line, without its newline.
    public func writeScript(header: [String], differences: (DifferenceKind, (RowDifference) throws -> Void) throws -> Void,
                            line: @escaping (String) throws -> Void) throws {
        for comment in header { try Self.commentLines(comment, line) }
        for text in dialect.scriptPrologue() { try line(text) }
        var count = 0
        for kind in Self.kindOrder {
            try differences(kind) { difference in
                guard let lines = statementLines(for: difference) else { return }
                if difference.kind == .missingInTarget, let collision = collisions[difference.key] {
                    if collision.withMissingRow {
                        try line("-- COLLISION: key \(Self.describe(difference.key)) equals \(Self.describe(collision.existingKey)), also missing in the target and inserted above, under the target's collation or case rules; this INSERT would fail. Not run; resolve by hand:")
                    } else if collision.existingKey == difference.key {
                        try line("-- COLLISION: the target already holds key \(Self.describe(difference.key)) in a row the where filter leaves out; this INSERT would fail. Not run; resolve by hand:")
                    } else {
                        try line("-- COLLISION: the target already holds key \(Self.describe(collision.existingKey)), equal to \(Self.describe(difference.key)) under its collation or case rules; this INSERT would fail or meet that row. Not run; resolve by hand:")
                    }
                    for text in lines { try Self.commentLines(text, line) }
                    return
                }
                if guarded && difference.duplicateKey {
                    try line("-- Repeated key: this statement changes one copy and has no guard; apply this script once.")
                }
                for text in lines { try line(text) }
                count += 1
                for text in dialect.scriptLines(afterStatement: count) { try line(text) }
            }
        }
        for text in dialect.scriptEpilogue() { try line(text) }
    }

    /// `('K', 2)`: a key as written in comments and summaries.
    public static func describe(_ key: [SQLValue]) -> String {
        "(" + key.map { $0.canonicalText.map { "'\(oneLine($0))'" } ?? "NULL" }.joined(separator: ", ") + ")"
    }

    /// `text` on one line, for summaries, logs and script comments: each line break (`\n`,
    /// `\r`, `\r\n`, and the other Unicode line and paragraph separators) written as the
    /// escape `\n`/`\r`/`\u{…}`, so that a value can never end a comment or a log line.
    public static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Writes `text` as comment lines: `-- ` before every line of it, so that a line break inside
    /// a value (a commented-out INSERT of a text holding `\nDELETE FROM t; --`) stays inside the
    /// comment instead of becoming SQL.
    static func commentLines(_ text: String, _ line: (String) throws -> Void) rethrows {
        for part in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) { try line("-- " + part) }
    }

    /// The target row's before-image: key columns by ``Dialect/keyCondition(_:literal:)``, then
    /// every compared column by ``Dialect/beforeImageCondition(_:literal:)``, NULL as `IS NULL`.
    private func beforeImage(_ row: [SQLValue], render: (SQLValue, ColumnInfo) -> String) -> String {
        let keyCount = mapping.keyColumns.count
        return zip(mapping.allColumns.map(\.target), row).enumerated().map { offset, pair in
            let (column, value) = pair
            if value.isNull { return "\(dialect.quoteIdentifier(column.name)) IS NULL" }
            let literal = render(value, column)
            return offset < keyCount ? dialect.keyCondition(column, literal: literal)
                : dialect.beforeImageCondition(column, literal: literal)
        }.joined(separator: " AND ")
    }

    /// `column = value AND …` by ``Dialect/keyCondition(_:literal:)`` (byte-exact: these columns
    /// pick the row, a key or the whole row of a repeated key), NULL-safe (`IS NULL` for NULL
    /// values), values rendered by `render`.
    private func matches(_ values: [SQLValue], columns: [ColumnInfo], render: (SQLValue, ColumnInfo) -> String) -> String {
        zip(columns, values).map { column, value in
            value.isNull ? "\(dialect.quoteIdentifier(column.name)) IS NULL"
                : dialect.keyCondition(column, literal: render(value, column))
        }.joined(separator: " AND ")
    }
}
