import Foundation
import ParityCore
import Testing
@testable import ParityCLI

/// Shared pieces: a SQLite pair, so only the keys under test vary.
private let sqliteSides = """
    source_database: {type: sqlite, path: s.sqlite}
    target_database: {type: sqlite, path: t.sqlite}

    """
private let oneTable = "tables:\n  - {table_name: t, primary_key: [id]}\n"

private func failure(_ text: String, loader: ConfigurationLoader = ConfigurationLoader(environment: [:])) -> String {
    do {
        _ = try loader.parse(text, path: "/etc/parity/config.yaml")
        return "no error"
    } catch let error as ParityError {
        #expect(error.code == .configuration)
        return error.description
    } catch {
        return "unexpected \(error)"
    }
}

/// `retry: {attempts, initial_delay, max_delay}` reaches `CompareRequest.retryPolicy`.
@Suite struct RetryConfigurationTests {
    func parse(_ text: String) throws -> Configuration {
        try ConfigurationLoader(environment: [:]).parse(text, path: "/etc/parity/config.yaml")
    }

    @Test func defaultsAreThoseOfRetryPolicy() throws {
        let configuration = try parse(sqliteSides + oneTable)
        #expect(configuration.retry == RetryPolicy(attempts: 3, initialDelay: 1, maxDelay: 30))
        #expect(CompareRequest(configuration: configuration, commandLine: "parity compare c.yaml").retryPolicy == RetryPolicy(attempts: 3, initialDelay: 1, maxDelay: 30))
    }

    @Test func givenValuesReachTheRequest() throws {
        let configuration = try parse(sqliteSides + "retry: {attempts: 5, initial_delay: 0.25, max_delay: 2}\n" + oneTable)
        #expect(configuration.retry == RetryPolicy(attempts: 5, initialDelay: 0.25, maxDelay: 2))
        #expect(CompareRequest(configuration: configuration, commandLine: "parity compare c.yaml").retryPolicy == RetryPolicy(attempts: 5, initialDelay: 0.25, maxDelay: 2))
    }

    @Test func keysLeftOutKeepTheirDefaults() throws {
        #expect(try parse(sqliteSides + "retry:\n  attempts: 0\n" + oneTable).retry == RetryPolicy(attempts: 0, initialDelay: 1, maxDelay: 30))
        #expect(try parse(sqliteSides + "retry:\n  max_delay: 600\n" + oneTable).retry == RetryPolicy(attempts: 3, initialDelay: 1, maxDelay: 600))
        #expect(try parse(sqliteSides + "retry: {initial_delay: 0}\n" + oneTable).retry == RetryPolicy(attempts: 3, initialDelay: 0, maxDelay: 30))
    }

    @Test func repeatedKeysNameTheirMappingsLine() {
        #expect(failure(sqliteSides + "retry:\n  attempts: 2\n  attempts: 3\n" + oneTable)
            == "config.yaml: not valid YAML: the mapping at line 4 has the key attempts more than once; correct the file there (parity init writes a commented sample).")
    }

    @Test func ambiguousGMTOffsetsAreRefused() {
        #expect(failure(sqliteSides + "equivalence: {time_zone: GMT+3}\n" + oneTable)
            == "config.yaml:3: equivalence.time_zone: \"GMT+3\" means opposite offsets to different programs (POSIX reads GMT+3 as UTC−3); write the offset as +03:00 or -03:00, or use an IANA name such as Europe/Moscow")
        #expect(failure(sqliteSides + "equivalence: {time_zone: \"+03:00\"}\n" + oneTable) == "no error")
    }

    @Test func shortenedKeysGetTheKeyTheyShorten() {
        #expect(failure(sqliteSides + "state_dir: st\n" + oneTable) == "config.yaml:3: state_dir: unknown key state_dir; did you mean state_directory?")
        #expect(failure(sqliteSides + "output_dir: out\n" + oneTable) == "config.yaml:3: output_dir: unknown key output_dir; did you mean output_directory?")
    }

    @Test func badValuesNameFileLineAndKey() {
        #expect(failure(sqliteSides + "retry: {attempts: -1}\n" + oneTable)
            == #"config.yaml:3: retry.attempts: expected a whole number from 0 to 100, found "-1""#)
        #expect(failure(sqliteSides + "retry:\n  attempts: 101\n" + oneTable)
            == #"config.yaml:4: retry.attempts: expected a whole number from 0 to 100, found "101""#)
        #expect(failure(sqliteSides + "retry:\n  attempts: 2.5\n" + oneTable)
            == #"config.yaml:4: retry.attempts: expected a whole number from 0 to 100, found "2.5""#)
        #expect(failure(sqliteSides + "retry:\n  initial_delay: -0.5\n" + oneTable)
            == #"config.yaml:4: retry.initial_delay: expected seconds from 0 to 3600, found "-0.5""#)
        #expect(failure(sqliteSides + "retry:\n  max_delay: 3601\n" + oneTable)
            == #"config.yaml:4: retry.max_delay: expected seconds from 0 to 3600, found "3601""#)
        #expect(failure(sqliteSides + "retry:\n  max_delay: .inf\n" + oneTable)
            == #"config.yaml:4: retry.max_delay: expected seconds from 0 to 3600, found ".inf""#)
        #expect(failure(sqliteSides + "retry:\n  initial_delay: 40\n" + oneTable)
            == "config.yaml:4: retry.initial_delay: max_delay (30 s) is shorter than initial_delay (40 s); make max_delay at least initial_delay")
        #expect(failure(sqliteSides + "retry:\n  initial_delay: 2\n  max_delay: 0.5\n" + oneTable)
            == "config.yaml:5: retry.max_delay: max_delay (0.5 s) is shorter than initial_delay (2 s); make max_delay at least initial_delay")
        #expect(failure(sqliteSides + "retry:\n  atempts: 2\n" + oneTable)
            == "config.yaml:4: retry.atempts: unknown key atempts; did you mean attempts?")
        #expect(failure(sqliteSides + "retry: 5\n" + oneTable)
            == "config.yaml:3: retry: expected a mapping of keys to values")
        #expect(failure(sqliteSides + "retries: {attempts: 1}\n" + oneTable)
            == "config.yaml:3: retries: unknown key retries; did you mean retry?")
    }
}

/// `password_file`, the third way to give a password, and the warning about a plain
/// `password:` in a file others can read.
@Suite struct SecretsConfigurationTests {
    /// A directory of its own for files the test writes.
    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parity-secrets-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func postgres(_ passwordLine: String) -> String {
        """
        source_database:
          type: postgresql
          host: db
          database: d
          username: u
          \(passwordLine)
        target_database: {type: sqlite, path: t.sqlite}

        """ + oneTable
    }

    @Test func passwordFileGivesItsFirstLineWithoutTheLineEnd() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, String)] = [
            ("s3cret\n", "s3cret"),
            ("s3cret", "s3cret"),
            ("s3cret\r\n", "s3cret"),
            ("first line\nsecond line\n", "first line"),
            (" spaced ${NOT_SET} $HOME 'q' \"d\" \\ é\n", " spaced ${NOT_SET} $HOME 'q' \"d\" \\ é"),
        ]
        for (index, (contents, expected)) in cases.enumerated() {
            try Data(contents.utf8).write(to: folder.appendingPathComponent("pw\(index)"))
            let configuration = try ConfigurationLoader(environment: [:]).parse(postgres("password_file: pw\(index)"),
                                                                                  path: folder.appendingPathComponent("config.yaml").path)
            #expect(configuration.source.password == expected)
            #expect(configuration.holdsPlainPassword == false)
        }
        let absolute = try ConfigurationLoader(environment: [:]).parse(postgres("password_file: \(folder.path)/pw0"), path: "/elsewhere/config.yaml")
        #expect(absolute.source.password == "s3cret")
    }

    @Test func passwordFileErrors() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("\nsecond\n".utf8).write(to: folder.appendingPathComponent("empty-first"))
        let path = folder.appendingPathComponent("config.yaml").path
        func error(_ line: String) -> String {
            do {
                _ = try ConfigurationLoader(environment: [:]).parse(postgres(line), path: path)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error("password_file: missing.pw")
            == "config.yaml:6: source_database.password_file: \(folder.path)/missing.pw does not exist; write the password on the first line of that file, or fix the path")
        #expect(error("password_file: empty-first")
            == "config.yaml:6: source_database.password_file: the first line of \(folder.path)/empty-first is empty; write the password on it")
        #expect(error("password_file: .")
            == "config.yaml:6: source_database.password_file: cannot read \(folder.path)/.; make it a file this user can read")
        #expect(error("password_file: empty-first\n  password: x")
            == "config.yaml:6: source_database.password_file: give one of password, password_env and password_file, not password and password_file")
    }

    /// Writes `text` as config.yaml with `mode` and loads it.
    func load(_ text: String, mode: Int, environment: [String: String] = [:]) throws -> (Configuration, String) {
        let folder = try directory()
        let file = folder.appendingPathComponent("config.yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        defer { try? FileManager.default.removeItem(at: folder) }
        return (try ConfigurationLoader(environment: environment).load(path: file), file)
    }

    @Test func plainPasswordReadableByOthersIsWarnedAbout() throws {
        for mode in [0o644, 0o604, 0o640, 0o664] {
            let (configuration, file) = try load(postgres("password: \"hunter2\""), mode: mode)
            #expect(configuration.warnings == [
                "\(file) holds a password and is readable by group or others (mode \(String(mode, radix: 8))); chmod 600 \(file), or use password_env or password_file instead of password",
            ])
            #expect(!configuration.warnings.joined().contains("hunter2"))
        }
    }

    @Test func noWarningWhenPrivateOrNotPlain() throws {
        #expect(try load(postgres("password: hunter2"), mode: 0o600).0.warnings == [])
        #expect(try load(postgres("password: hunter2"), mode: 0o400).0.warnings == [])
        #expect(try load(postgres("password: \"${PG_PASS}\""), mode: 0o644, environment: ["PG_PASS": "x"]).0.warnings == [])
        #expect(try load(postgres("password_env: PG_PASS"), mode: 0o644, environment: ["PG_PASS": "x"]).0.warnings == [])
        #expect(try load(sqliteSides + oneTable, mode: 0o644).0.warnings == [])
    }
}
