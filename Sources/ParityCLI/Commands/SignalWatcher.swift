import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a graceful stop: the first signal cancels the run, which ends
/// after the chunks in flight are recorded (their state-store transactions complete); a second
/// signal exits at once (the state store is still consistent: every write is one transaction).
final class SignalWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [any DispatchSourceSignal] = []
    private var signalReceived: Int32?

    /// The first signal received, if any.
    var received: Int32? {
        lock.lock(); defer { lock.unlock() }
        return signalReceived
    }

    /// Printed when a second signal stops the process at once: how to resume.
    private let resumeLine: String?

    /// - Parameter resumeLine: the `To resume: …` line printed when a second signal exits at
    ///   once (the session stays `in_progress`; the resume goes on from the saved chunks).
    init(resumeLine: String? = nil) {
        self.resumeLine = resumeLine
    }

    /// Starts watching; `onFirstSignal` runs once, on a background queue.
    func start(_ onFirstSignal: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let first = self.signalReceived == nil
                if first { self.signalReceived = number }
                self.lock.unlock()
                if first {
                    let again = number == SIGINT ? "press Ctrl-C again" : "send SIGTERM again"
                    FileHandle.standardError.write(Data("\nparity: stopping after the chunks in flight are saved (\(again) to stop now)\n".utf8))
                    onFirstSignal()
                } else {
                    let line = "parity: stopped at once; every chunk recorded before is saved" + (self.resumeLine.map { "\n" + $0 } ?? "") + "\n"
                    FileHandle.standardError.write(Data(line.utf8))
                    exit(number == SIGINT ? 130 : 143)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and restores the default handlers.
    func stop() {
        lock.lock(); defer { lock.unlock() }
        for source in sources { source.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
