import CODBC
import ParityCore

/// One ODBC handle (environment, connection or statement), freed exactly once when the object
/// goes away or ``free()`` is called.
///
/// Handles are not thread-safe; ``ODBCConnector`` uses each of its handles from its own serial
/// queue only (ODBC allows `SQLCancel` from another thread, which is the one exception).
final class ODBCHandle: @unchecked Sendable {
    /// `SQL_HANDLE_ENV`, `SQL_HANDLE_DBC` or `SQL_HANDLE_STMT`.
    let type: SQLSMALLINT
    private(set) var raw: SQLHANDLE?
    /// The parent is kept alive until this handle is freed (a connection outlives its statements).
    private let parent: ODBCHandle?

    private init(type: SQLSMALLINT, raw: SQLHANDLE, parent: ODBCHandle?) {
        self.type = type
        self.raw = raw
        self.parent = parent
    }

    deinit { free() }

    /// Allocates an environment handle set to ODBC 3 behaviour.
    ///
    /// - Throws: ``ParityError`` `.connection` when the driver manager cannot allocate one.
    static func environment() throws -> ODBCHandle {
        var raw: SQLHANDLE?
        let result = SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &raw)
        guard ODBCResult.succeeded(result), let raw else {
            throw ParityError(.connection, "The ODBC driver manager (unixODBC) could not allocate an environment; check that unixodbc is installed.")
        }
        let handle = ODBCHandle(type: SQLSMALLINT(SQL_HANDLE_ENV), raw: raw, parent: nil)
        _ = SQLSetEnvAttr(raw, SQLINTEGER(SQL_ATTR_ODBC_VERSION), SQLPOINTER(bitPattern: UInt(SQL_OV_ODBC3)), 0)
        return handle
    }

    /// Allocates a child handle: a connection of an environment, or a statement of a connection.
    ///
    /// - Throws: ``ParityError`` with `code` and the driver's diagnostics.
    func child(_ type: SQLSMALLINT, code: ParityError.Code) throws -> ODBCHandle {
        var child: SQLHANDLE?
        let result = SQLAllocHandle(type, raw, &child)
        guard ODBCResult.succeeded(result), let child else {
            throw ParityError(code, "ODBC could not allocate a \(type == SQL_HANDLE_STMT ? "statement" : "connection") handle: \(ODBCDiagnostic.summary(diagnostics()))",
                              sqlState: diagnostics().first?.sqlState)
        }
        return ODBCHandle(type: type, raw: child, parent: self)
    }

    /// The handle's current diagnostic records.
    func diagnostics() -> [ODBCDiagnostic] {
        ODBCDiagnostic.records(of: raw, type: type)
    }

    /// Frees the handle (a connection is disconnected first). Safe to call more than once.
    func free() {
        guard let handle = raw else { return }
        raw = nil
        if type == SQL_HANDLE_DBC { _ = SQLDisconnect(handle) }
        _ = SQLFreeHandle(type, handle)
    }
}
