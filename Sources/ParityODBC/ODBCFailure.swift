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

    /// The driver's messages on one line, or the function name when there are none.
    var message: String {
        diagnostics.isEmpty ? "\(function) failed without a diagnostic record" : ODBCDiagnostic.summary(diagnostics)
    }
}
