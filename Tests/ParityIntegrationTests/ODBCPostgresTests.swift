import Foundation
import Testing

/// PostgreSQL read through psqlODBC (`type: odbc`, driver "PostgreSQL Unicode") must give what
/// the native connector gives on the same tables: the same counts, the same differences and the
/// same sync-script statements.
@Suite("ODBC: PostgreSQL through psqlODBC")
struct ODBCPostgresTests {
    @Test("psqlODBC and the native connector agree on a seeded drift, and the script applies", arguments: ["checksum", "rows"])
    func sameResultsAsNative(mode: String) async throws {
        let columns = RoundTripTests.columns(for: .postgresToPostgres)
        let data = RoundTripTests.generate(columns: columns, seed: 20_251_130)
        try await Workspace.with("odbc-pg") { workspace in
            let source = try await workspace.database(.postgresql, "source")
            let target = try await workspace.database(.postgresql, "target")
            let names = ["id"] + columns.map(\.name)
            try await RoundTripTests.createTable(source, columns: columns)
            try await RoundTripTests.createTable(target, columns: columns)
            try await source.execute(SQLText.inserts(table: "drift", columns: names, rows: data.source, engine: .postgresql))
            try await target.execute(SQLText.inserts(table: "drift", columns: names, rows: data.target, engine: .postgresql))
            // Values longer than psqlODBC's announced text size (8190) take the cell-by-cell path.
            let long = String(repeating: "long value ✓ ", count: 1500)
            try await source.execute("UPDATE drift SET note = '\(long)' WHERE id IN (SELECT id FROM drift ORDER BY id LIMIT 3)")
            try await target.execute("UPDATE drift SET note = '\(long)' WHERE id IN (SELECT id FROM drift ORDER BY id LIMIT 2)")
            let tables = [TableEntry("drift", key: ["id"], chunkSize: 40)]

            let native = try await workspace.compare(try workspace.writeConfiguration(source: source, target: target, tables: tables),
                                                     outputDirectory: "out-native", ["--mode", mode])
            let odbcConfiguration = try workspace.writeConfiguration("odbc.yaml", sourceBlock: source.odbcConfigurationBlock("source_database"),
                                                                     targetBlock: target.odbcConfigurationBlock("target_database"), tables: tables,
                                                                     stateDirectory: "state-odbc")
            let odbc = try await workspace.compare(odbcConfiguration, outputDirectory: "out-odbc", ["--mode", mode])
            #expect(native.run.status == 1, "\(native.run.transcript)")
            #expect(odbc.run.status == 1, "\(odbc.run.transcript)")
            let nativeTable = try native.report.table("drift")
            let odbcTable = try odbc.report.table("drift")
            #expect(odbcTable.counts == nativeTable.counts, "\(odbc.run.transcript)")
            #expect(odbcTable.sourceRows == nativeTable.sourceRows)
            #expect(odbcTable.targetRows == nativeTable.targetRows)
            #expect(try odbc.output.summaryDifferenceLines(odbcTable) == native.output.summaryDifferenceLines(nativeTable))
            #expect(try odbc.output.changes(odbcTable) == native.output.changes(nativeTable), "the sync scripts differ")
            #expect(odbcTable.counts.differences > 0)

            try await workspace.applyAndCompareAgain(odbc, configuration: odbcConfiguration) { try await target.apply(script: $0) }
            let sourceRows = try await RoundTripTests.dump(source, columns: columns)
            let targetRows = try await RoundTripTests.dump(target, columns: columns)
            #expect(sourceRows == targetRows, "after applying the script the target holds exactly the source's rows")
        }
    }

    @Test("a native PostgreSQL source against the same database through psqlODBC is identical")
    func nativeAgainstODBCOfTheSameTable() async throws {
        try await Workspace.with("odbc-pg-same") { workspace in
            let database = try await workspace.database(.postgresql, "both")
            let columns = RoundTripTests.columns(for: .postgresToPostgres)
            let data = RoundTripTests.generate(columns: columns, seed: 7)
            try await RoundTripTests.createTable(database, columns: columns)
            try await database.execute(SQLText.inserts(table: "drift", columns: ["id"] + columns.map(\.name), rows: data.source, engine: .postgresql))
            let configuration = try workspace.writeConfiguration(sourceBlock: database.configurationBlock("source_database"),
                                                                 targetBlock: database.odbcConfigurationBlock("target_database"),
                                                                 tables: [TableEntry("drift", key: ["id"], chunkSize: 50)])
            for mode in ["checksum", "rows"] {
                let comparison = try await workspace.compare(configuration, outputDirectory: "out-\(mode)", ["--mode", mode])
                #expect(comparison.run.status == 0, "\(comparison.run.transcript)")
                #expect(try comparison.report.table("drift").counts == Counts(matching: data.source.count))
            }
        }
    }
}
