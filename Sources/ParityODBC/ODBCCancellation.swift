import CODBC
import Foundation

/// The statement one query runs, so a cancelled task can stop it with `SQLCancel` (which ODBC
/// allows from another thread). The statement is registered while it runs and removed, under
/// the same lock, before it is freed, so `SQLCancel` never sees a freed handle. One object per
/// query: a cancellation is never carried over to the next query.
final class ODBCCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var running: ODBCHandle?
    private var cancelled = false

    /// Registers the statement about to run; `false` when the task was already cancelled.
    func begin(_ statement: ODBCHandle) -> Bool {
        lock.withLock {
            running = statement
            return !cancelled
        }
    }

    /// Forgets the statement (before it is freed).
    func end() {
        lock.withLock { running = nil }
    }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Asks the driver to stop the running statement.
    func cancel() {
        lock.withLock {
            cancelled = true
            if let handle = running?.raw { _ = SQLCancel(handle) }
        }
    }
}
