import Foundation
import Logging
import ParityCore
import ParityODBC
import ParityPostgres
import ParitySQLite

/// Opens the connector a configured database names.
public enum ConnectorFactory {
    /// Opens a connector for one side.
    ///
    /// `type: oracle` (also a configuration without `type`), `mysql` (alias `mariadb`) and
    /// `sqlserver` connect through ODBC with `odbc_driver`, or the default driver: the installed
    /// driver whose name contains "Oracle", `MariaDB Unicode`, `ODBC Driver 18 for SQL Server`;
    /// `type: odbc` takes `dsn`, `connection_string`, or `odbc_driver` with host and database.
    ///
    /// - Throws: ``ParityError`` `.unsupported` when the ODBC driver is not installed (with what
    ///   to install), `.connection` when the database cannot be reached.
    public static func open(_ database: DatabaseConfiguration, side: Side, logger: Logger) async throws -> any DatabaseConnector {
        switch database.type {
        case .sqlite:
            return try SQLiteConnector(path: database.path ?? "")
        case .postgresql:
            let settings = PostgresSettings(host: database.host ?? "localhost", port: database.port ?? 5432, database: database.database ?? "",
                                            username: database.username ?? "", password: database.password, schema: database.schema,
                                            sslMode: database.sslMode ?? .prefer, sslRootCertificate: database.sslRootCertificate)
            return try await PostgresConnector.connect(settings, logger: logger)
        case .oracle, .mysql, .sqlserver, .odbc:
            let settings = odbcSettings(database)
            if database.type == .oracle, settings.driver == nil, case .server = settings.address,
               ODBCDrivers.oracleDriver(in: ODBCDrivers.installed()) == nil {
                let subject = database.typeWasGiven ? "Oracle" : "Oracle (no type is given for \(side.rawValue)_database, which means Oracle)"
                throw ODBCDrivers.oracleDriverMissing(subject: subject)
            }
            return try await ODBCConnector.connect(settings, logger: logger)
        }
    }

    /// The ODBC settings of a database reached through ODBC.
    static func odbcSettings(_ database: DatabaseConfiguration) -> ODBCSettings {
        let address: ODBCSettings.Address
        if let dsn = database.dsn {
            address = .dataSource(dsn)
        } else if let connectionString = database.connectionString {
            address = .connectionString(connectionString)
        } else {
            address = .server(host: database.host, port: database.port, database: database.database)
        }
        let engine: ODBCEngine?
        switch database.type {
        case .oracle: engine = .oracle
        case .mysql: engine = .mysql
        case .sqlserver: engine = .sqlserver
        default: engine = nil
        }
        return ODBCSettings(address: address, driver: database.odbcDriver, engine: engine, username: database.username,
                            password: database.password, schema: database.schema)
    }
}
