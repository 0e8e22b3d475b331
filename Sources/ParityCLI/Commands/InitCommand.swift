import ArgumentParser
import Foundation

/// `parity init`: writes a commented sample configuration.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a commented sample configuration file.")

    @Argument(help: "File to write.") var path = "parity.yaml"

    func run() throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(path) already exists and is not overwritten; name another file: parity init other.yaml")
        }
        try Data(Self.sample.utf8).write(to: URL(fileURLWithPath: path))
        print("Wrote \(path); edit it, then run: parity compare \(path)")
    }

    static let sample = """
        # Parity configuration. Full reference: README.md, "Configuration".
        source_database:
          type: postgresql            # postgresql | sqlite | oracle | mysql | sqlserver | odbc (no type: oracle)
          host: localhost
          port: 5432
          database: prod
          username: readonly_user
          password_env: SOURCE_PASSWORD   # or password: "..." or password: "${SOURCE_PASSWORD}"
          # schema: public
          # sslmode: verify-full          # disable | prefer (default) | require | verify-ca | verify-full
          # ssl_root_cert: ca.pem         # CA that signed the server's certificate (default: system trust store)

        target_database:
          type: sqlite
          path: replica.sqlite        # relative to this file

        # state_directory: comparison_state   # state store and log
        # output_directory: .                 # sync scripts, summaries, report
        # chunk_size: 10000                   # default rows per chunk
        # guarded_statements: true            # live target: sync statements change a row only as it was compared
        # recheck: {after: 5, attempts: 2}    # live target: read differing rows again after 5 s, up to 2 times
        # equivalence:                        # when different-looking values are equal (README "Equivalences")
        #   empty_string_is_null: true        # default: on when either side is Oracle
        #   timestamp_precision: truncate     # exact (default) | truncate | round, at the lower precision
        #   float_tolerance: {relative: 1e-9} # or {absolute: 0.001} or {significant_digits: 6}

        tables:
          - table_name: EMPLOYEES
            primary_key: [EMPLOYEE_ID]
            chunk_size: 10000
            # target_table_name: employees_copy
            # exclude_columns: [LAST_LOGIN]
            # where: "STATUS = 'ACTIVE'"      # trusted SQL, applied on both sides
            # columns:                        # options of single columns
            #   HIRE_DATE: {date_only: true}
            # column_map: {FULL_NAME: name}   # source column → renamed target column

        """
}
