import CODBC
import ParityCore

/// The bound values of one statement (`SQLBindParameter`), kept in memory the driver reads at
/// `SQLExecute` time until this object goes away.
///
/// Integers, floats and binary data are bound typed (`SQL_C_SBIGINT`/`SQL_BIGINT`,
/// `SQL_C_DOUBLE`/`SQL_DOUBLE`, `SQL_C_BINARY`/`SQL_VARBINARY`); text as UTF-16
/// (`SQL_C_WCHAR`/`SQL_WVARCHAR`); decimals, dates, times, timestamps and booleans (`1`/`0`) as
/// ASCII text (`SQL_C_CHAR`/`SQL_VARCHAR`) that the dialect's placeholder casts in SQL.
final class ODBCParameters {
    private var buffers: [UnsafeMutableRawPointer] = []
    private let indicators: UnsafeMutablePointer<SQLLEN>
    private let values: [SQLValue]

    init(_ values: [SQLValue]) {
        self.values = values
        indicators = UnsafeMutablePointer<SQLLEN>.allocate(capacity: max(1, values.count))
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        indicators.deallocate()
    }

    /// Binds every value, in order, to the statement's `?` markers.
    ///
    /// - Throws: ``ODBCFailure`` when the driver refuses a binding.
    func bind(to statement: ODBCHandle) throws {
        for (offset, value) in values.enumerated() {
            let indicator = indicators + offset
            let cType: Int32
            let sqlType: Int32
            var columnSize = 0
            var decimalDigits: SQLSMALLINT = 0
            let buffer: UnsafeMutableRawPointer
            switch value {
            case .null:
                (cType, sqlType) = (SQL_C_CHAR, SQL_VARCHAR)
                buffer = allocate(bytes: [0])
                columnSize = 1
                indicator.pointee = SQLLEN(SQL_NULL_DATA)
            case .integer(let number):
                (cType, sqlType) = (SQL_C_SBIGINT, SQL_BIGINT)
                buffer = allocate(count: 8)
                buffer.storeBytes(of: number, as: Int64.self)
                columnSize = 19
                indicator.pointee = 8
            case .double(let number):
                (cType, sqlType) = (SQL_C_DOUBLE, SQL_DOUBLE)
                buffer = allocate(count: 8)
                buffer.storeBytes(of: number, as: Double.self)
                columnSize = 15
                indicator.pointee = 8
            case .bytes(let bytes):
                (cType, sqlType) = (SQL_C_BINARY, bytes.count > 8000 ? SQL_LONGVARBINARY : SQL_VARBINARY)
                buffer = allocate(bytes: bytes)
                columnSize = max(1, bytes.count)
                indicator.pointee = SQLLEN(bytes.count)
            case .text(let text):
                let units = Array(text.utf16)
                (cType, sqlType) = (SQL_C_WCHAR, units.count > 4000 ? SQL_WLONGVARCHAR : SQL_WVARCHAR)
                buffer = allocate(count: max(2, units.count * 2))
                units.withUnsafeBytes { source in
                    if let base = source.baseAddress { buffer.copyMemory(from: base, byteCount: source.count) }
                }
                columnSize = max(1, units.count)
                indicator.pointee = SQLLEN(units.count * 2)
            case .decimal, .boolean, .date, .time, .timestamp, .timestampWithTimeZone:
                let text: String
                if case .boolean(let flag) = value { text = flag ? "1" : "0" } else { text = value.canonicalText ?? "" }
                if case .decimal(let digits) = value {
                    // The scale is given to drivers that look at it (SQL Server rounds to it).
                    decimalDigits = SQLSMALLINT(digits.split(separator: ".").dropFirst().first?.count ?? 0)
                }
                let utf8 = Array(text.utf8)
                (cType, sqlType) = (SQL_C_CHAR, SQL_VARCHAR)
                buffer = allocate(bytes: utf8)
                columnSize = max(1, utf8.count)
                indicator.pointee = SQLLEN(utf8.count)
            }
            let bufferLength = indicator.pointee > 0 ? indicator.pointee : 1
            let result = SQLBindParameter(statement.raw, SQLUSMALLINT(offset + 1), SQLSMALLINT(SQL_PARAM_INPUT), SQLSMALLINT(cType),
                                          SQLSMALLINT(sqlType), SQLULEN(columnSize), decimalDigits, buffer, bufferLength, indicator)
            try ODBCFailure.check(result, "SQLBindParameter", statement)
        }
    }

    private func allocate(count: Int) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, count), alignment: 8)
        buffers.append(buffer)
        return buffer
    }

    private func allocate(bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let buffer = allocate(count: bytes.count)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.copyMemory(from: base, byteCount: source.count) }
        }
        return buffer
    }
}
