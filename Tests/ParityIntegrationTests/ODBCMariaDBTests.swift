import Foundation
import Testing

/// MariaDB to MariaDB through MariaDB Connector/ODBC: the walkthrough's kill-and-resume flow and
/// a seeded round trip whose sync script is applied with the `mariadb` client.
@Suite("ODBC: MariaDB through Connector/ODBC")
struct ODBCMariaDBTests {
    /// Creates and fills the walkthrough's three tables (upper-case names, as written in the
    /// configuration); the target copy gets ``WalkthroughTests/expected``'s drift.
    static func loadWalkthrough(_ database: MariaDBTestDatabase, isTarget: Bool) async throws {
        try await database.execute(
            "CREATE TABLE EMPLOYEES (EMPLOYEE_ID int PRIMARY KEY, NAME varchar(60) NOT NULL, SALARY decimal(10,2), HIRED date)",
            "INSERT INTO EMPLOYEES SELECT seq, CONCAT('Employee ', seq), 1000 + seq * 1.25, DATE '2020-01-01' + INTERVAL seq DAY FROM seq_1_to_500",
            "CREATE TABLE CUSTOMERS (CUSTOMER_ID int PRIMARY KEY, NAME text, EMAIL varchar(100), CREATED datetime)",
            "INSERT INTO CUSTOMERS SELECT 2 * seq, CONCAT('Customer ', seq), CONCAT('c', seq, '@example.com'), TIMESTAMP '2021-06-01 08:00:00' + INTERVAL (seq * 90) MINUTE FROM seq_1_to_800",
            "CREATE TABLE ORDERS (ORDER_ID bigint PRIMARY KEY, CUSTOMER_ID int NOT NULL, AMOUNT decimal(12,2), STATUS varchar(10))",
            "INSERT INTO ORDERS SELECT seq, 2 * (1 + seq % 800), (seq * 7 % 1000) + 0.99, CASE WHEN seq % 3 = 0 THEN 'SHIPPED' ELSE 'OPEN' END FROM seq_1_to_2000")
        guard isTarget else { return }
        try await database.execute(
            "DELETE FROM EMPLOYEES WHERE EMPLOYEE_ID IN (7, 250, 499)",
            "UPDATE EMPLOYEES SET SALARY = SALARY + 100 WHERE EMPLOYEE_ID = 120",
            "UPDATE EMPLOYEES SET NAME = 'Renamed' WHERE EMPLOYEE_ID = 333",
            "DELETE FROM CUSTOMERS WHERE CUSTOMER_ID IN (10, 500, 1400)",
            "UPDATE CUSTOMERS SET EMAIL = NULL WHERE CUSTOMER_ID = 250",
            "UPDATE CUSTOMERS SET NAME = 'Customer ''910''' WHERE CUSTOMER_ID = 910",
            "INSERT INTO CUSTOMERS (CUSTOMER_ID, NAME, EMAIL, CREATED) VALUES (1, 'Only in target', NULL, NULL), (301, 'Extra', 'x@example.com', NULL), (1001, 'Extra', NULL, NULL), (1701, 'Beyond', NULL, NULL)",
            "DELETE FROM ORDERS WHERE ORDER_ID IN (55, 1999)",
            "UPDATE ORDERS SET AMOUNT = AMOUNT + 0.01 WHERE ORDER_ID = 777",
            "UPDATE ORDERS SET STATUS = NULL WHERE ORDER_ID = 1500",
            "INSERT INTO ORDERS (ORDER_ID, CUSTOMER_ID, AMOUNT, STATUS) VALUES (2001, 2, 1.00, 'OPEN'), (2002, 4, NULL, NULL)")
    }

    @Test("walkthrough on MariaDB: crash in CUSTOMERS, resume, same result as an uninterrupted run, script applies")
    func crashAndResume() async throws {
        try await Workspace.with("odbc-walkthrough") { workspace in
            let source = try await workspace.mariadb("source")
            let target = try await workspace.mariadb("target")
            try await Self.loadWalkthrough(source, isTarget: false)
            try await Self.loadWalkthrough(target, isTarget: true)
            let configuration = try workspace.writeConfiguration(sourceBlock: source.configurationBlock("source_database"),
                                                                 targetBlock: target.configurationBlock("target_database"),
                                                                 tables: WalkthroughTests.tables)

            // Run 1: killed right after chunk 3 of CUSTOMERS is recorded, one worker.
            let first = try await workspace.parity(["compare", configuration.path, "--parallel", "1"],
                                                   environment: ["PARITY_TEST_KILL_AFTER_CHUNK": "CUSTOMERS:3"])
            #expect(first.killedBySignal, "\(first.transcript)")
            let sessionID = try #require(WalkthroughTests.sessionID(in: first.stderr), "\(first.transcript)")
            #expect(first.stderrCount("Will process in 5 chunks of 100 rows each") == 1, "\(first.transcript)")
            #expect(first.stderrCount("Completed table: EMPLOYEES") == 1)
            for chunk in 1...3 { #expect(first.stderrCount("Processed chunk \(chunk)/8") == 1) }
            #expect(first.stderrCount("Processed chunk 4/8") == 0)
            #expect(!first.stderr.contains(MariaDBEnvironment.current.password), "the password must never be printed")

            // Run 2: resumes; CUSTOMERS' first three chunks are not compared again.
            let second = try await workspace.parity(["compare", configuration.path, "--resume", sessionID, "--parallel", "1"])
            #expect(second.status == 1, "\(second.transcript)")
            #expect(second.stderrCount("Resumed session: \(sessionID)") == 1, "\(second.transcript)")
            #expect(second.stderrCount("Skipping completed table: EMPLOYEES") == 1)
            #expect(second.stderrCount("Found 3 existing chunk checkpoints for CUSTOMERS") == 1, "\(second.transcript)")
            for chunk in 1...3 {
                #expect(second.stderrCount("Skipping chunk \(chunk)/8 (already processed)") == 1)
                #expect(second.stderrCount("Processed chunk \(chunk)/8") == 0)
            }
            for chunk in 4...8 { #expect(second.stderrCount("Processed chunk \(chunk)/8") == 1) }
            for chunk in 1...20 { #expect(second.stderrCount("Processed chunk \(chunk)/20") == 1) }
            let resumedOutput = OutputDirectory(url: workspace.url("out"))
            let resumedReport = try Report.read(resumedOutput.url.appendingPathComponent("comparison_report_\(sessionID.prefix(8)).json"))
            #expect(resumedReport.status == "completed")

            // Run 3: uninterrupted, its own state and output.
            let clean = try await workspace.parity(["compare", configuration.path, "--state-dir", "state-clean", "--output-dir", "out-clean"])
            #expect(clean.status == 1, "\(clean.transcript)")
            let cleanID = try #require(WalkthroughTests.sessionID(in: clean.stderr), "\(clean.transcript)")
            let cleanOutput = OutputDirectory(url: workspace.url("out-clean"))
            let cleanReport = try Report.read(cleanOutput.url.appendingPathComponent("comparison_report_\(cleanID.prefix(8)).json"))

            for entry in WalkthroughTests.tables {
                let resumed = try resumedReport.table(entry.name)
                let uninterrupted = try cleanReport.table(entry.name)
                #expect(resumed.counts == WalkthroughTests.expected[entry.name], "\(entry.name): \(resumed.counts)")
                #expect(resumed.counts == uninterrupted.counts)
                let resumedStatements = try resumedOutput.statements(resumed)
                #expect(resumedStatements == (try cleanOutput.statements(uninterrupted)), "\(entry.name): the sync scripts differ")
                #expect(Set(resumedStatements).count == resumedStatements.count, "\(entry.name): a statement is duplicated")
            }
            let customers = try resumedOutput.changes(try resumedReport.table("CUSTOMERS"))
            #expect(customers.filter { $0.hasPrefix("DELETE ") } == [1, 301, 1001, 1701].map { "DELETE FROM `CUSTOMERS` WHERE `CUSTOMER_ID` = \($0);" })
            #expect(customers.filter { $0.hasPrefix("UPDATE ") }.map { $0.components(separatedBy: " WHERE ").last ?? "" }
                == ["`CUSTOMER_ID` = 250;", "`CUSTOMER_ID` = 910;"])

            // The resumed session's scripts make the target equal to the source.
            let resumedComparison = Comparison(run: second, report: resumedReport, output: resumedOutput)
            try await workspace.applyAndCompareAgain(resumedComparison, configuration: configuration) { try await target.apply(script: $0) }
        }
    }

    /// The round-trip columns in MariaDB types: TIMESTAMP(6) holds the instants, TINYINT(1) the
    /// booleans, CHAR(36) the UUIDs.
    static func mariadbType(_ column: RoundTripTests.Column) -> String {
        switch column.kind {
        case .text: return column.postgresType == "text" ? "text" : "varchar(80)"
        case .decimal4: return "decimal(12,4)"
        case .bigDecimal: return "decimal(65,30)"
        case .date: return "date"
        case .timestamp: return "datetime(6)"
        case .bytes: return "varbinary(64)"
        case .boolean: return "tinyint(1)"
        case .double: return "double"
        case .uuid: return "char(36)"
        case .instant: return "timestamp(6) NULL DEFAULT NULL"
        }
    }

    static func createTable(_ database: MariaDBTestDatabase, columns: [RoundTripTests.Column]) async throws {
        let definitions = ["id int PRIMARY KEY"] + columns.map { "\($0.name) \(mariadbType($0))" }
        try await database.execute("CREATE TABLE drift (\(definitions.joined(separator: ", ")))")
    }

    /// The table's rows as MariaDB prints them, for a byte-for-byte check after applying.
    static func dump(_ database: MariaDBTestDatabase, columns: [RoundTripTests.Column]) async throws -> [[String?]] {
        let select = ["CAST(id AS CHAR)"] + columns.map { column in
            column.kind == .bytes ? "HEX(\(column.name))" : "CAST(\(column.name) AS CHAR)"
        }
        return try await database.strings("SELECT \(select.joined(separator: ", ")) FROM drift ORDER BY id", columns: select.count)
    }

    @Test("MariaDB → MariaDB: seeded drift, apply the script with the mariadb client, compare again: no differences",
          arguments: ["checksum", "rows"])
    func roundTrip(mode: String) async throws {
        let columns = RoundTripTests.columns(for: .sqliteToSQLite)
        let data = RoundTripTests.generate(columns: columns, seed: 20_251_201)
        try await Workspace.with("odbc-mariadb") { workspace in
            let source = try await workspace.mariadb("source")
            let target = try await workspace.mariadb("target")
            let names = ["id"] + columns.map(\.name)
            try await Self.createTable(source, columns: columns)
            try await Self.createTable(target, columns: columns)
            try await source.execute(TestValue.mariadbInserts(table: "drift", columns: names, rows: data.source))
            try await target.execute(TestValue.mariadbInserts(table: "drift", columns: names, rows: data.target))
            let configuration = try workspace.writeConfiguration(sourceBlock: source.configurationBlock("source_database"),
                                                                 targetBlock: target.configurationBlock("target_database"),
                                                                 tables: [TableEntry("drift", key: ["id"], chunkSize: 40)])
            let first = try await workspace.compare(configuration, ["--mode", mode])
            #expect(first.run.status == 1, "\(first.run.transcript)")
            let table = try first.report.table("drift")
            #expect(table.counts == data.expected, "\(first.run.transcript)")
            #expect(try first.output.changes(table).count == data.expected.differences, "one statement per difference")
            try await workspace.applyAndCompareAgain(first, configuration: configuration) { try await target.apply(script: $0) }
            let sourceRows = try await Self.dump(source, columns: columns)
            let targetRows = try await Self.dump(target, columns: columns)
            #expect(sourceRows.count == data.source.count)
            #expect(sourceRows == targetRows, "after applying the script the target holds exactly the source's rows")
        }
    }
}
