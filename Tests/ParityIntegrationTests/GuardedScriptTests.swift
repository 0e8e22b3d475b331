import Foundation
import Testing

/// `guarded_statements: true` on real servers: the target changes after the comparison (a newer
/// write), the guarded sync script is applied, the newer rows are untouched and every other row
/// is synced; applying the script a second time changes nothing.
@Suite("Guarded sync scripts on real servers")
struct GuardedScriptTests {
    /// One engine's side of the scenario.
    struct Target: Sendable {
        var execute: @Sendable ([String]) async throws -> Void
        var rows: @Sendable () async throws -> [[String?]]
        var apply: @Sendable (URL) async throws -> Void
    }

    static let create = "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(10,2), note VARCHAR(40))"
    static let sourceRows = "INSERT INTO t VALUES (1, 'a', 1.00, NULL), (2, 'b', 2.00, NULL), (3, 'c', 3.00, 'x'), (4, 'd', 4.00, NULL), (5, 'e', 5.50, 'it''s'), (6, 'f', 6.00, NULL)"
    static let targetRows = "INSERT INTO t VALUES (1, 'a', 1.00, NULL), (2, 'b-old', 2.00, NULL), (3, 'c', 3.10, 'x'), (6, 'f', 6.00, NULL), (7, 'g', 7.00, NULL), (8, 'h', 8.00, 'y')"
    /// Writes made to the target after the comparison: row 2 (to be updated) changed, row 3 (to be
    /// updated) changed only in letter case, row 4 (to be inserted) inserted, row 7 (to be deleted) changed.
    static let newerWrites = [
        "UPDATE t SET name = 'b-newer' WHERE id = 2",
        "UPDATE t SET name = 'C' WHERE id = 3",
        "INSERT INTO t VALUES (4, 'd-newer', 4.00, NULL)",
        "UPDATE t SET note = 'newer' WHERE id = 7",
    ]
    /// The target after the guarded script: newer rows as written, 5 inserted, 8 deleted.
    static let expectedRows: [[String?]] = [
        ["1", "a", "1.00", nil], ["2", "b-newer", "2.00", nil], ["3", "C", "3.10", "x"], ["4", "d-newer", "4.00", nil],
        ["5", "e", "5.50", "it's"], ["6", "f", "6.00", nil], ["7", "g", "7.00", "newer"],
    ]

    /// Compares, makes the newer writes, applies the guarded script twice and compares again.
    @discardableResult
    static func run(_ workspace: Workspace, configuration: URL, target: Target, expectedChanges: [String]?) async throws -> Comparison {
        var text = try String(contentsOf: configuration, encoding: .utf8)
        text += "guarded_statements: true\n"
        try text.write(to: configuration, atomically: true, encoding: .utf8)

        let comparison = try await workspace.compare(configuration)
        #expect(comparison.run.status == 1, "\(comparison.run.transcript)")
        let table = try comparison.report.table("t")
        #expect(table.counts == Counts(matching: 2, missingInTarget: 2, missingInSource: 2, different: 2))
        if let expectedChanges { #expect(try comparison.output.changes(table) == expectedChanges) }

        try await target.execute(newerWrites)
        let script = try comparison.output.syncScript(table)
        try await target.apply(script)
        #expect(try await target.rows() == expectedRows)
        try await target.apply(script)
        #expect(try await target.rows() == expectedRows, "a second apply changed the target")

        // What is left differs only where the newer writes are.
        let again = try await workspace.compare(configuration, outputDirectory: "out-after")
        let after = try again.report.table("t")
        #expect(after.counts == Counts(matching: 3, missingInSource: 1, different: 3))
        #expect(try again.output.summaryDifferenceLines(after) == [
            "(2): different [name]", "(3): different [name, amount]", "(4): different [name]", "(7): missing_in_source",
        ])
        return comparison
    }

    @Test("PostgreSQL → PostgreSQL: before-images and NOT EXISTS keep the newer rows, a second apply is harmless")
    func postgres() async throws {
        try await Workspace.with("guarded-pg") { workspace in
            let source = try await workspace.database(.postgresql, "guarded_src")
            let target = try await workspace.database(.postgresql, "guarded_tgt")
            for database in [source, target] { try await database.execute(Self.create) }
            try await source.execute(Self.sourceRows)
            try await target.execute(Self.targetRows)
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let comparison = try await Self.run(workspace, configuration: configuration, target: Target(
                execute: { try await target.execute($0) },
                rows: { try await target.strings("SELECT id::text, name, amount::text, note FROM t ORDER BY id") },
                apply: { try await target.apply(script: $0) }
            ), expectedChanges: [
                #"DELETE FROM "public"."t" WHERE "id" = 7 AND "name" = 'g' AND "amount" = 7.00 AND "note" IS NULL;"#,
                #"DELETE FROM "public"."t" WHERE "id" = 8 AND "name" = 'h' AND "amount" = 8.00 AND "note" = 'y';"#,
                #"UPDATE "public"."t" SET "name" = 'b' WHERE "id" = 2 AND "name" = 'b-old' AND "amount" = 2.00 AND "note" IS NULL;"#,
                #"UPDATE "public"."t" SET "amount" = 3.00 WHERE "id" = 3 AND "name" = 'c' AND "amount" = 3.10 AND "note" = 'x';"#,
                #"INSERT INTO "public"."t" ("id", "name", "amount", "note") SELECT 4, 'd', 4.00, NULL WHERE NOT EXISTS (SELECT 1 FROM "public"."t" WHERE "id" = 4);"#,
                #"INSERT INTO "public"."t" ("id", "name", "amount", "note") SELECT 5, 'e', 5.50, 'it''s' WHERE NOT EXISTS (SELECT 1 FROM "public"."t" WHERE "id" = 5);"#,
            ])

            // sessions script writes the script guarded as the session was compared, unless told --no-guarded.
            let session = comparison.report.sessionId
            let table = try comparison.report.table("t")
            for (flag, directory) in [(nil, "regen-default"), ("--no-guarded", "regen-plain"), ("--guarded", "regen-guarded")] {
                let run = try await workspace.parity(["sessions", "script", session, "--state-dir", "state", "--output-dir", directory] + (flag.map { [$0] } ?? []))
                #expect(run.status == 0, "\(run.transcript)")
                let name = try #require(try FileManager.default.contentsOfDirectory(atPath: workspace.url(directory).path).first)
                let changes = SyncScript.statements(try String(contentsOf: workspace.url("\(directory)/\(name)"), encoding: .utf8)).filter(SyncScript.isChange)
                if flag == "--no-guarded" {
                    #expect(changes == [
                        #"DELETE FROM "public"."t" WHERE "id" = 7;"#,
                        #"DELETE FROM "public"."t" WHERE "id" = 8;"#,
                        #"UPDATE "public"."t" SET "name" = 'b' WHERE "id" = 2;"#,
                        #"UPDATE "public"."t" SET "amount" = 3.00 WHERE "id" = 3;"#,
                        #"INSERT INTO "public"."t" ("id", "name", "amount", "note") VALUES (4, 'd', 4.00, NULL);"#,
                        #"INSERT INTO "public"."t" ("id", "name", "amount", "note") VALUES (5, 'e', 5.50, 'it''s');"#,
                    ])
                } else {
                    #expect(changes == (try comparison.output.changes(table)), "\(flag ?? "default")")
                }
            }
        }
    }

    @Test("SQLite → SQLite: before-images and NOT EXISTS keep the newer rows, a second apply is harmless")
    func sqlite() async throws {
        try await Workspace.with("guarded-sqlite") { workspace in
            let source = try await workspace.database(.sqlite, "guarded_src")
            let target = try await workspace.database(.sqlite, "guarded_tgt")
            for database in [source, target] { try await database.execute(Self.create) }
            try await source.execute(Self.sourceRows)
            try await target.execute(Self.targetRows)
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            try await Self.run(workspace, configuration: configuration, target: Target(
                execute: { try await target.execute($0) },
                rows: { try await target.strings("SELECT id, name, printf('%.2f', amount), note FROM t ORDER BY id") },
                apply: { try await target.apply(script: $0) }
            ), expectedChanges: nil)
        }
    }

    @Test("MariaDB → MariaDB: text before-images compare bytes (a case-only newer write is kept), INSERT … FROM DUAL")
    func mariadb() async throws {
        try await Workspace.with("guarded-mariadb") { workspace in
            let source = try await workspace.mariadb("guarded_src")
            let target = try await workspace.mariadb("guarded_tgt")
            for database in [source, target] { try await database.execute(Self.create) }
            try await source.execute(Self.sourceRows)
            try await target.execute(Self.targetRows)
            let configuration = try workspace.writeConfiguration(sourceBlock: source.configurationBlock("source_database"),
                                                                 targetBlock: target.configurationBlock("target_database"),
                                                                 tables: [TableEntry("t", key: ["id"])])
            try await Self.run(workspace, configuration: configuration, target: Target(
                execute: { try await target.execute($0) },
                rows: { try await target.strings("SELECT CAST(id AS CHAR), name, CAST(amount AS CHAR), note FROM t ORDER BY id", columns: 4) },
                apply: { try await target.apply(script: $0) }
            ), expectedChanges: nil)
        }
    }
}
