import Foundation
import CODBC
import ParityCore

/// Maps a catalogue column (`SQLColumns`: `TYPE_NAME`, `DATA_TYPE`) to the value-model kind it
/// is read as, engine by engine, falling back to the ODBC SQL type code.
enum ODBCTypeMap {
    /// The kind of a column of `engine` with the driver's type name and ODBC SQL type.
    ///
    /// For example `int4` (psqlODBC) and `int` (MariaDB) → integer, `NUMBER` (Oracle) → exact
    /// decimal, `datetimeoffset` (SQL Server) → timestamp with time zone, `DATE` (Oracle, which
    /// holds a time of day) → timestamp.
    ///
    /// - Parameter size: the column size (`COLUMN_SIZE`); a MySQL `BIT` wider than one bit is an
    ///   integer, not a boolean (`BIT(12)` holds 0…4095).
    static func kind(engine: ODBCEngine, typeName: String, dataType: Int, size: Int? = nil) -> ValueKind {
        var name = typeName.lowercased()
        if let parenthesis = name.firstIndex(of: "(") {
            // `timestamp(6) with time zone` → `timestamp with time zone`
            let close = name[parenthesis...].firstIndex(of: ")").map { name.index(after: $0) } ?? name.endIndex
            name = String(name[..<parenthesis] + name[close...])
        }
        name = name.replacingOccurrences(of: " identity", with: "").trimmingCharacters(in: .whitespaces)
        let unsigned = name.contains("unsigned")
        name = name.replacingOccurrences(of: " unsigned", with: "").replacingOccurrences(of: " zerofill", with: "")
        let known: ValueKind?
        switch engine {
        case .postgresql: known = postgresql[name]
        case .mysql:
            if name == "bit", let size, size > 1 { known = .integer } else { known = name == "bigint" && unsigned ? .decimal : mysql[name] }
        case .oracle: known = oracle(name)
        case .sqlserver: known = sqlserver[name]
        case .sqlite: known = ValueKind.sqliteAffinity(ofDeclaredType: typeName)
        }
        return known ?? kind(dataType: dataType)
    }

    /// The kind of an ODBC SQL type code (`SQL_INTEGER`, `SQL_TYPE_TIMESTAMP`, …).
    static func kind(dataType: Int) -> ValueKind {
        switch dataType {
        case Int(SQL_TINYINT), Int(SQL_SMALLINT), Int(SQL_INTEGER), Int(SQL_BIGINT): return .integer
        case Int(SQL_DECIMAL), Int(SQL_NUMERIC): return .decimal
        case Int(SQL_REAL), Int(SQL_FLOAT), Int(SQL_DOUBLE): return .double
        case Int(SQL_BIT): return .boolean
        case Int(SQL_BINARY), Int(SQL_VARBINARY), Int(SQL_LONGVARBINARY): return .bytes
        case Int(SQL_TYPE_DATE), Int(SQL_DATE): return .date
        case Int(SQL_TYPE_TIME), Int(SQL_TIME): return .time
        case Int(SQL_TYPE_TIMESTAMP), Int(SQL_TIMESTAMP): return .timestamp
        default: return .text
        }
    }

    /// `pg_type.typname` as psqlODBC reports it, the same map as the native connector's.
    private static let postgresql: [String: ValueKind] = [
        "int2": .integer, "int4": .integer, "int8": .integer, "oid": .integer, "numeric": .decimal, "float4": .double,
        "float8": .double, "bool": .boolean, "bytea": .bytes, "date": .date, "time": .time, "timetz": .time,
        "timestamp": .timestamp, "timestamptz": .timestampWithTimeZone,
        "text": .text, "varchar": .text, "bpchar": .text, "char": .text, "name": .text, "uuid": .text,
    ]

    /// MySQL and MariaDB data types (`DATA_TYPE` of `information_schema.COLUMNS`). `TIMESTAMP`
    /// is an instant (stored in UTC, read in the session's UTC time zone, see
    /// ``MySQLDialect``); `DATETIME` a wall-clock timestamp; `BIT` a boolean.
    private static let mysql: [String: ValueKind] = [
        "tinyint": .integer, "smallint": .integer, "mediumint": .integer, "int": .integer, "integer": .integer,
        "bigint": .integer, "year": .integer, "decimal": .decimal, "numeric": .decimal, "float": .double, "double": .double,
        "real": .double, "double precision": .double, "bit": .boolean, "binary": .bytes, "varbinary": .bytes,
        "tinyblob": .bytes, "blob": .bytes, "mediumblob": .bytes, "longblob": .bytes, "date": .date, "time": .time,
        "datetime": .timestamp, "timestamp": .timestampWithTimeZone, "char": .text, "varchar": .text, "tinytext": .text,
        "text": .text, "mediumtext": .text, "longtext": .text, "enum": .text, "set": .text, "json": .text,
    ]

    /// Oracle types as its ODBC driver names them. `DATE` carries a time of day; `NUMBER` and
    /// `FLOAT` are decimal.
    private static func oracle(_ name: String) -> ValueKind? {
        if name.hasPrefix("timestamp") { return name.contains("time zone") ? .timestampWithTimeZone : .timestamp }
        if name.hasPrefix("interval") { return .text }
        switch name {
        case "number", "float", "decimal", "integer": return .decimal
        case "binary_float", "binary_double": return .double
        case "date": return .timestamp
        case "raw", "long raw", "blob", "bfile": return .bytes
        case "varchar2", "nvarchar2", "char", "nchar", "clob", "nclob", "long", "rowid", "urowid": return .text
        default: return nil
        }
    }

    /// SQL Server types (`timestamp` there is `rowversion`, eight bytes).
    private static let sqlserver: [String: ValueKind] = [
        "bit": .boolean, "tinyint": .integer, "smallint": .integer, "int": .integer, "bigint": .integer,
        "decimal": .decimal, "numeric": .decimal, "money": .decimal, "smallmoney": .decimal, "float": .double, "real": .double,
        "date": .date, "time": .time, "datetime": .timestamp, "datetime2": .timestamp, "smalldatetime": .timestamp,
        "datetimeoffset": .timestampWithTimeZone, "binary": .bytes, "varbinary": .bytes, "image": .bytes,
        "timestamp": .bytes, "rowversion": .bytes, "uniqueidentifier": .text, "char": .text, "varchar": .text,
        "nchar": .text, "nvarchar": .text, "text": .text, "ntext": .text, "xml": .text, "sysname": .text,
    ]
}
