import CODBC

/// A failed ODBC call inside the connector, with the handle's diagnostics; the connector turns it
/// into a ``ParityError`` that carries the SQL text and the SQLSTATE.
struct ODBCFailure: Error {
    /// The ODBC function that failed, e.g. `SQLExecDirect`.
    var function: String
    var diagnostics: [ODBCDiagnostic]

    /// Throws when `result` is neither `SQL_SUCCESS` nor `SQL_SUCCESS_WITH_INFO`.
    static func check(_ result: SQLRETURN, _ function: String, _ handle: ODBCHandle) throws {
        guard !ODBCResult.succeeded(result) else { return }
        throw ODBCFailure(function: function, diagnostics: handle.diagnostics())
    }

    /// The first SQLSTATE, if the driver gave one.
    var sqlState: String? { diagnostics.first?.sqlState }

    /// Whether the connection is gone, so the work may be retried on a new one: SQLSTATE class 08
    /// (connection exception, e.g. 08S01 communication link failure) from any driver; for MySQL
    /// and MariaDB also what MariaDB Connector/ODBC reports as HY000 or 70100 with the client's or
    /// server's error number: 2006 server has gone away, 2013 lost connection during query, 2055
    /// lost connection (system error), 5013/5014 Connector/C's "Read error"/"Write error" on the
    /// socket (e.g. `Write error: Broken pipe (32)` after a `KILL`), 1927 connection was killed,
    /// 1053 server shutdown in progress (MariaDB error reference, "MariaDB Error Codes").
    func isLostConnection(engine: ODBCEngine?) -> Bool {
        diagnostics.contains { diagnostic in
            if diagnostic.sqlState.hasPrefix("08") { return true }
            guard engine == .mysql else { return false }
            return [2006, 2013, 2055, 5013, 5014, 1927, 1053].contains(diagnostic.nativeError) || diagnostic.sqlState == "70100"
        }
    }

    /// The driver's messages on one line, or the function name when there are none.
    var message: String {
        diagnostics.isEmpty ? "\(function) failed without a diagnostic record" : ODBCDiagnostic.summary(diagnostics)
    }
}
