import CODBC

/// One diagnostic record of an ODBC handle (`SQLGetDiagRecW`): the SQLSTATE, the driver's native
/// error number and its message.
struct ODBCDiagnostic: Sendable, Equatable {
    /// Five-character SQLSTATE, e.g. `42S02` (table not found) or `08001` (cannot connect).
    var sqlState: String
    /// The database's own error number.
    var nativeError: Int32
    /// The message, with the driver manager's and driver's bracketed prefixes kept.
    var message: String

    /// Every diagnostic record of a handle, first to last (at most 20).
    static func records(of handle: SQLHANDLE?, type: SQLSMALLINT) -> [ODBCDiagnostic] {
        guard let handle else { return [] }
        var records: [ODBCDiagnostic] = []
        var state = [SQLWCHAR](repeating: 0, count: 6)
        var message = [SQLWCHAR](repeating: 0, count: 2048)
        var native: SQLINTEGER = 0
        var length: SQLSMALLINT = 0
        for number in 1...20 {
            let result = SQLGetDiagRecW(type, handle, SQLSMALLINT(number), &state, &native, &message, SQLSMALLINT(message.count), &length)
            guard result == SQL_SUCCESS || result == SQL_SUCCESS_WITH_INFO else { break }
            let count = min(Int(length), message.count - 1)
            records.append(ODBCDiagnostic(sqlState: ODBCText.string(state, count: 5), nativeError: native,
                                          message: ODBCText.string(message, count: max(0, count))))
        }
        return records
    }

    /// The records' messages on one line, without repeats.
    static func summary(_ records: [ODBCDiagnostic]) -> String {
        var seen: Set<String> = []
        var parts: [String] = []
        for record in records where seen.insert(record.message).inserted {
            parts.append(record.message.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        return parts.isEmpty ? "no diagnostic from the driver" : parts.joined(separator: "; ")
    }
}
