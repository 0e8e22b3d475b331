import Foundation
import ParityCore
import ParityPostgres

/// The engine of a configured database. `oracle`, `mysql` (MariaDB too) and `sqlserver` are
/// reached through ODBC; `odbc` is any ODBC data source, its engine detected at connect.
public enum DatabaseType: String, Sendable, CaseIterable {
    case postgresql, sqlite, oracle, mysql, sqlserver, odbc
}

/// One side's connection settings, validated, with the password resolved.
public struct DatabaseConfiguration: Sendable {
    public var type: DatabaseType
    public var host: String?
    public var port: Int?
    public var database: String?
    public var username: String?
    /// Resolved from `password`, `password_env`, `password_file` or `${VAR}`; never logged.
    public var password: String?
    /// SQLite file path (relative paths are relative to the configuration file).
    public var path: String?
    public var schema: String?
    /// ODBC data source name from `odbc.ini` (`dsn`), for types reached through ODBC.
    public var dsn: String?
    /// A complete ODBC connection string (`connection_string`); it may hold `PWD=…`, so it is
    /// shown only masked.
    public var connectionString: String?
    /// The ODBC driver name as registered in `odbcinst.ini` (`odbc_driver`).
    public var odbcDriver: String?
    /// Whether `type` was written in the file (a missing type means Oracle, as in the seed).
    public var typeWasGiven: Bool
    /// PostgreSQL TLS (`sslmode`); `nil` when not written, which means `prefer`.
    public var sslMode: PostgresSSLMode? = nil
    /// PEM file of trusted CA certificates (`ssl_root_cert`, relative paths resolved against the
    /// configuration file's directory), for `sslmode` `verify-ca` and `verify-full`.
    public var sslRootCertificate: String? = nil
}

/// One configured table.
public struct TableConfiguration: Sendable {
    public var tableName: String
    public var primaryKey: [String]
    public var chunkSize: Int
    public var targetTableName: String?
    public var schema: String?
    public var targetSchema: String?
    public var excludeColumns: [String]
    public var whereClause: String?
    /// `checksum` (default) or `rows`.
    public var compareMode: CompareMode
    /// Equivalence options of the table, inheriting the top-level `equivalence:`.
    public var equivalence = EquivalenceOptions()
    /// Options of single columns (`columns:`), by source column name.
    public var columnEquivalences: [String: EquivalenceOptions] = [:]
    /// Target column name by source column name (`column_map:`).
    public var columnMap: [String: String] = [:]
    /// `guarded_statements`: sync-script statements carry the target's before-image (default false).
    public var guardedStatements: Bool = false
    /// `recheck`: differing rows are read again before they are reported; `nil` when off (default).
    public var recheck: RecheckPolicy? = nil

    /// The table as the comparison runner takes it.
    public var job: TableJob {
        TableJob(name: tableName, sourceSchema: schema, targetName: targetTableName, targetSchema: targetSchema ?? schema,
                 primaryKey: primaryKey, chunkSize: chunkSize, excludeColumns: excludeColumns, filter: whereClause,
                 equivalence: equivalence, columnEquivalences: columnEquivalences, columnMap: columnMap)
    }
}

/// A validated configuration file.
public struct Configuration: Sendable {
    /// Absolute path of the file.
    public var path: String
    public var source: DatabaseConfiguration
    public var target: DatabaseConfiguration
    public var tables: [TableConfiguration]
    /// Where the state store and log live; `comparison_state` beside the working directory by default.
    public var stateDirectory: String
    /// Where sync scripts, summaries and the report are written; the working directory by default.
    public var outputDirectory: String
    /// Chunks compared at once, each worker with its own connection per side (1–64, default 4).
    public var parallelChunks: Int
    /// How transient failures are retried (`retry:`; 3 retries, 1 s first delay, 30 s longest
    /// delay by default).
    public var retry: RetryPolicy = RetryPolicy()
    /// Whether a `password:` is written in the file as is (not `${VAR}`).
    public var holdsPlainPassword = false
    /// Lines to log as warnings when the run starts, e.g. a password in a file others can read.
    public var warnings: [String] = []
}
