import Foundation
import ParityCore
import Testing
@testable import ParityCLI

@Suite struct LogLineTests {
    let date: Date = {
        var components = DateComponents()
        components.year = 2024; components.month = 1; components.day = 15
        components.hour = 10; components.minute = 3; components.second = 35
        return Calendar(identifier: .gregorian).date(from: components) ?? Date()
    }()

    @Test func walkthroughLineFormat() {
        #expect(LineLogHandler.format(date: date, level: .info, message: "Created new session: abc123-def456-789ghi")
            == "2024-01-15 10:03:35 - INFO - Created new session: abc123-def456-789ghi")
        #expect(LineLogHandler.format(date: date, level: .error, message: "Database connection lost")
            == "2024-01-15 10:03:35 - ERROR - Database connection lost")
        #expect(LineLogHandler.format(date: date, level: .warning, message: "w") == "2024-01-15 10:03:35 - WARNING - w")
        #expect(LineLogHandler.format(date: date, level: .debug, message: "d") == "2024-01-15 10:03:35 - DEBUG - d")
    }

    @Test func sessionSummaryBlock() {
        let session = SessionRecord(id: "abc123de-f456-789a-bcde-f0123456789a", startTime: date, status: .inProgress, configPath: "/c.yaml",
                                    outputDirectory: "/out", tables: ["EMPLOYEES", "CUSTOMERS", "ORDERS"], lastUpdate: date)
        let later = date.addingTimeInterval(115)
        let progress = [
            TableProgress(table: "EMPLOYEES", status: .completed, totalChunks: 5, completedChunks: 5, processedRows: 50_000, lastUpdate: date),
            TableProgress(table: "CUSTOMERS", status: .inProgress, totalChunks: 8, completedChunks: 3, processedRows: 30_000, lastUpdate: later),
            TableProgress(table: "ORDERS"),
        ]
        #expect(ComparisonRunner.sessionSummary(session, progress: progress) == """
            SESSION SUMMARY: abc123de...
            ====================================
            Total Tables: 3
            Completed: 1
            Failed: 0
            In Progress: 1
            Pending: 1
            Started: 2024-01-15 10:03:35
            Last Update: 2024-01-15 10:05:30
            ====================================
            """)
    }

    @Test func sessionDocumentHasTheWalkthroughShape() throws {
        let session = SessionRecord(id: "abc123-def456-789ghi", startTime: date, status: .started, configPath: "/c.yaml",
                                    outputDirectory: "/out", tables: ["EMPLOYEES", "CUSTOMERS"], lastUpdate: date)
        let progress = [
            TableProgress(table: "EMPLOYEES", status: .completed, totalChunks: 5, completedChunks: 5, processedRows: 50_000, lastUpdate: date),
            TableProgress(table: "CUSTOMERS", status: .failed, error: "Query failed"),
        ]
        let counts = ["EMPLOYEES": DifferenceCounts(matching: 49_990, missingInTarget: 4, missingInSource: 2, different: 4)]
        #expect(try SessionDocument(session: session, progress: progress, counts: counts).jsonText() == """
            {
              "completed_tables" : 1,
              "session_id" : "abc123-def456-789ghi",
              "start_time" : "2024-01-15T10:03:35",
              "status" : "started",
              "table_progress" : {
                "CUSTOMERS" : {
                  "completed_chunks" : 0,
                  "different" : 0,
                  "error" : "Query failed",
                  "matching" : 0,
                  "missing_in_source" : 0,
                  "missing_in_target" : 0,
                  "processed_rows" : 0,
                  "status" : "failed",
                  "total_chunks" : 0
                },
                "EMPLOYEES" : {
                  "completed_chunks" : 5,
                  "different" : 4,
                  "last_update" : "2024-01-15T10:03:35",
                  "matching" : 49990,
                  "missing_in_source" : 2,
                  "missing_in_target" : 4,
                  "processed_rows" : 50000,
                  "status" : "completed",
                  "total_chunks" : 5
                }
              },
              "total_tables" : 2
            }

            """)
    }
}
