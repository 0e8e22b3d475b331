import Foundation
import ParityCore
import ParityODBC
import Testing

/// One MariaDB database created for one test (`parity_it_<label>_<suffix>`, utf8mb4 with the
/// case- and accent-insensitive `utf8mb4_unicode_ci` collation, as on a typical server).
/// Statements run through Parity's ODBC connector opened read-write, scripts with the `mariadb`
/// client, as a user would.
final class MariaDBTestDatabase: Sendable {
    let name: String
    private let connector: ODBCConnector

    private init(name: String, connector: ODBCConnector) {
        self.name = name
        self.connector = connector
    }

    /// Opens a read-write connection to `database` (none: no default database).
    static func connect(database: String?) async throws -> ODBCConnector {
        let environment = MariaDBEnvironment.current
        let settings = ODBCSettings(address: .server(host: environment.host, port: environment.port, database: database),
                                    driver: MariaDBEnvironment.mariadbDriver, engine: .mysql, username: environment.username,
                                    password: environment.password, connectTimeout: 30)
        do {
            return try await ODBCConnector.connect(settings, readOnly: false)
        } catch {
            throw IntegrationTestError.mariadbUnreachable(environment, error)
        }
    }

    /// Creates a uniquely named database.
    static func create(label: String) async throws -> MariaDBTestDatabase {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let name = "parity_it_\(label.lowercased())_\(suffix)"
        let admin = try await connect(database: nil)
        do {
            _ = try await admin.query(SQLStatement("CREATE DATABASE `\(name)` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"), resultKinds: [])
        } catch {
            await admin.close()
            throw IntegrationTestError("MariaDB refused CREATE DATABASE \(name): \(error)")
        }
        await admin.close()
        return MariaDBTestDatabase(name: name, connector: try await connect(database: name))
    }

    /// Closes the test's connection and drops the database.
    func drop() async {
        await connector.close()
        if let admin = try? await Self.connect(database: nil) {
            _ = try? await admin.query(SQLStatement("DROP DATABASE IF EXISTS `\(name)`"), resultKinds: [])
            await admin.close()
        }
    }

    /// Runs statements one by one.
    func execute(_ statements: String...) async throws {
        try await execute(statements)
    }

    func execute(_ statements: [String]) async throws {
        for sql in statements {
            do {
                _ = try await connector.query(SQLStatement(sql), resultKinds: [])
            } catch {
                throw IntegrationTestError("MariaDB \(name) refused: \(sql.prefix(300))\n\(error)")
            }
        }
    }

    /// The rows of a query, every value as text (`nil` for NULL); select `CAST(… AS CHAR)` or
    /// `HEX(…)` for values that are not text.
    func strings(_ sql: String, columns: Int) async throws -> [[String?]] {
        let rows = try await connector.query(SQLStatement(sql), resultKinds: Array(repeating: .text, count: columns))
        return rows.map { row in row.map { $0.canonicalText } }
    }

    /// Applies a sync script as a user would: `mariadb --default-character-set=utf8mb4 DB`
    /// reading the file (the password in `MYSQL_PWD`, never on the command line).
    ///
    /// `--abort-source-on-error`: without it `-e "source FILE"` goes on past a failed statement
    /// (committing the rest) and exits with status 0, so a failing script would pass unnoticed.
    func apply(script: URL) async throws {
        let environment = MariaDBEnvironment.current
        let client = try Self.clientPath()
        let result = try await Subprocess.run(
            executable: client,
            arguments: ["--default-character-set=utf8mb4", "--batch", "--abort-source-on-error", "-h", environment.host, "-P", String(environment.port),
                        "-u", environment.username, name, "-e", "source \(script.path)"],
            environment: ["MYSQL_PWD": environment.password],
            workingDirectory: script.deletingLastPathComponent())
        guard result.status == 0, !result.killedBySignal else {
            throw IntegrationTestError("mariadb could not apply \(script.lastPathComponent) (status \(result.status)):\n\(result.stderr)")
        }
    }

    /// `mariadb` (or `mysql`) from PATH.
    static func clientPath() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").flatMap { ["\($0)/mariadb", "\($0)/mysql"] } + ["/usr/bin/mariadb"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw IntegrationTestError("The mariadb client is not installed; run scripts/test, which installs MariaDB and its client.")
        }
        return found
    }

    /// The `source_database:`/`target_database:` block: `type: mariadb` (through ODBC with the
    /// default driver), the password from `PARITY_TEST_MARIADB_PASSWORD`.
    func configurationBlock(_ key: String) -> String {
        let environment = MariaDBEnvironment.current
        return """
            \(key):
              type: mariadb
              host: \(YAML.quoted(environment.host))
              port: \(environment.port)
              database: \(YAML.quoted(name))
              username: \(YAML.quoted(environment.username))
              password_env: \(MariaDBEnvironment.passwordVariable)

            """
    }
}

extension TestDatabase {
    /// The block for this PostgreSQL database reached through psqlODBC (`type: odbc` with
    /// `odbc_driver`), the password from `PARITY_TEST_PG_PASSWORD`.
    func odbcConfigurationBlock(_ key: String) -> String {
        let environment = TestEnvironment.current
        return """
            \(key):
              type: odbc
              odbc_driver: \(YAML.quoted(MariaDBEnvironment.postgresDriver))
              host: \(YAML.quoted(environment.host))
              port: \(environment.port)
              database: \(YAML.quoted(name))
              username: \(YAML.quoted(environment.username))
              password_env: \(TestEnvironment.passwordVariable)

            """
    }
}

extension Workspace {
    /// A new MariaDB database, dropped when the test ends.
    func mariadb(_ label: String) async throws -> MariaDBTestDatabase {
        let database = try await MariaDBTestDatabase.create(label: label)
        track { await database.drop() }
        return database
    }

    /// Writes a configuration from two `*_database:` blocks and returns its URL.
    /// - Parameter top: more top-level YAML lines (e.g. `equivalence: {…}`); each table's
    ///   ``TableEntry/options`` are written into its entry.
    func writeConfiguration(_ name: String = "config.yaml", sourceBlock: String, targetBlock: String, tables: [TableEntry],
                            stateDirectory: String = "state", outputDirectory: String = "out", top: [String] = []) throws -> URL {
        var text = sourceBlock + targetBlock
        for line in top { text += line + "\n" }
        text += "state_directory: \(YAML.quoted(stateDirectory))\n"
        text += "output_directory: \(YAML.quoted(outputDirectory))\n"
        text += "tables:\n"
        for table in tables {
            text += "  - table_name: \(YAML.quoted(table.name))\n"
            text += "    primary_key: [\(table.primaryKey.map(YAML.quoted).joined(separator: ", "))]\n"
            if let chunkSize = table.chunkSize { text += "    chunk_size: \(chunkSize)\n" }
            for line in table.options { text += "    " + line + "\n" }
        }
        return try write(text, to: name)
    }

    /// Applies every sync script of `comparison` with `apply`, compares again with the same
    /// configuration in a new session, and expects exit status 0 and no difference.
    func applyAndCompareAgain(_ comparison: Comparison, configuration: URL, apply: (URL) async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for entry in comparison.report.tables where entry.syncSqlFile != nil {
            try await apply(try comparison.output.syncScript(entry))
        }
        let again = try await compare(configuration, outputDirectory: "out-after")
        #expect(again.run.status == 0, "\(again.run.transcript)", sourceLocation: sourceLocation)
        for entry in again.report.tables {
            #expect(entry.status == "completed", sourceLocation: sourceLocation)
            #expect(entry.counts.differences == 0, "\(entry.table): \(entry.counts)", sourceLocation: sourceLocation)
            #expect(entry.syncSqlFile == nil, sourceLocation: sourceLocation)
        }
    }
}
