import Foundation
import ParityCore
import ParityODBC
import ParityPostgres
import ParitySQLite
import Testing

/// A comparison side is opened read-only: a write through it fails at the server (or in SQLite),
/// and the data stays as it was. (The sync script is for a person to run, never Parity.)
@Suite("Read-only connections")
struct ReadOnlyConnectionTests {
    static let writes = ["INSERT INTO items VALUES (99, 'new')", "UPDATE items SET name = 'changed' WHERE id = 1", "DELETE FROM items WHERE id = 2"]

    @Test("PostgreSQL native connector: every write fails with SQLSTATE 25006 (default_transaction_read_only)")
    func postgresWritesFail() async throws {
        try await Workspace.with("readonly-pg") { workspace in
            let database = try await workspace.database(.postgresql, "readonly")
            try await database.execute("CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'one'), (2, 'two')")
            let environment = TestEnvironment.current
            let connector = try await PostgresConnector.connect(PostgresSettings(host: environment.host, port: environment.port, database: database.name,
                                                                                 username: environment.username, password: environment.password))
            #expect(try await connector.query(SQLStatement("SHOW default_transaction_read_only"), resultKinds: [.text]) == [[.text("on")]])
            for sql in Self.writes + ["CREATE TABLE other (id int)", "SET default_transaction_read_only = off; INSERT INTO items VALUES (98, 'x')"] {
                do {
                    _ = try await connector.query(SQLStatement(sql), resultKinds: [])
                    Issue.record("a write succeeded through a read-only PostgreSQL connection: \(sql)")
                } catch let error as ParityError {
                    #expect(error.code == .query, "\(sql): \(error)")
                    if sql.hasPrefix("SET") {
                        // Two statements in one are refused by the extended protocol before anything runs.
                        #expect(error.sqlState == "42601", "\(sql): \(error)")
                    } else {
                        #expect(error.sqlState == "25006", "\(sql): \(error)")
                        #expect(error.description.hasSuffix("cannot execute \(sql.split(separator: " ")[0] + (sql.hasPrefix("CREATE") ? " TABLE" : "")) in a read-only transaction (SQLSTATE 25006)"), "\(error)")
                    }
                }
            }
            await connector.close()
            #expect(try await database.strings("SELECT id::text || ':' || name FROM items ORDER BY id") == [["1:one"], ["2:two"]])
            #expect(try await database.strings("SELECT count(*)::text FROM pg_catalog.pg_tables WHERE tablename = 'other'") == [["0"]])
        }
    }

    @Test("MariaDB through ODBC: the session is READ ONLY and every write fails with SQLSTATE 25006")
    func mariadbWritesFail() async throws {
        try await Workspace.with("readonly-mariadb") { workspace in
            let database = try await workspace.mariadb("readonly")
            try await database.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))", "INSERT INTO items VALUES (1, 'one'), (2, 'two')")
            let environment = MariaDBEnvironment.current
            let settings = ODBCSettings(address: .server(host: environment.host, port: environment.port, database: database.name),
                                        driver: MariaDBEnvironment.mariadbDriver, engine: .mysql, username: environment.username,
                                        password: environment.password, connectTimeout: 30)
            let connector = try await ODBCConnector.connect(settings)
            let flag = try await connector.query(SQLStatement("SELECT CAST(@@session.tx_read_only + 0 AS CHAR)"), resultKinds: [.text])
            #expect(flag == [[.text("1")]], "\(flag)")
            for sql in Self.writes {
                do {
                    _ = try await connector.query(SQLStatement(sql), resultKinds: [])
                    Issue.record("a write succeeded through a read-only MariaDB connection: \(sql)")
                } catch let error as ParityError {
                    #expect(error.code == .query, "\(sql): \(error)")
                    #expect(error.sqlState == "25006", "\(sql): \(error)")
                    #expect(error.description.contains("Cannot execute statement in a READ ONLY transaction"), "\(error)")
                    #expect(!error.description.contains(environment.password))
                }
            }
            await connector.close()
            #expect(try await database.strings("SELECT CONCAT(id, ':', name) FROM items ORDER BY id", columns: 1) == [["1:one"], ["2:two"]])
        }
    }

    @Test("SQLite connector: the file is opened read-only; every write fails and the file is unchanged")
    func sqliteWritesFail() async throws {
        try await Workspace.with("readonly-sqlite") { workspace in
            let database = try await workspace.database(.sqlite, "readonly")
            try await database.execute("CREATE TABLE items (id integer PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'one'), (2, 'two')")
            let connector = try SQLiteConnector(path: database.name)
            for sql in Self.writes + ["CREATE TABLE other (id int)"] {
                do {
                    _ = try await connector.query(SQLStatement(sql), resultKinds: [])
                    Issue.record("a write succeeded through a read-only SQLite connection: \(sql)")
                } catch let error as ParityError {
                    #expect(error.code == .query, "\(sql): \(error)")
                    #expect(error.description == "SQLite query failed on \(database.name): attempt to write a readonly database", "\(error)")
                }
            }
            await connector.close()
            #expect(try await database.strings("SELECT id || ':' || name FROM items ORDER BY id") == [["1:one"], ["2:two"]])
            #expect(try await database.strings("SELECT count(*) FROM sqlite_master WHERE name = 'other'") == [["0"]])
        }
    }
}
