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
}
