import CODBC
import Foundation
import Logging
import ParityCore

/// A database reached through unixODBC and the database's ODBC driver (Oracle, MySQL/MariaDB,
/// SQL Server, PostgreSQL through psqlODBC, SQLite …) as a comparison side.
///
/// The engine is detected at connect (`SQLGetInfo(SQL_DBMS_NAME)`) and decides the dialect.
/// The session is read-only where the driver allows (`SQL_ATTR_ACCESS_MODE =
/// SQL_MODE_READ_ONLY`) and pinned with the engine's session settings (for PostgreSQL the
/// same as the native connector's: UTC, `extra_float_digits = 1`, hex bytea, ISO dates).
///
/// ODBC calls block, so each connector makes them on its own serial dispatch queue, never on a
/// Swift concurrency thread; a cancelled task stops the running statement with `SQLCancel`.
/// Every handle is freed by ``close()`` or when the connector goes away.
public final class ODBCConnector: DatabaseConnector, @unchecked Sendable {
    // Unchecked Sendable: the handles are used on `queue` only (ODBCCancellation aside).
    private let environment: ODBCHandle
    private let connection: ODBCHandle
    private let queue: DispatchQueue
    private let secrets: [String]
    private let logger: Logger
    public let settings: ODBCSettings
    /// The engine the driver reported.
    public let engine: ODBCEngine
    /// `SQL_DBMS_NAME` and `SQL_DBMS_VER`, e.g. `MariaDB 10.11.19-MariaDB-0+deb12u1`.
    public let dbmsName: String
    /// The driver connected through (`nil` for a DSN or connection string that names its own).
    public let driver: String?
    public let dialect: any Dialect
    public let displayName: String
    /// Whether character data is fetched as UTF-8 `SQL_C_CHAR` (MariaDB and MySQL connected
    /// with `CHARSET=utf8mb4`) rather than UTF-16 `SQL_C_WCHAR`: no conversion in the driver,
    /// about twice as fast.
    let utf8Text: Bool
    /// Set when a statement failed because the connection was lost (on `queue` only): every
    /// later statement fails at once. MariaDB Connector/ODBC (3.1) answers a statement on a
    /// connection it has lost with success and no rows, or with `SQL_INVALID_HANDLE`, which
    /// would read as an empty chunk.
    var connectionLost = false

    private init(environment: ODBCHandle, connection: ODBCHandle, queue: DispatchQueue, settings: ODBCSettings, engine: ODBCEngine,
                 dbmsName: String, driver: String?, dialect: any Dialect, utf8Text: Bool, logger: Logger) {
        self.environment = environment
        self.connection = connection
        self.queue = queue
        self.settings = settings
        self.secrets = settings.secrets
        self.engine = engine
        self.dbmsName = dbmsName
        self.driver = driver
        self.dialect = dialect
        self.utf8Text = utf8Text
        self.logger = logger
        displayName = settings.description + (driver.map { " via ODBC driver \($0)" } ?? " via ODBC")
    }

    deinit {
        connection.free()
        environment.free()
    }

    /// Opens one connection with `SQLDriverConnect`.
    ///
    /// - Parameters:
    ///   - readOnly: ask the driver for a read-only session (the default for comparison sides).
    ///   - logger: receives which driver was picked when none was named.
    /// - Throws: ``ParityError`` `.unsupported` when the driver is not installed (for Oracle:
    ///   naming Oracle Instant Client and the README section) or the engine has no dialect;
    ///   `.connection` with the SQLSTATE and the driver's message when the connection fails
    ///   (showing the connection string with `PWD=***`); `.configuration` when the settings
    ///   name no DSN, connection string or driver.
    public static func connect(_ settings: ODBCSettings, readOnly: Bool = true,
                               logger: Logger = Logger(label: "parity.odbc")) async throws -> ODBCConnector {
        let queue = DispatchQueue(label: "parity.odbc.connection")
        return try await perform(on: queue) { try open(settings, readOnly: readOnly, logger: logger, queue: queue) }
    }

    public func describeTable(schema: String?, name: String) async throws -> TableSchema {
        try await perform(on: queue) { try self.catalogue().describe(schema: schema ?? self.settings.schema, name: name) }
    }

    public func query(_ statement: SQLStatement, resultKinds: [ValueKind]) async throws -> [[SQLValue]] {
        let cancellation = ODBCCancellation()
        return try await withTaskCancellationHandler {
            try await perform(on: queue) { try self.run(statement, kinds: resultKinds, cancellation: cancellation) }
        } onCancel: {
            cancellation.cancel()
        }
    }

    public func close() async {
        _ = try? await perform(on: queue) {
            self.connection.free()
            self.environment.free()
        }
    }

    // MARK: On the connection's queue

    private static func open(_ settings: ODBCSettings, readOnly: Bool, logger: Logger, queue: DispatchQueue) throws -> ODBCConnector {
        let driver = try resolveDriver(settings, logger: logger)
        let environment = try ODBCHandle.environment()
        let connection = try environment.child(SQLSMALLINT(SQL_HANDLE_DBC), code: .connection)
        _ = SQLSetConnectAttrW(connection.raw, SQLINTEGER(SQL_ATTR_LOGIN_TIMEOUT), SQLPOINTER(bitPattern: UInt(max(1, settings.connectTimeout))), 0)
        let connectionString = settings.connectionString(driver: driver)
        var wide = ODBCText.wide(connectionString)
        let result = SQLDriverConnectW(connection.raw, nil, &wide, SQLSMALLINT(SQL_NTS), nil, 0, nil, SQLUSMALLINT(SQL_DRIVER_NOPROMPT))
        // The connection string holds the password: overwrite the copy handed to the driver.
        for index in wide.indices { wide[index] = 0 }
        guard ODBCResult.succeeded(result) else {
            let diagnostics = connection.diagnostics()
            let reason = scrub(ODBCDiagnostic.summary(diagnostics), secrets: settings.secrets)
            throw ParityError(.connection, "Cannot connect to \(settings) through ODBC (\(ODBCConnectionString.masked(connectionString))): \(reason); check the driver, host, port, database, username and password.",
                              sqlState: diagnostics.first?.sqlState)
        }
        let dbmsName = info(connection, SQLUSMALLINT(SQL_DBMS_NAME))
        guard let engine = ODBCEngine(dbmsName: dbmsName) else {
            throw ParityError(.unsupported, "\(settings) is a \(dbmsName.isEmpty ? "database whose driver does not name it" : dbmsName) database, which Parity has no SQL dialect for; it compares PostgreSQL, MySQL/MariaDB, Oracle, SQL Server and SQLite.")
        }
        if let expected = settings.engine, expected != engine {
            logger.warning("The ODBC data source is not the configured engine", metadata: ["configured": "\(expected.rawValue)", "found": "\(dbmsName)"])
        }
        let dialect = engine.dialect
        if readOnly {
            // Drivers that cannot honour it (psqlODBC) say so with an error, and MariaDB
            // Connector/ODBC 3.1 accepts it (SQL_SUCCESS_WITH_INFO) yet leaves the session
            // read-write (@@tx_read_only stays 0): the session settings below make those
            // sessions read-only (ReadOnlyConnectionTests).
            _ = SQLSetConnectAttrW(connection.raw, SQLINTEGER(SQL_ATTR_ACCESS_MODE), SQLPOINTER(bitPattern: UInt(SQL_MODE_READ_ONLY)), 0)
        }
        let connector = ODBCConnector(environment: environment, connection: connection, queue: queue, settings: settings, engine: engine,
                                      dbmsName: (dbmsName + " " + info(connection, SQLUSMALLINT(SQL_DBMS_VER))).trimmingCharacters(in: .whitespaces),
                                      driver: driver, dialect: dialect,
                                      utf8Text: engine == .mysql && Self.isUTF8(ODBCConnectionString.value(of: "CHARSET", in: connectionString)),
                                      logger: logger)
        for setting in engine.sessionSettings(readOnly: readOnly) {
            do {
                _ = try connector.rows(SQLStatement(setting), kinds: [], cancellation: nil)
            } catch let failure as ODBCFailure {
                throw ParityError(.connection, "Cannot set up the session on \(connector.displayName) (\(setting)): \(scrub(failure.message, secrets: settings.secrets))",
                                  sqlState: failure.sqlState, sql: setting)
            }
        }
        return connector
    }

    /// The driver to name in the connection string: the configured one, the engine's default,
    /// or for Oracle the installed driver whose name contains "Oracle".
    private static func resolveDriver(_ settings: ODBCSettings, logger: Logger) throws -> String? {
        guard case .server = settings.address else { return settings.driver }
        if let driver = settings.driver {
            try requireInstalled(driver, engine: settings.engine ?? ODBCEngine(driverName: driver))
            return driver
        }
        guard let engine = settings.engine else {
            throw ParityError(.configuration, "\(settings) names no ODBC driver; set odbc_driver (one of: \(ODBCDrivers.installed().joined(separator: ", "))), dsn or connection_string.")
        }
        if engine == .oracle {
            guard let found = ODBCDrivers.oracleDriver(in: ODBCDrivers.installed()) else { throw ODBCDrivers.oracleDriverMissing() }
            logger.info("Using the installed Oracle ODBC driver", metadata: ["driver": "\(found)"])
            return found
        }
        let name = engine.defaultDriverName ?? ""
        try requireInstalled(name, engine: engine)
        return name
    }

    /// Throws when unixODBC has no driver of that name (a path to a driver library is taken as is).
    ///
    /// An empty list is read again a few times, then left to the connection attempt to judge:
    /// unixODBC's listing of `odbcinst.ini` came back empty once while many processes read it at
    /// the same time (a test run), though the drivers were there.
    private static func requireInstalled(_ driver: String, engine: ODBCEngine?) throws {
        guard !driver.contains("/") else { return }
        var installed = ODBCDrivers.installed()
        for _ in 0..<4 where installed.isEmpty {
            usleep(100_000)
            installed = ODBCDrivers.installed()
        }
        guard !installed.isEmpty || engine == .oracle else { return }
        guard !installed.contains(where: { $0.caseInsensitiveCompare(driver) == .orderedSame }) else { return }
        if engine == .oracle { throw ODBCDrivers.oracleDriverMissing() }
        let package = engine?.driverPackage.map { "install \($0) or " } ?? ""
        let known = installed.isEmpty ? "none is registered" : "registered: \(installed.joined(separator: ", "))"
        throw ParityError(.unsupported, "The ODBC driver \"\(driver)\" is not installed (\(known)); \(package)set odbc_driver to an installed driver.")
    }

    /// Whether a MariaDB Connector/ODBC `CHARSET` value is UTF-8 (`utf8mb4`, `utf8`, `utf8mb3`).
    private static func isUTF8(_ characterSet: String?) -> Bool {
        characterSet?.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("utf8") ?? false
    }

    /// A `SQLGetInfoW` text value; empty when the driver has none.
    private static func info(_ connection: ODBCHandle, _ type: SQLUSMALLINT) -> String {
        var buffer = [SQLWCHAR](repeating: 0, count: 256)
        var length: SQLSMALLINT = 0
        guard ODBCResult.succeeded(SQLGetInfoW(connection.raw, type, &buffer, SQLSMALLINT(buffer.count * 2), &length)) else { return "" }
        return ODBCText.string(buffer, count: Int(length) / 2)
    }

    /// The message with every secret replaced by `***` (drivers may echo the connection string).
    static func scrub(_ message: String, secrets: [String]) -> String {
        secrets.reduce(message) { $0.replacingOccurrences(of: $1, with: ODBCConnectionString.mask) }
    }

    /// Runs one statement and reads its rows.
    ///
    /// - Throws: ``ParityError`` `.query` (`.connection` for a lost connection,
    ///   ``ODBCFailure/isLostConnection(engine:)``) with the SQL
    ///   text and never the bound values; `CancellationError` when the task was cancelled.
    func run(_ statement: SQLStatement, kinds: [ValueKind], cancellation: ODBCCancellation?) throws -> [[SQLValue]] {
        do {
            return try rows(statement, kinds: kinds, cancellation: cancellation)
        } catch let failure as ODBCFailure {
            if cancellation?.isCancelled == true { throw CancellationError() }
            let lost = failure.isLostConnection(engine: engine)
            if lost { connectionLost = true }
            throw ParityError(lost ? .connection : .query, "Query failed on \(displayName): \(Self.scrub(failure.message, secrets: secrets))",
                              sqlState: failure.sqlState, sql: statement.sql)
        }
    }

    /// Runs one statement and reads its rows; errors as the driver reported them.
    ///
    /// - Throws: ``ODBCFailure``, ``ParityError`` `.connection` when the connection is closed,
    ///   `CancellationError`.
    private func rows(_ statement: SQLStatement, kinds: [ValueKind], cancellation: ODBCCancellation?) throws -> [[SQLValue]] {
        guard connection.raw != nil else {
            throw ParityError(.connection, "The ODBC connection to \(displayName) is closed.", sql: statement.sql)
        }
        guard !connectionLost else {
            throw ParityError(.connection, "The ODBC connection to \(displayName) was lost; open a new connection.", sql: statement.sql)
        }
        // psqlODBC takes `?` markers only.
        let prepared = dialect is PostgreSQLDialect ? ODBCPlaceholders.rewrite(statement) : statement
        let handle = try connection.child(SQLSMALLINT(SQL_HANDLE_STMT), code: .query)
        defer {
            cancellation?.end()
            handle.free()
        }
        let parameters = ODBCParameters(prepared.binds)
        try parameters.bind(to: handle)
        var sql = ODBCText.wide(prepared.sql)
        if let cancellation, !cancellation.begin(handle) { throw CancellationError() }
        try execute(handle, &sql)
        var reader = try ODBCResultReader(statement: handle, kinds: kinds, utf8Text: utf8Text)
        if reader.columns.isEmpty { return [] }
        if reader.canFetchBlocks {
            if let rows = try reader.readBlocks() { return rows }
            // A value was longer than the driver said: read the result again, cell by cell.
            _ = SQLFreeStmt(handle.raw, SQLUSMALLINT(SQL_CLOSE))
            try execute(handle, &sql)
            reader = try ODBCResultReader(statement: handle, kinds: kinds, utf8Text: utf8Text)
        }
        return try reader.readRowByRow()
    }

    /// `SQLExecDirectW`; `SQL_NO_DATA` (a statement that touched no row) is success.
    private func execute(_ handle: ODBCHandle, _ sql: inout [SQLWCHAR]) throws {
        let result = SQLExecDirectW(handle.raw, &sql, SQLINTEGER(SQL_NTS))
        if result == SQL_NO_DATA { return }
        try ODBCFailure.check(result, "SQLExecDirect", handle)
    }

    private func catalogue() -> ODBCCatalogue {
        ODBCCatalogue(connector: self, connection: connection, engine: engine)
    }

    /// Runs `body` on `queue` and waits for it without blocking a concurrency thread.
    private static func perform<T: Sendable>(on queue: DispatchQueue, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    private func perform<T: Sendable>(on queue: DispatchQueue, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.perform(on: queue, body)
    }
}
