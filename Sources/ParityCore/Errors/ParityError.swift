/// The error type of ParityCore and of every connector: a code, a message that says what
/// happened and what to do, and context (table, chunk, SQLSTATE, SQL text without values).
///
/// `description` is the one line shown to a user; it never holds a password or row values.
public struct ParityError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; decides the exit status and whether a retry may help.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case configuration, connection, query, schema, keyOrder, state, output, unsupported, interrupted
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The configuration file is missing, malformed or inconsistent.
        public static let configuration = Code(.configuration)
        /// A database could not be reached or refused the login.
        public static let connection = Code(.connection)
        /// A query failed on a database.
        public static let query = Code(.query)
        /// A table, column or key is missing or does not match on the two sides.
        public static let schema = Code(.schema)
        /// A database returned rows out of the key order Parity asked for.
        public static let keyOrder = Code(.keyOrder)
        /// The state store could not be read or written, or a session is unknown.
        public static let state = Code(.state)
        /// An output file could not be written.
        public static let output = Code(.output)
        /// A feature or database type that this build does not support.
        public static let unsupported = Code(.unsupported)
        /// The run was stopped by a signal.
        public static let interrupted = Code(.interrupted)
        public var description: String { base.rawValue }
    }

    public var code: Code
    /// One sentence: what happened and what to do.
    public var message: String
    /// The table the error concerns, when there is one.
    public var table: String?
    /// The SQLSTATE the database reported, when there is one.
    public var sqlState: String?
    /// The SQL text that failed, without bound values.
    public var sql: String?

    public init(_ code: Code, _ message: String, table: String? = nil, sqlState: String? = nil, sql: String? = nil) {
        self.code = code
        self.message = message
        self.table = table
        self.sqlState = sqlState
        self.sql = sql
    }

    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        return text
    }
}
