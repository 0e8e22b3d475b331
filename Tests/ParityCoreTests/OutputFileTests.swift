import Foundation
import Testing
@testable import ParityCore

/// Output files after a crash: a temporary file a killed run left is removed when the file is
/// written again; a file that exists is never overwritten; an unusable output directory is
/// refused before anything is compared.
@Suite struct CrashSafetyOutputFileTests {
    func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parity-output-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func contents(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    /// A process id no process has (above Linux's pid_max).
    let deadProcess = Int32.max

    @Test func temporaryFileOfAKilledRunIsRemovedWhenTheFileIsWrittenAgain() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stale = ".sync_target_t_20240101_000000_abcd1234.sql.\(deadProcess).tmp"
        let live = ".sync_target_t_20240101_000000_abcd1234.sql.1.tmp"
        let other = ".comparison_summary_t_20240101_000000.txt.\(deadProcess).tmp"
        for name in [stale, live, other] { try Data("half a file".utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }

        try OutputFile.writeNew("BEGIN;\nCOMMIT;\n", named: "sync_target_t_20240101_000000_abcd1234.sql", in: folder)
        // The stale temporary file of this name is gone; one of a running process (pid 1) and
        // one of another name are left alone.
        #expect(try contents(folder) == [other, live, "sync_target_t_20240101_000000_abcd1234.sql"].sorted())
        #expect(try String(contentsOfFile: folder + "/sync_target_t_20240101_000000_abcd1234.sql", encoding: .utf8) == "BEGIN;\nCOMMIT;\n")
    }

    @Test func reportReplacementLeavesNoTemporaryFile() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("half".utf8).write(to: URL(fileURLWithPath: folder + "/.comparison_report_abcd1234.json.\(deadProcess).tmp"))
        try OutputFile.replace("{\"a\": 1}\n", named: "comparison_report_abcd1234.json", in: folder)
        try OutputFile.replace("{\"a\": 2}\n", named: "comparison_report_abcd1234.json", in: folder)
        #expect(try contents(folder) == ["comparison_report_abcd1234.json"])
        #expect(try String(contentsOfFile: folder + "/comparison_report_abcd1234.json", encoding: .utf8) == "{\"a\": 2}\n")
    }

    @Test func existingFileIsNeverOverwritten() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("someone else's\n".utf8).write(to: URL(fileURLWithPath: folder + "/s.sql"))
        #expect {
            try OutputFile.writeNew("BEGIN;\n", named: "s.sql", in: folder)
        } throws: { error in
            (error as? ParityError)?.description == "Output file \(folder)/s.sql already exists and is not overwritten; move it away, then run parity again."
        }
        #expect(try String(contentsOfFile: folder + "/s.sql", encoding: .utf8) == "someone else's\n")
        // The same contents again (a resumed run writing what it wrote before a crash): kept.
        try OutputFile.writeNew("someone else's\n", named: "s.sql", in: folder)
        #expect(try contents(folder) == ["s.sql"])
    }

    @Test func outputDirectoryIsCheckedBeforeTheRun() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try OutputFile.checkDirectory(folder + "/new/nested")
        #expect(try contents(folder + "/new/nested") == [])
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/file"))
        #expect {
            try OutputFile.checkDirectory(folder + "/file/out")
        } throws: { error in
            (error as? ParityError)?.description == "Cannot create the output directory \(folder)/file/out: Not a directory; choose another with --output-dir or output_directory."
        }
    }
}
