/// A connection to one database: it finds tables in the catalogue and runs statements,
/// mapping driver values to ``SQLValue``. It holds no comparison logic.
///
/// A connector is used by one task at a time; parallel work opens one connector per worker.
public protocol DatabaseConnector: Sendable {
    /// The SQL text of this database's engine.
    var dialect: any Dialect { get }

    /// `engine://user@host:port/database` (or the file path); never the password.
    var displayName: String { get }

    /// Finds a table and its columns in the catalogue. The name is matched exactly first, then
    /// case-insensitively when exactly one table matches.
    ///
    /// - Parameters:
    ///   - schema: the schema to look in; `nil` for the connection's default.
    ///   - name: the table name as written in the configuration.
    /// - Throws: ``ParityError`` `.schema` when the table does not exist or is ambiguous,
    ///   `.query` or `.connection` when the catalogue cannot be read.
    func describeTable(schema: String?, name: String) async throws -> TableSchema

    /// Runs a query and returns its rows, each decoded into the kinds given, one per column.
    ///
    /// - Throws: ``ParityError`` `.query` with the SQLSTATE, or `.connection`.
    func query(_ statement: SQLStatement, resultKinds: [ValueKind]) async throws -> [[SQLValue]]

    /// Closes the connection. Safe to call more than once.
    func close() async

    /// How this connection travels, for the log: `encrypted (TLSv1.3; …)` or `not encrypted
    /// (…)`; `nil` when the connector cannot tell (a local file, an ODBC driver).
    func transportSecurity() async -> String?
}

extension DatabaseConnector {
    public func transportSecurity() async -> String? { nil }
}
