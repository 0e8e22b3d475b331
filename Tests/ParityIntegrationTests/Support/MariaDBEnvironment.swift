import Foundation

/// The MariaDB server the ODBC tests use, from `PARITY_TEST_MARIADB_*` (scripts/test exports
/// them), defaulting to what scripts/test-services sets up.
struct MariaDBEnvironment: Sendable {
    var host: String
    var port: Int
    var username: String
    var password: String

    static let current: MariaDBEnvironment = {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String, _ fallback: String) -> String {
            guard let value = environment[name], !value.isEmpty else { return fallback }
            return value
        }
        return MariaDBEnvironment(host: value("PARITY_TEST_MARIADB_HOST", "127.0.0.1"),
                                  port: Int(value("PARITY_TEST_MARIADB_PORT", "3306")) ?? 3306,
                                  username: value("PARITY_TEST_MARIADB_USER", "parity"),
                                  password: value("PARITY_TEST_MARIADB_PASSWORD", "parity_test_password"))
    }()

    /// Name of the variable generated configurations read the MariaDB password from.
    static let passwordVariable = "PARITY_TEST_MARIADB_PASSWORD"

    /// The ODBC drivers scripts/test-services installs, as their packages register them.
    static let mariadbDriver = "MariaDB Unicode"
    static let postgresDriver = "PostgreSQL Unicode"
    static let sqliteDriver = "SQLite3"
}

extension IntegrationTestError {
    /// MariaDB or an ODBC driver is missing: the ODBC tests are required, so this is a failure.
    static func mariadbUnreachable(_ environment: MariaDBEnvironment, _ error: any Error) -> IntegrationTestError {
        IntegrationTestError("""
            MariaDB is not reachable through ODBC at \(environment.host):\(environment.port) as user \(environment.username) \
            (\(String(describing: error))). The ODBC tests require it: run scripts/test, which installs and starts MariaDB, \
            creates the test user and installs unixODBC with the MariaDB, PostgreSQL and SQLite ODBC drivers \
            (or set PARITY_TEST_MARIADB_HOST/PORT/USER/PASSWORD).
            """)
    }
}
