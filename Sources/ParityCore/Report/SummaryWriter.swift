import Foundation

/// Writes `comparison_summary_<TABLE>_<YYYYMMDD_HHMMSS>.txt`: a table's result for a person.
public enum SummaryWriter {
    /// Differences listed in a summary, at most.
    public static let sampleSize = 20

    /// The summary text.
    ///
    /// - Parameters:
    ///   - sample: the first differences in key order (at most ``sampleSize`` are listed).
    ///   - recheck: the table's recheck, stated with the in-flight count; the line is written
    ///     when a recheck is set or rows were in flight.
    public static func summary(table: String, sessionID: String, runID: String, mapping: TableMapping, plan: TablePlan,
                               counts: DifferenceCounts, sample: [RowDifference], syncScriptFile: String?,
                               recheck: RecheckPolicy? = nil, collisions: [KeyCollision] = []) -> String {
        var lines: [String] = []
        lines.append("Parity comparison summary")
        lines.append("=========================")
        lines.append("Table:             \(table)")
        lines.append("Source table:      \(qualified(mapping.source))")
        lines.append("Target table:      \(qualified(mapping.target))")
        lines.append("Session:           \(sessionID)")
        lines.append("Run ID:            \(runID)")
        lines.append("Key:               \(mapping.keyColumns.map(\.source.name).joined(separator: ", "))")
        lines.append("Compared columns:  \(mapping.valueColumns.count)")
        if !mapping.sourceOnlyColumns.isEmpty { lines.append("Only in source (not compared): \(mapping.sourceOnlyColumns.joined(separator: ", "))") }
        if !mapping.targetOnlyColumns.isEmpty { lines.append("Only in target (not compared): \(mapping.targetOnlyColumns.joined(separator: ", "))") }
        for pair in mapping.allColumns where pair.source.name != pair.target.name {
            lines.append("Renamed column:    \(pair.source.name) → \(pair.target.name)")
        }
        for pair in mapping.typeDifferences {
            lines.append("Type difference:   \(pair.source.name): \(pair.source.typeName) (source), \(pair.target.typeName) (target)")
        }
        for pair in mapping.valueColumns where !pair.equivalence.isExact {
            lines.append("Compared as equal: \(pair.source.name): \(pair.equivalence.descriptions.joined(separator: "; "))")
        }
        if let filter = mapping.filter { lines.append("Filter:            \(filter)") }
        lines.append("Chunks:            \(plan.ranges.count) of up to \(LogFormat.grouped(plan.chunkSize)) rows")
        lines.append("")
        lines.append("Source rows:       \(LogFormat.grouped(plan.sourceRows))")
        lines.append("Target rows:       \(LogFormat.grouped(plan.targetRows))")
        lines.append("Matching:          \(LogFormat.grouped(counts.matching))")
        lines.append("Missing in target: \(LogFormat.grouped(counts.missingInTarget))")
        lines.append("Missing in source: \(LogFormat.grouped(counts.missingInSource))")
        lines.append("Different:         \(LogFormat.grouped(counts.different))")
        if counts.inFlight > 0 || recheck != nil {
            lines.append("In flight (resolved): \(LogFormat.grouped(counts.inFlight))"
                         + (recheck.map { " (rows read again after \(LogFormat.seconds($0.after)) s, up to \($0.attempts) time\($0.attempts == 1 ? "" : "s"))" } ?? ""))
        }
        lines.append("")
        lines.append("Sync script:       \(syncScriptFile ?? "none (no differences)")")
        if !collisions.isEmpty {
            lines.append("")
            lines.append("Key collisions:    \(collisions.count) (rows missing in target whose key equals, under the target's collation or case rules, a key the target holds in another spelling or a key this script inserts first; their INSERTs are commented out (COLLISION) in the sync script):")
            for collision in collisions.prefix(sampleSize) {
                lines.append("  \(collision.description)")
            }
        }
        if !sample.isEmpty {
            lines.append("")
            lines.append("First \(min(sampleSize, sample.count)) of \(counts.totalDifferences) differences (key: kind [columns]):")
            for difference in sample.prefix(sampleSize) {
                let key = difference.key.map { $0.canonicalText ?? "NULL" }.joined(separator: ", ")
                let columns = difference.columns.isEmpty ? "" : " [\(difference.columns.joined(separator: ", "))]"
                lines.append("  (\(key)): \(difference.kind.rawValue)\(columns)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func qualified(_ table: TableSchema) -> String {
        (table.schema.map { $0 + "." } ?? "") + table.name
    }
}
