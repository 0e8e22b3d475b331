import Foundation

/// The outcome of one child process.
struct ProcessResult: Sendable {
    /// Exit status, or the signal number when ``killedBySignal``.
    var status: Int32
    /// Whether the process died of a signal (WIFSIGNALED).
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

/// Runs child processes with `posix_spawn`, output captured in files (no pipe can fill up),
/// each waited for by a blocking `waitpid` on a thread of its own, without blocking a Swift
/// concurrency thread.
///
/// Not Foundation's `Process`: under a full test run its SIGCHLD handling once missed a child's
/// exit (a `mariadb` client left a zombie and the test waited for ever).
enum Subprocess {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` and `…_addclosefrom_np` (2.29 and 2.34),
    /// which Swift's Glibc module does not declare.
    static let fileActionsNP: (chdir: AddChdir, closefrom: AddClosefrom)? = {
        let handle = dlopen(nil, RTLD_NOW)
        guard let chdir = dlsym(handle, "posix_spawn_file_actions_addchdir_np"),
              let closefrom = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return (unsafeBitCast(chdir, to: AddChdir.self), unsafeBitCast(closefrom, to: AddClosefrom.self))
    }()

    static func run(executable: String, arguments: [String], environment extra: [String: String] = [:],
                    removing removed: [String] = [], workingDirectory: URL, timeout: TimeInterval = 300,
                    interrupt: Interrupt? = nil) async throws -> ProcessResult {
        let token = UUID().uuidString
        let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("parity-it-\(token).out")
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("parity-it-\(token).err")
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        guard let actionsNP = fileActionsNP else {
            throw IntegrationTestError("glibc has no posix_spawn_file_actions_addchdir_np / addclosefrom_np (glibc 2.34 or later is needed)")
        }
        var environment = ProcessInfo.processInfo.environment
        for name in removed { environment.removeValue(forKey: name) }
        environment.merge(extra) { _, new in new }

        let finishedFlag = FinishedFlag()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdoutURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, stderrURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            _ = actionsNP.chdir(&actions, workingDirectory.path)
            // The child keeps none of the test process's descriptors (database sockets among them).
            _ = actionsNP.closefrom(&actions, 3)
            var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
            var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                for pointer in argv { free(pointer) }
                for pointer in envp { free(pointer) }
            }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, executable, &actions, nil, &argv, &envp)
            guard spawned == 0 else {
                continuation.resume(throwing: IntegrationTestError("Cannot start \(executable): \(String(cString: strerror(spawned)))"))
                return
            }
            let child = pid
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                finishedFlag.set()
                continuation.resume(returning: status)
            }
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
                        kill(child, interrupt.signal)
                    }
                }
            }
            // A hung child must not hang the suite: kill it after `timeout` seconds.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if !finishedFlag.isSet { kill(child, SIGKILL) }
            }
        }
        let stdout = String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
        // waitpid's status: the exit code, or the signal that ended the child.
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        return ProcessResult(status: signaled ? status & 0x7f : (status >> 8) & 0xff, killedBySignal: signaled, stdout: stdout, stderr: stderr)
    }
}

/// Set once the child has exited, so the watchdog never signals a reused process id.
private final class FinishedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.lock(); value = true; lock.unlock() }

    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
