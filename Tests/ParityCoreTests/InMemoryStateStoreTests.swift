import Foundation
import Testing
@testable import ParityCore

/// A clock tests can move.
private final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_705_329_015)  // 2024-01-15 14:30:15 UTC

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

@Suite("InMemoryStateStore")
struct InMemoryStateStoreTests {
    private let clock = TestClock()
    private var store: InMemoryStateStore { InMemoryStateStore(now: { [clock] in clock.now }) }

    private func session(_ id: String = "abc12345-0000-0000-0000-000000000000", start: TimeInterval = 1_705_329_000,
                         tables: [String] = ["EMPLOYEES", "CUSTOMERS", "ORDERS"]) -> SessionRecord {
        SessionRecord(id: id, startTime: Date(timeIntervalSince1970: start), status: .started, configPath: "/etc/parity/config.yaml",
                      outputDirectory: "/tmp/out", tables: tables, lastUpdate: Date(timeIntervalSince1970: start))
    }

    private func plan(chunks: Int, sourceRows: Int = 50_000, targetRows: Int = 49_990) throws -> TablePlan {
        let mapping = try sameMapping(name: "CUSTOMERS", schema: nil, columns: [column("ID", "INTEGER", .integer), column("NAME", "TEXT", .text, nullable: true)],
                                      primaryKey: ["ID"])
        let boundaries = (1..<chunks).map { [SQLValue.integer(Int64($0 * 10_000))] }
        return TablePlan(mapping: mapping, ranges: KeyRange.ranges(boundaries: boundaries), sourceRows: sourceRows, targetRows: targetRows, chunkSize: 10_000)
    }

    private func difference(_ key: Int64, _ kind: DifferenceKind = .missingInTarget) -> RowDifference {
        RowDifference(kind: kind, key: [.integer(key)], sourceRow: kind == .missingInSource ? nil : [.integer(key), .text("n\(key)")],
                      targetRow: kind == .missingInTarget ? nil : [.integer(key), .text("t\(key)")], columns: kind == .different ? ["NAME"] : [])
    }

    @Test("a new session has every table pending, in session order")
    func createSession() throws {
        let store = self.store
        let record = session()
        try store.createSession(record)
        #expect(try store.session(id: record.id) == record)
        #expect(try store.session(id: "unknown") == nil)
        #expect(try store.tableProgress(session: record.id) == [
            TableProgress(table: "EMPLOYEES"), TableProgress(table: "CUSTOMERS"), TableProgress(table: "ORDERS"),
        ])
        #expect(try store.tableProgress(session: "unknown").isEmpty)
    }

    @Test("a session id is used once")
    func duplicateSession() throws {
        let store = self.store
        try store.createSession(session())
        let error = #expect(throws: ParityError.self) { try store.createSession(session(tables: ["OTHER"])) }
        #expect(error?.code == .state)
        #expect(try store.tableProgress(session: session().id).map(\.table) == ["EMPLOYEES", "CUSTOMERS", "ORDERS"])
    }

    @Test("sessions are listed newest first, then by id")
    func sessionsNewestFirst() throws {
        let store = self.store
        try store.createSession(session("b", start: 100))
        try store.createSession(session("c", start: 300))
        try store.createSession(session("a", start: 100))
        try store.createSession(session("d", start: 200))
        #expect(try store.sessions().map(\.id) == ["c", "d", "a", "b"])
    }

    @Test("session status and last update")
    func sessionStatus() throws {
        let store = self.store
        try store.createSession(session())
        clock.advance(60)
        try store.setSessionStatus(id: session().id, .inProgress)
        let stored = try store.session(id: session().id)
        #expect(stored?.status == .inProgress)
        #expect(stored?.lastUpdate == clock.now)
        #expect(stored?.startTime == session().startTime)
        try store.setSessionStatus(id: "unknown", .completed)
        #expect(try store.session(id: "unknown") == nil)
    }

    @Test("saving a plan marks the table in progress, once")
    func savePlan() throws {
        let store = self.store
        let id = session().id
        try store.createSession(session())
        #expect(try store.plan(session: id, table: "CUSTOMERS") == nil)
        let plan = try plan(chunks: 5)
        try store.savePlan(session: id, table: "CUSTOMERS", plan: plan, runID: "1a2b3c4d")
        #expect(try store.plan(session: id, table: "CUSTOMERS") == plan)
        #expect(try store.tableProgress(session: id)[1] == TableProgress(table: "CUSTOMERS", status: .inProgress, totalChunks: 5, lastUpdate: clock.now,
                                                                         runID: "1a2b3c4d", sourceRows: 50_000, targetRows: 49_990))
        let again = #expect(throws: ParityError.self) { try store.savePlan(session: id, table: "CUSTOMERS", plan: plan, runID: "ffffffff") }
        #expect(again?.code == .state)
        #expect(again?.table == "CUSTOMERS")
        #expect(try store.tableProgress(session: id)[1].runID == "1a2b3c4d")
        #expect(throws: ParityError.self) { try store.savePlan(session: id, table: "NOPE", plan: plan, runID: "1a2b3c4d") }
        #expect(throws: ParityError.self) { try store.savePlan(session: "unknown", table: "CUSTOMERS", plan: plan, runID: "1a2b3c4d") }
    }

    @Test("recorded chunks add up; differences come back in chunk order")
    func recordChunks() throws {
        let store = self.store
        let id = session().id
        try store.createSession(session())
        try store.savePlan(session: id, table: "CUSTOMERS", plan: try plan(chunks: 5), runID: "1a2b3c4d")
        #expect(try store.completedChunks(session: id, table: "CUSTOMERS").isEmpty)
        #expect(try store.counts(session: id, table: "CUSTOMERS") == DifferenceCounts())
        try store.recordChunk(session: id, table: "CUSTOMERS",
                              chunk: ChunkRecord(index: 2, counts: DifferenceCounts(matching: 9_998, missingInTarget: 1, different: 1), sourceRows: 10_000, targetRows: 9_999),
                              differences: [difference(20_005), difference(20_007, .different)])
        clock.advance(5)
        try store.recordChunk(session: id, table: "CUSTOMERS",
                              chunk: ChunkRecord(index: 0, counts: DifferenceCounts(matching: 10_000, missingInSource: 1), sourceRows: 10_000, targetRows: 10_001),
                              differences: [difference(5, .missingInSource)])
        try store.recordChunk(session: id, table: "CUSTOMERS",
                              chunk: ChunkRecord(index: 1, counts: DifferenceCounts(matching: 10_000), sourceRows: 10_000, targetRows: 10_000),
                              differences: [])
        #expect(try store.completedChunks(session: id, table: "CUSTOMERS") == [0, 1, 2])
        #expect(try store.counts(session: id, table: "CUSTOMERS") == DifferenceCounts(matching: 29_998, missingInTarget: 1, missingInSource: 1, different: 1))
        #expect(try store.differences(session: id, table: "CUSTOMERS") == [difference(5, .missingInSource), difference(20_005), difference(20_007, .different)])
        let progress = try store.tableProgress(session: id)[1]
        #expect(progress.completedChunks == 3)
        #expect(progress.processedRows == 30_000)
        #expect(progress.totalChunks == 5)
        #expect(progress.lastUpdate == clock.now)
        #expect(try store.session(id: id)?.lastUpdate == clock.now)
        // Other tables are untouched.
        #expect(try store.counts(session: id, table: "ORDERS") == DifferenceCounts())
        #expect(try store.differences(session: id, table: "ORDERS").isEmpty)
        #expect(try store.tableProgress(session: id)[2] == TableProgress(table: "ORDERS"))
    }

    @Test("a chunk is never counted twice")
    func chunkRecordedOnce() throws {
        let store = self.store
        let id = session().id
        try store.createSession(session())
        let chunk = ChunkRecord(index: 3, counts: DifferenceCounts(matching: 9, missingInTarget: 1), sourceRows: 10, targetRows: 9)
        try store.recordChunk(session: id, table: "ORDERS", chunk: chunk, differences: [difference(31)])
        let error = #expect(throws: ParityError.self) {
            try store.recordChunk(session: id, table: "ORDERS", chunk: chunk, differences: [difference(31), difference(32)])
        }
        #expect(error?.code == .state)
        #expect(try store.counts(session: id, table: "ORDERS") == DifferenceCounts(matching: 9, missingInTarget: 1))
        #expect(try store.differences(session: id, table: "ORDERS") == [difference(31)])
        #expect(try store.tableProgress(session: id)[2].completedChunks == 1)
        #expect(try store.tableProgress(session: id)[2].processedRows == 10)
    }

    @Test("recording a chunk of an unknown table fails")
    func recordUnknownTable() throws {
        let store = self.store
        try store.createSession(session())
        let chunk = ChunkRecord(index: 0, counts: DifferenceCounts(), sourceRows: 0, targetRows: 0)
        #expect(throws: ParityError.self) { try store.recordChunk(session: session().id, table: "NOPE", chunk: chunk, differences: []) }
        #expect(throws: ParityError.self) { try store.recordChunk(session: "unknown", table: "ORDERS", chunk: chunk, differences: []) }
    }

    @Test("output files and finishing a table")
    func finishTable() throws {
        let store = self.store
        let id = session().id
        try store.createSession(session())
        try store.savePlan(session: id, table: "EMPLOYEES", plan: try plan(chunks: 1), runID: "0badcafe")
        try store.setOutputFiles(session: id, table: "EMPLOYEES", syncScript: "sync_target_EMPLOYEES_20240115_143015_0badcafe.sql",
                                 summary: "comparison_summary_EMPLOYEES_20240115_143015.txt")
        clock.advance(1)
        try store.finishTable(session: id, table: "EMPLOYEES", status: .completed, error: nil)
        try store.finishTable(session: id, table: "ORDERS", status: .failed, error: "Table ORDERS does not exist.")
        let progress = try store.tableProgress(session: id)
        #expect(progress[0].status == .completed)
        #expect(progress[0].syncScriptFile == "sync_target_EMPLOYEES_20240115_143015_0badcafe.sql")
        #expect(progress[0].summaryFile == "comparison_summary_EMPLOYEES_20240115_143015.txt")
        #expect(progress[0].lastUpdate == clock.now)
        #expect(progress[2].status == .failed)
        #expect(progress[2].error == "Table ORDERS does not exist.")
        // Unknown tables are ignored, as by the SQLite store.
        try store.finishTable(session: id, table: "NOPE", status: .completed, error: nil)
        try store.setOutputFiles(session: id, table: "NOPE", syncScript: "a", summary: "b")
        #expect(try store.tableProgress(session: id).map(\.table) == ["EMPLOYEES", "CUSTOMERS", "ORDERS"])
    }

    @Test("a failed table planned again after a reset starts clean")
    func resetTable() throws {
        let store = self.store
        let id = session().id
        try store.createSession(session())
        try store.savePlan(session: id, table: "CUSTOMERS", plan: try plan(chunks: 3), runID: "1a2b3c4d")
        try store.recordChunk(session: id, table: "CUSTOMERS", chunk: ChunkRecord(index: 0, counts: DifferenceCounts(missingInTarget: 1), sourceRows: 1, targetRows: 0),
                              differences: [difference(1)])
        try store.setOutputFiles(session: id, table: "CUSTOMERS", syncScript: "s.sql", summary: "s.txt")
        try store.finishTable(session: id, table: "CUSTOMERS", status: .failed, error: "boom")
        let lastUpdate = try store.tableProgress(session: id)[1].lastUpdate
        try store.resetTable(session: id, table: "CUSTOMERS")
        #expect(try store.tableProgress(session: id)[1] == TableProgress(table: "CUSTOMERS", lastUpdate: lastUpdate))
        #expect(try store.plan(session: id, table: "CUSTOMERS") == nil)
        #expect(try store.completedChunks(session: id, table: "CUSTOMERS").isEmpty)
        #expect(try store.counts(session: id, table: "CUSTOMERS") == DifferenceCounts())
        #expect(try store.differences(session: id, table: "CUSTOMERS").isEmpty)
        try store.savePlan(session: id, table: "CUSTOMERS", plan: try plan(chunks: 2), runID: "2b3c4d5e")
        #expect(try store.tableProgress(session: id)[1].totalChunks == 2)
    }

    @Test("deleting a session removes everything stored for it, and only that")
    func deleteSession() throws {
        let store = self.store
        try store.createSession(session("one"))
        try store.createSession(session("two"))
        try store.recordChunk(session: "one", table: "ORDERS", chunk: ChunkRecord(index: 0, counts: DifferenceCounts(matching: 1), sourceRows: 1, targetRows: 1),
                              differences: [])
        try store.deleteSession(id: "one")
        #expect(try store.session(id: "one") == nil)
        #expect(try store.tableProgress(session: "one").isEmpty)
        #expect(try store.counts(session: "one", table: "ORDERS") == DifferenceCounts())
        #expect(try store.sessions().map(\.id) == ["two"])
        try store.deleteSession(id: "one")
        // The id can be used again, from scratch.
        try store.createSession(session("one"))
        #expect(try store.completedChunks(session: "one", table: "ORDERS").isEmpty)
    }

    @Test("chunks recorded concurrently are all counted")
    func concurrentChunks() async throws {
        let store = self.store
        let id = session().id
        try store.createSession(session())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try store.recordChunk(session: id, table: "ORDERS",
                                          chunk: ChunkRecord(index: index, counts: DifferenceCounts(matching: 1, different: 1), sourceRows: 2, targetRows: 2),
                                          differences: [RowDifference(kind: .different, key: [.integer(Int64(index))], sourceRow: [.integer(Int64(index))],
                                                                      targetRow: [.integer(Int64(index))], columns: ["V"])])
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.completedChunks(session: id, table: "ORDERS") == Set(0..<200))
        #expect(try store.counts(session: id, table: "ORDERS") == DifferenceCounts(matching: 200, different: 200))
        #expect(try store.differences(session: id, table: "ORDERS").map(\.key) == (0..<200).map { [SQLValue.integer(Int64($0))] })
        #expect(try store.tableProgress(session: id)[2].processedRows == 400)
    }

    @Test("the session report is built from the store")
    func sessionReport() throws {
        let store = self.store
        let id = session().id
        try store.createSession(session())
        try store.savePlan(session: id, table: "EMPLOYEES", plan: try plan(chunks: 1, sourceRows: 3, targetRows: 2), runID: "1a2b3c4d")
        try store.recordChunk(session: id, table: "EMPLOYEES", chunk: ChunkRecord(index: 0, counts: DifferenceCounts(matching: 2, missingInTarget: 1), sourceRows: 3, targetRows: 2),
                              differences: [difference(3)])
        try store.setOutputFiles(session: id, table: "EMPLOYEES", syncScript: "s.sql", summary: "s.txt")
        try store.finishTable(session: id, table: "EMPLOYEES", status: .completed, error: nil)
        try store.finishTable(session: id, table: "ORDERS", status: .failed, error: "boom")
        let report = try SessionReport.fromStore(store, sessionID: id)
        var employees = TableReport(table: "EMPLOYEES", status: .completed, sourceRows: 3, targetRows: 2, counts: DifferenceCounts(matching: 2, missingInTarget: 1),
                                    syncSQLFile: "s.sql", summaryFile: "s.txt", error: nil)
        employees.schema = SchemaReport(try #require(try store.plan(session: id, table: "EMPLOYEES")).mapping)
        #expect(employees.schema?.keyColumns == ["ID"])
        #expect(report == SessionReport(sessionID: id, status: .failed, tables: [
            employees,
            TableReport(table: "CUSTOMERS", status: .pending, sourceRows: nil, targetRows: nil, counts: DifferenceCounts(), syncSQLFile: nil, summaryFile: nil, error: nil),
            TableReport(table: "ORDERS", status: .failed, sourceRows: nil, targetRows: nil, counts: DifferenceCounts(), syncSQLFile: nil, summaryFile: nil, error: "boom"),
        ]))
        #expect(report.hasFailures)
        #expect(report.hasDifferences)
    }
}

@Suite("InMemoryStateStore streaming")
struct InMemoryStateStoreStreamingTests {
    @Test("differences stream by kind in chunk order")
    func forEachDifference() throws {
        let store = InMemoryStateStore()
        let session = SessionRecord(id: "s", startTime: Date(timeIntervalSince1970: 0), status: .started, configPath: "/c.yaml",
                                    outputDirectory: "/o", tables: ["T"], lastUpdate: Date(timeIntervalSince1970: 0))
        try store.createSession(session)
        func difference(_ key: Int64, _ kind: DifferenceKind) -> RowDifference {
            RowDifference(kind: kind, key: [.integer(key)], sourceRow: kind == .missingInSource ? nil : [.integer(key)],
                          targetRow: kind == .missingInTarget ? nil : [.integer(key)])
        }
        try store.recordChunk(session: "s", table: "T", chunk: ChunkRecord(index: 1, counts: DifferenceCounts(missingInTarget: 1, missingInSource: 1), sourceRows: 1, targetRows: 1),
                              differences: [difference(11, .missingInSource), difference(12, .missingInTarget)])
        try store.recordChunk(session: "s", table: "T", chunk: ChunkRecord(index: 0, counts: DifferenceCounts(missingInTarget: 1, missingInSource: 1), sourceRows: 1, targetRows: 1),
                              differences: [difference(1, .missingInTarget), difference(2, .missingInSource)])
        var all: [Int64] = []
        try store.forEachDifference(session: "s", table: "T", kind: nil) { if case .integer(let key) = $0.key[0] { all.append(key) } }
        #expect(all == [1, 2, 11, 12])
        var deletes: [Int64] = []
        try store.forEachDifference(session: "s", table: "T", kind: .missingInSource) { if case .integer(let key) = $0.key[0] { deletes.append(key) } }
        #expect(deletes == [2, 11])
    }
}
