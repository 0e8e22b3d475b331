import Foundation

/// The PostgreSQL server the integration tests use, from `PARITY_TEST_PG_*` (scripts/test exports
/// them), defaulting to what scripts/test-services sets up.
struct TestEnvironment: Sendable {
    var host: String
    var port: Int
    var username: String
    var password: String

    static let current: TestEnvironment = {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String, _ fallback: String) -> String {
            guard let value = environment[name], !value.isEmpty else { return fallback }
            return value
        }
        return TestEnvironment(host: value("PARITY_TEST_PG_HOST", "127.0.0.1"),
                               port: Int(value("PARITY_TEST_PG_PORT", "5432")) ?? 5432,
                               username: value("PARITY_TEST_PG_USER", "parity"),
                               password: value("PARITY_TEST_PG_PASSWORD", "parity_test_password"))
    }()

    /// Name of the variable the generated configurations read the password from (`password_env`),
    /// so no password is written into a test file.
    static let passwordVariable = "PARITY_TEST_PG_PASSWORD"
}

/// A failure of the test harness itself (not of Parity), with what to do about it.
struct IntegrationTestError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }

    /// PostgreSQL cannot be reached: the integration tests are required, so this is a failure.
    static func postgresUnreachable(_ environment: TestEnvironment, _ error: any Error) -> IntegrationTestError {
        IntegrationTestError("""
            PostgreSQL is not reachable at \(environment.host):\(environment.port) as role \(environment.username) \
            (\(String(reflecting: error))). The integration tests require it: run scripts/test, which installs and \
            starts PostgreSQL and creates the test role (or set PARITY_TEST_PG_HOST/PORT/USER/PASSWORD).
            """)
    }
}
