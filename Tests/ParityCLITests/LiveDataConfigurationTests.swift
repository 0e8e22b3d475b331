import Foundation
import ParityCore
import Testing
@testable import ParityCLI

/// `guarded_statements` and `recheck`: read at the top and per table, fingerprinted only when
/// set, bad values one line each.
@Suite struct LiveDataConfigurationTests {
    let loader = ConfigurationLoader(environment: [:])

    /// Two SQLite databases and tables `t` and `u`; `top` is added at the top level, `table` to `t`.
    func text(top: String = "", table: String = "") -> String {
        """
        source_database: {type: sqlite, path: a.db}
        target_database: {type: sqlite, path: b.db}
        tables:
          - table_name: t
            primary_key: [id]
        \(table.isEmpty ? "" : "    " + table + "\n")  - table_name: u
            primary_key: [id]
        \(top)
        """
    }

    func failure(_ text: String) -> String {
        do {
            _ = try loader.parse(text, path: "/work/config.yaml")
            return "no error"
        } catch let error as ParityError {
            #expect(error.code == .configuration)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func offByDefault() throws {
        let configuration = try loader.parse(text(), path: "/work/config.yaml")
        #expect(configuration.tables.map(\.guardedStatements) == [false, false])
        #expect(configuration.tables.map(\.recheck) == [nil, nil])
        #expect(configuration.fingerprint(tables: ["t"])["table t"]
            == "target_table_name=t; schema=; target_schema=; primary_key=id; chunk_size=10000; exclude_columns=; where=; compare_mode=checksum")
    }

    @Test func topLevelValuesApplyToEveryTableAndATableOverridesThem() throws {
        let configuration = try loader.parse(text(top: "guarded_statements: true\nrecheck: {after: 0.5, attempts: 3}",
                                                  table: "guarded_statements: false\n    recheck: off"), path: "/work/config.yaml")
        #expect(configuration.tables.map(\.guardedStatements) == [false, true])
        #expect(configuration.tables.map(\.recheck) == [nil, RecheckPolicy(after: 0.5, attempts: 3)])
        let perTable = try loader.parse(text(table: "recheck: {after: 2}\n    guarded_statements: yes"), path: "/work/config.yaml")
        #expect(perTable.tables.map(\.recheck) == [RecheckPolicy(after: 2, attempts: 1), nil])
        #expect(perTable.tables.map(\.guardedStatements) == [true, false])
    }

    @Test func fingerprintHoldsThemWhenSet() throws {
        let before = try loader.parse(text(), path: "/work/config.yaml").fingerprint(tables: ["t", "u"])
        let after = try loader.parse(text(top: "guarded_statements: true", table: "recheck: {after: 0.5, attempts: 2}"), path: "/work/config.yaml")
            .fingerprint(tables: ["t", "u"])
        #expect(after["table t"]?.hasSuffix("; compare_mode=checksum; guarded_statements=true; recheck=after 0.5 s, 2 attempts") == true)
        #expect(Configuration.changes(from: before, to: after).map(\.description) == [
            "table t: guarded_statements (default) → true, recheck (default) → after 0.5 s, 2 attempts",
            "table u: guarded_statements (default) → true",
        ])
    }

    @Test func badValuesAreOneLineEach() {
        #expect(failure(text(top: "recheck: {after: -1, attempts: 2}")) == "config.yaml:8: recheck.after: expected seconds from 0 to 3600, found \"-1\"")
        #expect(failure(text(top: "recheck: {after: soon}")) == "config.yaml:8: recheck.after: expected seconds from 0 to 3600, found \"soon\"")
        #expect(failure(text(top: "recheck: {after: 1, attempts: -2}")) == "config.yaml:8: recheck.attempts: expected a whole number from 1 to 100, found \"-2\"")
        #expect(failure(text(top: "recheck: {after: 1, attempts: 0}")) == "config.yaml:8: recheck.attempts: expected a whole number from 1 to 100, found \"0\"")
        #expect(failure(text(top: "recheck: {attempts: 2}"))
            == "config.yaml:8: recheck: after is missing; give the seconds to wait before rows are read again, e.g. {after: 5, attempts: 2}")
        #expect(failure(text(top: "recheck: {after: 1, tries: 2}")) == "config.yaml:8: recheck.tries: unknown key tries; allowed keys: after, attempts")
        #expect(failure(text(top: "recheck: true")) == "config.yaml:8: recheck: expected {after: SECONDS, attempts: N} or false")
        #expect(failure(text(table: "guarded_statements: maybe")) == "config.yaml:6: tables[0].guarded_statements: expected true or false, found \"maybe\"")
    }
}
