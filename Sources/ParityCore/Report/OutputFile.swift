import Foundation

/// Writes output files atomically and never over an existing file.
public enum OutputFile {
    /// Writes `contents` to `directory/name` with ``writeNew(named:in:_:)``.
    public static func writeNew(_ contents: String, named name: String, in directory: String) throws {
        try writeNew(named: name, in: directory) { writer in try writer.write(contents) }
    }

    /// Writes a new file: first to a hidden temporary file (filled by `produce`, flushed to
    /// disk), then linked into place with `link(2)`, which fails rather than replace an
    /// existing file. A crash leaves either no file or the whole file, never half of one; the
    /// temporary file a crash leaves is removed when the file is written again.
    ///
    /// When the file already exists with exactly the same contents (a resumed run writing a file
    /// it wrote before a crash), nothing is changed.
    ///
    /// - Throws: ``ParityError`` `.output` when the directory is not writable or full, or a
    ///   different file of that name exists (it is never overwritten).
    public static func writeNew(named name: String, in directory: String, _ produce: (OutputWriter) throws -> Void) throws {
        let path = (directory as NSString).appendingPathComponent(name)
        let temporary = temporaryPath(of: name, in: directory)
        defer { unlink(temporary) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            removeStaleTemporaries(of: name, in: directory)
            // open(2), not FileManager.createFile: Foundation writes through a temporary file of
            // its own (`.dat.nosync…`), which a SIGKILL would leave behind.
            let created = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard created >= 0 else {
                throw ParityError(.output, "Cannot write \(temporary): \(String(cString: strerror(errno))); check that \(directory) is writable and has free space.")
            }
            close(created)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            let writer = OutputWriter(handle: handle)
            do {
                try produce(writer)
                try writer.flush()
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
        } catch let error as ParityError {
            throw error
        } catch {
            throw ParityError(.output, "Cannot write \(temporary): \(error.localizedDescription); check that \(directory) is writable and has free space.")
        }
        if FileManager.default.fileExists(atPath: path) {
            if FileManager.default.contentsEqual(atPath: path, andPath: temporary) { return }
            throw ParityError(.output, "Output file \(path) already exists and is not overwritten; move it away, then run parity again.")
        }
        if link(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            throw ParityError(.output, "Cannot create \(path): \(reason); check the output directory, nothing was overwritten.")
        }
    }

    /// Creates `directory` (and its parents) when missing and checks that a file can be
    /// created in it, so a run fails before it starts rather than after comparing.
    ///
    /// - Throws: ``ParityError`` `.output` naming the directory and the system's reason
    ///   (`Not a directory`, `Permission denied`, `Read-only file system`).
    public static func checkDirectory(_ directory: String) throws {
        var built = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o777) != 0 && errno != EEXIST {
                throw ParityError(.output, "Cannot create the output directory \(directory): \(String(cString: strerror(errno))); choose another with --output-dir or output_directory.")
            }
        }
        let probe = (directory as NSString).appendingPathComponent(".parity-write-check.\(ProcessInfo.processInfo.processIdentifier)")
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ParityError(.output, "Cannot write in the output directory \(directory): \(String(cString: strerror(errno))); choose another with --output-dir or output_directory.")
        }
        close(descriptor)
        unlink(probe)
    }

    /// Replaces `directory/name` atomically (write to a temporary file, then rename); for
    /// files that are rewritten on every run, such as the session report. A temporary file
    /// a crash leaves is removed when the file is written again.
    public static func replace(_ contents: String, named name: String, in directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(name)
        let temporary = temporaryPath(of: name, in: directory)
        defer { unlink(temporary) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            removeStaleTemporaries(of: name, in: directory)
            try writeWhole(contents, to: temporary)
        } catch let error as ParityError {
            throw error
        } catch {
            throw ParityError(.output, "Cannot write \(path): \(error.localizedDescription); check that the directory is writable and has free space.")
        }
        if rename(temporary, path) != 0 {
            throw ParityError(.output, "Cannot write \(path): \(String(cString: strerror(errno))); check that the directory is writable.")
        }
    }

    /// Writes `contents` to `path` (created or truncated) with open(2)/write(2) and flushes it
    /// to disk; Foundation's `Data.write` would go through a temporary file of its own
    /// (`.dat.nosync…`) that a SIGKILL leaves behind.
    static func writeWhole(_ contents: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw ParityError(.output, "Cannot write \(path): \(String(cString: strerror(errno))); check that the directory is writable and has free space.")
        }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw ParityError(.output, "Cannot write \(path): \(String(cString: strerror(errno))); check that the directory is writable and has free space.")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            throw ParityError(.output, "Cannot write \(path): \(String(cString: strerror(errno))); check that the directory is writable and has free space.")
        }
    }

    /// `.NAME.PID.tmp` beside the file: hidden, and named by the process writing it.
    static func temporaryPath(of name: String, in directory: String) -> String {
        (directory as NSString).appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
    }

    /// Removes the temporary files of `name` that a killed run left behind (see
    /// ``temporaryPath(of:in:)``): those whose process no longer exists.
    static func removeStaleTemporaries(of name: String, in directory: String) {
        let prefix = ".\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            guard let process = Int32(entry.dropFirst(prefix.count).dropLast(4)), process != getpid(),
                  kill(process, 0) != 0, errno == ESRCH else { continue }
            unlink((directory as NSString).appendingPathComponent(entry))
        }
    }
}

/// Buffered text output to a file, in 64 KiB writes.
public final class OutputWriter {
    private let handle: FileHandle
    private var buffer = Data()

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends text (UTF-8).
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends text and a newline.
    public func line(_ text: String) throws {
        try write(text)
        try write("\n")
    }

    /// - Throws: ``ParityError`` `.output` when the disk is full or the file cannot be written.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ParityError(.output, "Cannot write an output file: \(error.localizedDescription); check free space in the output directory.")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
