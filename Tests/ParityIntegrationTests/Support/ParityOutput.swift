import Foundation

/// Difference counts of one table.
struct Counts: Sendable, Equatable, CustomStringConvertible {
    var matching: Int
    var missingInTarget: Int
    var missingInSource: Int
    var different: Int

    init(matching: Int, missingInTarget: Int = 0, missingInSource: Int = 0, different: Int = 0) {
        self.matching = matching
        self.missingInTarget = missingInTarget
        self.missingInSource = missingInSource
        self.different = different
    }

    var differences: Int { missingInTarget + missingInSource + different }

    var description: String {
        "{matching: \(matching), missing_in_target: \(missingInTarget), missing_in_source: \(missingInSource), different: \(different)}"
    }
}

/// `comparison_report_<session8>.json`, the same JSON `parity compare --json` prints, decoded by
/// its documented keys (independently of ParityCore's own types).
struct Report: Decodable, Sendable {
    struct Table: Decodable, Sendable, Equatable {
        var table: String
        var status: String
        var sourceRows: Int?
        var targetRows: Int?
        var matching: Int
        var missingInTarget: Int
        var missingInSource: Int
        var different: Int
        var syncSqlFile: String?
        var summaryFile: String?
        var error: String?
        /// `in_flight`: rows resolved by a recheck; absent when none.
        var inFlight: Int?

        var counts: Counts {
            Counts(matching: matching, missingInTarget: missingInTarget, missingInSource: missingInSource, different: different)
        }
    }

    var sessionId: String
    var status: String
    var tables: [Table]

    static func decode(_ data: Data) throws -> Report {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Report.self, from: data)
    }

    static func read(_ url: URL) throws -> Report {
        try decode(try Data(contentsOf: url))
    }

    func table(_ name: String) throws -> Table {
        guard let found = tables.first(where: { $0.table == name }) else {
            throw IntegrationTestError("The report has no table \(name): \(tables.map(\.table))")
        }
        return found
    }
}

/// Reading the files a run wrote to its output directory.
struct OutputDirectory: Sendable {
    var url: URL

    /// The sync script of a table, as named in the report.
    func syncScript(_ table: Report.Table) throws -> URL {
        guard let name = table.syncSqlFile else {
            throw IntegrationTestError("The report names no sync script for \(table.table)")
        }
        return url.appendingPathComponent(name)
    }

    /// The SQL statements of a table's sync script: every line that is not a `--` comment.
    func statements(_ table: Report.Table) throws -> [String] {
        try SyncScript.statements(String(contentsOf: try syncScript(table), encoding: .utf8))
    }

    /// Only the INSERT, UPDATE and DELETE statements of a table's sync script, in script order.
    func changes(_ table: Report.Table) throws -> [String] {
        try statements(table).filter(SyncScript.isChange)
    }

    /// The per-key lines of a table's summary, e.g. `(1): different [c3, c4]`.
    ///
    /// A `Set<String>` treats canonically equivalent text (NFC and NFD) as one; use
    /// ``summaryDifferenceLines(_:)`` where that matters.
    func summaryDifferences(_ table: Report.Table) throws -> Set<String> {
        Set(try summaryDifferenceLines(table))
    }

    /// The per-key lines of a table's summary, in file order.
    func summaryDifferenceLines(_ table: Report.Table) throws -> [String] {
        guard let name = table.summaryFile else {
            throw IntegrationTestError("The report names no summary for \(table.table)")
        }
        let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("differences (key: kind [columns]):") }) else { return [] }
        return lines[(start + 1)...].filter { $0.hasPrefix("  (") }.map { String($0.dropFirst(2)) }
    }

    /// Files in the directory whose name starts with `prefix`.
    func files(prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasPrefix(prefix) }.sorted()
    }
}

enum SyncScript {
    /// Lines that are not comments or blank.
    static func statements(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("--") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static func isChange(_ line: String) -> Bool {
        line.hasPrefix("INSERT ") || line.hasPrefix("UPDATE ") || line.hasPrefix("DELETE ")
    }
}
