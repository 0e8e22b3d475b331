import Foundation
import GRDB
import ParityCore

/// A SQLite database file as a comparison side, read through GRDB.
///
/// The file is opened read-only. Column kinds follow SQLite's type-affinity rules on the
/// declared type (sqlite.org/datatype3.html §3.1), refined by names: `DECIMAL`/`NUMERIC` →
/// exact decimal, `DATE` → date, `DATETIME`/`TIMESTAMP` → timestamp, `BOOL` → boolean.
public final class SQLiteConnector: DatabaseConnector {
    private let queue: DatabaseQueue
    public let path: String
    public var dialect: any Dialect { SQLiteDialect() }
    public var displayName: String { "sqlite:\(path)" }

    /// Opens a SQLite file.
    ///
    /// - Parameters:
    ///   - path: the database file; it must exist.
    ///   - readOnly: open read-only (the default for comparison sides).
    /// - Throws: ``ParityError`` `.connection` when the file does not exist or cannot be opened.
    public init(path: String, readOnly: Bool = true) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ParityError(.connection, "SQLite database \(path) does not exist; check path in the configuration.")
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        // A live database: while another process commits, wait for its lock (up to 10 s)
        // instead of failing the chunk with "database is locked".
        configuration.busyMode = .timeout(10)
        configuration.label = "parity-connector"
        configuration.prepareDatabase { db in
            db.add(function: SQLiteConnector.hashFunction)
            db.add(function: SQLiteConnector.sumFunction)
            db.add(function: SQLiteConnector.canonicalFunction)
            db.add(function: SQLiteConnector.lengthFunction)
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ParityError(.connection, "Cannot open SQLite database \(path): \(Self.message(error))")
        }
        self.path = path
    }

    /// `parity_hash60(bytes)`: ``RowHasher/hash(_:)`` of the UTF-8 text (a BLOB, so that text
    /// holding NUL arrives whole), NULL for NULL.
    static let hashFunction = DatabaseFunction(SQLiteDialect.hashFunction, argumentCount: 1, pure: true) { values in
        guard let text = wholeText(values[0]) else { return nil }
        return RowHasher.hash(text)
    }

    /// `parity_length(bytes)`: the number of Unicode code points of UTF-8 text passed as a BLOB,
    /// as ``RowHasher`` counts them; NULL for NULL.
    static let lengthFunction = DatabaseFunction(SQLiteDialect.lengthFunction, argumentCount: 1, pure: true) { values in
        guard let text = wholeText(values[0]) else { return nil }
        return text.unicodeScalars.count
    }

    /// A function argument as text: a BLOB's bytes decoded as UTF-8, else the value's text
    /// (which GRDB cuts at the first NUL).
    static func wholeText(_ value: DatabaseValue) -> String? {
        if case .blob(let data) = value.storage { return String(decoding: data, as: UTF8.self) }
        return String.fromDatabaseValue(value)
    }

    /// `parity_canonical(value, kind)`: the canonical text of a stored value read as that kind,
    /// exactly as row comparison sees it (``SQLValue/canonicalText``); NULL for NULL.
    static let canonicalFunction = DatabaseFunction(SQLiteDialect.canonicalFunction, argumentCount: 2, pure: true) { values in
        guard let name = String.fromDatabaseValue(values[1]), let kind = ValueKind(rawValue: name) else { return nil }
        return SQLiteConnector.value(values[0], kind: kind).canonicalText
    }

    /// `parity_sum60(hash)`: the sum of hashes modulo 2^60 (0 for no rows).
    static let sumFunction = DatabaseFunction(SQLiteDialect.sumFunction, argumentCount: 1, pure: true, aggregate: HashSum.self)

    struct HashSum: DatabaseAggregate {
        var sum: UInt64 = 0
        init() {}
        mutating func step(_ values: [DatabaseValue]) throws {
            if let hash = Int64.fromDatabaseValue(values[0]) { sum = RowHasher.add(sum, hash) }
        }
        func finalize() throws -> (any DatabaseValueConvertible)? { Int64(sum) }
    }

    public func describeTable(schema: String?, name: String) async throws -> TableSchema {
        try await run(sql: "PRAGMA table_info") { db in
            var found = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", arguments: [name])
            if found.isEmpty {
                found = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = lower(?)", arguments: [name])
            }
            guard found.count == 1 else {
                throw ParityError(.schema, found.isEmpty
                    ? "Table \(name) does not exist in \(self.path); check table_name in the configuration."
                    : "Table name \(name) matches \(found.count) tables in \(self.path) when case is ignored; write it exactly.", table: name)
            }
            let tableName = found[0]
            var columns: [ParityCore.ColumnInfo] = []
            for row in try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", arguments: [tableName]) {
                let declared: String = row["type"] ?? ""
                let notNull: Int = row["notnull"] ?? 0
                let primaryKey: Int = row["pk"] ?? 0
                columns.append(ParityCore.ColumnInfo(name: row["name"], typeName: declared, kind: Self.kind(ofDeclaredType: declared),
                                          isNullable: notNull == 0 && primaryKey == 0))
            }
            return TableSchema(schema: nil, name: tableName, columns: columns)
        }
    }

    public func query(_ statement: SQLStatement, resultKinds: [ValueKind]) async throws -> [[SQLValue]] {
        try await run(sql: statement.sql) { db in
            let arguments = StatementArguments(statement.binds.map(Self.databaseValue))
            let cursor = try Row.fetchCursor(db, sql: statement.sql, arguments: arguments)
            var rows: [[SQLValue]] = []
            while let row = try cursor.next() {
                var values: [SQLValue] = []
                values.reserveCapacity(resultKinds.count)
                for index in 0..<resultKinds.count {
                    var value = row[index] as DatabaseValue
                    if case .string = value.storage {
                        // GRDB reads text up to its first NUL; the bytes are read whole.
                        value = try row.withUnsafeData(atIndex: index) { data in
                            data.map { String(decoding: $0, as: UTF8.self).databaseValue } ?? value
                        }
                    }
                    values.append(Self.value(value, kind: resultKinds[index]))
                }
                rows.append(values)
            }
            return rows
        }
    }

    public func close() async {
        try? queue.close()
    }

    private func run<T: Sendable>(sql: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await queue.read(body)
        } catch let error as ParityError {
            throw error
        } catch let error as DatabaseError {
            throw ParityError(.query, "SQLite query failed on \(path): \(error.message ?? "\(error.resultCode)")", sql: sql)
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }

    /// The value kind of a declared column type.
    public static func kind(ofDeclaredType declared: String) -> ValueKind {
        ValueKind.sqliteAffinity(ofDeclaredType: declared)
    }

    /// Maps a stored value to the value model for a column of `kind`.
    static func value(_ value: DatabaseValue, kind: ValueKind) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number):
            switch kind {
            case .boolean: return .boolean(number != 0)
            case .decimal: return .decimal(String(number))
            case .double: return .double(Double(number))
            case .text: return .text(String(number))
            default: return .integer(number)
            }
        case .double(let number):
            switch kind {
            case .text: return .text(SQLValue.double(number).canonicalText ?? "")
            default: return .double(number)
            }
        case .string(let text):
            switch kind {
            case .date: return .date(text)
            case .time: return .time(text)
            case .timestamp: return .timestamp(text)
            case .timestampWithTimeZone: return .timestampWithTimeZone(text)
            case .decimal, .integer: return DecimalText.isDecimal(text) ? .decimal(text) : .text(text)
            default: return .text(text)
            }
        case .blob(let data): return .bytes([UInt8](data))
        }
    }

    static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let number): return number.databaseValue
        case .decimal(let text):
            if let number = Int64(text) { return number.databaseValue }
            return text.databaseValue
        case .double(let number): return number.databaseValue
        case .boolean(let flag): return (flag ? 1 : 0 as Int64).databaseValue
        case .bytes(let bytes): return Data(bytes).databaseValue
        case .text(let text), .date(let text), .time(let text), .timestamp(let text), .timestampWithTimeZone(let text):
            return text.databaseValue
        }
    }
}
