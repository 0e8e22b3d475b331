import Foundation
import ParityCore
import ParityPostgres
import Testing

/// `sslmode` against the test server, which scripts/test-services sets up with TLS: a certificate
/// for the host name `localhost` only, signed by a test CA (`PARITY_TEST_PG_CA`), and a role
/// (`parity_tls`) that pg_hba.conf lets in over TLS only. `pg_stat_ssl` shows each session's
/// encryption, so the tests prove it rather than assume it.
@Suite("PostgreSQL TLS")
struct PostgresTLSTests {
    static let sslQuery = SQLStatement("SELECT ssl::text FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()")

    static func settings(host: String = "localhost", username: String = TestEnvironment.tlsUsername, mode: PostgresSSLMode,
                         rootCertificate: String? = nil) -> PostgresSettings {
        let environment = TestEnvironment.current
        return PostgresSettings(host: host, port: environment.port, database: "postgres", username: username, password: environment.password,
                                connectTimeout: 30, sslMode: mode, sslRootCertificate: rootCertificate)
    }

    /// Whether the connector's own session is encrypted, as the server sees it.
    static func encrypted(_ settings: PostgresSettings) async throws -> String? {
        let connector = try await PostgresConnector.connect(settings)
        do {
            let rows = try await connector.query(sslQuery, resultKinds: [.text])
            await connector.close()
            return rows.first?.first?.canonicalText
        } catch {
            await connector.close()
            throw error
        }
    }

    /// The one-line error of a connect that must fail, checked for the password.
    static func connectFailure(_ settings: PostgresSettings) async -> String {
        do {
            let connector = try await PostgresConnector.connect(settings)
            await connector.close()
            return "connected"
        } catch let error as ParityError {
            #expect(error.code == .connection)
            #expect(!error.description.contains(TestEnvironment.current.password))
            #expect(!error.description.contains("\n"))
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    /// What the connector says of its own session (the `Source connection:` log line).
    static func transportSecurity(_ settings: PostgresSettings) async throws -> String? {
        let connector = try await PostgresConnector.connect(settings)
        let security = await connector.transportSecurity()
        await connector.close()
        return security
    }

    @Test("each sslmode's session described as the server sees it")
    func describesTransport() async throws {
        let environment = TestEnvironment.current
        #expect(try await Self.transportSecurity(Self.settings(host: environment.host, username: environment.username, mode: .disable))
            == "not encrypted (sslmode disable)")
        #expect(try await Self.transportSecurity(Self.settings(mode: .prefer)) == "encrypted (TLSv1.3; sslmode prefer: certificate not verified)")
        #expect(try await Self.transportSecurity(Self.settings(mode: .require)) == "encrypted (TLSv1.3; sslmode require: certificate not verified)")
        #expect(try await Self.transportSecurity(Self.settings(host: environment.host, mode: .verifyCA, rootCertificate: TestEnvironment.certificateAuthority))
            == "encrypted (TLSv1.3; sslmode verify-ca: certificate verified, host name not checked)")
        // prefer against a server without TLS: the disturb cluster has none.
        var plain = Self.settings(host: environment.host, username: environment.username, mode: .prefer)
        plain.port = TestEnvironment.disturbPort
        #expect(try await Self.transportSecurity(plain) == "not encrypted (sslmode prefer: the server offers no TLS)")
    }

    @Test("require: the session is encrypted (pg_stat_ssl.ssl), also for the TLS-only role")
    func requireEncrypts() async throws {
        #expect(try await Self.encrypted(Self.settings(host: TestEnvironment.current.host, username: TestEnvironment.current.username, mode: .require)) == "true")
        #expect(try await Self.encrypted(Self.settings(host: TestEnvironment.current.host, mode: .require)) == "true")
    }

    @Test("prefer, the default: encrypted when the server offers TLS")
    func preferEncrypts() async throws {
        #expect(try await Self.encrypted(Self.settings(mode: .prefer)) == "true")
    }

    @Test("disable: the session is not encrypted, and the TLS-only role is refused")
    func disableIsPlain() async throws {
        let environment = TestEnvironment.current
        #expect(try await Self.encrypted(Self.settings(host: environment.host, username: environment.username, mode: .disable)) == "false")
        let refused = await Self.connectFailure(Self.settings(host: environment.host, mode: .disable))
        #expect(refused == "Cannot connect to postgresql://\(TestEnvironment.tlsUsername)@\(environment.host):\(environment.port)/postgres: pg_hba.conf rejects connection for host \"127.0.0.1\", user \"\(TestEnvironment.tlsUsername)\", database \"postgres\", no encryption; check host, port, database, username and password. (SQLSTATE 28000)")
    }

    @Test("verify-full with the CA that signed the certificate, to the host it names: encrypted")
    func verifyFullConnects() async throws {
        #expect(try await Self.encrypted(Self.settings(mode: .verifyFull, rootCertificate: TestEnvironment.certificateAuthority)) == "true")
    }

    @Test("verify-full with another CA: one line naming TLS and the certificate, no password")
    func verifyFullWrongAuthority() async throws {
        let environment = TestEnvironment.current
        let other = TestEnvironment.otherCertificateAuthority
        let message = await Self.connectFailure(Self.settings(mode: .verifyFull, rootCertificate: other))
        #expect(message == "Cannot connect to postgresql://\(TestEnvironment.tlsUsername)@localhost:\(environment.port)/postgres: TLS: the server's certificate is not signed by the CA certificates in ssl_root_cert \(other) (certificate verify failed); set ssl_root_cert to the PEM file of the CA that signed it.")
        // verify-ca checks the chain the same way.
        let chain = await Self.connectFailure(Self.settings(mode: .verifyCA, rootCertificate: other))
        #expect(chain == message)
    }

    @Test("verify-full without ssl_root_cert uses the system trust store, which does not hold the test CA")
    func verifyFullSystemTrustStore() async throws {
        let message = await Self.connectFailure(Self.settings(mode: .verifyFull))
        #expect(message == "Cannot connect to postgresql://\(TestEnvironment.tlsUsername)@localhost:\(TestEnvironment.current.port)/postgres: TLS: the server's certificate is not signed by the system trust store (no ssl_root_cert is given) (certificate verify failed); set ssl_root_cert to the PEM file of the CA that signed it.")
    }

    /// The test certificate names `localhost` only (no IP address): by 127.0.0.1 the chain is
    /// trusted but the host name check fails; verify-ca, which skips it, connects.
    @Test("verify-full to 127.0.0.1, which the certificate does not name: host name failure; verify-ca connects")
    func verifyFullWrongHostName() async throws {
        let message = await Self.connectFailure(Self.settings(host: "127.0.0.1", mode: .verifyFull, rootCertificate: TestEnvironment.certificateAuthority))
        #expect(message == "Cannot connect to postgresql://\(TestEnvironment.tlsUsername)@127.0.0.1:\(TestEnvironment.current.port)/postgres: TLS: the server's certificate is not for host 127.0.0.1 (sslmode verify-full checks the host name); connect by a name the certificate lists, or use sslmode verify-ca.")
        #expect(try await Self.encrypted(Self.settings(host: "127.0.0.1", mode: .verifyCA, rootCertificate: TestEnvironment.certificateAuthority)) == "true")
    }

    @Test("an ssl_root_cert that holds no PEM certificate: one line saying so")
    func rootCertificateNotPEM() async throws {
        try await Workspace.with("tls-not-pem") { workspace in
            let file = try workspace.write("not a certificate\n", to: "ca.pem")
            let message = await Self.connectFailure(Self.settings(mode: .verifyFull, rootCertificate: file.path))
            #expect(message == "Cannot connect to postgresql://\(TestEnvironment.tlsUsername)@localhost:\(TestEnvironment.current.port)/postgres: TLS: ssl_root_cert \(file.path) holds no PEM certificate; give the PEM file of the CA that signed the server's certificate.")
        }
    }

    @Test("parity compare over sslmode verify-full, as the TLS-only role: exit status 1 and the exact differences")
    func compareOverVerifyFull() async throws {
        try await Workspace.with("tls-compare") { workspace in
            let source = try await workspace.database(.postgresql, "tls_src")
            let target = try await workspace.database(.postgresql, "tls_tgt")
            for database in [source, target] {
                try await database.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2))",
                                           "INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 3000) g")
            }
            try await target.execute("UPDATE items SET price = price + 1 WHERE id % 100 = 0", "DELETE FROM items WHERE id % 250 = 0",
                                     "INSERT INTO items VALUES (5000, 'extra', 1.00)")
            func block(_ key: String, _ database: TestDatabase) -> String {
                """
                \(key):
                  type: postgresql
                  host: localhost
                  port: \(TestEnvironment.current.port)
                  database: \(YAML.quoted(database.name))
                  username: \(YAML.quoted(TestEnvironment.tlsUsername))
                  password_env: \(TestEnvironment.passwordVariable)
                  sslmode: verify-full
                  ssl_root_cert: \(YAML.quoted(TestEnvironment.certificateAuthority))

                """
            }
            let text = block("source_database", source) + block("target_database", target)
                + "state_directory: state\noutput_directory: out\ntables:\n  - table_name: items\n    primary_key: [id]\n    chunk_size: 500\n"
            let configuration = try workspace.write(text, to: "config.yaml")
            let comparison = try await workspace.compare(configuration)
            #expect(comparison.run.status == 1, "\(comparison.run.transcript)")
            #expect(try comparison.report.table("items").counts == Counts(matching: 2_964, missingInTarget: 12, missingInSource: 1, different: 24))
            for (side, database) in [("Source", source), ("Target", target)] {
                let line = "INFO - \(side) connection: postgresql://\(TestEnvironment.tlsUsername)@localhost:\(TestEnvironment.current.port)/\(database.name), encrypted (TLSv1.3; sslmode verify-full: certificate and host name verified)"
                #expect(comparison.run.messages.filter { $0 == line }.count == 1, "\(comparison.run.transcript)")
            }
            #expect(!comparison.run.stderr.contains(TestEnvironment.current.password))

            // The same configuration with the wrong CA stops before any session with one line.
            let wrong = try workspace.write(text.replacingOccurrences(of: TestEnvironment.certificateAuthority, with: TestEnvironment.otherCertificateAuthority),
                                            to: "wrong.yaml")
            let refused = try await workspace.parity(["compare", wrong.path, "--state-dir", "state-wrong", "--output-dir", "out-wrong"])
            #expect(refused.status == 2, "\(refused.transcript)")
            let errors = refused.messages.filter { $0.hasPrefix("ERROR") }
            #expect(errors.count == 1, "\(refused.transcript)")
            #expect(errors.first?.contains("TLS: the server's certificate is not signed by the CA certificates in ssl_root_cert \(TestEnvironment.otherCertificateAuthority)") == true,
                    "\(refused.transcript)")
            #expect(!refused.stderr.contains(TestEnvironment.current.password))
        }
    }
}
