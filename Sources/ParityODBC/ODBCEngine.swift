import ParityCore

/// A database engine reached through ODBC, as its driver reports it (`SQLGetInfo(SQL_DBMS_NAME)`):
/// it decides the dialect, the session settings, the default driver name and the names of the
/// connection-string attributes.
public enum ODBCEngine: String, Sendable, CaseIterable {
    case postgresql, mysql, oracle, sqlserver, sqlite

    /// The engine of a `SQL_DBMS_NAME`, e.g. `PostgreSQL`, `MariaDB`, `MySQL`, `Oracle`,
    /// `Microsoft SQL Server`, `SQLite`; `nil` for any other.
    public init?(dbmsName: String) {
        let name = dbmsName.lowercased()
        if name.contains("postgres") { self = .postgresql }
        else if name.contains("mariadb") || name.contains("mysql") { self = .mysql }
        else if name.contains("oracle") { self = .oracle }
        else if name.contains("sql server") { self = .sqlserver }
        else if name.contains("sqlite") { self = .sqlite }
        else { return nil }
    }

    /// The engine a driver's name suggests (`MariaDB Unicode` → MySQL); `nil` when it says none.
    public init?(driverName: String) {
        self.init(dbmsName: driverName.lowercased().replacingOccurrences(of: "psql", with: "postgres"))
    }

    /// The driver name used when the configuration names none: the name the Debian packages
    /// `odbc-postgresql`, `odbc-mariadb` and `libsqliteodbc` and Microsoft's `msodbcsql18`
    /// register in `/etc/odbcinst.ini`. Oracle has none: its driver is looked up by name
    /// (``ODBCDrivers/oracleDriver(in:)``).
    public var defaultDriverName: String? {
        switch self {
        case .postgresql: return "PostgreSQL Unicode"
        case .mysql: return "MariaDB Unicode"
        case .sqlserver: return "ODBC Driver 18 for SQL Server"
        case .sqlite: return "SQLite3"
        case .oracle: return nil
        }
    }

    /// The scheme of ``ODBCConnector/displayName`` (`mysql://…`).
    var scheme: String { rawValue }

    /// Whether the engine's schemas are ODBC catalogs (MySQL/MariaDB databases).
    var schemaIsCatalog: Bool { self == .mysql }

    /// Whether the engine has no schemas at all (SQLite).
    var hasSchemas: Bool { self != .sqlite }

    /// A query returning the schema (MySQL: the database) that unqualified table names resolve
    /// to, `nil` where the engine has none.
    var currentSchemaQuery: String? {
        switch self {
        case .postgresql: return "SELECT current_schema()"
        case .mysql: return "SELECT DATABASE()"
        case .oracle: return "SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM DUAL"
        case .sqlserver: return "SELECT SCHEMA_NAME()"
        case .sqlite: return nil
        }
    }

    /// The Debian package (or vendor package) that installs the engine's ODBC driver.
    var driverPackage: String? {
        switch self {
        case .postgresql: return "odbc-postgresql"
        case .mysql: return "odbc-mariadb"
        case .sqlite: return "libsqliteodbc"
        case .sqlserver: return "Microsoft's msodbcsql18"
        case .oracle: return "Oracle Instant Client Basic and ODBC"
        }
    }

    /// The dialect of the engine's SQL.
    var dialect: any Dialect {
        switch self {
        case .postgresql: return PostgreSQLDialect()
        case .sqlite: return SQLiteDialect()
        case .mysql: return MySQLDialect()
        case .oracle: return OracleDialect()
        case .sqlserver: return SQLServerDialect()
        }
    }

    /// Statements run once per connection, before any query: the settings that make values
    /// arrive in the form the dialect reads them (``MySQLDialect/sessionSettings``,
    /// ``OracleDialect/sessionSettings``, ``SQLServerDialect/sessionSettings``), and for MySQL
    /// and MariaDB a read-only transaction mode.
    ///
    /// PostgreSQL gets the native connector's startup parameters (psqlODBC sets the client
    /// encoding itself): `TimeZone = 'UTC'`, `extra_float_digits = 1`, `bytea_output = 'hex'`,
    /// `DateStyle = 'ISO, YMD'`, `IntervalStyle = 'iso_8601'` and, for a read-only side,
    /// `default_transaction_read_only = on` (psqlODBC ignores `SQL_ATTR_ACCESS_MODE`).
    func sessionSettings(readOnly: Bool) -> [String] {
        switch self {
        case .postgresql:
            return ["SET TimeZone = 'UTC'", "SET extra_float_digits = 1", "SET bytea_output = 'hex'", "SET DateStyle = 'ISO, YMD'",
                    "SET IntervalStyle = 'iso_8601'"] + (readOnly ? ["SET default_transaction_read_only = on"] : [])
        case .mysql:
            // MariaDB Connector/ODBC refuses SET NAMES: it keeps the character set it was given
            // (CHARSET=utf8mb4 in the connection string, see ODBCSettings).
            let settings = MySQLDialect.sessionSettings.filter { !$0.uppercased().hasPrefix("SET NAMES") }
            return settings + (readOnly ? ["SET SESSION TRANSACTION READ ONLY"] : [])
        case .oracle:
            return OracleDialect.sessionSettings
        case .sqlserver:
            return SQLServerDialect.sessionSettings
        case .sqlite:
            return []
        }
    }
}
