import Foundation
import ParityCore
import Testing

/// The parts of an equivalence that SQL applies exactly (CHAR padding, `''` as NULL, a date as
/// its midnight) go into the row hash, so rows that differ only by them hash equal on both
/// sides and never move; a real difference still changes the checksum.
@Suite("Equivalences in checksums")
struct EquivalenceChecksumTests {
    @Test("CHAR padding, '' as NULL and date-as-midnight hash equal across engines; a real change does not",
          arguments: [EnginePair.postgresToSQLite, .sqliteToPostgres, .sqliteToSQLite])
    func pushedDown(pair: EnginePair) async throws {
        try await Workspace.with("eqsum") { workspace in
            let (sourceDatabase, targetDatabase) = try await workspace.databases(pair)
            try await sourceDatabase.execute("CREATE TABLE t (id INT PRIMARY KEY, c CHAR(3), note VARCHAR(10), d DATE)")
            try await targetDatabase.execute("CREATE TABLE t (id INT PRIMARY KEY, c CHAR(3), note VARCHAR(10), d TIMESTAMP)")
            try await sourceDatabase.execute("INSERT INTO t VALUES (1, 'A', NULL, '2024-03-01'), (2, 'BB', 'x', NULL), (3, NULL, '', '1999-12-31')")
            try await targetDatabase.execute("INSERT INTO t VALUES (1, 'A  ', '', '2024-03-01 00:00:00'), (2, 'BB ', 'x', NULL), (3, NULL, NULL, '1999-12-31 00:00:00')")
            let source = try await ChecksumModeTests.connector(sourceDatabase)
            let target = try await ChecksumModeTests.connector(targetDatabase)
            defer { Task { await source.close(); await target.close() } }
            let mapping = try TableMapping(
                name: "t", source: try await source.describeTable(schema: nil, name: "t"), target: try await target.describeTable(schema: nil, name: "t"),
                primaryKey: ["id"], equivalence: TableEquivalence(options: EquivalenceOptions(emptyStringIsNull: true),
                                                                  sourceEngine: source.dialect.name, targetEngine: target.dialect.name))
            #expect(mapping.valueColumns.map { $0.equivalence.descriptions } == [["'' = NULL", "CHAR padding ignored"], ["'' = NULL"], ["date = timestamp at midnight"]])
            let all = KeyRange(lower: nil, upper: nil)
            func checksums() async throws -> ([[SQLValue]], [[SQLValue]]) {
                let sourceQueries = ChunkQueries(mapping: mapping, side: .source, dialect: source.dialect)
                let targetQueries = ChunkQueries(mapping: mapping, side: .target, dialect: target.dialect)
                return (try await source.query(sourceQueries.checksum(in: all), resultKinds: sourceQueries.checksumKinds),
                        try await target.query(targetQueries.checksum(in: all), resultKinds: targetQueries.checksumKinds))
            }
            let (equalSource, equalTarget) = try await checksums()
            #expect(equalSource == equalTarget, "rows that differ only by the equivalences hash equal")
            #expect(equalSource.first?.first == .integer(3))
            // And the comparison agrees: nothing differs.
            let comparison = try await ChunkComparer(mapping: mapping, mode: .checksum)
                .compare(all, source: source, target: target, history: MismatchHistory())
            #expect(comparison.counts == DifferenceCounts(matching: 3))
            for change in ["UPDATE t SET c = 'A B' WHERE id = 1", "UPDATE t SET note = ' ' WHERE id = 1",
                           "UPDATE t SET d = '2024-03-01 00:00:01' WHERE id = 1"] {
                try await targetDatabase.execute(change)
                let (changedSource, changedTarget) = try await checksums()
                #expect(changedSource != changedTarget, "\(change) must change the checksum")
                let found = try await ChunkComparer(mapping: mapping, mode: .checksum)
                    .compare(all, source: source, target: target, history: MismatchHistory())
                #expect(found.counts.different == 1, "\(change)")
                try await targetDatabase.execute("UPDATE t SET c = 'A  ', note = '', d = '2024-03-01 00:00:00' WHERE id = 1")
            }
        }
    }
}
