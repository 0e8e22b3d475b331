import Foundation
import Testing
@testable import ParityCore

/// Parses every statement the Oracle, SQL Server and MySQL golden tests pin with sqlglot
/// (`scripts/check-sql`), so a golden text that no parser accepts cannot pass unnoticed.
///
/// The check needs python3 and sqlglot from PyPI (installed by the script into `.venv-sqlglot`);
/// when they cannot be had the test fails, it is never skipped.
@Suite("SQL parser check")
struct SQLParserCheckTests {
    /// The repository root: three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The check-sql input of one dialect: its chunk statements, then its case scripts and the
    /// scripts beyond the cases.
    static func input(_ dialect: any Dialect, checkName: String) throws -> String {
        var text = "-- parity:dialect \(checkName)\n"
        for mapping in [try DialectFixtures.singleKey(dialect), try DialectFixtures.compositeKey(dialect)] {
            for (_, statement) in DialectFixtures.chunkStatements(mapping, dialect: dialect) {
                text += "-- parity:statement\n" + statement.sql + "\n"
            }
        }
        let cases = dialect.name == "oracle" ? DialectFixtures.oracleCases : DialectFixtures.commonCases
        for id in cases {
            text += "-- parity:script\n" + (try DialectFixtures.caseScript(id, dialect: dialect))
            text += "-- parity:script\n" + (try GuardedSyncScriptTests.guardedCaseScript(id, dialect: dialect))
        }
        for guarded in [false, true] {
            text += "-- parity:script\n" + (try DialectFixtures.textKeyScript(dialect, guarded: guarded))
        }
        if dialect.name == "oracle" {
            text += "-- parity:script\n" + SyncScriptWriter(mapping: try GuardedSyncScriptTests.oracleFiles(), targetDialect: dialect, guarded: true)
                .script(for: GuardedSyncScriptTests.oracleLargeBeforeImages, header: [])
        }
        if dialect.name == "oracle" {
            text += "-- parity:script\n" + (try DialectFixtures.largeObjectScript(dialect))
            let commits = try DialectFixtures.caseDifferences("15", dialect: OracleDialect(commitInterval: 2))
            text += "-- parity:script\n" + SyncScriptWriter(mapping: commits.0, targetDialect: OracleDialect(commitInterval: 2))
                .script(for: commits.1, header: [])
        }
        for statement in Self.extraStatements(dialect) {
            text += "-- parity:statement\n" + statement + "\n"
        }
        return text
    }

    /// Statements of the dialect's unit tests that no chunk query or case script holds: the
    /// one-row delete and the session settings.
    static func extraStatements(_ dialect: any Dialect) -> [String] {
        let table = dialect.quoteIdentifier("t")
        let condition = "\(dialect.quoteIdentifier("f1")) = 2 AND \(dialect.quoteIdentifier("f2")) IS NULL"
        let settings: [String]
        switch dialect {
        case is OracleDialect: settings = OracleDialect.sessionSettings
        case is MySQLDialect: settings = MySQLDialect.sessionSettings
        default: settings = SQLServerDialect.sessionSettings
        }
        // A row hash with the equivalences SQL applies: CHAR padding, '' as NULL, a date as its midnight.
        let columns = [ColumnInfo(name: "c", typeName: "CHAR(3)", kind: .text, isNullable: true),
                       ColumnInfo(name: "d", typeName: "DATE", kind: .date, isNullable: true)]
        var lenient = ColumnEquivalence()
        lenient.trimCharPadding = true
        lenient.emptyStringIsNull = true
        var midnight = ColumnEquivalence()
        midnight.dateAsMidnight = true
        let hash = "SELECT \(dialect.rowHashExpression(of: columns, equivalences: [lenient, midnight])) AS h FROM \(table)"
        let collisions = (try? CollisionQueryTests.statements(dialect).map(\.sql)) ?? []
        return [dialect.deleteOneRow(table: table, condition: condition), hash] + collisions + settings
    }

    @Test("every golden statement of the Oracle, SQL Server and MySQL tests parses with sqlglot")
    func goldenStatementsParse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parity-check-sql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for (dialect, checkName) in [(OracleDialect() as any Dialect, "oracle"), (SQLServerDialect(), "tsql"), (MySQLDialect(), "mysql")] {
            let file = directory.appendingPathComponent("\(dialect.name).sql")
            try Self.input(dialect, checkName: checkName).write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }

        let script = Self.root.appendingPathComponent("scripts/check-sql").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + files
        process.currentDirectoryURL = Self.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            Issue.record("Could not start python3 for scripts/check-sql (\(error)); run scripts/test, which installs python3 and sqlglot.")
            return
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, """
            scripts/check-sql exited with status \(process.terminationStatus)\
            \(process.terminationStatus == 2 || process.terminationStatus == 127 ? " (python3 or sqlglot could not be installed: run scripts/test)" : ""):
            \(text)
            """)
        // Every file was read: a statement count per file, and the client lines were skipped explicitly.
        for file in files { #expect(text.contains("check-sql: \(file): "), "\(file) not checked:\n\(text)") }
        #expect(text.contains("skipped, SQL*Plus command: SET DEFINE OFF"))
        #expect(text.contains("skipped, PL/SQL block"))
    }
}
