import Foundation
import Testing

extension ProcessResult {
    /// The non-empty stderr lines, log lines without their `YYYY-MM-DD HH:MM:SS - ` stamp, so
    /// tests can pin them exactly: `ERROR - Table t does not exist …`.
    var messages: [String] {
        stderrLines.filter { !$0.isEmpty }.map(LogLine.message)
    }
}

enum LogLine {
    /// A log line without its time stamp; other lines as they are.
    static func message(_ line: String) -> String {
        let stamp = #/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - /#
        guard let match = line.prefixMatch(of: stamp) else { return line }
        return String(line[match.range.upperBound...])
    }
}

extension Workspace {
    /// Every regular file under `relative` (the whole workspace when empty), as paths relative to
    /// the workspace, sorted; hidden files included.
    func files(under relative: String = "") -> [String] {
        let root = relative.isEmpty ? directory : url(relative)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [String] = []
        for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            found.append(String(file.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1)))
        }
        return found.sorted()
    }

    /// The session ids `parity sessions list --state-dir STATE` prints.
    func sessionIDs(stateDirectory: String) async throws -> [String] {
        let run = try await parity(["sessions", "list", "--state-dir", stateDirectory])
        guard run.status == 0 else { throw IntegrationTestError("parity sessions list failed:\n\(run.transcript)") }
        return run.stdout.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: " ").first.map(String.init)
        }.filter { $0.count == 36 }
    }

    /// `parity sessions show ID --json`, decoded.
    func sessionDocument(_ id: String, stateDirectory: String) async throws -> SessionShow {
        let run = try await parity(["sessions", "show", id, "--json", "--state-dir", stateDirectory])
        guard run.status == 0 else { throw IntegrationTestError("parity sessions show failed:\n\(run.transcript)") }
        return try JSONDecoder().decode(SessionShow.self, from: Data(run.stdout.utf8))
    }
}

/// `parity sessions show ID --json`, by its documented keys.
struct SessionShow: Decodable, Sendable {
    struct Table: Decodable, Sendable {
        var status: String
        var totalChunks: Int
        var completedChunks: Int

        enum CodingKeys: String, CodingKey {
            case status, totalChunks = "total_chunks", completedChunks = "completed_chunks"
        }
    }

    var sessionID: String
    var status: String
    var tableProgress: [String: Table]

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id", status, tableProgress = "table_progress"
    }
}

/// One finished session's results, to compare a resumed session with an uninterrupted one.
struct SessionOutcome: Sendable, Equatable {
    /// Per table: counts, source and target rows.
    var counts: [String: Counts]
    var rows: [String: [Int?]]
    /// Per table: the sync script's statements (not its comments), in file order.
    var statements: [String: [String]]
    /// Per table: the summary's per-key lines.
    var summaryLines: [String: [String]]

    /// Reads the report `comparison_report_<id8>.json` and the files it names in `output`.
    static func read(sessionID: String, output: OutputDirectory) throws -> SessionOutcome {
        let report = try Report.read(output.url.appendingPathComponent("comparison_report_\(sessionID.prefix(8)).json"))
        guard report.status == "completed" else {
            throw IntegrationTestError("Session \(sessionID) is \(report.status), not completed: \(report.tables)")
        }
        var outcome = SessionOutcome(counts: [:], rows: [:], statements: [:], summaryLines: [:])
        for table in report.tables {
            outcome.counts[table.table] = table.counts
            outcome.rows[table.table] = [table.sourceRows, table.targetRows]
            outcome.statements[table.table] = table.syncSqlFile == nil ? [] : try output.statements(table)
            outcome.summaryLines[table.table] = try output.summaryDifferenceLines(table)
        }
        return outcome
    }
}
