import Foundation
import Testing
@testable import ParityCore

@Suite("SessionReport")
struct SessionReportTests {
    private let employees = TableReport(table: "EMPLOYEES", status: .completed, sourceRows: 5, targetRows: 4,
                                        counts: DifferenceCounts(matching: 3, missingInTarget: 2, missingInSource: 1, different: 1),
                                        syncSQLFile: "sync_target_EMPLOYEES_20240115_143015_1a2b3c4d.sql",
                                        summaryFile: "comparison_summary_EMPLOYEES_20240115_143015.txt", error: nil)
    private let customers = TableReport(table: "CUSTOMERS", status: .completed, sourceRows: 2, targetRows: 2,
                                        counts: DifferenceCounts(matching: 2), syncSQLFile: nil,
                                        summaryFile: "comparison_summary_CUSTOMERS_20240115_143016.txt", error: nil)
    private let orders = TableReport(table: "ORDERS", status: .failed, sourceRows: nil, targetRows: nil, counts: DifferenceCounts(),
                                     syncSQLFile: nil, summaryFile: nil, error: "Query failed on postgresql://u@h:5432/db: boom (SQLSTATE 42P01)")

    @Test("JSON text: pretty-printed, keys sorted, absent values left out, slashes not escaped")
    func jsonText() throws {
        let report = SessionReport(sessionID: "abc12345-def6-7890-abcd-ef0123456789", status: .failed, tables: [employees, customers, orders])
        #expect(try report.jsonText() == """
            {
              "session_id" : "abc12345-def6-7890-abcd-ef0123456789",
              "status" : "failed",
              "tables" : [
                {
                  "different" : 1,
                  "matching" : 3,
                  "missing_in_source" : 1,
                  "missing_in_target" : 2,
                  "source_rows" : 5,
                  "status" : "completed",
                  "summary_file" : "comparison_summary_EMPLOYEES_20240115_143015.txt",
                  "sync_sql_file" : "sync_target_EMPLOYEES_20240115_143015_1a2b3c4d.sql",
                  "table" : "EMPLOYEES",
                  "target_rows" : 4
                },
                {
                  "different" : 0,
                  "matching" : 2,
                  "missing_in_source" : 0,
                  "missing_in_target" : 0,
                  "source_rows" : 2,
                  "status" : "completed",
                  "summary_file" : "comparison_summary_CUSTOMERS_20240115_143016.txt",
                  "table" : "CUSTOMERS",
                  "target_rows" : 2
                },
                {
                  "different" : 0,
                  "error" : "Query failed on postgresql://u@h:5432/db: boom (SQLSTATE 42P01)",
                  "matching" : 0,
                  "missing_in_source" : 0,
                  "missing_in_target" : 0,
                  "status" : "failed",
                  "table" : "ORDERS"
                }
              ]
            }

            """)
    }

    @Test("JSON text of an in-progress session without tables")
    func jsonTextEmpty() throws {
        #expect(try SessionReport(sessionID: "s", status: .inProgress, tables: []).jsonText() == """
            {
              "session_id" : "s",
              "status" : "in_progress",
              "tables" : [

              ]
            }

            """)
    }

    @Test("JSON round trip")
    func roundTrip() throws {
        let report = SessionReport(sessionID: "s", status: .failed, tables: [employees, customers, orders])
        #expect(try JSONDecoder().decode(SessionReport.self, from: Data(report.jsonText().utf8)) == report)
    }

    @Test("hasDifferences: any table with a difference")
    func hasDifferences() {
        #expect(SessionReport(sessionID: "s", status: .completed, tables: [employees, customers]).hasDifferences)
        #expect(!SessionReport(sessionID: "s", status: .completed, tables: [customers]).hasDifferences)
        #expect(!SessionReport(sessionID: "s", status: .completed, tables: []).hasDifferences)
        for counts in [DifferenceCounts(missingInTarget: 1), DifferenceCounts(missingInSource: 1), DifferenceCounts(different: 1)] {
            let table = TableReport(table: "T", status: .completed, sourceRows: 1, targetRows: 1, counts: counts, syncSQLFile: nil, summaryFile: nil, error: nil)
            #expect(SessionReport(sessionID: "s", status: .completed, tables: [table]).hasDifferences, "\(counts)")
        }
    }

    @Test("hasFailures: any table that did not complete")
    func hasFailures() {
        #expect(SessionReport(sessionID: "s", status: .failed, tables: [customers, orders]).hasFailures)
        #expect(!SessionReport(sessionID: "s", status: .completed, tables: [employees, customers]).hasFailures)
        #expect(!SessionReport(sessionID: "s", status: .completed, tables: []).hasFailures)
        for status in [ProgressStatus.pending, .inProgress, .interrupted] {
            let table = TableReport(table: "T", status: status, sourceRows: nil, targetRows: nil, counts: DifferenceCounts(), syncSQLFile: nil, summaryFile: nil, error: nil)
            #expect(SessionReport(sessionID: "s", status: .inProgress, tables: [customers, table]).hasFailures, "\(status)")
        }
    }

    @Test("table counts")
    func tableCounts() {
        #expect(employees.counts == DifferenceCounts(matching: 3, missingInTarget: 2, missingInSource: 1, different: 1))
        #expect(employees.counts.totalDifferences == 4)
        #expect(employees.counts + customers.counts == DifferenceCounts(matching: 5, missingInTarget: 2, missingInSource: 1, different: 1))
    }

    @Test("in_flight is in a table's JSON when rows were resolved by a recheck, absent otherwise; counts read it back")
    func inFlight() throws {
        let table = TableReport(table: "T", status: .completed, sourceRows: 4, targetRows: 4,
                                counts: DifferenceCounts(matching: 2, different: 1, inFlight: 1), syncSQLFile: "s.sql", summaryFile: "m.txt", error: nil)
        let text = try SessionReport(sessionID: "s", status: .completed, tables: [table]).jsonText()
        #expect(text.contains("""
                  "different" : 1,
                  "in_flight" : 1,
                  "matching" : 2,
            """))
        #expect(table.counts == DifferenceCounts(matching: 2, different: 1, inFlight: 1))
        #expect(!(try SessionReport(sessionID: "s", status: .completed, tables: [customers]).jsonText()).contains("in_flight"))
        let decoded = try JSONDecoder().decode(DifferenceCounts.self, from: Data(#"{"matching": 1, "missingInTarget": 0, "missingInSource": 0, "different": 2}"#.utf8))
        #expect(decoded == DifferenceCounts(matching: 1, different: 2))
    }

    @Test("the summary states the in-flight rows and the recheck when one is set")
    func summaryInFlight() throws {
        let mapping = try sameMapping(schema: nil, columns: [column("id", "INTEGER", .integer)], primaryKey: ["id"])
        let plan = TablePlan(mapping: mapping, ranges: [KeyRange(lower: nil, upper: nil)], sourceRows: 4, targetRows: 4, chunkSize: 10)
        let counts = DifferenceCounts(matching: 2, different: 1, inFlight: 1)
        let summary = SummaryWriter.summary(table: "t", sessionID: "s", runID: "r", mapping: mapping, plan: plan, counts: counts, sample: [],
                                            syncScriptFile: "s.sql", recheck: RecheckPolicy(after: 1.5, attempts: 2))
        #expect(summary.contains("Different:         1\nIn flight (resolved): 1 (rows read again after 1.5 s, up to 2 times)\n\nSync script:"))
        let without = SummaryWriter.summary(table: "t", sessionID: "s", runID: "r", mapping: mapping, plan: plan,
                                            counts: DifferenceCounts(matching: 2, different: 1), sample: [], syncScriptFile: "s.sql")
        #expect(!without.contains("In flight"))
    }
}
