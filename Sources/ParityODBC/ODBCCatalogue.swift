import CODBC
import Foundation
import ParityCore

/// Finds a table and its columns through the driver's catalogue functions (`SQLTables`,
/// `SQLColumns`), on the connector's queue.
struct ODBCCatalogue {
    let connector: ODBCConnector
    let connection: ODBCHandle
    let engine: ODBCEngine

    /// The table `name` in `schema` (the connection's current schema when `nil`; for MySQL the
    /// schema is the database), matched exactly first, then case-insensitively when exactly one
    /// table matches.
    ///
    /// - Throws: ``ParityError`` `.schema` when the table is missing or ambiguous, `.query` when
    ///   the catalogue cannot be read.
    func describe(schema configured: String?, name: String) throws -> TableSchema {
        var schema = configured
        if schema == nil, engine.hasSchemas, let query = engine.currentSchemaQuery {
            schema = try connector.run(SQLStatement(query), kinds: [.text], cancellation: nil).first?.first?.canonicalText
        }
        let catalogName = engine.schemaIsCatalog ? schema : nil
        let schemaName = engine.schemaIsCatalog || !engine.hasSchemas ? nil : schema
        // TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE
        let tables = try read("SQLTables", kinds: [.text, .text, .text, .text]) { handle in
            Self.withWide(catalogName) { catalog, catalogLength in
                Self.withWide(schemaName.map(escape)) { schemaPattern, schemaLength in
                    Self.withWide("%") { tablePattern, tableLength in
                        SQLTablesW(handle, catalog, catalogLength, schemaPattern, schemaLength, tablePattern, tableLength, nil, 0)
                    }
                }
            }
        }.filter { row in
            if engine.schemaIsCatalog { return schema == nil || row[0].canonicalText == schema }
            return !engine.hasSchemas || schema == nil || row[1].canonicalText == schema
        }
        var found = tables.filter { $0[2].canonicalText == name }
        if found.isEmpty {
            found = tables.filter { $0[2].canonicalText?.lowercased() == name.lowercased() }
        }
        let place = configured.map { "schema \($0) of " } ?? ""
        guard found.count == 1, let tableName = found[0][2].canonicalText else {
            throw ParityError(.schema, found.isEmpty
                ? "Table \(name) does not exist in \(place)\(connector.displayName); check table_name and schema in the configuration."
                : "Table name \(name) matches \(found.count) tables in \(place)\(connector.displayName) when case is ignored; write it exactly.", table: name)
        }
        let tableCatalog = found[0][0].canonicalText
        let tableSchema = found[0][1].canonicalText
        // TABLE_CAT … ORDINAL_POSITION (SQLColumns result columns 1–17)
        let kinds: [ValueKind] = [.text, .text, .text, .text, .integer, .text, .integer, .integer, .integer, .integer, .integer,
                                  .text, .text, .integer, .integer, .integer, .integer]
        let columnCatalog = engine.schemaIsCatalog ? tableCatalog : nil
        let columnSchema = engine.schemaIsCatalog || !engine.hasSchemas ? nil : tableSchema.map(escape)
        let rows = try read("SQLColumns", kinds: kinds) { handle in
            Self.withWide(columnCatalog) { catalog, catalogLength in
                Self.withWide(columnSchema) { schemaPattern, schemaLength in
                    Self.withWide(escape(tableName)) { tablePattern, tableLength in
                        SQLColumnsW(handle, catalog, catalogLength, schemaPattern, schemaLength, tablePattern, tableLength, nil, 0)
                    }
                }
            }
        }.filter { $0[2].canonicalText == tableName }
        let ordered = rows.enumerated().sorted { left, right in
            let leftPosition = Self.integer(left.element[16]) ?? left.offset
            let rightPosition = Self.integer(right.element[16]) ?? right.offset
            return (leftPosition, left.offset) < (rightPosition, right.offset)
        }.map(\.element)
        // MariaDB Connector/ODBC reports DECIMAL_DIGITS as NULL (and COLUMN_SIZE 19) for
        // DATETIME(3), DATETIME(6) and DATETIME alike, so timestamp_precision would see no
        // fractional digits; MySQL's are read from information_schema instead.
        let fractionDigits = engine == .mysql ? try mysqlFractionDigits(database: tableCatalog, table: tableName) : [:]
        let columns = ordered.map { row in
            let typeName = row[5].canonicalText ?? ""
            let dataType = Self.integer(row[4]) ?? Int(SQL_VARCHAR)
            let name = row[3].canonicalText ?? ""
            return ColumnInfo(name: name,
                              typeName: Self.typeName(typeName, engine: engine, size: Self.integer(row[6]),
                                                      digits: fractionDigits[name.lowercased()] ?? Self.integer(row[8]),
                                                      octets: Self.integer(row[15])),
                              kind: ODBCTypeMap.kind(engine: engine, typeName: typeName, dataType: dataType, size: Self.integer(row[6])),
                              isNullable: Self.integer(row[10]) != Int(SQL_NO_NULLS))
        }
        guard !columns.isEmpty else {
            throw ParityError(.schema, "The driver lists no columns for table \(tableName) in \(connector.displayName); check the user's privileges on it.", table: name)
        }
        let reportedSchema: String? = engine.schemaIsCatalog ? configured : (engine.hasSchemas ? tableSchema : nil)
        return TableSchema(schema: reportedSchema, name: tableName, columns: columns)
    }

    /// The type name as a column definition would write it: `varchar(100)`, `decimal(12,2)`;
    /// Oracle's character and RAW types with their length in bytes (`VARCHAR2(400 BYTE)`, from
    /// `CHAR_OCTET_LENGTH`, which ``OracleDialect`` sizes row texts by); timestamps and times
    /// with their fractional digits when they have any (`datetime(3)`); other types by name
    /// alone; MySQL's in lower case. PostgreSQL's names are kept as psqlODBC gives them (`pg_type.typname`), which
    /// casts accept.
    static func typeName(_ name: String, engine: ODBCEngine, size: Int?, digits: Int?, octets: Int?) -> String {
        // MySQL's catalogue spells types in lower case (`information_schema.COLUMNS.DATA_TYPE`);
        // MariaDB Connector/ODBC reports them in upper case.
        let name = engine == .mysql ? name.lowercased() : name
        guard engine != .postgresql, !name.contains("("), let size, size > 0 else { return name }
        let lowered = name.lowercased()
        if engine == .oracle, ["varchar2", "nvarchar2", "char", "nchar", "varchar", "raw"].contains(lowered) {
            return "\(name)(\(octets.flatMap { $0 > 0 ? $0 : nil } ?? size) BYTE)"
        }
        switch lowered {
        case "decimal", "numeric": return "\(name)(\(size),\(digits ?? 0))"
        case "char", "varchar", "nchar", "nvarchar", "varchar2", "nvarchar2", "binary", "varbinary", "raw": return "\(name)(\(size))"
        // Fractional-second digits (DECIMAL_DIGITS), which timestamp_precision compares at.
        case "datetime", "timestamp", "time", "datetime2", "datetimeoffset":
            guard let digits, digits > 0 else { return name }
            return "\(name)(\(digits))"
        default: return name
        }
    }

    /// The query for ``mysqlFractionDigits(database:table:)``: name, table and fractional-second
    /// digits of the table's temporal columns that have any (`DATETIME(3)` → 3), in the database
    /// bound first (`database`) or the current one; the table name is bound last. Table names
    /// compare case-insensitively in information_schema, so the caller keeps the exact name only.
    static func mysqlFractionDigitsQuery(database: Bool) -> String {
        "SELECT COLUMN_NAME, TABLE_NAME, CAST(DATETIME_PRECISION AS CHAR) FROM information_schema.COLUMNS "
            + "WHERE TABLE_SCHEMA = \(database ? "?" : "DATABASE()") AND TABLE_NAME = ? AND DATETIME_PRECISION > 0"
    }

    /// Fractional-second digits of the MySQL/MariaDB table's columns, by lower-case column name
    /// (MySQL column names are case-insensitive).
    private func mysqlFractionDigits(database: String?, table: String) throws -> [String: Int] {
        let statement = SQLStatement(Self.mysqlFractionDigitsQuery(database: database != nil),
                                     binds: (database.map { [SQLValue.text($0)] } ?? []) + [.text(table)])
        let rows = try connector.run(statement, kinds: [.text, .text, .text], cancellation: nil)
        var digits: [String: Int] = [:]
        for row in rows where row[1].canonicalText == table {
            if let name = row[0].canonicalText, let value = row[2].canonicalText.flatMap({ Int($0) }) { digits[name.lowercased()] = value }
        }
        return digits
    }

    private static func integer(_ value: SQLValue) -> Int? {
        switch value {
        case .integer(let number): return Int(number)
        case .decimal(let text), .text(let text): return Int(text)
        default: return nil
        }
    }

    /// A catalogue argument escaped for use as a search pattern (`_` and `%` are wildcards).
    private func escape(_ text: String) -> String {
        guard let escape = searchEscape, !escape.isEmpty else { return text }
        var result = ""
        for character in text {
            if character == "_" || character == "%" || String(character) == escape { result += escape }
            result.append(character)
        }
        return result
    }

    /// `SQL_SEARCH_PATTERN_ESCAPE`, usually a backslash.
    private var searchEscape: String? {
        var buffer = [SQLWCHAR](repeating: 0, count: 8)
        var length: SQLSMALLINT = 0
        guard ODBCResult.succeeded(SQLGetInfoW(connection.raw, SQLUSMALLINT(SQL_SEARCH_PATTERN_ESCAPE), &buffer, SQLSMALLINT(buffer.count * 2), &length)) else {
            return nil
        }
        return ODBCText.string(buffer, count: Int(length) / 2)
    }

    /// Calls `body` with `text` as a NUL-terminated UTF-16 argument and its length
    /// (`SQL_NTS`), or with a null pointer and 0 when `text` is `nil`.
    private static func withWide<R>(_ text: String?, _ body: (UnsafeMutablePointer<SQLWCHAR>?, SQLSMALLINT) -> R) -> R {
        guard let text else { return body(nil, 0) }
        var units = ODBCText.wide(text)
        return units.withUnsafeMutableBufferPointer { body($0.baseAddress, SQLSMALLINT(SQL_NTS)) }
    }

    /// Runs a catalogue function on a new statement and reads its rows.
    private func read(_ function: String, kinds: [ValueKind], _ call: (SQLHSTMT?) -> SQLRETURN) throws -> [[SQLValue]] {
        guard !connector.connectionLost else {
            throw ParityError(.connection, "The ODBC connection to \(connector.displayName) was lost; open a new connection.", sql: function)
        }
        do {
            let handle = try connection.child(SQLSMALLINT(SQL_HANDLE_STMT), code: .query)
            defer { handle.free() }
            try ODBCFailure.check(call(handle.raw), function, handle)
            return try ODBCResultReader(statement: handle, kinds: kinds, utf8Text: connector.utf8Text).readRowByRow()
        } catch let failure as ODBCFailure {
            let lost = failure.isLostConnection(engine: connector.engine)
            if lost { connector.connectionLost = true }
            throw ParityError(lost ? .connection : .query,
                              "Reading the catalogue of \(connector.displayName) failed: \(failure.message)", sqlState: failure.sqlState, sql: function)
        }
    }
}
