/// A column present on both sides, paired by name (or by `column_map`).
public struct ColumnPair: Sendable, Equatable, Codable {
    public var source: ColumnInfo
    public var target: ColumnInfo
    /// The rules its values compare by (byte-exact canonical text by default).
    public var equivalence: ColumnEquivalence

    public init(source: ColumnInfo, target: ColumnInfo, equivalence: ColumnEquivalence = ColumnEquivalence()) {
        self.source = source
        self.target = target
        self.equivalence = equivalence
    }

    enum CodingKeys: String, CodingKey { case source, target, equivalence }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(ColumnInfo.self, forKey: .source)
        target = try container.decode(ColumnInfo.self, forKey: .target)
        // Sessions stored before equivalences existed compared byte-exact.
        equivalence = try container.decodeIfPresent(ColumnEquivalence.self, forKey: .equivalence) ?? ColumnEquivalence()
    }

    /// Whether the two columns' types differ, for the schema part of summaries and reports:
    /// read as different kinds, or declared with a different length, precision or scale.
    /// Spellings of one type across engines (`VARCHAR2(40 BYTE)`, `character varying(40)`) do not count.
    public var typesDiffer: Bool {
        source.kind != target.kind || DeclaredType.modifiers(source.typeName) != DeclaredType.modifiers(target.typeName)
    }
}

/// How a table's values compare: options for all columns, per source column, and target names
/// of renamed columns.
public struct TableEquivalence: Sendable, Equatable {
    /// Options of the table (already inheriting the top level's).
    public var options: EquivalenceOptions
    /// Options of single columns by source column name (inheriting ``options``).
    public var columns: [String: EquivalenceOptions]
    /// Target column name by source column name (`column_map`), for renamed columns.
    public var columnMap: [String: String]
    /// Dialect names of the two sides, for engine-dependent defaults.
    public var sourceEngine: String
    public var targetEngine: String

    public init(options: EquivalenceOptions = EquivalenceOptions(), columns: [String: EquivalenceOptions] = [:],
                columnMap: [String: String] = [:], sourceEngine: String = "", targetEngine: String = "") {
        self.options = options
        self.columns = columns
        self.columnMap = columnMap
        self.sourceEngine = sourceEngine
        self.targetEngine = targetEngine
    }
}

/// How one configured table maps onto the source and target catalogues: the key columns and
/// the compared columns, paired by name, in the order every row is read (key columns first).
public struct TableMapping: Sendable, Equatable, Codable {
    /// The table name as written in the configuration; used in logs and file names.
    public var name: String
    public var source: TableSchema
    public var target: TableSchema
    /// Key columns in key order.
    public var keyColumns: [ColumnPair]
    /// Compared non-key columns, in source table order.
    public var valueColumns: [ColumnPair]
    /// Columns found on one side only; they are not compared.
    public var sourceOnlyColumns: [String]
    public var targetOnlyColumns: [String]
    /// Trusted SQL filter applied on both sides (`where` in the configuration).
    public var filter: String?

    /// Key columns then value columns.
    public var allColumns: [ColumnPair] { keyColumns + valueColumns }

    /// Compared columns whose declared types differ between the sides.
    public var typeDifferences: [ColumnPair] { allColumns.filter(\.typesDiffer) }

    /// Why an option set on one column cannot apply to a column of these kinds (on either side),
    /// or `nil` when every option set can: `date_only` on two text columns would silently do
    /// nothing.
    static func inapplicableOption(_ options: EquivalenceOptions, kinds: Set<ValueKind>) -> String? {
        let numbers: Set<ValueKind> = [.integer, .decimal, .double]
        let rules: [(set: Bool, applies: Set<ValueKind>, message: String)] = [
            (options.emptyStringIsNull == true, [.text], "empty_string_is_null applies to text columns"),
            (options.charPadding != nil, [.text], "char_padding applies to text columns"),
            (options.numeric != nil, numbers, "numeric applies to number columns"),
            (options.floatTolerance != nil, [.double], "float_tolerance applies to floating-point columns (exact numbers compare exactly; use numeric: lower_scale, or compare_as: double)"),
            (options.timestampPrecision != nil, [.timestamp, .timestampWithTimeZone, .time], "timestamp_precision applies to timestamp and time columns"),
            (options.timeZone != nil, [.timestamp, .timestampWithTimeZone], "time_zone applies to timestamp columns"),
            (options.dateOnly == true, [.date, .timestamp, .timestampWithTimeZone], "date_only applies to date and timestamp columns"),
            (options.uuidCaseInsensitive == true, [.text, .bytes], "uuid_case_insensitive applies to UUID, text and binary columns"),
        ]
        return rules.first { $0.set && $0.applies.isDisjoint(with: kinds) }?.message
    }

    /// Kinds whose values order alike in ``KeyOrder``: numbers together, every other kind alone
    /// (a date key and a timestamp key print differently, so they never meet in a merge-join).
    static func orderFamily(_ kind: ValueKind) -> Int {
        switch kind {
        case .integer, .decimal, .double: return 0
        case .text: return 1
        case .bytes: return 2
        case .boolean: return 3
        case .date: return 4
        case .timestamp: return 5
        case .timestampWithTimeZone: return 6
        case .time: return 7
        }
    }

    /// Pairs the columns of the two catalogues.
    ///
    /// - Parameters:
    ///   - primaryKey: key column names from the configuration, matched exactly first, then
    ///     case-insensitively.
    ///   - excludedColumns: column names left out of the comparison.
    ///   - equivalence: options, per-column options and renamed columns; every column named in
    ///     them must exist.
    /// - Throws: ``ParityError`` `.schema` when a key column is missing on either side, when key
    ///   columns are of kinds that do not order alike (a number and a text, for example), when
    ///   `columns`/`column_map`/`exclude_columns` name a column the tables do not have, when
    ///   `exclude_columns` names a key column, or when `primary_key` names a column twice.
    public init(name: String, source: TableSchema, target: TableSchema, primaryKey: [String],
                excludedColumns: [String] = [], filter: String? = nil, equivalence: TableEquivalence = TableEquivalence()) throws {
        self.name = name
        self.source = source
        self.target = target
        self.filter = filter
        for sourceName in equivalence.columnMap.keys.sorted() where source.column(named: sourceName) == nil {
            throw ParityError(.schema, "column_map of table \(name) names \(sourceName), which is not a column of the source table \(source.name); check column_map in the configuration.", table: name)
        }
        for (sourceName, targetName) in equivalence.columnMap.sorted(by: { $0.key < $1.key }) where target.column(named: targetName) == nil {
            throw ParityError(.schema, "column_map of table \(name) maps \(sourceName) to \(targetName), which is not a column of the target table \(target.name); check column_map in the configuration.", table: name)
        }
        for columnName in equivalence.columns.keys.sorted() where source.column(named: columnName) == nil {
            throw ParityError(.schema, "columns of table \(name) names \(columnName), which is not a column of the source table \(source.name); check columns in the configuration.", table: name)
        }
        func targetColumn(for column: ColumnInfo) -> ColumnInfo? {
            let mapped = equivalence.columnMap.first { $0.key == column.name || $0.key.lowercased() == column.name.lowercased() }?.value
            return target.column(named: mapped ?? column.name)
        }
        func pair(_ sourceColumn: ColumnInfo, _ targetColumn: ColumnInfo) -> ColumnPair {
            let columnOptions = equivalence.columns.first { $0.key == sourceColumn.name || $0.key.lowercased() == sourceColumn.name.lowercased() }?.value
            let options = (columnOptions ?? EquivalenceOptions()).inheriting(equivalence.options)
            return ColumnPair(source: sourceColumn, target: targetColumn,
                              equivalence: ColumnEquivalence.resolve(options, source: sourceColumn, target: targetColumn,
                                                                     sourceEngine: equivalence.sourceEngine, targetEngine: equivalence.targetEngine))
        }
        var keys: [ColumnPair] = []
        for (index, keyName) in primaryKey.enumerated() where primaryKey[..<index].contains(where: { $0.lowercased() == keyName.lowercased() }) {
            throw ParityError(.schema, "primary_key of table \(name) names \(keyName) twice; list each key column once.", table: name)
        }
        for excludedName in excludedColumns {
            if primaryKey.contains(where: { $0.lowercased() == excludedName.lowercased() }) {
                throw ParityError(.schema, "exclude_columns of table \(name) names key column \(excludedName); a key column is always compared, so remove it from exclude_columns.", table: name)
            }
            if source.column(named: excludedName) == nil && target.column(named: excludedName) == nil {
                throw ParityError(.schema, "exclude_columns of table \(name) names \(excludedName), which is a column of neither the source table \(source.name) nor the target table \(target.name); check exclude_columns in the configuration.", table: name)
            }
        }
        for keyName in primaryKey {
            guard let sourceColumn = source.column(named: keyName) else {
                throw ParityError(.schema, "Key column \(keyName) of table \(name) is not in the source table \(source.name); check primary_key in the configuration.", table: name)
            }
            guard let targetColumn = targetColumn(for: sourceColumn) else {
                throw ParityError(.schema, "Key column \(keyName) of table \(name) is not in the target table \(target.name); check primary_key in the configuration.", table: name)
            }
            guard Self.orderFamily(sourceColumn.kind) == Self.orderFamily(targetColumn.kind) else {
                throw ParityError(.schema, "Key column \(keyName) of table \(name) is \(sourceColumn.typeName) in the source and \(targetColumn.typeName) in the target, which do not order alike; key on columns of the same kind on both sides.", table: name)
            }
            // Keys are compared byte-exact: an equivalence would let two keys be "equal" that
            // order apart, and the chunks of the two sides would no longer line up.
            keys.append(ColumnPair(source: sourceColumn, target: targetColumn))
        }
        guard !keys.isEmpty else {
            throw ParityError(.schema, "Table \(name) has no primary_key in the configuration; list its key columns.", table: name)
        }
        let excluded = Set(excludedColumns.map { $0.lowercased() })
        let keyNames = Set(keys.map { $0.source.name })
        var values: [ColumnPair] = []
        var sourceOnly: [String] = []
        for column in source.columns where !keyNames.contains(column.name) && !excluded.contains(column.name.lowercased()) {
            if let targetColumn = targetColumn(for: column) {
                values.append(pair(column, targetColumn))
            } else {
                sourceOnly.append(column.name)
            }
        }
        var pairedWith: [String: String] = [:]
        for pair in keys + values {
            if let other = pairedWith[pair.target.name] {
                throw ParityError(.schema, "Target column \(pair.target.name) of table \(name) is paired with both \(other) and \(pair.source.name) of the source; map each target column once in column_map, or exclude one of them.", table: name)
            }
            pairedWith[pair.target.name] = pair.source.name
        }
        for (columnName, options) in equivalence.columns.sorted(by: { $0.key < $1.key }) where options.compareAs == nil {
            guard let pair = values.first(where: { $0.source.name.lowercased() == columnName.lowercased() }),
                  let problem = Self.inapplicableOption(options, kinds: [pair.source.kind, pair.target.kind]) else { continue }
            throw ParityError(.schema, "columns.\(columnName) of table \(name): \(problem); \(columnName) is \(pair.source.typeName) in the source and \(pair.target.typeName) in the target. Remove the option, or convert with compare_as.", table: name)
        }
        for columnName in equivalence.columns.keys.sorted() {
            if keys.contains(where: { $0.source.name.lowercased() == columnName.lowercased() }) {
                throw ParityError(.schema, "columns of table \(name) sets options for key column \(columnName); keys are always compared byte-exact, so remove its entry.", table: name)
            }
            if excluded.contains(columnName.lowercased()) {
                throw ParityError(.schema, "columns of table \(name) sets options for \(columnName), which exclude_columns leaves out; remove one of the two.", table: name)
            }
        }
        let pairedTargets = Set((keys + values).map { $0.target.name })
        self.targetOnlyColumns = target.columns
            .filter { !pairedTargets.contains($0.name) && !excluded.contains($0.name.lowercased()) }
            .map(\.name)
        self.keyColumns = keys
        self.valueColumns = values
        self.sourceOnlyColumns = sourceOnly
    }
}

/// Which database a statement is for.
public enum Side: String, Sendable, Codable {
    case source, target
}
