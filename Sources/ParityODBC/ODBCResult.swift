import CODBC

/// Tests of `SQLRETURN` codes.
enum ODBCResult {
    /// `SQL_SUCCESS` or `SQL_SUCCESS_WITH_INFO`.
    static func succeeded(_ result: SQLRETURN) -> Bool {
        result == SQL_SUCCESS || result == SQL_SUCCESS_WITH_INFO
    }
}
