import Foundation
import Testing

/// The integration tests are required: without the PostgreSQL test server they fail (this test
/// first, with what to do), they are never skipped.
@Suite("PostgreSQL test server")
struct PostgresServerTests {
    @Test("the PostgreSQL test server is reachable and the test role can create databases")
    func serverIsReachable() async throws {
        try await Workspace.with("server") { workspace in
            let database = try await workspace.database(.postgresql, "probe")
            let version = try await database.strings("SELECT current_setting('server_version_num')")
            let number = Int(version.first?.first.flatMap { $0 } ?? "") ?? 0
            #expect(number >= 150_000, "PostgreSQL 15 or later is expected; scripts/test-services installs it")
            let collation = try await database.strings("SELECT datlocprovider::text, daticulocale FROM pg_database WHERE datname = current_database()")
            #expect(collation == [["i", "en-US"]], "test databases use the ICU en-US collation, not byte order")
        }
    }
}
