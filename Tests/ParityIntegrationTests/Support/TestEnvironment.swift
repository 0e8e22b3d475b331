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

    private static func variable(_ name: String, _ fallback: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return fallback }
        return value
    }

    /// PEM file of the CA that signed the server's certificate (for `localhost` only), from
    /// `PARITY_TEST_PG_CA`; scripts/test-services makes it.
    static var certificateAuthority: String { variable("PARITY_TEST_PG_CA", "/var/lib/postgresql/parity-tls/ca.crt") }
    /// PEM file of a CA that signed nothing the server has (`PARITY_TEST_PG_OTHER_CA`).
    static var otherCertificateAuthority: String { variable("PARITY_TEST_PG_OTHER_CA", "/var/lib/postgresql/parity-tls/other-ca.crt") }
    /// The role pg_hba.conf lets in over TLS only (`hostssl`; `hostnossl … reject`), with the test
    /// role's password and `pg_read_all_data` (`PARITY_TEST_PG_TLS_USER`).
    static var tlsUsername: String { variable("PARITY_TEST_PG_TLS_USER", "parity_tls") }
    /// Port of the second cluster (`disturb`) that the server-restart test restarts
    /// (`PARITY_TEST_PG_DISTURB_PORT`).
    static var disturbPort: Int { Int(variable("PARITY_TEST_PG_DISTURB_PORT", "5433")) ?? 5433 }
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
