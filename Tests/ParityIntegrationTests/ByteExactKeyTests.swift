import Foundation
import Testing

/// Sync scripts pick target rows by key byte for byte, as Parity compares keys, on targets whose
/// key column's own `=` does not: MariaDB `utf8mb4_unicode_ci` (case- and accent-insensitive,
/// PAD SPACE), PostgreSQL `citext`, SQLite `COLLATE NOCASE`. The target's key is enforced by no
/// constraint, and the table holds rows whose keys differ only in case or trailing spaces, and a
/// key that repeats (compared as a multiset). A predicate by the column's `=` alone would
/// update 'a' with 'A', delete 'c' with 'C' and 'b' with 'b ', and delete a 'd' copy for a 'D'
/// one (the lower-case rows come first in the table, so a one-row DELETE meets them first).
/// Each script is applied with the engine's own client and the next comparison finds nothing.
@Suite("Byte-exact key predicates on case-insensitive targets")
struct ByteExactKeyTests {
    /// Source: 'a' and 'A' (different v), 'b', 'c', and 'd' twice.
    static let sourceRows = "INSERT INTO t VALUES ('a', 9), ('A', 2), ('b', 3), ('c', 4), ('d', 7), ('d', 7)"
    /// Target, lower case first: 'A' has another v, 'b ', 'C' and 'D' twice are extra, one 'd' is missing.
    static let targetRows = "INSERT INTO t VALUES ('a', 9), ('A', 9), ('b', 3), ('b ', 3), ('c', 4), ('C', 4), ('d', 7), ('D', 7), ('D', 7)"
    /// The target's rows afterwards, as (hex of the key's UTF-8 bytes, v), in byte order: the source's.
    static let expectedRows: [[String?]] = [["41", "2"], ["61", "9"], ["62", "3"], ["63", "4"], ["64", "7"], ["64", "7"]]
    static let expectedCounts = Counts(matching: 4, missingInTarget: 1, missingInSource: 4, different: 1)

    /// Compares (`guarded_statements` as given), applies the script with `apply`, expects the
    /// target to hold the source's rows byte for byte, and compares again to no difference.
    /// Returns the script's change statements.
    static func run(_ workspace: Workspace, configuration: URL, guarded: Bool, apply: (URL) async throws -> Void,
                    rows: () async throws -> [[String?]], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        if guarded {
            var text = try String(contentsOf: configuration, encoding: .utf8)
            text += "guarded_statements: true\n"
            try text.write(to: configuration, atomically: true, encoding: .utf8)
        }
        let comparison = try await workspace.compare(configuration)
        #expect(comparison.run.status == 1, "\(comparison.run.transcript)", sourceLocation: sourceLocation)
        let table = try comparison.report.table("t")
        #expect(table.counts == expectedCounts, sourceLocation: sourceLocation)
        #expect(Set(try comparison.output.summaryDifferenceLines(table)) == [
            "(A): different [v]", "(C): missing_in_source", "(D): missing_in_source", "(b ): missing_in_source", "(d): missing_in_target",
        ], sourceLocation: sourceLocation)
        let changes = try comparison.output.changes(table)
        try await apply(try comparison.output.syncScript(table))
        #expect(try await rows() == expectedRows, "only the byte-equal rows were changed", sourceLocation: sourceLocation)
        let again = try await workspace.compare(configuration, outputDirectory: "out-after")
        #expect(again.run.status == 0, "\(again.run.transcript)", sourceLocation: sourceLocation)
        let after = try again.report.table("t")
        #expect(after.counts == Counts(matching: 6), sourceLocation: sourceLocation)
        #expect(after.syncSqlFile == nil, sourceLocation: sourceLocation)
        return changes
    }

    @Test("MariaDB utf8mb4_unicode_ci target without a primary key: UPDATE and DELETE match the key's bytes", arguments: [false, true])
    func mariadb(guarded: Bool) async throws {
        try await Workspace.with(guarded ? "bytekey-mariadb-guarded" : "bytekey-mariadb") { workspace in
            let source = try await workspace.mariadb("bytekey_src")
            let target = try await workspace.mariadb("bytekey_tgt")
            try await source.execute("CREATE TABLE t (k VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, v INT)", Self.sourceRows)
            try await target.execute("CREATE TABLE t (k VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci, v INT)", Self.targetRows)
            // The fault's premise: the column's own `=` equates case and ignores trailing spaces.
            let equal = try await target.strings("SELECT CAST(COUNT(*) AS CHAR) FROM t WHERE k = 'C' UNION ALL SELECT CAST(COUNT(*) AS CHAR) FROM t WHERE k = 'b '",
                                                 columns: 1)
            #expect(equal == [["2"], ["2"]])
            let configuration = try workspace.writeConfiguration(sourceBlock: source.configurationBlock("source_database"),
                                                                 targetBlock: target.configurationBlock("target_database"),
                                                                 tables: [TableEntry("t", key: ["k"])])
            let binary: (String) -> String = { "`k` = '\($0)' AND CAST(CONVERT(`k` USING utf8mb4) AS BINARY) = CAST('\($0)' AS BINARY)" }
            let changes = try await Self.run(workspace, configuration: configuration, guarded: guarded, apply: { try await target.apply(script: $0) },
                                             rows: { try await target.strings("SELECT LOWER(HEX(k)), CAST(v AS CHAR) FROM t ORDER BY HEX(k), v", columns: 2) })
            #expect(changes == [
                "DELETE FROM `t` WHERE \(binary("C"))\(guarded ? " AND `v` = 4" : "");",
                "DELETE FROM `t` WHERE \(binary("D")) AND `v` = 7 LIMIT 1;",
                "DELETE FROM `t` WHERE \(binary("D")) AND `v` = 7 LIMIT 1;",
                "DELETE FROM `t` WHERE \(binary("b "))\(guarded ? " AND `v` = 3" : "");",
                "UPDATE `t` SET `v` = 2 WHERE \(binary("A"))\(guarded ? " AND `v` = 9" : "");",
                "INSERT INTO `t` (`k`, `v`) VALUES ('d', 7);",
            ])
        }
    }

    @Test("PostgreSQL citext target without a primary key: UPDATE and DELETE match the key's bytes", arguments: [false, true])
    func postgresCitext(guarded: Bool) async throws {
        try await Workspace.with(guarded ? "bytekey-citext-guarded" : "bytekey-citext") { workspace in
            let (source, target) = try await workspace.databases(.postgresToPostgres)
            try await source.execute("CREATE TABLE t (k TEXT COLLATE \"C\", v INT)", Self.sourceRows)
            try await target.execute("CREATE EXTENSION IF NOT EXISTS citext", "CREATE TABLE t (k CITEXT, v INT)", Self.targetRows)
            #expect(try await target.strings("SELECT count(*)::text FROM t WHERE k = 'C'") == [["2"]])
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["k"])])
            let changes = try await Self.run(workspace, configuration: configuration, guarded: guarded, apply: { try await target.apply(script: $0) },
                                             rows: { try await target.strings("SELECT encode(convert_to(k::text, 'UTF8'), 'hex'), v::text FROM t ORDER BY 1, 2") })
            #expect(changes.first == #"DELETE FROM "public"."t" WHERE "k" = 'C' AND "k"::text COLLATE "C" = 'C'"# + (guarded ? #" AND "v" = 4;"# : ";"))
        }
    }

    @Test("SQLite COLLATE NOCASE target without a primary key: UPDATE and DELETE match the key's bytes", arguments: [false, true])
    func sqliteNocase(guarded: Bool) async throws {
        try await Workspace.with(guarded ? "bytekey-sqlite-guarded" : "bytekey-sqlite") { workspace in
            let (source, target) = try await workspace.databases(.sqliteToSQLite)
            try await source.execute("CREATE TABLE t (k VARCHAR(10), v INT)", Self.sourceRows)
            try await target.execute("CREATE TABLE t (k VARCHAR(10) COLLATE NOCASE, v INT)", Self.targetRows)
            #expect(try await target.strings("SELECT count(*) FROM t WHERE k = 'C'") == [["2"]])
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["k"])])
            let changes = try await Self.run(workspace, configuration: configuration, guarded: guarded, apply: { try await target.apply(script: $0) },
                                             rows: { try await target.strings("SELECT lower(hex(k)), v FROM t ORDER BY 1, 2") })
            #expect(changes.first == #"DELETE FROM "t" WHERE "k" = 'C' AND "k" COLLATE BINARY = 'C'"# + (guarded ? #" AND "v" = 4;"# : ";"))
        }
    }
}
