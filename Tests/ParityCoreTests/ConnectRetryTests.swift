import Testing
@testable import ParityCore

/// Opening a connection: a busy server or a connection lost while its session was set up
/// (a KILL at that moment, seen in the MariaDB disturbance test) is tried again; a wrong
/// setting fails at once.
@Suite struct ConnectRetryTests {
    final class Attempts: @unchecked Sendable { var count = 0 }

    static let policy = RetryPolicy(attempts: 3, initialDelay: 0, maxDelay: 0)

    @Test("08S01 after login and 53300 too many connections are retried; 08001 and 28P01 are not")
    func retriedStates() async throws {
        for (state, retried) in [("08S01", true), ("53300", true), ("08001", false), ("28P01", false)] {
            let attempts = Attempts()
            let result: String? = try? await Self.policy.connect {
                attempts.count += 1
                if attempts.count == 1 { throw ParityError(.connection, "Cannot set up the session", sqlState: state) }
                return "connected"
            }
            #expect(result == (retried ? "connected" : nil), "\(state)")
            #expect(attempts.count == (retried ? 2 : 1), "\(state)")
        }
    }

    @Test("a lost connection every time fails after the policy's attempts, with the last error")
    func givesUp() async {
        let attempts = Attempts()
        await #expect(throws: ParityError.self) {
            _ = try await Self.policy.connect { () async throws -> String in
                attempts.count += 1
                throw ParityError(.connection, "lost", sqlState: "08S01")
            }
        }
        #expect(attempts.count == 4)
    }
}
