import Foundation
import ParityCore
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock(2)`) on `<state dir>/locks/<session id>.lock`, held by the
/// one `parity compare` that works on a session, for as long as the process runs: a second
/// compare of the same session (`--resume` twice at once) and `parity sessions delete` of a
/// session in use are refused instead of corrupting it. The kernel releases the lock when the
/// process ends, however it ends (SIGKILL included), so a crash never leaves a session locked.
/// The file holds the holder's process id, for messages.
final class SessionLock: @unchecked Sendable {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { release() }

    /// The lock file of a session.
    static func path(stateDirectory: String, sessionID: String) -> String {
        ((stateDirectory as NSString).appendingPathComponent("locks") as NSString).appendingPathComponent("\(sessionID).lock")
    }

    /// Takes the session's lock without waiting.
    ///
    /// - Parameter busy: the message when another process holds it, given that process id
    ///   (`nil` when the file does not say).
    /// - Throws: ``ParityError`` `.state` with `busy`'s message, or when the lock file cannot be
    ///   created.
    static func acquire(stateDirectory: String, sessionID: String, busy: (pid_t?) -> String) throws -> SessionLock {
        let path = path(stateDirectory: stateDirectory, sessionID: sessionID)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw ParityError(.state, "Cannot create \((path as NSString).deletingLastPathComponent): \(error.localizedDescription); check that the state directory is writable.")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ParityError(.state, "Cannot open \(path): \(String(cString: strerror(errno))); check that the state directory is writable.")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(descriptor)
            close(descriptor)
            throw ParityError(.state, busy(holder))
        }
        let text = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return SessionLock(descriptor: descriptor)
    }

    /// Releases the lock (also when the object goes away). Safe to call more than once.
    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// The process id written in a lock file, if it reads as one.
    private static func holder(_ descriptor: Int32) -> pid_t? {
        var buffer = [CChar](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, 31, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
