import Foundation

/// The outcome of one child process.
struct ProcessResult: Sendable {
    /// Exit status, or the signal number when ``killedBySignal``.
    var status: Int32
    /// Whether the process died of a signal (`Process.TerminationReason.uncaughtSignal`).
    var killedBySignal: Bool
    var stdout: String
    var stderr: String

    /// stderr split into lines.
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// How many stderr lines contain `text`.
    func stderrCount(_ text: String) -> Int { stderrLines.filter { $0.contains(text) }.count }

    /// Status, stdout and stderr, for failure messages.
    var transcript: String {
        "status \(status)\(killedBySignal ? " (signal)" : "")\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }
}

/// A signal sent to a child process while it runs: once its stderr holds `stderrContains`
/// (from the start when `nil`), after `delay` seconds.
struct Interrupt: Sendable {
    var signal: Int32
    var stderrContains: String?
    var delay: TimeInterval
    /// How many times the signal is sent, 50 ms apart (2: the "stop now" second Ctrl-C).
    var times: Int

    init(_ signal: Int32, whenStderrContains text: String? = nil, after delay: TimeInterval = 0, times: Int = 1) {
        self.signal = signal
        self.stderrContains = text
        self.delay = delay
        self.times = times
    }
}

/// Runs child processes with Foundation `Process`, output captured in files (no pipe can fill
/// up), waiting without blocking a Swift concurrency thread.
enum Subprocess {
    static func run(executable: String, arguments: [String], environment extra: [String: String] = [:],
                    removing removed: [String] = [], workingDirectory: URL, timeout: TimeInterval = 300,
                    interrupt: Interrupt? = nil) async throws -> ProcessResult {
        let token = UUID().uuidString
        let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("parity-it-\(token).out")
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("parity-it-\(token).err")
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
              FileManager.default.createFile(atPath: stderrURL.path, contents: nil) else {
            throw IntegrationTestError("Cannot create output files in \(FileManager.default.temporaryDirectory.path)")
        }
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        for name in removed { environment.removeValue(forKey: name) }
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle

        let finishedFlag = FinishedFlag()
        let (reason, status): (Process.TerminationReason, Int32) = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                finishedFlag.set()
                continuation.resume(returning: (finished.terminationReason, finished.terminationStatus))
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: IntegrationTestError("Cannot start \(executable): \(error)"))
                return
            }
            let pid = process.processIdentifier
            if let interrupt {
                // Polls stderr every 2 ms for the trigger, then waits the delay and signals the
                // child, unless it has already exited.
                DispatchQueue.global().async {
                    if let text = interrupt.stderrContains {
                        let wanted = Data(text.utf8)
                        while !finishedFlag.isSet {
                            if let data = try? Data(contentsOf: stderrURL), data.range(of: wanted) != nil { break }
                            usleep(2_000)
                        }
                    }
                    if interrupt.delay > 0 { usleep(UInt32(interrupt.delay * 1_000_000)) }
                    for time in 0..<max(1, interrupt.times) where !finishedFlag.isSet {
                        if time > 0 { usleep(50_000) }
                        kill(pid, interrupt.signal)
                    }
                }
            }
            // A hung child must not hang the suite: kill it after `timeout` seconds.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if !finishedFlag.isSet { kill(pid, SIGKILL) }
            }
        }
        try? stdoutHandle.close()
        try? stderrHandle.close()
        let stdout = String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
        return ProcessResult(status: status, killedBySignal: reason == .uncaughtSignal, stdout: stdout, stderr: stderr)
    }
}

/// Set once the child has exited, so the watchdog never signals a reused process id.
private final class FinishedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.lock(); value = true; lock.unlock() }

    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
