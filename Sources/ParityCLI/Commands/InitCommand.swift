import ArgumentParser
import Foundation
import ParityCore

/// `parity init`: writes a commented sample configuration.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a commented sample configuration file.")

    @Argument(help: "File to write.") var path = "parity.yaml"

    /// Creates the file (never over an existing one), readable by its owner only (mode 600: it
    /// may come to hold a password).
    ///
    /// - Throws: ``ParityError`` `.output` with the system's reason when the file exists or
    ///   cannot be created.
    func run() throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            if errno == EEXIST {
                throw ParityError(.output, "\(path) already exists and is not overwritten; name another file: parity init other.yaml")
            }
            let folder = (path as NSString).deletingLastPathComponent
            throw ParityError(.output, "Cannot create \(path): \(reason); check that the folder \(folder.isEmpty ? "." : folder) exists and is writable.")
        }
        let bytes = Array(Self.sample.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0 else {
            unlink(path)
            throw ParityError(.output, "Cannot write \(path); check free space.")
        }
        print("Wrote \(path); edit it, then run: parity compare \(CompareCommand.shellWord(path))")
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
