/// Builds the statements that count, plan and read one side of a table, in that side's dialect.
///
/// Every statement orders and compares keys in byte order (``KeyOrder``), with NULL first.
public struct ChunkQueries: Sendable {
    public let dialect: any Dialect
    public let table: TableSchema
    /// Key columns of this side, in key order.
    public let keyColumns: [ColumnInfo]
    /// All read columns of this side: key columns then compared columns.
    public let columns: [ColumnInfo]
    public let filter: String?
    /// Use the engine's own row hash (both sides are the same engine) instead of the portable
    /// MD5 of the canonical row text.
    public let nativeHash: Bool

    /// - Parameter nativeHash: both sides run the same engine, so its own row hash may be used.
    public init(mapping: TableMapping, side: Side, dialect: any Dialect, nativeHash: Bool = false) {
        self.nativeHash = nativeHash
        self.dialect = dialect
        self.table = side == .source ? mapping.source : mapping.target
        self.keyColumns = mapping.keyColumns.map { side == .source ? $0.source : $0.target }
        self.columns = mapping.allColumns.map { side == .source ? $0.source : $0.target }
        self.filter = mapping.filter
        self.equivalences = mapping.allColumns.map(\.equivalence)
    }

    /// The equivalence of each of ``columns``; the parts SQL can apply exactly go into the row hash.
    public let equivalences: [ColumnEquivalence]

    /// The kinds of the columns ``rows(in:)`` returns, in order.
    public var rowKinds: [ValueKind] { columns.map(\.kind) }
    /// The kinds of the key columns, in order.
    public var keyKinds: [ValueKind] { keyColumns.map(\.kind) }

    /// `SELECT COUNT(*) FROM t [WHERE filter]`.
    public func count() -> SQLStatement {
        SQLStatement("SELECT COUNT(*) FROM \(dialect.qualifiedName(table))" + whereClause([]))
    }

    /// `SELECT COUNT(*) FROM t WHERE (filter) AND (1 = 0)`: runs the `where` filter without
    /// reading a row (every engine plans a constant-false condition away), so a filter the
    /// database refuses fails before a session exists.
    public func filterCheck() -> SQLStatement {
        SQLStatement("SELECT COUNT(*) FROM \(dialect.qualifiedName(table))" + whereClause(["1 = 0"]))
    }

    /// The key of every `chunkSize`-th row in key order, read with a window function in one
    /// pass (keyset; never OFFSET paging).
    ///
    /// For example, on PostgreSQL with key `id` and chunk size 10000:
    /// ```sql
    /// SELECT parity_keys."id"::text FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "id") AS parity_rn
    /// FROM "public"."t") parity_keys WHERE parity_rn % 10000 = 0 ORDER BY parity_rn
    /// ```
    public func boundaries(chunkSize: Int) -> SQLStatement {
        let keyList = keyColumns.map { dialect.quoteIdentifier($0.name) }.joined(separator: ", ")
        let order = keyColumns.map { dialect.orderByItem($0) }.joined(separator: ", ")
        let outer = keyColumns.map { dialect.selectExpression($0, qualifier: "parity_keys") }.joined(separator: ", ")
        let inner = "SELECT \(keyList), ROW_NUMBER() OVER (ORDER BY \(order)) AS parity_rn FROM \(dialect.qualifiedName(table))" + whereClause([])
        return SQLStatement("SELECT \(outer) FROM (\(inner)) parity_keys WHERE \(dialect.modulo("parity_rn", chunkSize)) = 0 ORDER BY parity_rn")
    }

    /// Every row of a key range, key columns first, ordered by key.
    public func rows(in range: KeyRange) -> SQLStatement {
        var binds: [SQLValue] = []
        let predicate = rangePredicate(range, binds: &binds)
        let select = columns.enumerated().map { selectItem($1, position: $0) }.joined(separator: ", ")
        let order = keyColumns.map { dialect.orderByItem($0) }.joined(separator: ", ")
        let sql = "SELECT \(select) FROM \(dialect.qualifiedName(table))"
            + whereClause(predicate.map { [$0] } ?? []) + " ORDER BY \(order)"
        return SQLStatement(sql, binds: binds)
    }

    /// The row count and the sum of row hashes of a key range, computed inside the database.
    ///
    /// For example, on PostgreSQL with key `id` and one column `v`:
    /// ```sql
    /// SELECT COUNT(*), (COALESCE(SUM(('x' || substr(md5(COALESCE('V' || …, 'N') || …), 1, 15))::bit(60)::int8), 0)
    /// % 1152921504606846976)::text FROM "public"."t" WHERE ("id" > $1::int8) AND ("id" <= $2::int8)
    /// ```
    public func checksum(in range: KeyRange) -> SQLStatement {
        var binds: [SQLValue] = []
        let predicate = rangePredicate(range, binds: &binds)
        let sum = dialect.hashSumExpression(rowHash)
        let sql = "SELECT COUNT(*), \(sum) FROM \(dialect.qualifiedName(table))" + whereClause(predicate.map { [$0] } ?? [])
        return SQLStatement(sql, binds: binds)
    }

    /// Buckets a chunk is split into by ``bucketChecksums(in:)``.
    public static let bucketCount = 256

    /// The row count and hash sum of each bucket of a key range, where a row's bucket is the hash
    /// of its key modulo ``bucketCount``: the same key falls in the same bucket on both sides,
    /// whatever rows the other side lacks, so only the buckets that differ need listing.
    ///
    /// Returns one row per non-empty bucket: bucket number, count, sum.
    public func bucketChecksums(in range: KeyRange) -> SQLStatement {
        var binds: [SQLValue] = []
        let predicate = rangePredicate(range, binds: &binds)
        let sum = dialect.hashSumExpression(rowHash)
        let sql = "SELECT \(bucket) AS parity_bucket, COUNT(*), \(sum) FROM \(dialect.qualifiedName(table))"
            + whereClause(predicate.map { [$0] } ?? []) + " GROUP BY \(bucket)"
        return SQLStatement(sql, binds: binds)
    }

    /// The kinds ``bucketChecksums(in:)`` returns: bucket, count and sum.
    public var bucketChecksumKinds: [ValueKind] { [.integer, .integer, .decimal] }

    /// The row hash expression: native when allowed and available, else MD5 of the canonical text.
    private var rowHash: String {
        if nativeHash, let native = dialect.nativeRowHashExpression(columns) { return native }
        return dialect.rowHashExpression(of: columns, equivalences: equivalences)
    }

    /// The bucket of a row: its key's hash modulo ``bucketCount``.
    private var bucket: String { "(" + dialect.modulo(hash(of: keyColumns), Self.bucketCount) + ")" }

    private func hash(of columns: [ColumnInfo]) -> String {
        if nativeHash, let native = dialect.nativeRowHashExpression(columns) { return native }
        return dialect.rowHashExpression(of: columns)
    }

    /// The kinds ``checksum(in:)`` returns: count and sum.
    public var checksumKinds: [ValueKind] { [.integer, .decimal] }

    /// Each row's key and row hash in a key range, ordered by key: a few bytes a row instead of
    /// the whole row.
    ///
    /// - Parameter buckets: only rows of these buckets (see ``bucketChecksums(in:)``); all rows
    ///   when `nil`.
    public func keyHashes(in range: KeyRange, buckets: [Int]? = nil) -> SQLStatement {
        var binds: [SQLValue] = []
        var predicates = rangePredicate(range, binds: &binds).map { [$0] } ?? []
        if let buckets {
            predicates.append(buckets.isEmpty ? "1 = 0" : "\(bucket) IN (\(buckets.map(String.init).joined(separator: ", ")))")
        }
        let keys = keyColumns.enumerated().map { selectItem($1, position: $0) }.joined(separator: ", ")
        let order = keyColumns.map { dialect.orderByItem($0) }.joined(separator: ", ")
        let sql = "SELECT \(keys), \(rowHash) FROM \(dialect.qualifiedName(table))"
            + whereClause(predicates) + " ORDER BY \(order)"
        return SQLStatement(sql, binds: binds)
    }

    /// The kinds ``keyHashes(in:)`` returns: the key columns then the hash.
    public var keyHashKinds: [ValueKind] { keyKinds + [.integer] }

    /// The rows with these keys (every copy, when a key repeats), key columns first, ordered
    /// by key. Single-column keys use `IN (…)`; composite keys an OR of NULL-safe equalities.
    ///
    /// - Parameter keys: at least one key; keep batches to a few hundred keys.
    public func rows(withKeys keys: [[SQLValue]]) -> SQLStatement {
        var binds: [SQLValue] = []
        var predicate: String
        if keyColumns.count == 1, let column = keyColumns.first {
            var list: [String] = []
            var hasNull = false
            for key in keys {
                if key[0].isNull { hasNull = true; continue }
                binds.append(key[0])
                list.append(dialect.placeholder(binds.count, for: column))
            }
            var parts: [String] = []
            if !list.isEmpty { parts.append("\(dialect.orderExpression(column)) IN (\(list.joined(separator: ", ")))") }
            if hasNull { parts.append("\(dialect.quoteIdentifier(column.name)) IS NULL") }
            predicate = parts.joined(separator: " OR ")
        } else {
            predicate = keys.map { key in
                "(" + zip(keyColumns, key).map { column, value in equals(column, value, binds: &binds) }.joined(separator: " AND ") + ")"
            }.joined(separator: " OR ")
        }
        if predicate.isEmpty { predicate = "1 = 0" }
        let select = columns.enumerated().map { selectItem($1, position: $0) }.joined(separator: ", ")
        let order = keyColumns.map { dialect.orderByItem($0) }.joined(separator: ", ")
        let sql = "SELECT \(select) FROM \(dialect.qualifiedName(table))" + whereClause([predicate]) + " ORDER BY \(order)"
        return SQLStatement(sql, binds: binds)
    }

    /// The keys of the rows whose key equals one of `keys` under the table's own collation and
    /// case rules (plain `=`, not byte order), key columns only, ordered by key. A key found here
    /// that is not byte-equal to the one looked up is a collision: an INSERT of the looked-up key
    /// would fail on the unique key, or match another row.
    ///
    /// For example, on MariaDB with key `k`: `SELECT k FROM t WHERE (k = ?) OR (k = ?)`.
    ///
    /// - Parameter keys: at least one key without NULLs; keep batches to a few hundred keys.
    public func keys(equalUnderCollationTo keys: [[SQLValue]]) -> SQLStatement {
        var binds: [SQLValue] = []
        var predicate = keys.map { key in
            "(" + zip(keyColumns, key).map { column, value in
                binds.append(value)
                return "\(dialect.quoteIdentifier(column.name)) = \(dialect.storedPlaceholder(binds.count, for: column))"
            }.joined(separator: " AND ") + ")"
        }.joined(separator: " OR ")
        if predicate.isEmpty { predicate = "1 = 0" }
        let select = keyColumns.enumerated().map { selectItem($1, position: $0) }.joined(separator: ", ")
        let order = keyColumns.map { dialect.orderByItem($0) }.joined(separator: ", ")
        // No `where` filter: a row the filter leaves out still holds its key in the table.
        return SQLStatement("SELECT \(select) FROM \(dialect.qualifiedName(table)) WHERE \(predicate) ORDER BY \(order)", binds: binds)
    }

    /// For each of `keys`, numbered by `numbers`, the smallest number among the keys the target
    /// would hold as the same key under its column rules (collation, case, trailing-space
    /// padding, `citext`): rows `(number, first number)`, in no order. A key whose first number
    /// is not its own collides with that key.
    ///
    /// The table's own branch comes first and reads no row, so the union's columns take the key
    /// columns' types and collations, and PARTITION BY compares as the table's unique key does.
    /// For example, on MariaDB with key `k`:
    /// `SELECT n, MIN(n) OVER (PARTITION BY c1) FROM (SELECT 0 AS n, k AS c1 FROM t WHERE 1 = 0
    /// UNION ALL SELECT 1, ? FROM DUAL UNION ALL SELECT 2, ? FROM DUAL) u`.
    ///
    /// - Parameters:
    ///   - keys: keys without NULLs; a few hundred at a time.
    ///   - numbers: one positive number per key, distinct.
    public func firstEqualKeys(among keys: [[SQLValue]], numbers: [Int]) -> SQLStatement {
        precondition(keys.count == numbers.count, "one number per key")
        var binds: [SQLValue] = []
        let number = dialect.quoteIdentifier("parity_n")
        let aliases = keyColumns.indices.map { dialect.quoteIdentifier("c\($0 + 1)") }
        let tableBranch = "SELECT 0 AS \(number), " + zip(keyColumns, aliases).map { "\(dialect.quoteIdentifier($0.name)) AS \($1)" }.joined(separator: ", ")
            + " FROM \(dialect.qualifiedName(table)) WHERE 1 = 0"
        let keyBranches = zip(keys, numbers).map { key, number in
            dialect.selectRow("\(number), " + zip(keyColumns, key).map { column, value in
                binds.append(value)
                return dialect.storedPlaceholder(binds.count, for: column)
            }.joined(separator: ", "))
        }
        let union = ([tableBranch] + keyBranches).joined(separator: " UNION ALL ")
        // Both numbers are read through the dialect's integer select expression (text on
        // PostgreSQL, whose int4 the connector reads as text only).
        let numberColumn = ColumnInfo(name: "parity_n", typeName: "integer", kind: .integer, isNullable: false)
        let firstColumn = ColumnInfo(name: "parity_first", typeName: "integer", kind: .integer, isNullable: false)
        let inner = "SELECT \(number), MIN(\(number)) OVER (PARTITION BY \(aliases.joined(separator: ", "))) AS \(dialect.quoteIdentifier("parity_first")) FROM (\(union)) u"
        return SQLStatement("SELECT \(dialect.selectExpression(numberColumn, qualifier: nil)), \(dialect.selectExpression(firstColumn, qualifier: nil)) FROM (\(inner)) v",
                            binds: binds)
    }

    /// The condition selecting a key range, with composite keys expanded
    /// (`a > x OR (a = x AND b > y)`), since not every engine has row-value comparison.
    /// `nil` when the range is unbounded.
    public func rangePredicate(_ range: KeyRange, binds: inout [SQLValue]) -> String? {
        var parts: [String] = []
        // Index-friendly bounds: a single-column key gets a plain `k > a AND k <= b` range, and a
        // composite key a redundant range on its first column (`a >= x AND a <= y AND …`), so the
        // database can bound its index scan. Without them, `k < b OR k = b` makes PostgreSQL scan
        // from the lower bound to the end of the index for every chunk: quadratic in the table.
        if keyColumns.count > 1, let first = keyColumns.first {
            if let lower = range.lower, !lower[0].isNull {
                binds.append(lower[0])
                parts.append("\(dialect.orderExpression(first)) >= \(dialect.placeholder(binds.count, for: first))")
            }
            if let upper = range.upper, !upper[0].isNull, !first.isNullable {
                binds.append(upper[0])
                parts.append("\(dialect.orderExpression(first)) <= \(dialect.placeholder(binds.count, for: first))")
            }
        }
        if let lower = range.lower { parts.append(tupleComparison(lower, greater: true, binds: &binds)) }
        if let upper = range.upper { parts.append(tupleComparison(upper, greater: false, binds: &binds)) }
        if parts.isEmpty { return nil }
        // Each bound is an OR of alternatives; AND binds tighter than OR, so parenthesise it.
        if parts.count == 1 { return parts[0] }
        return parts.map { $0.contains(" OR ") ? "(\($0))" : $0 }.joined(separator: " AND ")
    }

    /// A select-list item with a positional alias (`"id"::text AS "c1"`), so that ORDER BY
    /// names always mean the table's columns: PostgreSQL resolves a bare ORDER BY name to an
    /// output column first, and `"id"::text` named `id` would sort as text.
    private func selectItem(_ column: ColumnInfo, position: Int) -> String {
        dialect.selectExpression(column, qualifier: nil) + " AS " + dialect.quoteIdentifier("c\(position + 1)")
    }

    private func whereClause(_ predicates: [String]) -> String {
        var parts: [String] = []
        if let filter, !filter.isEmpty { parts.append("(\(filter))") }
        let wrap = parts.count + predicates.count > 1
        parts.append(contentsOf: predicates.map { wrap ? "(\($0))" : $0 })
        return parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND ")
    }

    /// `key > bound` (lower, exclusive) or `key <= bound` (upper, inclusive) over the composite
    /// key in ``KeyOrder`` (NULL first), expanded: `a > x OR (a = x AND b > y)` and
    /// `a < x OR (a = x AND b <= y)`.
    private func tupleComparison(_ bound: [SQLValue], greater: Bool, binds: inout [SQLValue]) -> String {
        var alternatives: [String] = []
        for index in 0..<keyColumns.count {
            let bindCount = binds.count
            var terms: [String] = []
            for prefix in 0..<index { terms.append(equals(keyColumns[prefix], bound[prefix], binds: &binds)) }
            let last = index == keyColumns.count - 1
            terms.append(greater ? strict(keyColumns[index], bound[index], greater: true, binds: &binds)
                         : (last ? atMost(keyColumns[index], bound[index], binds: &binds)
                                 : strict(keyColumns[index], bound[index], greater: false, binds: &binds)))
            // A dropped alternative must not leave its values bound: placeholders would shift.
            if terms.contains("1 = 0") { binds.removeLast(binds.count - bindCount); continue }
            alternatives.append(terms.joined(separator: " AND "))
        }
        if alternatives.isEmpty { return "1 = 0" }
        if alternatives.count == 1 { return alternatives[0] }
        return alternatives.map { $0.contains(" AND ") || $0.contains(" OR ") ? "(\($0))" : $0 }.joined(separator: " OR ")
    }

    /// `column <= value` with NULL ordered first: NULL is at most anything.
    private func atMost(_ column: ColumnInfo, _ value: SQLValue, binds: inout [SQLValue]) -> String {
        let name = dialect.quoteIdentifier(column.name)
        if value.isNull { return "\(name) IS NULL" }
        binds.append(value)
        let comparison = "\(dialect.orderExpression(column)) <= \(dialect.placeholder(binds.count, for: column))"
        return column.isNullable ? "(\(name) IS NULL OR \(comparison))" : comparison
    }

    private func equals(_ column: ColumnInfo, _ value: SQLValue, binds: inout [SQLValue]) -> String {
        let reference = dialect.orderExpression(column)
        if value.isNull { return "\(dialect.quoteIdentifier(column.name)) IS NULL" }
        binds.append(value)
        return "\(reference) = \(dialect.placeholder(binds.count, for: column))"
    }

    /// `column > value` or `column < value` with NULL ordered first.
    private func strict(_ column: ColumnInfo, _ value: SQLValue, greater: Bool, binds: inout [SQLValue]) -> String {
        let name = dialect.quoteIdentifier(column.name)
        if value.isNull { return greater ? "\(name) IS NOT NULL" : "1 = 0" }
        binds.append(value)
        let comparison = "\(dialect.orderExpression(column)) \(greater ? ">" : "<") \(dialect.placeholder(binds.count, for: column))"
        if !greater && column.isNullable { return "(\(name) IS NULL OR \(comparison))" }
        return comparison
    }
}
