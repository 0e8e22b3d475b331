import Foundation

/// Writes output files atomically and never over an existing file.
public enum OutputFile {
    /// Writes `contents` to `directory/name`: first to a hidden temporary file, flushed, then
    /// linked into place with `link(2)`, which fails rather than replace an existing file.
    ///
    /// When the file already exists with exactly these contents (a resumed run writing a file
    /// it wrote before a crash), nothing is done.
    ///
    /// - Throws: ``ParityError`` `.output` when the directory is not writable or a different
    ///   file of that name exists.
    public static func writeNew(_ contents: String, named name: String, in directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(name)
        let data = Data(contents.utf8)
        if FileManager.default.fileExists(atPath: path) {
            if let existing = FileManager.default.contents(atPath: path), existing == data { return }
            throw ParityError(.output, "Output file \(path) already exists and is not overwritten; move it away or choose another --output-dir.")
        }
        let temporary = (directory as NSString).appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: data) else {
                throw ParityError(.output, "Cannot write \(temporary); check that \(directory) is writable and has free space.")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
        } catch let error as ParityError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ParityError(.output, "Cannot write \(temporary): \(error.localizedDescription); check that \(directory) is writable and has free space.")
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            throw ParityError(.output, "Cannot create \(path): \(reason); check the output directory, nothing was overwritten.")
        }
    }

    /// Replaces `directory/name` atomically (write to a temporary file, then rename); for
    /// files that are rewritten on every run, such as the session report.
    public static func replace(_ contents: String, named name: String, in directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ParityError(.output, "Cannot write \(path): \(error.localizedDescription); check that the directory is writable and has free space.")
        }
    }
}
