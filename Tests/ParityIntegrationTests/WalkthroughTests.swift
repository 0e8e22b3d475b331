import Foundation
import Testing

/// seed/restart-walkthrough.md on real databases: three tables of 5, 8 and 20 chunks (scaled to
/// 100-row chunks), a crash after chunk 3 of CUSTOMERS, a resume, and an uninterrupted run that
/// must give the same counts and the same sync scripts.
@Suite("Restart walkthrough")
struct WalkthroughTests {
    /// The drift put into each target, and the counts it must give.
    static let expected: [String: Counts] = [
        // EMPLOYEES 1…500: 7, 250, 499 missing in target; 120 and 333 different.
        "EMPLOYEES": Counts(matching: 495, missingInTarget: 3, missingInSource: 0, different: 2),
        // CUSTOMERS 2, 4, …, 1600: 10, 500, 1400 missing in target; 250, 910 different;
        // target-only 1 (below every source key), 301, 1001, 1701 (above every source key).
        "CUSTOMERS": Counts(matching: 795, missingInTarget: 3, missingInSource: 4, different: 2),
        // ORDERS 1…2000: 55, 1999 missing in target; 777, 1500 different; target-only 2001, 2002.
        "ORDERS": Counts(matching: 1996, missingInTarget: 2, missingInSource: 2, different: 2),
    ]

    static let tables = [
        TableEntry("EMPLOYEES", key: ["EMPLOYEE_ID"], chunkSize: 100),
        TableEntry("CUSTOMERS", key: ["CUSTOMER_ID"], chunkSize: 100),
        TableEntry("ORDERS", key: ["ORDER_ID"], chunkSize: 100),
    ]

    @Test("crash in CUSTOMERS, resume, same result as an uninterrupted run", arguments: [EnginePair.postgresToPostgres, .sqliteToSQLite])
    func crashAndResume(pair: EnginePair) async throws {
        try await Workspace.with("walkthrough") { workspace in
            let source = try await workspace.database(pair.source, "source")
            let target = try await workspace.database(pair.target, "target")
            try await Self.load(source, isTarget: false)
            try await Self.load(target, isTarget: true)
            let configuration = try workspace.writeConfiguration(source: source, target: target, tables: Self.tables)

            // Run 1: dies by SIGKILL right after chunk 3 of CUSTOMERS is recorded. One worker, so
            // chunks finish in order, as in the walkthrough.
            let first = try await workspace.parity(["compare", configuration.path, "--parallel", "1"], environment: ["PARITY_TEST_KILL_AFTER_CHUNK": "CUSTOMERS:3"])
            #expect(first.killedBySignal, "\(first.transcript)")
            #expect(first.status == SIGKILL, "\(first.transcript)")
            let sessionID = try #require(Self.sessionID(in: first.stderr), "\(first.transcript)")
            #expect(first.stderrCount("Initializing comparison for 3 tables") == 1)
            #expect(first.stderrCount("Will process in 5 chunks of 100 rows each") == 1)
            #expect(first.stderrCount("Will process in 8 chunks of 100 rows each") == 1)
            #expect(first.stderrCount("Completed table: EMPLOYEES") == 1)
            for chunk in 1...3 { #expect(first.stderrCount("Processed chunk \(chunk)/8") == 1) }
            #expect(first.stderrCount("Processed chunk 4/8") == 0)
            #expect(first.stderrCount("Starting comparison for table: ORDERS") == 0)
            let firstOutput = OutputDirectory(url: workspace.url("out"))
            #expect(firstOutput.files(prefix: "sync_target_EMPLOYEES_").count == 1, "EMPLOYEES' work is kept")
            #expect(firstOutput.files(prefix: "sync_target_CUSTOMERS_").isEmpty)

            // Run 2: resumes the session.
            let second = try await workspace.parity(["compare", configuration.path, "--resume", sessionID, "--parallel", "1"])
            #expect(second.status == 1, "\(second.transcript)")
            #expect(!second.killedBySignal)
            #expect(second.stderrCount("Resumed session: \(sessionID)") == 1, "\(second.transcript)")
            #expect(second.stderrCount("SESSION SUMMARY") == 1)
            #expect(second.stderrLines.contains("Total Tables: 3"))
            #expect(second.stderrLines.contains("Completed: 1"))
            #expect(second.stderrLines.contains("In Progress: 1"))
            #expect(second.stderrLines.contains("Pending: 1"))
            #expect(second.stderrCount("Processing 2 pending tables") == 1)
            #expect(second.stderrCount("Skipping completed table: EMPLOYEES") == 1)
            #expect(second.stderrCount("Created new session") == 0)
            #expect(second.stderrCount("Found 3 existing chunk checkpoints for CUSTOMERS") == 1, "\(second.transcript)")
            for chunk in 1...3 {
                #expect(second.stderrCount("Skipping chunk \(chunk)/8 (already processed)") == 1)
                #expect(second.stderrCount("Processed chunk \(chunk)/8") == 0, "chunk \(chunk) must not be compared again")
            }
            #expect(second.stderrCount("Processed chunk 4/8") == 1, "\(second.transcript)")
            for chunk in 4...8 { #expect(second.stderrCount("Processed chunk \(chunk)/8") == 1) }
            for chunk in 1...20 { #expect(second.stderrCount("Processed chunk \(chunk)/20") == 1) }
            #expect(second.stderrCount("Processed chunk 1/5") == 0, "EMPLOYEES is not compared again")
            let customersEnd = "COMPARISON_END - Table: CUSTOMERS, Results: \(Self.expected["CUSTOMERS"]?.description ?? "")"
            #expect(second.stderrCount(customersEnd) == 1, "\(second.transcript)")
            #expect(second.stderrCount("Completed table: CUSTOMERS") == 1)
            #expect(second.stderrCount("Completed table: ORDERS") == 1)

            let resumedOutput = OutputDirectory(url: workspace.url("out"))
            let resumedReport = try Report.read(resumedOutput.url.appendingPathComponent("comparison_report_\(sessionID.prefix(8)).json"))
            #expect(resumedReport.sessionId == sessionID)
            #expect(resumedReport.status == "completed")

            // Run 3: the same comparison, uninterrupted, in its own state and output directories,
            // with the default number of parallel workers.
            let uninterrupted = try await workspace.parity(["compare", configuration.path, "--state-dir", "state-clean", "--output-dir", "out-clean"])
            #expect(uninterrupted.status == 1, "\(uninterrupted.transcript)")
            let cleanID = try #require(Self.sessionID(in: uninterrupted.stderr), "\(uninterrupted.transcript)")
            #expect(cleanID != sessionID)
            let cleanOutput = OutputDirectory(url: workspace.url("out-clean"))
            let cleanReport = try Report.read(cleanOutput.url.appendingPathComponent("comparison_report_\(cleanID.prefix(8)).json"))

            for entry in Self.tables {
                let resumed = try resumedReport.table(entry.name)
                let clean = try cleanReport.table(entry.name)
                #expect(resumed.status == "completed")
                #expect(resumed.counts == clean.counts, "\(entry.name): resumed \(resumed.counts) vs uninterrupted \(clean.counts)")
                #expect(resumed.sourceRows == clean.sourceRows)
                #expect(resumed.targetRows == clean.targetRows)
                #expect(resumed.counts == Self.expected[entry.name], "\(entry.name): \(resumed.counts)")

                let resumedStatements = try resumedOutput.statements(resumed)
                let cleanStatements = try cleanOutput.statements(clean)
                #expect(resumedStatements == cleanStatements, "\(entry.name): the sync scripts differ")
                #expect(Set(resumedStatements).count == resumedStatements.count, "\(entry.name): a statement is duplicated")
                let changes = resumedStatements.filter(SyncScript.isChange)
                let counts = try #require(Self.expected[entry.name])
                let inserts = changes.filter { $0.hasPrefix("INSERT ") }.count
                let updates = changes.filter { $0.hasPrefix("UPDATE ") }.count
                let deletes = changes.filter { $0.hasPrefix("DELETE ") }.count
                #expect(inserts == counts.missingInTarget)
                #expect(updates == counts.different)
                #expect(deletes == counts.missingInSource)
            }

            // The statements from before and after the crash are both there, each once.
            let customers = try resumedOutput.changes(try resumedReport.table("CUSTOMERS"))
            let table = target.scriptTable(pair.target == .postgresql ? "customers" : "CUSTOMERS")
            let key = pair.target == .postgresql ? "\"customer_id\"" : "\"CUSTOMER_ID\""
            let deletes = customers.filter { $0.hasPrefix("DELETE ") }
            let updatedKeys = customers.filter { $0.hasPrefix("UPDATE ") }.map { $0.components(separatedBy: " WHERE ").last ?? "" }
            let insertedKeys = customers.filter { $0.hasPrefix("INSERT ") }.map { String(($0.components(separatedBy: "VALUES (").last ?? "").prefix { $0 != "," }) }
            #expect(deletes == [1, 301, 1001, 1701].map { "DELETE FROM \(table) WHERE \(key) = \($0);" })
            #expect(updatedKeys == ["\(key) = 250;", "\(key) = 910;"])
            #expect(insertedKeys == ["10", "500", "1400"])
        }
    }

    /// `Created new session: <id>` in a run's log.
    static func sessionID(in log: String) -> String? {
        for line in log.split(separator: "\n") {
            if let range = line.range(of: "Created new session: ") {
                return String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// Creates and fills the three tables; the target copy gets the drift of ``expected``.
    static func load(_ database: TestDatabase, isTarget: Bool) async throws {
        switch database.engine {
        case .postgresql:
            // Unquoted names: the catalogue stores them in lower case; the configuration's upper
            // case names are found case-insensitively.
            try await database.execute(
                "CREATE TABLE employees (employee_id integer PRIMARY KEY, name varchar(60) NOT NULL, salary numeric(10,2), hired date)",
                "INSERT INTO employees SELECT g, 'Employee ' || g, 1000 + g * 1.25, DATE '2020-01-01' + g FROM generate_series(1, 500) g",
                "CREATE TABLE customers (customer_id integer PRIMARY KEY, name text, email varchar(100), created timestamp)",
                "INSERT INTO customers SELECT 2 * g, 'Customer ' || g, 'c' || g || '@example.com', TIMESTAMP '2021-06-01 08:00:00' + g * INTERVAL '90 minutes' FROM generate_series(1, 800) g",
                "CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id integer NOT NULL, amount numeric(12,2), status varchar(10))",
                "INSERT INTO orders SELECT g, 2 * (1 + g % 800), (g * 7 % 1000) + 0.99, CASE WHEN g % 3 = 0 THEN 'SHIPPED' ELSE 'OPEN' END FROM generate_series(1, 2000) g")
        case .sqlite:
            try await database.execute(
                "CREATE TABLE EMPLOYEES (EMPLOYEE_ID INTEGER PRIMARY KEY, NAME VARCHAR(60) NOT NULL, SALARY NUMERIC(10,2), HIRED DATE)",
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 500) INSERT INTO EMPLOYEES SELECT n, 'Employee ' || n, 1000 + n * 1.25, date('2020-01-01', '+' || n || ' days') FROM g",
                "CREATE TABLE CUSTOMERS (CUSTOMER_ID INTEGER PRIMARY KEY, NAME TEXT, EMAIL VARCHAR(100), CREATED TIMESTAMP)",
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 800) INSERT INTO CUSTOMERS SELECT 2 * n, 'Customer ' || n, 'c' || n || '@example.com', datetime('2021-06-01 08:00:00', '+' || (n * 90) || ' minutes') FROM g",
                "CREATE TABLE ORDERS (ORDER_ID INTEGER PRIMARY KEY, CUSTOMER_ID INTEGER NOT NULL, AMOUNT NUMERIC(12,2), STATUS VARCHAR(10))",
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000) INSERT INTO ORDERS SELECT n, 2 * (1 + n % 800), (n * 7 % 1000) + 0.99, CASE WHEN n % 3 = 0 THEN 'SHIPPED' ELSE 'OPEN' END FROM g")
        }
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
}
