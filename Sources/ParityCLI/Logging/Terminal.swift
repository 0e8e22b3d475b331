import Foundation
import Logging
import ParityCore

/// Serialises everything written to stderr and the log file, and draws the progress bar when
/// stderr is a terminal (log lines clear it first, so the two never mix).
public final class Terminal: @unchecked Sendable {
    private let lock = NSLock()
    private var logFile: FileHandle?
    private var barShown = false
    /// Whether stderr is a terminal (progress bar drawn).
    public let isInteractive: Bool

    public init() {
        isInteractive = isatty(STDERR_FILENO) == 1
    }

    /// Appends every later log line to `path` as well (created when missing).
    public func openLogFile(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        logFile = FileHandle(forWritingAtPath: path)
        _ = try? logFile?.seekToEnd()
    }

    /// Writes one line to stderr and the log file.
    public func line(_ text: String, toFile: Bool = true) {
        lock.lock(); defer { lock.unlock() }
        clearBar()
        FileHandle.standardError.write(Data((text + "\n").utf8))
        if toFile { try? logFile?.write(contentsOf: Data((text + "\n").utf8)) }
    }

    /// Redraws the progress bar in place (terminals only).
    public func bar(_ text: String) {
        guard isInteractive else { return }
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        barShown = true
    }

    /// Removes the progress bar.
    public func endBar() {
        lock.lock(); defer { lock.unlock() }
        clearBar()
    }

    private func clearBar() {
        if barShown {
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
            barShown = false
        }
    }
}

/// swift-log handler writing `YYYY-MM-DD HH:MM:SS - LEVEL - message`, as in the walkthrough.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let terminal: Terminal

    public init(terminal: Terminal, level: Logger.Level = .info) {
        self.terminal = terminal
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        terminal.line(Self.format(date: Date(), level: event.level, message: "\(event.message)"))
    }

    /// One formatted line.
    public static func format(date: Date, level: Logger.Level, message: String) -> String {
        let name: String
        switch level {
        case .trace, .debug: name = "DEBUG"
        case .info, .notice: name = "INFO"
        case .warning: name = "WARNING"
        case .error: name = "ERROR"
        case .critical: name = "CRITICAL"
        }
        return "\(LogFormat.logStamp(date)) - \(name) - \(message)"
    }
}

/// Draws `[#####-----] TABLE 3/8 chunks  30,000/80,000 rows  12,345 rows/s  ETA 4s`.
public final class ProgressBar: ProgressObserver, @unchecked Sendable {
    private let terminal: Terminal
    private let lock = NSLock()
    private var started: [String: (date: Date, rows: Int)] = [:]

    public init(terminal: Terminal) {
        self.terminal = terminal
    }

    public func chunkFinished(table: String, completedChunks: Int, totalChunks: Int, processedRows: Int, totalRows: Int) {
        guard terminal.isInteractive else { return }
        lock.lock()
        let start = started[table] ?? (Date(), processedRows)
        if started[table] == nil { started[table] = start }
        lock.unlock()
        let elapsed = max(Date().timeIntervalSince(start.date), 0.001)
        let rate = Double(processedRows - start.rows) / elapsed
        let fraction = totalChunks == 0 ? 1 : Double(completedChunks) / Double(totalChunks)
        let width = 24
        let filled = Int(fraction * Double(width))
        let remaining = rate > 0 ? Double(max(totalRows - processedRows, 0)) / rate : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        terminal.bar("[\(bar)] \(table) \(completedChunks)/\(totalChunks) chunks  \(LogFormat.grouped(processedRows))/\(LogFormat.grouped(totalRows)) rows  \(LogFormat.grouped(Int(rate))) rows/s  ETA \(Int(remaining.rounded()))s")
    }

    public func tableFinished(table: String) {
        terminal.endBar()
    }
}
