import Foundation
import Testing

/// Checksum mode must never call a chunk equal when its rows differ: values that print alike in
/// a database's default text form must still hash differently.
@Suite("Checksums")
struct ChecksumTests {
    @Test("floats that differ only in the 17th significant digit are different, in both modes",
          arguments: EnginePair.allCases, ["checksum", "rows"])
    func floatsDifferingInLastDigit(pair: EnginePair, mode: String) async throws {
        try await Workspace.with("float17") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .postgresql
                    ? "CREATE TABLE t (id INT PRIMARY KEY, x DOUBLE PRECISION, n NUMERIC)"
                    : "CREATE TABLE t (id INT PRIMARY KEY, x REAL, n NUMERIC)")
            }
            // 0.1 + 0.2 is 0.30000000000000004, the next double after 0.3; SQLite's
            // CAST(x AS TEXT) prints both as 0.3 (15 significant digits).
            try await source.execute("INSERT INTO t VALUES (1, 0.30000000000000004, 1), (2, 1.0, 0.30000000000000004), (3, 2.5, 2.5), (4, 1e22, 7)")
            try await target.execute("INSERT INTO t VALUES (1, 0.3, 1), (2, 1.0, 0.3), (3, 2.5, 2.5), (4, 1e22, 7)")
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: ["id"])])
            let first = try await workspace.compare(configuration, ["--mode", mode])
            #expect(first.run.status == 1, "\(first.run.transcript)")
            let table = try first.report.table("t")
            #expect(table.counts == Counts(matching: 2, different: 2), "\(first.run.transcript)")
            #expect(try first.output.summaryDifferences(table) == ["(1): different [x]", "(2): different [n]"])
            let changes = try first.output.changes(table)
            let tableName = target.scriptTable("t")
            #expect(changes == [
                "UPDATE \(tableName) SET \"x\" = 0.30000000000000004 WHERE \"id\" = 1;",
                "UPDATE \(tableName) SET \"n\" = 0.30000000000000004 WHERE \"id\" = 2;",
            ])

            for entry in first.report.tables where entry.syncSqlFile != nil {
                try await target.apply(script: try first.output.syncScript(entry))
            }
            let second = try await workspace.compare(configuration, outputDirectory: "out-after", ["--mode", mode])
            #expect(second.run.status == 0, "\(second.run.transcript)")
            #expect(try second.report.table("t").counts == Counts(matching: 4), "\(second.run.transcript)")
        }
    }
}
