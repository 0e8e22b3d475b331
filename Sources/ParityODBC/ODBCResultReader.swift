import CODBC
import ParityCore

/// Reads the rows of an executed statement into the value model.
///
/// When every column is bounded (numbers, dates, and character or binary columns of at most
/// ``ODBCResultColumn/blockFetchLimit``), rows are fetched in blocks (`SQL_ATTR_ROW_ARRAY_SIZE`)
/// into column-wise bound buffers: one driver call per block instead of one per cell. Otherwise
/// rows are fetched one at a time and every cell read with `SQLGetData`, long values (LOBs) in
/// pieces.
struct ODBCResultReader {
    let statement: ODBCHandle
    let columns: [ODBCResultColumn]

    /// Rows per block at most.
    static let maximumRowsPerBlock = 1000
    /// Buffer bytes per block at most (4 MiB).
    static let blockBufferBudget = 4 << 20
    /// Bytes read per `SQLGetData` call for long values (64 KiB).
    static let pieceSize = 64 << 10

    /// Describes the result set's first `kinds.count` columns.
    ///
    /// - Parameter utf8Text: character data is UTF-8 on this connection (``ODBCResultColumn/Fetch/utf8Text``).
    /// - Throws: ``ODBCFailure``.
    init(statement: ODBCHandle, kinds: [ValueKind], utf8Text: Bool) throws {
        self.statement = statement
        var count: SQLSMALLINT = 0
        try ODBCFailure.check(SQLNumResultCols(statement.raw, &count), "SQLNumResultCols", statement)
        var columns: [ODBCResultColumn] = []
        var name = [SQLWCHAR](repeating: 0, count: 256)
        for index in 0..<min(Int(count), kinds.count) {
            let number = SQLUSMALLINT(index + 1)
            var nameLength: SQLSMALLINT = 0
            var dataType: SQLSMALLINT = 0
            var size: SQLULEN = 0
            var digits: SQLSMALLINT = 0
            var nullable: SQLSMALLINT = 0
            try ODBCFailure.check(SQLDescribeColW(statement.raw, number, &name, SQLSMALLINT(name.count), &nameLength, &dataType, &size, &digits, &nullable),
                                  "SQLDescribeCol", statement)
            var unsigned: SQLLEN = 0
            if dataType == SQL_BIGINT {
                _ = SQLColAttributeW(statement.raw, number, SQLUSMALLINT(SQL_DESC_UNSIGNED), nil, 0, nil, &unsigned)
            }
            columns.append(ODBCResultColumn(number: number, sqlType: Int(dataType), size: size > SQLULEN(Int.max) ? 0 : Int(size),
                                            unsigned: unsigned == SQL_TRUE, kind: kinds[index], utf8Text: utf8Text))
        }
        self.columns = columns
    }

    /// Whether every column can be fetched in blocks.
    var canFetchBlocks: Bool { columns.allSatisfy { $0.blockBufferLength != nil } }

    /// Fetches every row in blocks; `nil` when a value did not fit its buffer (the driver
    /// understated a column's size), in which case the statement must be executed again and
    /// read with ``readRowByRow()``.
    ///
    /// - Throws: ``ODBCFailure``.
    func readBlocks() throws -> [[SQLValue]]? {
        let lengths = columns.map { $0.blockBufferLength ?? 0 }
        let rowBytes = lengths.reduce(0, +) + columns.count * MemoryLayout<SQLLEN>.stride
        var rowsPerBlock = max(1, min(Self.maximumRowsPerBlock, Self.blockBufferBudget / max(1, rowBytes)))
        let handle = statement.raw
        _ = SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROW_BIND_TYPE), SQLPOINTER(bitPattern: UInt(SQL_BIND_BY_COLUMN)), 0)
        if !ODBCResult.succeeded(SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROW_ARRAY_SIZE), SQLPOINTER(bitPattern: UInt(rowsPerBlock)), 0)) {
            rowsPerBlock = 1
        }
        // The driver may have lowered the size (SQLSTATE 01S02): use what it took.
        var granted: SQLULEN = 0
        if ODBCResult.succeeded(SQLGetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROW_ARRAY_SIZE), &granted, 0, nil)), granted >= 1,
           Int(granted) <= rowsPerBlock {
            rowsPerBlock = Int(granted)
        }

        let fetched = UnsafeMutablePointer<SQLULEN>.allocate(capacity: 1)
        fetched.pointee = 0
        let status = UnsafeMutablePointer<SQLUSMALLINT>.allocate(capacity: rowsPerBlock)
        var buffers: [UnsafeMutableRawPointer] = []
        var indicators: [UnsafeMutablePointer<SQLLEN>] = []
        defer {
            _ = SQLFreeStmt(handle, SQLUSMALLINT(SQL_UNBIND))
            _ = SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROWS_FETCHED_PTR), nil, 0)
            _ = SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROW_STATUS_PTR), nil, 0)
            _ = SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROW_ARRAY_SIZE), SQLPOINTER(bitPattern: UInt(1)), 0)
            for buffer in buffers { buffer.deallocate() }
            for indicator in indicators { indicator.deallocate() }
            fetched.deallocate()
            status.deallocate()
        }
        try ODBCFailure.check(SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROWS_FETCHED_PTR), SQLPOINTER(fetched), 0), "SQLSetStmtAttr", statement)
        _ = SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_ROW_STATUS_PTR), SQLPOINTER(status), 0)
        for (column, length) in zip(columns, lengths) {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: length * rowsPerBlock, alignment: 8)
            buffers.append(buffer)
            let indicator = UnsafeMutablePointer<SQLLEN>.allocate(capacity: rowsPerBlock)
            indicators.append(indicator)
            try ODBCFailure.check(SQLBindCol(handle, column.number, column.cType, buffer, SQLLEN(length), indicator), "SQLBindCol", statement)
        }

        var rows: [[SQLValue]] = []
        while true {
            for row in 0..<rowsPerBlock { status[row] = SQLUSMALLINT(SQL_ROW_NOROW) }
            fetched.pointee = 0
            let result = SQLFetch(handle)
            if result == SQL_NO_DATA { break }
            try ODBCFailure.check(result, "SQLFetch", statement)
            rows.reserveCapacity(rows.count + Int(fetched.pointee))
            for row in 0..<min(Int(fetched.pointee), rowsPerBlock) {
                let rowStatus = status[row]
                if rowStatus == SQL_ROW_NOROW { continue }
                if rowStatus == SQL_ROW_ERROR {
                    throw ODBCFailure(function: "SQLFetch", diagnostics: statement.diagnostics())
                }
                var values: [SQLValue] = []
                values.reserveCapacity(columns.count)
                for (index, column) in columns.enumerated() {
                    let length = lengths[index]
                    let indicator = indicators[index][row]
                    if indicator == SQL_NULL_DATA {
                        values.append(.null)
                        continue
                    }
                    let cell = UnsafeRawPointer(buffers[index] + row * length)
                    switch column.fetch {
                    case .integer:
                        values.append(ODBCValueDecoder.value(integer: cell.loadUnaligned(as: Int64.self), kind: column.kind))
                    case .double:
                        values.append(ODBCValueDecoder.value(double: cell.loadUnaligned(as: Double.self), kind: column.kind))
                    case .float:
                        values.append(ODBCValueDecoder.value(text: "\(Float(cell.loadUnaligned(as: Double.self)))", kind: column.kind))
                    case .date:
                        values.append(ODBCValueDecoder.value(date: cell.loadUnaligned(as: SQL_DATE_STRUCT.self), kind: column.kind))
                    case .timestamp:
                        values.append(ODBCValueDecoder.value(timestamp: cell.loadUnaligned(as: SQL_TIMESTAMP_STRUCT.self), kind: column.kind))
                    case .text:
                        guard indicator != SQL_NO_TOTAL, indicator >= 0, indicator <= length - MemoryLayout<SQLWCHAR>.size else { return nil }
                        values.append(ODBCValueDecoder.value(text: ODBCText.string(utf16: cell, byteCount: indicator), kind: column.kind))
                    case .utf8Text:
                        guard indicator != SQL_NO_TOTAL, indicator >= 0, indicator <= length - 1 else { return nil }
                        let text = String(decoding: UnsafeRawBufferPointer(start: cell, count: indicator), as: UTF8.self)
                        values.append(ODBCValueDecoder.value(text: text, kind: column.kind))
                    case .binary:
                        guard indicator != SQL_NO_TOTAL, indicator >= 0, indicator <= length else { return nil }
                        values.append(ODBCValueDecoder.value(bytes: Array(UnsafeRawBufferPointer(start: cell, count: indicator)), kind: column.kind))
                    }
                }
                rows.append(values)
            }
        }
        return rows
    }

    /// Fetches rows one at a time and reads every cell with `SQLGetData`, long values in pieces
    /// of ``pieceSize`` bytes.
    ///
    /// - Throws: ``ODBCFailure``.
    func readRowByRow() throws -> [[SQLValue]] {
        let handle = statement.raw
        let piece = UnsafeMutableRawPointer.allocate(byteCount: Self.pieceSize, alignment: 8)
        defer { piece.deallocate() }
        var rows: [[SQLValue]] = []
        while true {
            let result = SQLFetch(handle)
            if result == SQL_NO_DATA { break }
            try ODBCFailure.check(result, "SQLFetch", statement)
            var values: [SQLValue] = []
            values.reserveCapacity(columns.count)
            for column in columns {
                values.append(try read(column, piece: piece))
            }
            rows.append(values)
        }
        return rows
    }

    /// One cell of the current row.
    private func read(_ column: ODBCResultColumn, piece: UnsafeMutableRawPointer) throws -> SQLValue {
        let handle = statement.raw
        var indicator: SQLLEN = 0
        switch column.fetch {
        case .integer, .double, .float, .date, .timestamp:
            let length = column.blockBufferLength ?? 16
            try ODBCFailure.check(SQLGetData(handle, column.number, column.cType, piece, SQLLEN(length), &indicator), "SQLGetData", statement)
            if indicator == SQL_NULL_DATA { return .null }
            let cell = UnsafeRawPointer(piece)
            switch column.fetch {
            case .integer: return ODBCValueDecoder.value(integer: cell.loadUnaligned(as: Int64.self), kind: column.kind)
            case .double: return ODBCValueDecoder.value(double: cell.loadUnaligned(as: Double.self), kind: column.kind)
            case .float: return ODBCValueDecoder.value(text: "\(Float(cell.loadUnaligned(as: Double.self)))", kind: column.kind)
            case .date: return ODBCValueDecoder.value(date: cell.loadUnaligned(as: SQL_DATE_STRUCT.self), kind: column.kind)
            default: return ODBCValueDecoder.value(timestamp: cell.loadUnaligned(as: SQL_TIMESTAMP_STRUCT.self), kind: column.kind)
            }
        case .text, .utf8Text, .binary:
            // Each call returns the next piece; a character piece ends with a NUL the driver
            // adds (not counted), a binary piece fills the buffer. SQL_SUCCESS marks the last.
            let terminator = column.fetch == .text ? MemoryLayout<SQLWCHAR>.size : (column.fetch == .utf8Text ? 1 : 0)
            var bytes: [UInt8] = []
            var units: [UInt16] = []
            while true {
                let result = SQLGetData(handle, column.number, column.cType, piece, SQLLEN(Self.pieceSize), &indicator)
                if result == SQL_NO_DATA { break }
                try ODBCFailure.check(result, "SQLGetData", statement)
                if indicator == SQL_NULL_DATA { return .null }
                let full = Self.pieceSize - terminator
                let count = result == SQL_SUCCESS && indicator != SQL_NO_TOTAL ? min(Int(indicator), full) : full
                if column.fetch != .text {
                    bytes.append(contentsOf: UnsafeRawBufferPointer(start: piece, count: count))
                } else {
                    let unitCount = count / MemoryLayout<SQLWCHAR>.size
                    UnsafeRawPointer(piece).withMemoryRebound(to: UInt16.self, capacity: unitCount) { typed in
                        units.append(contentsOf: UnsafeBufferPointer(start: typed, count: unitCount))
                    }
                }
                if result == SQL_SUCCESS { break }
            }
            if column.fetch == .binary { return ODBCValueDecoder.value(bytes: bytes, kind: column.kind) }
            let text = column.fetch == .utf8Text ? String(decoding: bytes, as: UTF8.self) : String(decoding: units, as: UTF16.self)
            return ODBCValueDecoder.value(text: text, kind: column.kind)
        }
    }
}
