/// Writes the SQL that makes the target table equal to the source, in the target's dialect.
///
/// Statement order: DELETE (missing in source), UPDATE (different), INSERT (missing in
/// target), each in key order, all in one transaction. Identifiers are quoted exactly as the
/// target catalogue stores them; WHERE clauses are NULL-safe (`IS NULL`). UPDATE sets only the
/// differing columns. Where a key is not unique, the statement matches the whole row and
/// changes exactly one copy.
///
/// For example, for a PostgreSQL target:
/// ```sql
/// UPDATE "public"."t" SET "c3" = 'b', "c4" = NULL WHERE "id" = 1;
/// ```
public struct SyncScriptWriter: Sendable {
    public let mapping: TableMapping
    public let dialect: any Dialect

    public init(mapping: TableMapping, targetDialect: any Dialect) {
        self.mapping = mapping
        self.dialect = targetDialect
    }

    /// The statements, one per difference, without framing.
    public func statements(for differences: [RowDifference]) -> [String] {
        let table = dialect.qualifiedName(mapping.target)
        var deletes: [String] = []
        var updates: [String] = []
        var inserts: [String] = []
        let columns = mapping.allColumns.map(\.target)
        let keyColumns = mapping.keyColumns.map(\.target)
        for difference in differences {
            switch difference.kind {
            case .missingInSource:
                guard let row = difference.targetRow else { continue }
                if difference.duplicateKey {
                    deletes.append(dialect.deleteOneRow(table: table, condition: matches(row, columns: columns)))
                } else {
                    deletes.append("DELETE FROM \(table) WHERE \(matches(difference.key, columns: keyColumns));")
                }
            case .different:
                guard let row = difference.sourceRow else { continue }
                var assignments: [String] = []
                for (offset, pair) in mapping.allColumns.enumerated() where difference.columns.contains(pair.source.name) {
                    assignments.append("\(dialect.quoteIdentifier(pair.target.name)) = \(dialect.literal(row[offset], for: pair.target))")
                }
                guard !assignments.isEmpty else { continue }
                updates.append("UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE \(matches(difference.key, columns: keyColumns));")
            case .missingInTarget:
                guard let row = difference.sourceRow else { continue }
                let names = columns.map { dialect.quoteIdentifier($0.name) }.joined(separator: ", ")
                let values = zip(row, columns).map { dialect.literal($0, for: $1) }.joined(separator: ", ")
                inserts.append("INSERT INTO \(table) (\(names)) VALUES (\(values));")
            }
        }
        return deletes + updates + inserts
    }

    /// The whole script: header comments, the dialect's prologue, the statements, the epilogue.
    ///
    /// - Parameter header: comment lines (without `-- `) placed first, e.g. the table and counts.
    public func script(for differences: [RowDifference], header: [String]) -> String {
        var lines = header.map { "-- " + $0 }
        lines.append(contentsOf: dialect.scriptPrologue())
        lines.append(contentsOf: statements(for: differences))
        lines.append(contentsOf: dialect.scriptEpilogue())
        return lines.joined(separator: "\n") + "\n"
    }

    /// `column = value AND …`, NULL-safe (`IS NULL` for NULL values), values as literals.
    private func matches(_ values: [SQLValue], columns: [ColumnInfo]) -> String {
        zip(columns, values).map { column, value in
            value.isNull ? "\(dialect.quoteIdentifier(column.name)) IS NULL"
                : "\(dialect.quoteIdentifier(column.name)) = \(dialect.literal(value, for: column))"
        }.joined(separator: " AND ")
    }
}
