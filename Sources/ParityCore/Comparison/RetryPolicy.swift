import Foundation

/// How a chunk (or a planning query) that failed for a transient reason is retried: on a fresh
/// connection, after an exponential delay with jitter.
///
/// Delays: retry `n` (from 1) waits a random time between half and all of
/// `min(maxDelay, initialDelay × 2^(n−1))` seconds. After `attempts` retries the error stands:
/// the table is marked failed and the session stays resumable.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first failure, 0–100; 3 by default.
    public var attempts: Int
    /// Delay before the first retry, in seconds; 1 by default.
    public var initialDelay: Double
    /// Longest delay between retries, in seconds; 30 by default.
    public var maxDelay: Double

    public init(attempts: Int = 3, initialDelay: Double = 1, maxDelay: Double = 30) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// The delay before retry `retry` (1-based), in seconds, jitter included.
    public func delay(forRetry retry: Int) -> Double {
        let ceiling = min(maxDelay, initialDelay * pow(2, Double(max(retry - 1, 0))))
        return ceiling <= 0 ? 0 : Double.random(in: (ceiling / 2)...ceiling)
    }

    /// The WARNING line of a retry, e.g. `Chunk 3/8 of T failed: <error>; retry 2/5 in 0.4 s on
    /// a new connection`.
    ///
    /// - Parameters:
    ///   - delay: seconds before the retry, as ``delay(forRetry:)`` gave it.
    ///   - newConnection: whether the retry runs on new connections.
    public func warning(_ what: String, failedWith error: any Error, retry: Int, delay: Double, newConnection: Bool) -> String {
        let message = (error as? ParityError)?.description ?? "\(error)"
        return "\(what) failed: \(message); retry \(retry)/\(attempts) in \(String(format: "%.1f", delay)) s\(newConnection ? " on a new connection" : "")"
    }

    /// SQLSTATEs worth a retry: connection exceptions (class 08), serialization failures and
    /// deadlocks (40001, 40P01), insufficient resources such as too many connections (class 53),
    /// operator intervention such as a server shutting down or a statement timeout (class 57),
    /// and the same conditions as MySQL, Oracle and SQL Server report them through ODBC
    /// (HYT00/HYT01 timeouts).
    public static func isTransient(sqlState: String) -> Bool {
        if ["40001", "40P01", "HYT00", "HYT01"].contains(sqlState) { return true }
        return ["08", "53", "57"].contains(String(sqlState.prefix(2)))
    }

    /// Whether an error may go away on retry: a lost or refused connection, or a transient
    /// SQLSTATE. Wrong SQL, a missing table or a broken state store are not.
    public static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? ParityError else { return false }
        if error.code == .connection { return true }
        if error.code == .query, let state = error.sqlState { return isTransient(sqlState: state) }
        return false
    }
}

extension RetryPolicy {
    /// Whether a failure to connect is the server being busy rather than a wrong setting: too many
    /// connections or out of resources (class 53), starting up or shutting down (class 57), or
    /// rejecting the connection for now (08004). A refused port, an unknown host or a wrong
    /// password fails at once: retrying would only delay the one line that says what to fix.
    public static func isBusyServer(_ error: any Error) -> Bool {
        guard let error = error as? ParityError, error.code == .connection, let state = error.sqlState else { return false }
        return state == "08004" || ["53", "57"].contains(String(state.prefix(2)))
    }

    /// Whether a connection was made and then lost (SQLSTATE 08S01, communication link failure),
    /// as when the server kills it while its session is set up; a refused or unknown host
    /// reports another state.
    public static func isLinkFailure(_ error: any Error) -> Bool {
        guard let error = error as? ParityError, error.code == .connection else { return false }
        return error.sqlState == "08S01"
    }

    /// Opens a connection, retrying with this policy's delays while the server is busy
    /// (``isBusyServer(_:)``) or when the new connection was lost at once (``isLinkFailure(_:)``).
    ///
    /// - Throws: the last error, or any other error at once.
    public func connect<T: Sendable>(_ open: () async throws -> T) async throws -> T {
        var retry = 0
        while true {
            do {
                return try await open()
            } catch {
                guard Self.isBusyServer(error) || Self.isLinkFailure(error), retry < attempts else { throw error }
                retry += 1
                try await Task.sleep(nanoseconds: UInt64(delay(forRetry: retry) * 1_000_000_000))
            }
        }
    }
}
