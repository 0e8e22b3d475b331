import Foundation
import ParityCore
import ParityPostgres
import Testing
@testable import ParityCLI

/// `sslmode` and `ssl_root_cert` on a PostgreSQL side: parsed, resolved against the configuration
/// file's directory, and every bad value refused with one line naming the file, line and key.
@Suite struct ConfigurationLoaderTLSTests {
    /// A directory holding `ca.pem` (its content is not read by the loader) and the configuration path.
    final class Directory: @unchecked Sendable {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("parity-tls-config-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".utf8).write(to: url.appendingPathComponent("ca.pem"))
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        var configurationPath: String { url.appendingPathComponent("config.yaml").path }
    }

    static func text(source extra: String, type: String = "postgresql") -> String {
        """
        source_database:
          type: \(type)
          host: db.internal
          database: prod
          username: reader
          password_env: PG_PASS
        \(extra)
        target_database:
          type: sqlite
          path: replica.sqlite
        tables:
          - table_name: T
            primary_key: [ID]

        """
    }

    func parse(_ text: String, in directory: Directory) throws -> Configuration {
        try ConfigurationLoader(environment: ["PG_PASS": "s3cret"]).parse(text, path: directory.configurationPath)
    }

    func failure(_ text: String, in directory: Directory) -> String {
        do {
            _ = try parse(text, in: directory)
            return "no error"
        } catch let error as ParityError {
            #expect(error.code == .configuration)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("no sslmode: nil in the configuration, prefer at connect, as libpq")
    func defaultMode() throws {
        let directory = try Directory()
        let configuration = try parse(Self.text(source: ""), in: directory)
        #expect(configuration.source.sslMode == nil)
        #expect(configuration.source.sslRootCertificate == nil)
        #expect(PostgresSettings(host: "h", database: "d", username: "u", password: nil).sslMode == .prefer)
    }

    @Test("every sslmode is read, case-insensitively; ssl_root_cert is resolved against the configuration's directory")
    func modesAndRootCertificate() throws {
        let directory = try Directory()
        for mode in PostgresSSLMode.allCases {
            let configuration = try parse(Self.text(source: "  sslmode: \(mode.rawValue.uppercased())"), in: directory)
            #expect(configuration.source.sslMode == mode)
        }
        let verified = try parse(Self.text(source: "  sslmode: verify-full\n  ssl_root_cert: ca.pem"), in: directory)
        #expect(verified.source.sslMode == .verifyFull)
        #expect(verified.source.sslRootCertificate == directory.url.appendingPathComponent("ca.pem").path)
        let absolute = try parse(Self.text(source: "  sslmode: verify-ca\n  ssl_root_cert: \(directory.url.path)/ca.pem"), in: directory)
        #expect(absolute.source.sslRootCertificate == directory.url.path + "/ca.pem")
    }

    @Test("bad values: one line with file, line and key path")
    func badValues() throws {
        let directory = try Directory()
        #expect(failure(Self.text(source: "  sslmode: verify_full"), in: directory)
            == "config.yaml:7: source_database.sslmode: unknown sslmode \"verify_full\"; did you mean verify-full? use one of disable, prefer, require, verify-ca, verify-full")
        #expect(failure(Self.text(source: "  sslmode: on"), in: directory)
            == "config.yaml:7: source_database.sslmode: unknown sslmode \"on\"; use one of disable, prefer, require, verify-ca, verify-full")
        #expect(failure(Self.text(source: "  sslmode: require\n  ssl_root_cert: ca.pem"), in: directory)
            == "config.yaml:8: source_database.ssl_root_cert: ssl_root_cert is used only with sslmode verify-ca or verify-full (sslmode is require); set sslmode: verify-full")
        #expect(failure(Self.text(source: "  ssl_root_cert: ca.pem"), in: directory)
            == "config.yaml:7: source_database.ssl_root_cert: ssl_root_cert is used only with sslmode verify-ca or verify-full (sslmode is prefer); set sslmode: verify-full")
        #expect(failure(Self.text(source: "  sslmode: verify-full\n  ssl_root_cert: missing.pem"), in: directory)
            == "config.yaml:8: source_database.ssl_root_cert: \(directory.url.path)/missing.pem is not a file; give the PEM file of the CA that signed the server's certificate")
        #expect(failure(Self.text(source: "  sslmode: verify-full", type: "mariadb"), in: directory)
            == "config.yaml:7: source_database.sslmode: sslmode is for type postgresql, not mysql; a database reached through ODBC takes its TLS settings from the driver, DSN or connection_string")
        #expect(failure(Self.text(source: "  ssl_mode: require"), in: directory)
            == "config.yaml:7: source_database.ssl_mode: unknown key ssl_mode; did you mean sslmode?")
        #expect(failure(Self.text(source: "  ssl_root_certificate: ca.pem"), in: directory).hasPrefix("config.yaml:7: source_database.ssl_root_certificate: unknown key ssl_root_certificate;"))
    }

    @Test("sslmode and ssl_root_cert are not part of the session fingerprint: TLS does not change results")
    func notFingerprinted() throws {
        let directory = try Directory()
        let plain = try parse(Self.text(source: ""), in: directory)
        let verified = try parse(Self.text(source: "  sslmode: verify-full\n  ssl_root_cert: ca.pem"), in: directory)
        #expect(plain.fingerprint(tables: ["T"]) == verified.fingerprint(tables: ["T"]))
    }
}
