import Foundation
import Logging
import ParityCore
import ParityPostgres
import ParitySQLite

/// Opens the connector a configured database names.
public enum ConnectorFactory {
    /// Opens a connector for one side.
    ///
    /// - Throws: ``ParityError`` `.unsupported` for engines this build cannot reach yet (with
    ///   what to do), `.connection` when the database cannot be reached.
    public static func open(_ database: DatabaseConfiguration, side: Side, logger: Logger) async throws -> any DatabaseConnector {
        switch database.type {
        case .sqlite:
            return try SQLiteConnector(path: database.path ?? "")
        case .postgresql:
            let settings = PostgresSettings(host: database.host ?? "localhost", port: database.port ?? 5432, database: database.database ?? "",
                                            username: database.username ?? "", password: database.password, schema: database.schema)
            return try await PostgresConnector.connect(settings, logger: logger)
        case .oracle:
            let why = database.typeWasGiven ? "" : " (no type is given for \(side.rawValue)_database, which means Oracle)"
            throw ParityError(.unsupported, "Oracle\(why) is reached through the ODBC connector, which this build does not have yet; set type: postgresql or type: sqlite for \(side.rawValue)_database.")
        case .mysql, .sqlserver, .odbc:
            throw ParityError(.unsupported, "\(database.type.rawValue) for \(side.rawValue)_database needs the ODBC connector, which this build does not have yet; use type: postgresql or type: sqlite.")
        }
    }
}
