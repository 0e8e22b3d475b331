import ArgumentParser
import Foundation
import GRDB
import ParityCore

/// `parity demo`: the whole story on embedded SQLite databases in under a minute.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build SQLite source and target databases with drift, compare them, apply the sync scripts to a copy of the target and compare again."
    )

    @Option(name: .customLong("dir"), help: "Folder for the demo's databases, config, state and outputs (recreated on each run).")
    var directory = "parity-demo"

    @Option(name: .customLong("rows-scale"), help: "Multiply the walkthrough's row counts (50,000 / 80,000 / 200,000) by this factor (0.001–10).")
    var rowsScale = 1.0

    func validate() throws {
        guard (0.001...10).contains(rowsScale) else { throw ValidationError("--rows-scale must be between 0.001 and 10.") }
    }

    func run() async throws {
        let terminal = Terminal()
        let fileManager = FileManager.default
        let root = directory.hasPrefix("/") ? directory : (fileManager.currentDirectoryPath as NSString).appendingPathComponent(directory)
        let marker = (root as NSString).appendingPathComponent(".parity-demo")
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: root, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ParityError(.configuration, "\(root) exists and is not a folder; choose another folder with --dir.")
        }
        if fileManager.fileExists(atPath: root) {
            let contents = (try? fileManager.contentsOfDirectory(atPath: root)) ?? []
            guard contents.isEmpty || fileManager.fileExists(atPath: marker) else {
                throw ParityError(.configuration, "\(root) exists and was not made by parity demo; choose another folder with --dir.")
            }
            try fileManager.removeItem(atPath: root)
        }
        try fileManager.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = fileManager.createFile(atPath: marker, contents: Data("made by parity demo; removed and rebuilt on each run\n".utf8))
        func path(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

        terminal.line("Parity demo in \(root)", toFile: false)
        terminal.line("1. Building source.sqlite and target.sqlite (EMPLOYEES, CUSTOMERS, ORDERS) with drift in the target…", toFile: false)
        let drifts = try DemoDatabases(scale: rowsScale).build(source: path("source.sqlite"), target: path("target.sqlite"))
        for (table, _) in DemoDatabases.baseRows {
            if let drift = drifts[table] {
                terminal.line("   \(table): drift put in: \(drift.missingInTarget) missing in target, \(drift.missingInSource) missing in source, \(drift.different) different", toFile: false)
            }
        }
        let config = Self.config(target: "target.sqlite", output: "output")
        try Data(config.utf8).write(to: URL(fileURLWithPath: path("parity-demo.yaml")))
        terminal.line("2. Comparing, with the configuration written to \(path("parity-demo.yaml")):", toFile: false)
        let first = try await compare(configPath: path("parity-demo.yaml"), terminal: terminal)
        guard let report = first.report else { throw ExitCode(ExitStatus.error) }
        for table in report.tables {
            let drift = drifts[table.table] ?? .init()
            guard table.missingInTarget == drift.missingInTarget, table.missingInSource == drift.missingInSource, table.different == drift.different else {
                terminal.line("parity demo: \(table.table) found \(table.counts) but the drift put in was \(drift); please report this.", toFile: false)
                throw ExitCode(ExitStatus.error)
            }
        }

        terminal.line("3. Applying the sync scripts to a copy of the target (target-synced.sqlite)…", toFile: false)
        try fileManager.copyItem(atPath: path("target.sqlite"), toPath: path("target-synced.sqlite"))
        let synced = try DatabaseQueue(path: path("target-synced.sqlite"))
        for table in report.tables {
            guard let script = table.syncSQLFile else { continue }
            let text = try String(contentsOfFile: path("output/" + script), encoding: .utf8)
            try await synced.writeWithoutTransaction { db in try db.execute(sql: text) }
            terminal.line("   applied output/\(script)", toFile: false)
        }
        try synced.close()
        try Data(Self.config(target: "target-synced.sqlite", output: "output-synced").utf8).write(to: URL(fileURLWithPath: path("parity-demo-synced.yaml")))

        terminal.line("4. Comparing the source with the synced copy:", toFile: false)
        let second = try await compare(configPath: path("parity-demo-synced.yaml"), terminal: terminal)
        guard second.status == ExitStatus.identical, let after = second.report else {
            terminal.line("parity demo: the synced copy still differs; please report this.", toFile: false)
            throw ExitCode(ExitStatus.error)
        }
        let fixed = report.tables.reduce(0) { $0 + $1.counts.totalDifferences }
        let rows = after.tables.reduce(0) { $0 + ($1.sourceRows ?? 0) }
        terminal.line("", toFile: false)
        terminal.line("Demo complete: \(LogFormat.grouped(fixed)) differences found and fixed; \(LogFormat.grouped(rows)) rows re-compared, 0 differences.", toFile: false)
        terminal.line("Look at: \(path("output")) (sync scripts, summaries, report), \(path("state/parity.log")), and parity sessions list --state-dir \(CompareCommand.shellWord(path("state")))", toFile: false)
    }

    private func compare(configPath: String, terminal: Terminal) async throws -> (status: Int32, report: SessionReport?) {
        let configuration = try ConfigurationLoader().load(path: configPath)
        let root = (configPath as NSString).deletingLastPathComponent
        let request = CompareRequest(configuration: configuration, outputDirectory: (root as NSString).appendingPathComponent(configuration.outputDirectory),
                                     stateDirectory: (root as NSString).appendingPathComponent(configuration.stateDirectory),
                                     commandLine: "parity compare \(configPath)")
        return await request.executeReturningReport(terminal: terminal)
    }

    static func config(target: String, output: String) -> String {
        """
        # Written by parity demo.
        source_database:
          type: sqlite
          path: source.sqlite
        target_database:
          type: sqlite
          path: \(target)
        state_directory: state
        output_directory: \(output)
        tables:
          - table_name: EMPLOYEES
            primary_key: [EMPLOYEE_ID]
            chunk_size: 10000
          - table_name: CUSTOMERS
            primary_key: [CUSTOMER_ID]
            chunk_size: 10000
          - table_name: ORDERS
            primary_key: [ORDER_ID]
            chunk_size: 10000

        """
    }
}
