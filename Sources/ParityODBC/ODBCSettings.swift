import Foundation
import ParityCore

/// How to reach a database through ODBC. The password is held here only; it is passed inside
/// the connection string given to `SQLDriverConnect` and never printed (``description`` and
/// every error show the connection string with `PWD=***`).
public struct ODBCSettings: Sendable, CustomStringConvertible {
    /// Where the database is.
    public enum Address: Sendable {
        /// A data source name from `odbc.ini` (`DSN=…`).
        case dataSource(String)
        /// A complete connection string, used as given (`UID`/`PWD` added when set here and
        /// absent there).
        case connectionString(String)
        /// A server: the driver's attributes are built from these (see ``connectionString(driver:)``).
        /// For SQLite, `database` is the file path.
        case server(host: String?, port: Int?, database: String?)
    }

    /// Where the database is: a DSN, a connection string, or a server.
    public var address: Address
    /// The driver name as registered in `odbcinst.ini`; `nil` for the engine's default
    /// (``ODBCEngine/defaultDriverName``, or the installed Oracle driver). Ignored for a DSN.
    public var driver: String?
    /// The engine the configuration expects; `nil` when it is only known once connected
    /// (`type: odbc`). Decides the default driver and the attribute names.
    public var engine: ODBCEngine?
    /// Login name (`UID`); `nil` to leave it to the DSN or connection string.
    public var username: String?
    /// Password (`PWD`), only ever passed inside the connection string given to
    /// `SQLDriverConnect`; `nil` to leave it to the DSN or connection string.
    public var password: String?
    /// Schema used when a table has none configured (MySQL: the database); `nil` for the
    /// connection's default.
    public var schema: String?
    /// Login timeout in seconds (`SQL_ATTR_LOGIN_TIMEOUT`).
    public var connectTimeout: Int

    public init(address: Address, driver: String? = nil, engine: ODBCEngine? = nil, username: String? = nil, password: String? = nil,
                schema: String? = nil, connectTimeout: Int = 10) {
        self.address = address
        self.driver = driver
        self.engine = engine
        self.username = username
        self.password = password
        self.schema = schema
        self.connectTimeout = connectTimeout
    }

    /// The connection string for `SQLDriverConnect`, password included.
    ///
    /// For a server the attributes follow each driver's documented names, e.g. for MariaDB
    /// Connector/ODBC: `DRIVER={MariaDB Unicode};SERVER=db;PORT=3306;DATABASE=sales;UID=reader;PWD=…;CHARSET=utf8mb4`;
    /// Oracle's driver takes `DBQ=//host:port/service`; SQL Server's `SERVER=host,port`.
    ///
    /// - Parameter driver: the driver to name (already resolved for Oracle); ignored for a DSN
    ///   or a full connection string.
    public func connectionString(driver: String?) -> String {
        let credentials: [(key: String, value: String?)] = [("UID", username), ("PWD", password)]
        // MariaDB Connector/ODBC reads and writes text in this character set (it refuses SET NAMES).
        let characterSet: [(key: String, value: String?)] = engine == .mysql ? [("CHARSET", "utf8mb4")] : []
        switch address {
        case .dataSource(let name):
            return ODBCConnectionString.build([("DSN", name)] + credentials + characterSet)
        case .connectionString(let given):
            let missing = (credentials + characterSet).filter { key, value in value != nil && ODBCConnectionString.value(of: key, in: given) == nil }
            guard !missing.isEmpty else { return given }
            let separator = given.isEmpty || given.hasSuffix(";") ? "" : ";"
            return given + separator + ODBCConnectionString.build(missing)
        case .server(let host, let port, let database):
            let engine = self.engine ?? driver.flatMap { ODBCEngine(driverName: $0) }
            var attributes: [(key: String, value: String?)] = [("DRIVER", driver)]
            switch engine {
            case .oracle:
                let location = (host ?? "localhost") + (port.map { ":\($0)" } ?? "")
                attributes.append(("DBQ", "//" + location + (database.map { "/" + $0 } ?? "")))
            case .sqlserver:
                attributes.append(("SERVER", host.map { $0 + (port.map { ",\($0)" } ?? "") }))
                attributes.append(("DATABASE", database))
            case .sqlite:
                attributes.append(("DATABASE", database))
            default:
                attributes += [("SERVER", host), ("PORT", port.map(String.init)), ("DATABASE", database)]
            }
            attributes += credentials
            if engine == .mysql { attributes.append(("CHARSET", "utf8mb4")) }
            return ODBCConnectionString.build(attributes)
        }
    }

    /// `engine://user@host:port/database`, `odbc:DSN=name` or the masked connection string;
    /// never the password.
    public var description: String {
        switch address {
        case .dataSource(let name):
            return "odbc:DSN=\(name)" + (username.map { " as \($0)" } ?? "")
        case .connectionString(let given):
            return "odbc:" + ODBCConnectionString.masked(given)
        case .server(let host, let port, let database):
            let scheme = (engine ?? driver.flatMap { ODBCEngine(driverName: $0) })?.scheme ?? "odbc"
            if engine == .sqlite { return "sqlite:\(database ?? "")" }
            let user = username.map { $0 + "@" } ?? ""
            return "\(scheme)://\(user)\(hostForAddress(host ?? "localhost"))\(port.map { ":\($0)" } ?? "")/\(database ?? "")"
        }
    }

    /// Every secret in these settings (the password and any `PWD`-like attribute of a given
    /// connection string), to scrub from driver messages.
    var secrets: [String] {
        var values = password.map { [$0] } ?? []
        if case .connectionString(let given) = address { values += ODBCConnectionString.secrets(in: given) }
        return values.filter { !$0.isEmpty }
    }
}
