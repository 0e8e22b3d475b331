import Foundation
import GRDB
import ParityCore
import ParitySQLite
import Testing

/// A state store written before `recheck` existed (migrations v1 and v2-fingerprint only) opens,
/// keeps its counts, and records in-flight rows from then on.
@Suite struct StateStoreMigrationTests {
    @Test("a state store without the in_flight column opens and reads its chunks with in flight 0")
    func oldStoreOpens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parity-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteStateStore.fileName).path)
        try old.write { db in
            // The layout of the release before recheck, as its migrations left it.
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1'), ('v2-fingerprint');
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY, start_time REAL NOT NULL, status TEXT NOT NULL,
                    config_path TEXT NOT NULL, output_dir TEXT NOT NULL, last_update REAL NOT NULL,
                    fingerprint TEXT NOT NULL DEFAULT '{}');
                CREATE TABLE session_tables (
                    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL, table_name TEXT NOT NULL, status TEXT NOT NULL,
                    total_chunks INTEGER NOT NULL DEFAULT 0, completed_chunks INTEGER NOT NULL DEFAULT 0,
                    processed_rows INTEGER NOT NULL DEFAULT 0, last_update REAL, run_id TEXT,
                    source_rows INTEGER, target_rows INTEGER, sync_file TEXT, summary_file TEXT, error TEXT, plan TEXT,
                    PRIMARY KEY (session_id, table_name));
                CREATE TABLE chunks (
                    session_id TEXT NOT NULL, table_name TEXT NOT NULL, chunk_index INTEGER NOT NULL,
                    matching INTEGER NOT NULL, missing_in_target INTEGER NOT NULL, missing_in_source INTEGER NOT NULL,
                    different INTEGER NOT NULL, source_rows INTEGER NOT NULL, target_rows INTEGER NOT NULL, completed_at REAL NOT NULL,
                    PRIMARY KEY (session_id, table_name, chunk_index),
                    FOREIGN KEY (session_id, table_name) REFERENCES session_tables(session_id, table_name) ON DELETE CASCADE);
                CREATE TABLE differences (
                    session_id TEXT NOT NULL, table_name TEXT NOT NULL, chunk_index INTEGER NOT NULL, seq INTEGER NOT NULL,
                    kind TEXT NOT NULL, data BLOB NOT NULL,
                    PRIMARY KEY (session_id, table_name, chunk_index, seq),
                    FOREIGN KEY (session_id, table_name, chunk_index) REFERENCES chunks(session_id, table_name, chunk_index) ON DELETE CASCADE);
                INSERT INTO sessions VALUES ('s1', 0, 'interrupted', 'config.yaml', '.', 0, '{}');
                INSERT INTO session_tables (session_id, position, table_name, status, total_chunks, completed_chunks)
                    VALUES ('s1', 0, 'T', 'in_progress', 2, 1);
                INSERT INTO chunks VALUES ('s1', 'T', 0, 7, 1, 2, 3, 10, 11, 0);
                """)
        }
        try old.close()

        let store = try SQLiteStateStore(directory: directory.path)
        #expect(try store.counts(session: "s1", table: "T") == DifferenceCounts(matching: 7, missingInTarget: 1, missingInSource: 2, different: 3))
        try store.recordChunk(session: "s1", table: "T", chunk: ChunkRecord(index: 1, counts: DifferenceCounts(matching: 5, inFlight: 4), sourceRows: 5, targetRows: 5),
                              differences: [])
        #expect(try store.counts(session: "s1", table: "T")
                == DifferenceCounts(matching: 12, missingInTarget: 1, missingInSource: 2, different: 3, inFlight: 4))
        #expect(try store.completedChunks(session: "s1", table: "T") == [0, 1])
    }
}
