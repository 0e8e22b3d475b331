import Foundation
import GRDB
import Logging
import PostgresNIO

/// The engines the integration tests run Parity against.
enum Engine: String, Sendable, CaseIterable {
    case postgresql, sqlite
}

/// A source and a target engine: the direction of one comparison.
enum EnginePair: String, Sendable, CaseIterable, CustomStringConvertible {
    case postgresToPostgres = "postgresql→postgresql"
    case sqliteToSQLite = "sqlite→sqlite"
    case postgresToSQLite = "postgresql→sqlite"
    case sqliteToPostgres = "sqlite→postgresql"

    var source: Engine {
        switch self {
        case .postgresToPostgres, .postgresToSQLite: return .postgresql
        case .sqliteToSQLite, .sqliteToPostgres: return .sqlite
        }
    }

    var target: Engine {
        switch self {
        case .postgresToPostgres, .sqliteToPostgres: return .postgresql
        case .sqliteToSQLite, .postgresToSQLite: return .sqlite
        }
    }

    var description: String { rawValue }
}

/// One database created for one test: a uniquely named PostgreSQL database or a SQLite file in
/// the test's temporary directory. Statements run with the test's own connection, not Parity's.
final class TestDatabase: Sendable {
    let engine: Engine
    /// PostgreSQL database name, or SQLite file path.
    let name: String
    private let postgres: PostgresConnection?
    private let sqlite: DatabaseQueue?

    private init(engine: Engine, name: String, postgres: PostgresConnection?, sqlite: DatabaseQueue?) {
        self.engine = engine
        self.name = name
        self.postgres = postgres
        self.sqlite = sqlite
    }

    // MARK: Creating and dropping

    private static let logger = Logger(label: "parity.integration-tests") { _ in SwiftLogNoOpLogHandler() }

    static func connectPostgres(database: String) async throws -> PostgresConnection {
        let environment = TestEnvironment.current
        var configuration = PostgresConnection.Configuration(host: environment.host, port: environment.port, username: environment.username,
                                                             password: environment.password, database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(30)
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw IntegrationTestError.postgresUnreachable(environment, error)
        }
    }

    /// Runs one statement on the maintenance database `postgres`.
    static func administer(_ sql: String) async throws {
        let connection = try await connectPostgres(database: "postgres")
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
        } catch {
            try? await connection.close()
            throw IntegrationTestError("PostgreSQL refused \(sql): \(String(reflecting: error))")
        }
        try await connection.close()
    }

    /// Creates a uniquely named PostgreSQL database, e.g. `parity_it_source_1a2b3c4d`.
    ///
    /// Its default collation is ICU `en-US`, as on a typical production server, where `'B' < 'a'`
    /// is false and `'a-c' < 'a0'`: Parity must order and compare keys in byte order anyway.
    static func createPostgres(label: String) async throws -> TestDatabase {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let name = "parity_it_\(label.lowercased())_\(suffix)"
        try await administer("""
            CREATE DATABASE "\(name)" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'
            """)
        let connection = try await connectPostgres(database: name)
        return TestDatabase(engine: .postgresql, name: name, postgres: connection, sqlite: nil)
    }

    /// Creates an empty SQLite file.
    static func createSQLite(path: String) throws -> TestDatabase {
        let queue = try DatabaseQueue(path: path)
        return TestDatabase(engine: .sqlite, name: path, postgres: nil, sqlite: queue)
    }

    /// Closes the test's connection and drops the PostgreSQL database (the file is removed with
    /// the test's directory).
    func drop() async {
        if let postgres {
            try? await postgres.close()
            try? await Self.administer("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        }
        if let sqlite { try? sqlite.close() }
    }

    // MARK: Running SQL

    /// Runs statements one by one (PostgreSQL's extended protocol takes one statement at a time).
    func execute(_ statements: String...) async throws {
        try await execute(statements)
    }

    func execute(_ statements: [String]) async throws {
        for sql in statements {
            if let postgres {
                do {
                    _ = try await postgres.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger).collect()
                } catch {
                    throw IntegrationTestError("PostgreSQL \(name) refused: \(sql)\n\(String(reflecting: error))")
                }
            } else if let sqlite {
                try await sqlite.writeWithoutTransaction { db in try db.execute(sql: sql) }
            }
        }
    }

    /// The rows of a query, every value as text (`nil` for NULL). On PostgreSQL every selected
    /// expression must be text (`::text`); on SQLite integers and reals are printed, blobs as hex.
    func strings(_ sql: String) async throws -> [[String?]] {
        if let postgres {
            do {
                var rows: [[String?]] = []
                for try await row in try await postgres.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {
                    rows.append(try row.map { try $0.decode(String?.self) })
                }
                return rows
            } catch {
                throw IntegrationTestError("PostgreSQL \(name) refused: \(sql)\n\(String(reflecting: error))")
            }
        }
        guard let sqlite else { return [] }
        return try await sqlite.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                (0..<row.count).map { index -> String? in
                    let value: DatabaseValue = row[index]
                    switch value.storage {
                    case .null: return nil
                    case .int64(let number): return String(number)
                    case .double(let number): return "\(number)"
                    case .string(let text): return text
                    case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
                    }
                }
            }
        }
    }

    /// Applies a sync script as a user would: `psql -v ON_ERROR_STOP=1 -f` on PostgreSQL, the
    /// whole file through SQLite (GRDB `execute(sql:)`) on SQLite.
    func apply(script: URL) async throws {
        switch engine {
        case .sqlite:
            let text = try String(contentsOf: script, encoding: .utf8)
            try await sqlite?.writeWithoutTransaction { db in try db.execute(sql: text) }
        case .postgresql:
            let environment = TestEnvironment.current
            let result = try await Subprocess.run(
                executable: try Self.psqlPath(),
                arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", environment.host, "-p", String(environment.port),
                            "-U", environment.username, "-d", name, "-f", script.path],
                environment: ["PGPASSWORD": environment.password, "PGCONNECT_TIMEOUT": "30"],
                workingDirectory: script.deletingLastPathComponent())
            guard result.status == 0, !result.killedBySignal else {
                throw IntegrationTestError("psql could not apply \(script.lastPathComponent) (status \(result.status)):\n\(result.stderr)")
            }
        }
    }

    /// `psql` from PATH, or from the PostgreSQL installation scripts/test-services sets up.
    static func psqlPath() throws -> String {
        let fileManager = FileManager.default
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/psql" }
        if let versions = try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates += versions.sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/psql" }
        }
        guard let found = candidates.first(where: { fileManager.isExecutableFile(atPath: $0) }) else {
            throw IntegrationTestError("psql is not installed; run scripts/test, which installs PostgreSQL and its client.")
        }
        return found
    }

    // MARK: Configuration

    /// The `source_database:`/`target_database:` block of a Parity configuration for this database.
    func configurationBlock(_ key: String) -> String {
        switch engine {
        case .sqlite:
            return """
                \(key):
                  type: sqlite
                  path: \(YAML.quoted(name))

                """
        case .postgresql:
            let environment = TestEnvironment.current
            return """
                \(key):
                  type: postgresql
                  host: \(YAML.quoted(environment.host))
                  port: \(environment.port)
                  database: \(YAML.quoted(name))
                  username: \(YAML.quoted(environment.username))
                  password_env: \(TestEnvironment.passwordVariable)

                """
        }
    }

    /// A table name as the sync scripts write it for this target: `"public"."t"` or `"t"`.
    func scriptTable(_ table: String) -> String {
        engine == .postgresql ? "\"public\".\"\(table)\"" : "\"\(table)\""
    }
}

/// Writing YAML scalars.
enum YAML {
    /// A double-quoted YAML scalar (JSON string syntax is valid YAML).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
