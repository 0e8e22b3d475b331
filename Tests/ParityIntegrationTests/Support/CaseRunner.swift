import Foundation
import Testing

/// One table compared once: the report line, the per-key summary lines and the sync script's
/// INSERT/UPDATE/DELETE statements.
struct CaseResult: Sendable {
    var comparison: Comparison
    var table: Report.Table
    /// Summary lines such as `(1): different [c3, c4]` or `(3, NULL): missing_in_source`.
    var differences: Set<String>
    /// INSERT, UPDATE and DELETE statements of the sync script, in script order.
    var changes: [String]
    /// The whole sync script.
    var script: String
}

extension Workspace {
    /// A source and a target database for a pair.
    func databases(_ pair: EnginePair) async throws -> (source: TestDatabase, target: TestDatabase) {
        (try await database(pair.source, "source"), try await database(pair.target, "target"))
    }

    /// Compares the configured tables once and returns the result of `table` (which must differ).
    func compareCase(source: TestDatabase, target: TestDatabase, tables: [TableEntry], table: String,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> CaseResult {
        let configuration = try writeConfiguration(source: source, target: target, tables: tables)
        let comparison = try await compare(configuration)
        #expect(comparison.run.status == 1, "\(comparison.run.transcript)", sourceLocation: sourceLocation)
        let entry = try comparison.report.table(table)
        #expect(entry.status == "completed", "\(comparison.run.transcript)", sourceLocation: sourceLocation)
        let script = try String(contentsOf: try comparison.output.syncScript(entry), encoding: .utf8)
        return CaseResult(comparison: comparison, table: entry, differences: try comparison.output.summaryDifferences(entry),
                          changes: SyncScript.statements(script).filter(SyncScript.isChange), script: script)
    }

    /// Applies every table's sync script of `result` to the target, compares again in a new
    /// session, and expects exit status 0 and no difference in any table.
    func applyAndCompareAgain(_ result: CaseResult, target: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for entry in result.comparison.report.tables where entry.syncSqlFile != nil {
            try await target.apply(script: try result.comparison.output.syncScript(entry))
        }
        let configuration = url("config.yaml")
        let again = try await compare(configuration, outputDirectory: "out-after")
        #expect(again.run.status == 0, "\(again.run.transcript)", sourceLocation: sourceLocation)
        for entry in again.report.tables {
            #expect(entry.status == "completed", sourceLocation: sourceLocation)
            #expect(entry.counts.differences == 0, "\(entry.table): \(entry.counts)", sourceLocation: sourceLocation)
            #expect(entry.syncSqlFile == nil, sourceLocation: sourceLocation)
        }
    }
}

extension TestDatabase {
    /// Rows of a table as text, ordered (PostgreSQL columns cast to text).
    func text(_ table: String, columns: [String], orderBy: String) async throws -> [[String?]] {
        let select = engine == .postgresql ? columns.map { "\($0)::text" } : columns
        return try await strings("SELECT \(select.joined(separator: ", ")) FROM \(table) ORDER BY \(orderBy)")
    }
}
