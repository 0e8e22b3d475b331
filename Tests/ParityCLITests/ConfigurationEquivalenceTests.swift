import Foundation
import ParityCore
import Testing
@testable import ParityCLI

@Suite("Configuration: equivalence options")
struct ConfigurationEquivalenceTests {
    let loader = ConfigurationLoader(environment: [:])

    /// Two SQLite databases and one table, with `extra` lines appended to the table and `top`
    /// lines at the top level.
    func configuration(top: String = "", table: String = "") -> String {
        """
        source_database: {type: sqlite, path: a.db}
        target_database: {type: sqlite, path: b.db}
        \(top)
        tables:
          - table_name: T
            primary_key: [ID]
        \(table.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    func failure(_ text: String) -> String {
        do {
            _ = try loader.parse(text, path: "/etc/parity/config.yaml")
            return "no error"
        } catch let error as ParityError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("top-level, table and column options are read and inherited; column_map is read")
    func options() throws {
        let text = configuration(top: """
            equivalence:
              empty_string_is_null: true
              float_tolerance: {relative: 1e-9}
              time_zone: Europe/Paris
            """, table: """
            equivalence: {timestamp_precision: truncate, float_tolerance: {significant_digits: 6}, char_padding: significant}
            columns:
              AMOUNT: {numeric: lower_scale, compare_as: decimal}
              NOTE: {empty_string_is_null: false, uuid_case_insensitive: yes, date_only: on}
            column_map: {CUST_NAME: customer_name}
            """)
        let configuration = try loader.parse(text, path: "/etc/parity/config.yaml")
        let table = try #require(configuration.tables.first)
        #expect(table.equivalence == EquivalenceOptions(emptyStringIsNull: true, charPadding: .significant, floatTolerance: .significantDigits(6),
                                                        timestampPrecision: .truncate, timeZone: "Europe/Paris"))
        #expect(table.columnEquivalences == [
            "AMOUNT": EquivalenceOptions(numeric: .lowerScale, compareAs: .decimal),
            "NOTE": EquivalenceOptions(emptyStringIsNull: false, uuidCaseInsensitive: true, dateOnly: true),
        ])
        #expect(table.columnMap == ["CUST_NAME": "customer_name"])
        #expect(table.job.equivalence == table.equivalence)
        #expect(table.job.columnMap == ["CUST_NAME": "customer_name"])
        let fingerprint = try #require(configuration.fingerprint(tables: ["T"])["table T"])
        #expect(fingerprint.hasSuffix("; equivalence=char_padding=significant,empty_string_is_null=true,float_tolerance=6 significant digits,time_zone=Europe/Paris,timestamp_precision=truncate; columns.AMOUNT=compare_as=decimal,numeric=lower_scale; columns.NOTE=date_only=true,empty_string_is_null=false,uuid_case_insensitive=true; column_map=CUST_NAME->customer_name"))
    }

    @Test("no equivalence keys: the fingerprint is what it was before the options existed")
    func unchangedFingerprint() throws {
        let configuration = try loader.parse(configuration(), path: "/etc/parity/config.yaml")
        #expect(configuration.fingerprint(tables: ["T"])["table T"]
                == "target_table_name=T; schema=; target_schema=; primary_key=ID; chunk_size=10000; exclude_columns=; where=; compare_mode=checksum")
    }

    @Test("bad values: one line naming the key, the line and what to write")
    func badValues() {
        #expect(failure(configuration(top: "equivalence: {empty_string_is_nul: true}"))
                == "config.yaml:3: equivalence.empty_string_is_nul: unknown key empty_string_is_nul; did you mean empty_string_is_null?")
        #expect(failure(configuration(top: "equivalence: {empty_string_is_null: maybe}"))
                == "config.yaml:3: equivalence.empty_string_is_null: expected true or false, found \"maybe\"")
        #expect(failure(configuration(top: "equivalence: {numeric: loose}"))
                == "config.yaml:3: equivalence.numeric: unknown value \"loose\"; use exact or lower_scale")
        #expect(failure(configuration(top: "equivalence: {timestamp_precision: ceil}"))
                == "config.yaml:3: equivalence.timestamp_precision: unknown value \"ceil\"; use exact or truncate or round")
        #expect(failure(configuration(top: "equivalence: {time_zone: Mars/Olympus}"))
                == "config.yaml:3: equivalence.time_zone: unknown time zone \"Mars/Olympus\"; use an IANA name such as Europe/Paris, UTC, or an offset such as +08:00")
        #expect(failure(configuration(top: "equivalence: {time_zone: america/new_york}"))
                == "config.yaml:3: equivalence.time_zone: unknown time zone \"america/new_york\"; did you mean America/New_York?")
        #expect(failure(configuration(top: "equivalence: {float_tolerance: {absolute: 1, relative: 2}}"))
                == "config.yaml:3: equivalence.float_tolerance: give exactly one of absolute, relative and significant_digits")
        #expect(failure(configuration(top: "equivalence: {float_tolerance: {absolute: -1}}"))
                == "config.yaml:3: equivalence.float_tolerance.absolute: expected a number ≥ 0 such as 0.001 or 1e-9, found \"-1\"")
        #expect(failure(configuration(top: "equivalence: {float_tolerance: {significant_digits: 20}}"))
                == "config.yaml:3: equivalence.float_tolerance.significant_digits: expected a whole number from 1 to 17, found \"20\"")
        // compare_as belongs to a column.
        #expect(failure(configuration(top: "equivalence: {compare_as: text}"))
                == "config.yaml:3: equivalence.compare_as: unknown key compare_as; allowed keys: empty_string_is_null, char_padding, numeric, float_tolerance, timestamp_precision, time_zone, uuid_case_insensitive, date_only")
        #expect(failure(configuration(table: "columns: {AMOUNT: {compare_as: money}}"))
                == "config.yaml:7: tables[0].columns.AMOUNT.compare_as: unknown kind \"money\"; use one of boolean, date, decimal, double, integer, text, timestamp, timestamptz")
        #expect(failure(configuration(table: "column_map: [A, B]"))
                == "config.yaml:7: tables[0].column_map: expected a mapping of source column names to target column names")
    }
}

@Suite("parity init sample")
struct InitSampleTests {
    @Test("the sample loads as written and with every commented option turned on")
    func sampleLoads() throws {
        let loader = ConfigurationLoader(environment: ["SOURCE_PASSWORD": "x"])
        _ = try loader.parse(InitCommand.sample, path: "/etc/parity/parity.yaml")
        let options = try NSRegularExpression(pattern: "^(\\s*)# (\\s*[a-z_A-Z]+:.*)$", options: [.anchorsMatchLines])
        let text = InitCommand.sample
        // The sample's CA file (ca.pem beside the configuration) exists here, empty.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parity-init-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data().write(to: directory.appendingPathComponent("ca.pem"))
        let uncommented = options.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1$2")
        #expect(uncommented.contains("\n  timestamp_precision: truncate"))
        #expect(uncommented.contains("\n      HIRE_DATE: {date_only: true}"))
        let configuration = try loader.parse(uncommented, path: directory.appendingPathComponent("parity.yaml").path)
        let table = try #require(configuration.tables.first)
        #expect(table.equivalence == EquivalenceOptions(emptyStringIsNull: true, floatTolerance: .relative(1e-9), timestampPrecision: .truncate))
        #expect(table.columnEquivalences == ["HIRE_DATE": EquivalenceOptions(dateOnly: true)])
        #expect(table.columnMap == ["FULL_NAME": "name"])
        #expect(table.guardedStatements)
        #expect(table.recheck != nil)
    }
}
