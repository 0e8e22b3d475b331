import Foundation
import Testing

@Suite("Seed configuration")
struct SeedConfigurationTests {
    /// The configuration of seed/restart-walkthrough.md, byte for byte (trailing blanks included).
    static let walkthroughConfiguration = """
        source_database:
          host: "prod-oracle.company.com"
          port: 1521
          database: "PROD"
          username: "readonly_user"
          password: "secure_pass"

        target_database:
          host: "dr-oracle.company.com"\u{20}
          port: 1521
          database: "DRPROD"
          username: "readonly_user"
          password: "secure_pass"

        tables:
          - table_name: "EMPLOYEES"      # 50,000 rows
            primary_key: ["EMPLOYEE_ID"]
            chunk_size: 10000           # 5 chunks
        \u{20}\u{20}\u{20}\u{20}
          - table_name: "CUSTOMERS"     # 80,000 rows\u{20}\u{20}
            primary_key: ["CUSTOMER_ID"]
            chunk_size: 10000           # 8 chunks
        \u{20}\u{20}\u{20}\u{20}
          - table_name: "ORDERS"        # 200,000 rows
            primary_key: ["ORDER_ID"]\u{20}
            chunk_size: 10000           # 20 chunks

        """

    /// What a machine without an Oracle ODBC driver is told (the test machines have none).
    static let oracleDriverMissing = "Oracle (no type is given for source_database, which means Oracle) is reached through ODBC, and no Oracle ODBC driver is installed; install Oracle Instant Client Basic and ODBC packages and register the driver (README, section \"Oracle through ODBC\")."

    @Test("the walkthrough's configuration (no type: Oracle) prints one line naming what to install and exits 2")
    func walkthroughConfigurationNeedsODBC() async throws {
        try await Workspace.with("seed") { workspace in
            let configuration = try workspace.write(Self.walkthroughConfiguration, to: "config.yaml")
            // Private, as a file with passwords should be (readable by others, it is warned about
            // first: SecretsTests).
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configuration.path)
            let run = try await workspace.parity(["compare", configuration.path])
            #expect(run.status == 2, "\(run.transcript)")
            #expect(!run.killedBySignal)
            #expect(run.stdout.isEmpty, "\(run.transcript)")
            let lines = run.stderrLines.filter { !$0.isEmpty }
            #expect(lines.count == 1, "expected one line:\n\(run.transcript)")
            let line = lines.first ?? ""
            #expect(line.hasSuffix(" - ERROR - " + Self.oracleDriverMissing), "\(run.transcript)")
            #expect(!line.contains("secure_pass"), "the password must never be printed")

            // The default subcommand, as the walkthrough runs it, behaves the same.
            let plain = try await workspace.parity([configuration.path])
            #expect(plain.status == 2, "\(plain.transcript)")
            #expect(plain.stderrLines.filter { !$0.isEmpty }.count == 1, "\(plain.transcript)")
        }
    }
}
