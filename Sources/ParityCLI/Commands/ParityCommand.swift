import ArgumentParser
import Foundation
import ParityCore

/// `parity`: compares tables between a source and a target database, resumably.
public struct ParityCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "parity",
        abstract: "Compare tables between a source and a target database, chunk by chunk, and write the SQL that syncs the target.",
        discussion: "Exit status: 0 no differences, 1 differences found, 2 error, 130 stopped by SIGINT (Ctrl-C), 143 stopped by SIGTERM; a stopped session resumes with the command it prints.",
        version: "0.1.0",
        subcommands: [CompareCommand.self, SessionsCommand.self, DemoCommand.self, InitCommand.self],
        defaultSubcommand: CompareCommand.self
    )

    public init() {}

    /// Parses the command line, runs the command and exits: 0 identical, 1 differences,
    /// 2 error (usage errors included); help and version exit 0.
    public static func runAndExit(arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as ParityError {
            FileHandle.standardError.write(Data(("parity: " + error.description + "\n").utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data(("parity: " + fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Exit statuses of `parity compare`.
public enum ExitStatus {
    public static let identical: Int32 = 0
    public static let differences: Int32 = 1
    public static let error: Int32 = 2
}
