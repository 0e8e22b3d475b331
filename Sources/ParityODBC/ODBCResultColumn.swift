import CODBC
import ParityCore

/// One column of a result set as the driver describes it (`SQLDescribeColW`), with the C type it
/// is fetched as and its buffer size for a block fetch.
struct ODBCResultColumn {
    /// How a column's values are fetched.
    enum Fetch {
        /// `SQL_C_SBIGINT`, for integer SQL types (except unsigned `BIGINT`).
        case integer
        /// `SQL_C_DOUBLE`, for `SQL_FLOAT` and `SQL_DOUBLE`.
        case double
        /// `SQL_REAL`, fetched as `SQL_C_DOUBLE` (an exact widening), narrowed back to `Float`,
        /// printed as its shortest text and read back as a double (so `0.1` stays `0.1`, as
        /// `float4::text` gives it). Not `SQL_C_FLOAT`: MariaDB Connector/ODBC 3.1 writes
        /// block-fetched `SQL_C_FLOAT` values 8 bytes apart, so every other row read garbage.
        case float
        /// `SQL_C_TYPE_DATE`.
        case date
        /// `SQL_C_TYPE_TIMESTAMP` (nanosecond fraction).
        case timestamp
        /// `SQL_C_WCHAR`, UTF-16 decoded: every character type, decimals and anything else.
        case text
        /// `SQL_C_CHAR` in the connection's UTF-8 character set, where the connector knows it
        /// is UTF-8 (MariaDB and MySQL with `CHARSET=utf8mb4`): character types, decimals,
        /// dates and timestamps as the server prints them, with no conversion in the driver.
        case utf8Text
        /// `SQL_C_BINARY`.
        case binary
    }

    /// 1-based column number.
    let number: SQLUSMALLINT
    let sqlType: Int
    /// `SQLDescribeCol`'s column size: characters for character types, digits for decimals,
    /// bytes for binary types; 0 when unknown.
    let size: Int
    let kind: ValueKind
    let fetch: Fetch

    /// The largest character or binary column (characters or bytes) read with a block fetch;
    /// longer or unknown ones (LOBs, `TEXT`) are read with repeated `SQLGetData`.
    static let blockFetchLimit = 8192

    /// - Parameter utf8Text: the connection's character data is UTF-8, so it is fetched as
    ///   `SQL_C_CHAR` (and dates and timestamps as the server's text).
    init(number: SQLUSMALLINT, sqlType: Int, size: Int, unsigned: Bool, kind: ValueKind, utf8Text: Bool) {
        self.number = number
        self.sqlType = sqlType
        self.size = size
        self.kind = kind
        let text: Fetch = utf8Text ? .utf8Text : .text
        switch sqlType {
        case Int(SQL_TINYINT), Int(SQL_SMALLINT), Int(SQL_INTEGER):
            fetch = .integer
        case Int(SQL_BIGINT):
            fetch = unsigned ? text : .integer
        case Int(SQL_FLOAT), Int(SQL_DOUBLE):
            fetch = .double
        case Int(SQL_REAL):
            fetch = .float
        case Int(SQL_TYPE_DATE), Int(SQL_DATE):
            fetch = !utf8Text && (kind == .date || kind == .timestamp) ? .date : text
        case Int(SQL_TYPE_TIMESTAMP), Int(SQL_TIMESTAMP):
            fetch = !utf8Text && (kind == .date || kind == .timestamp) ? .timestamp : text
        case Int(SQL_BINARY), Int(SQL_VARBINARY), Int(SQL_LONGVARBINARY):
            fetch = .binary
        default:
            fetch = text
        }
    }

    /// The C type for `SQLBindCol` and `SQLGetData`.
    var cType: SQLSMALLINT {
        switch fetch {
        case .integer: return SQLSMALLINT(SQL_C_SBIGINT)
        case .double: return SQLSMALLINT(SQL_C_DOUBLE)
        case .float: return SQLSMALLINT(SQL_C_DOUBLE)
        case .date: return SQLSMALLINT(SQL_C_TYPE_DATE)
        case .timestamp: return SQLSMALLINT(SQL_C_TYPE_TIMESTAMP)
        case .text: return SQLSMALLINT(SQL_C_WCHAR)
        case .utf8Text: return SQLSMALLINT(SQL_C_CHAR)
        case .binary: return SQLSMALLINT(SQL_C_BINARY)
        }
    }

    /// Bytes per value in a block-fetch buffer; `nil` when the column is unbounded.
    ///
    /// Character buffers hold `max(2 × size, size + 8)` UTF-16 code units and a NUL: room for
    /// characters outside the Basic Multilingual Plane (two units each) and for the sign, point
    /// and leading zero a driver may print around a decimal's digits; UTF-8 buffers
    /// `max(4 × size, size + 8)` bytes and a NUL.
    var blockBufferLength: Int? {
        switch fetch {
        case .integer: return MemoryLayout<Int64>.size
        case .double: return MemoryLayout<Double>.size
        case .float: return MemoryLayout<Double>.size
        case .date: return MemoryLayout<SQL_DATE_STRUCT>.stride
        case .timestamp: return MemoryLayout<SQL_TIMESTAMP_STRUCT>.stride
        case .text:
            guard size > 0, size <= Self.blockFetchLimit else { return nil }
            return (max(2 * size, size + 8) + 1) * MemoryLayout<SQLWCHAR>.size
        case .utf8Text:
            guard size > 0, size <= Self.blockFetchLimit else { return nil }
            return max(4 * size, size + 8) + 1
        case .binary:
            guard size > 0, size <= Self.blockFetchLimit else { return nil }
            return size
        }
    }
}
