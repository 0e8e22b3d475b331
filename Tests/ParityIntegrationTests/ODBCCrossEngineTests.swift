import Foundation
import Testing

/// PostgreSQL (native) and MariaDB (through ODBC) on either side: a seeded drift over columns of
/// many types, and a composite text key whose byte order differs from both servers' collations;
/// compare, apply the sync script to the target with its own client, compare again.
@Suite("ODBC: PostgreSQL ↔ MariaDB")
struct ODBCCrossEngineTests {
    enum Direction: String, Sendable, CaseIterable, CustomStringConvertible {
        case postgresToMariaDB = "postgresql→mariadb"
        case mariadbToPostgres = "mariadb→postgresql"
        var description: String { rawValue }
    }

    /// Composite-key rows: region texts that sort differently in byte order, in ICU `en-US`
    /// and in `utf8mb4_unicode_ci` (and never equal under either collation).
    static let regions = ["alpha", "Beta", "Éclair", "zeta", "Ärger", "b-1", "b0", "🎉 party", "", "O'Brien", "back\\slash", "Zürich", "eta "]

    static func taggedRows(drifted: Bool) -> [[TestValue]] {
        var rows: [[TestValue]] = []
        for (index, region) in regions.enumerated() {
            for sequence in 1...3 {
                if drifted && index % 4 == 1 && sequence == 2 { continue }  // missing in target
                var label = "\(region) #\(sequence)"
                if drifted && index % 5 == 2 && sequence == 3 { label += " (changed)" }  // different
                rows.append([.text(region), .integer(Int64(sequence)), .text(label)])
            }
        }
        if drifted { rows.append([.text("Only in target"), .integer(1), .text("extra")]) }
        return rows
    }

    @Test("compare, apply the sync script, compare again: no differences", arguments: Direction.allCases, ["checksum", "rows"])
    func roundTrip(direction: Direction, mode: String) async throws {
        let columns = RoundTripTests.columns(for: .postgresToSQLite)
        let data = RoundTripTests.generate(columns: columns, seed: 20_251_202)
        try await Workspace.with("odbc-cross") { workspace in
            let postgres = try await workspace.database(.postgresql, direction == .postgresToMariaDB ? "source" : "target")
            let mariadb = try await workspace.mariadb(direction == .postgresToMariaDB ? "target" : "source")
            let postgresIsSource = direction == .postgresToMariaDB
            let names = ["id"] + columns.map(\.name)
            try await RoundTripTests.createTable(postgres, columns: columns)
            try await ODBCMariaDBTests.createTable(mariadb, columns: columns)
            try await postgres.execute(SQLText.inserts(table: "drift", columns: names, rows: postgresIsSource ? data.source : data.target, engine: .postgresql))
            try await mariadb.execute(TestValue.mariadbInserts(table: "drift", columns: names, rows: postgresIsSource ? data.target : data.source))

            let taggedColumns = ["region", "seq", "label"]
            try await postgres.execute("CREATE TABLE tagged (region varchar(20), seq integer, label text, PRIMARY KEY (region, seq))")
            try await mariadb.execute("CREATE TABLE tagged (region varchar(20), seq int, label varchar(60), PRIMARY KEY (region, seq))")
            try await postgres.execute(SQLText.inserts(table: "tagged", columns: taggedColumns, rows: Self.taggedRows(drifted: !postgresIsSource), engine: .postgresql))
            try await mariadb.execute(TestValue.mariadbInserts(table: "tagged", columns: taggedColumns, rows: Self.taggedRows(drifted: postgresIsSource)))

            let tables = [TableEntry("drift", key: ["id"], chunkSize: 40), TableEntry("tagged", key: ["region", "seq"], chunkSize: 5)]
            let configuration = postgresIsSource
                ? try workspace.writeConfiguration(sourceBlock: postgres.configurationBlock("source_database"),
                                                   targetBlock: mariadb.configurationBlock("target_database"), tables: tables)
                : try workspace.writeConfiguration(sourceBlock: mariadb.configurationBlock("source_database"),
                                                   targetBlock: postgres.configurationBlock("target_database"), tables: tables)
            let first = try await workspace.compare(configuration, ["--mode", mode])
            #expect(first.run.status == 1, "\(first.run.transcript)")
            let drift = try first.report.table("drift")
            #expect(drift.counts == data.expected, "\(first.run.transcript)")
            #expect(try first.output.changes(drift).count == data.expected.differences, "one statement per difference")
            let tagged = try first.report.table("tagged")
            #expect(tagged.counts == Counts(matching: 33, missingInTarget: 3, missingInSource: 1, different: 3), "\(first.run.transcript)")

            try await workspace.applyAndCompareAgain(first, configuration: configuration) { script in
                if postgresIsSource { try await mariadb.apply(script: script) } else { try await postgres.apply(script: script) }
            }
        }
    }
}
