import Foundation
import Testing

/// One comparison with equivalence options: the report line, the summary's difference lines,
/// the whole summary text and the sync script's change statements (empty without a script).
private struct Outcome {
    var comparison: Comparison
    var table: Report.Table
    var differences: [String]
    var summary: String
    var changes: [String]
}

extension Workspace {
    /// Writes `config.yaml` for one table `t` keyed on `id` (or `key`), compares once, and
    /// expects a completed table and exit status 1 when it differs, 0 when not.
    fileprivate func compareWith(source: TestDatabase, target: TestDatabase, options: [String] = [], top: [String] = [],
                                 key: [String] = ["id"], outputDirectory: String = "out",
                                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> Outcome {
        let configuration = try writeConfiguration(source: source, target: target, tables: [TableEntry("t", key: key, options: options)],
                                                   outputDirectory: outputDirectory, top: top)
        let comparison = try await compare(configuration, outputDirectory: outputDirectory)
        let entry = try comparison.report.table("t")
        #expect(entry.status == "completed", "\(comparison.run.transcript)", sourceLocation: sourceLocation)
        #expect(comparison.run.status == (entry.counts.differences > 0 ? 1 : 0), "\(comparison.run.transcript)", sourceLocation: sourceLocation)
        let summaryName = try #require(entry.summaryFile, sourceLocation: sourceLocation)
        let summary = try String(contentsOf: comparison.output.url.appendingPathComponent(summaryName), encoding: .utf8)
        let changes = entry.syncSqlFile == nil ? [] : try comparison.output.changes(entry)
        return Outcome(comparison: comparison, table: entry, differences: try comparison.output.summaryDifferenceLines(entry),
                       summary: summary, changes: changes)
    }
}

/// The equivalence options of cases/cases.yaml (04, 05, 11, 12, 13) and the README, on every
/// engine pair whose types exist, with the option off and on.
@Suite("Equivalence cases")
struct EquivalenceCaseTests {
    @Test("04 CHAR(n) padding ignored across engines (PostgreSQL pads, SQLite keeps the spaces); char_padding: significant counts it",
          arguments: EnginePair.allCases)
    func charPadding(pair: EnginePair) async throws {
        try await Workspace.with("eq04") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, c CHAR(2), s VARCHAR(5))")
            }
            try await source.execute("INSERT INTO t VALUES (1, 'A ', 'x'), (2, 'B ', 'abc ')")
            try await target.execute("INSERT INTO t VALUES (1, 'A', 'x'), (2, 'B', 'abc')")
            let result = try await workspace.compareWith(source: source, target: target)
            #expect(result.table.counts == Counts(matching: 1, different: 1))
            #expect(result.differences == ["(2): different [s]"])
            #expect(result.changes == ["UPDATE \(target.scriptTable("t")) SET \"s\" = 'abc ' WHERE \"id\" = 2;"])
            #expect(result.summary.contains("Compared as equal: c: CHAR padding ignored\n"))
            if pair == .sqliteToSQLite {
                // SQLite keeps every byte, so only here can padding be made to count.
                let strict = try await workspace.compareWith(source: source, target: target, options: ["equivalence: {char_padding: significant}"],
                                                             outputDirectory: "strict")
                #expect(strict.differences == ["(1): different [c]", "(2): different [c, s]"])
            }
        }
    }

    @Test("05 Oracle's '' is NULL: strict by default between these engines, equal with empty_string_is_null",
          arguments: EnginePair.allCases)
    func emptyStringIsNull(pair: EnginePair) async throws {
        try await Workspace.with("eq05") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(10))")
            }
            // The source plays Oracle, which has already turned '' into NULL.
            try await source.execute("INSERT INTO t VALUES (1, NULL), (2, NULL), (3, 'x')")
            try await target.execute("INSERT INTO t VALUES (1, ''), (2, NULL), (3, 'x')")
            let lenient = try await workspace.compareWith(source: source, target: target, top: ["equivalence: {empty_string_is_null: true}"],
                                                          outputDirectory: "lenient")
            #expect(lenient.table.counts == Counts(matching: 3))
            #expect(lenient.changes == [])
            #expect(lenient.summary.contains("Compared as equal: note: '' = NULL\n"))
            let strict = try await workspace.compareWith(source: source, target: target)
            #expect(strict.table.counts == Counts(matching: 2, different: 1))
            #expect(strict.differences == ["(1): different [note]"])
            #expect(strict.changes == ["UPDATE \(target.scriptTable("t")) SET \"note\" = NULL WHERE \"id\" = 1;"])
            // After the script, the next run finds nothing: id 1 is not reported on every run.
            try await target.apply(script: try strict.comparison.output.syncScript(strict.table))
            let again = try await workspace.compareWith(source: source, target: target, outputDirectory: "again")
            #expect(again.table.counts == Counts(matching: 3))
        }
    }

    @Test("11 fractional seconds count; a date equals a timestamp only at midnight, or by date part with date_only",
          arguments: EnginePair.allCases)
    func timestampFractionAndDate(pair: EnginePair) async throws {
        try await Workspace.with("eq11") { workspace in
            let (source, target) = try await workspace.databases(pair)
            // The source's d plays Oracle DATE (a timestamp); the target's is a date.
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6), d TIMESTAMP(0))")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6), d DATE)")
            try await source.execute("INSERT INTO t VALUES (1, '1970-01-03 00:00:01.654321', '2024-03-01 00:00:00'), (2, '1970-01-03 00:00:01.654321', '2024-03-01 13:45:00')")
            try await target.execute("INSERT INTO t VALUES (1, '1970-01-03 00:00:01.654321', '2024-03-01'), (2, '1970-01-03 00:00:01.654000', '2024-03-01')")
            let strict = try await workspace.compareWith(source: source, target: target)
            #expect(strict.table.counts == Counts(matching: 1, different: 1))
            #expect(strict.differences == ["(2): different [ts, d]"])
            #expect(strict.summary.contains("Compared as equal: d: date = timestamp at midnight\n"))
            let dateOnly = try await workspace.compareWith(source: source, target: target, options: ["columns: {d: {date_only: true}}"],
                                                           outputDirectory: "date-only")
            #expect(dateOnly.differences == ["(2): different [ts]"])
            #expect(dateOnly.summary.contains("Compared as equal: d: date part only\n"))
        }
    }

    @Test("timestamp_precision: truncate or round to the lower declared precision (PostgreSQL timestamp(6) vs timestamp(3))")
    func timestampPrecision() async throws {
        try await Workspace.with("eqts") { workspace in
            let (source, target) = try await workspace.databases(.postgresToPostgres)
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6))")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(3))")
            // PostgreSQL rounds to the column's precision on insert: .6545 is stored as .655.
            try await source.execute("INSERT INTO t VALUES (1, '2024-01-01 10:00:00.654321'), (2, '2024-01-01 10:00:00.6545'), (3, '2024-01-01 10:00:00.5')")
            try await target.execute("INSERT INTO t SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-01 10:00:00.654321'), (2, TIMESTAMP '2024-01-01 10:00:00.6545'), (3, TIMESTAMP '2024-01-01 10:00:00.5')) v")
            let exact = try await workspace.compareWith(source: source, target: target)
            #expect(exact.differences == ["(1): different [ts]", "(2): different [ts]"])
            #expect(exact.summary.contains("Type difference:   ts: timestamp(6) without time zone (source), timestamp(3) without time zone (target)\n"))
            let truncate = try await workspace.compareWith(source: source, target: target, top: ["equivalence: {timestamp_precision: truncate}"],
                                                           outputDirectory: "truncate")
            #expect(truncate.differences == ["(2): different [ts]"])
            #expect(truncate.summary.contains("Compared as equal: ts: fractional seconds truncated to 3 digits\n"))
            let round = try await workspace.compareWith(source: source, target: target, top: ["equivalence: {timestamp_precision: round}"],
                                                        outputDirectory: "round")
            #expect(round.table.counts == Counts(matching: 3))
        }
    }

    @Test("12 wall-clock against an instant: read in UTC by default, in time_zone when given")
    func wallClockAgainstInstant() async throws {
        try await Workspace.with("eq12") { workspace in
            let (source, target) = try await workspace.databases(.sqliteToPostgres)
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP)")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP WITH TIME ZONE)")
            try await source.execute("INSERT INTO t VALUES (1, '2022-01-29 23:21:12'), (2, '2022-01-29 23:00:00')")
            try await target.execute("INSERT INTO t VALUES (1, '2022-01-29 23:21:12+08:00'), (2, '2022-01-29 23:00:00+00:00')")
            let utc = try await workspace.compareWith(source: source, target: target)
            #expect(utc.differences == ["(1): different [ts]"])
            #expect(utc.summary.contains("Compared as equal: ts: wall-clock timestamps read in UTC\n"))
            let shanghai = try await workspace.compareWith(source: source, target: target, options: ["equivalence: {time_zone: Asia/Shanghai}"],
                                                           outputDirectory: "shanghai")
            #expect(shanghai.differences == ["(2): different [ts]"])
            // The script writes the instant the wall-clock time denotes in the zone, so the
            // target compares equal afterwards.
            #expect(shanghai.changes == [#"UPDATE "public"."t" SET "ts" = '2022-01-29 15:00:00+00:00' WHERE "id" = 2;"#])
            try await target.apply(script: try shanghai.comparison.output.syncScript(shanghai.table))
            let after = try await workspace.compareWith(source: source, target: target, options: ["equivalence: {time_zone: Asia/Shanghai}"],
                                                        outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 2))
        }
    }

    @Test("12 time_zone across daylight-saving changes: an instant compares as its wall-clock time; the script converges")
    func wallClockAcrossDaylightSaving() async throws {
        try await Workspace.with("eq12dst") { workspace in
            let (source, target) = try await workspace.databases(.postgresToSQLite)
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, ny TIMESTAMP WITH TIME ZONE, paris TIMESTAMP WITH TIME ZONE)")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ny TIMESTAMP, paris TIMESTAMP)")
            // New York's 01:30 on 2024-11-03 happens twice (05:30Z, 06:30Z); Paris's 02:30 on
            // 2024-03-31 never happens.
            try await source.execute("INSERT INTO t VALUES (1, '2024-11-03 05:30:00+00', '2024-03-31 01:30:00+00'), "
                                         + "(2, '2024-11-03 06:30:00+00', '2024-07-01 10:00:00+00'), (3, '2024-11-03 04:30:00+00', '2024-03-31 00:30:00+00')")
            try await target.execute("INSERT INTO t VALUES (1, '2024-11-03 01:30:00', '2024-03-31 02:30:00'), "
                                         + "(2, '2024-11-03 01:30:00', '2024-07-01 12:00:00'), (3, '2024-11-03 01:30:00', '2024-03-31 01:30:00')")
            let options = ["columns: {ny: {time_zone: America/New_York}, paris: {time_zone: Europe/Paris}}"]
            let result = try await workspace.compareWith(source: source, target: target, options: options)
            #expect(result.differences == ["(1): different [paris]", "(3): different [ny]"])
            #expect(result.changes == [#"UPDATE "t" SET "paris" = '2024-03-31 03:30:00' WHERE "id" = 1;"#,
                                       #"UPDATE "t" SET "ny" = '2024-11-03 00:30:00' WHERE "id" = 3;"#])
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let after = try await workspace.compareWith(source: source, target: target, options: options, outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 3))
            // Wall-clock source, instants in the target: the repeated 01:30 equals either instant.
            let back = try await workspace.compareWith(source: target, target: source, options: options, outputDirectory: "back")
            #expect(back.table.counts == Counts(matching: 3))
        }
    }

    @Test("timestamp_precision round / truncate: the script writes values reduced as compared, and the next compare is equal (timestamp, time, timestamptz)")
    func timestampPrecisionConverges() async throws {
        try await Workspace.with("eqtsc") { workspace in
            let (source, target) = try await workspace.databases(.postgresToPostgres)
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(6), tm TIME(6), tz TIMESTAMP(6) WITH TIME ZONE)")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(0), tm TIME(0), tz TIMESTAMP(0) WITH TIME ZONE)")
            try await source.execute("INSERT INTO t VALUES (1, '2024-01-01 10:00:00.7', '10:00:00.7', '2024-01-01 10:00:00.7+00'), "
                                         + "(2, '2024-12-31 23:59:59.9999', '23:59:59.4', '2024-12-31 23:59:59.9999+00'), "
                                         + "(3, '2024-02-28 23:59:59.5', '09:59:59.5', '2024-02-28 23:59:59.5+00')")
            let truncate = try await workspace.compareWith(source: source, target: target, top: ["equivalence: {timestamp_precision: truncate}"],
                                                           outputDirectory: "truncate")
            #expect(truncate.table.counts == Counts(matching: 0, missingInTarget: 3))
            // PostgreSQL would round '10:00:00.7' into timestamp(0); the script writes the truncated value.
            #expect(truncate.changes == [
                #"INSERT INTO "public"."t" ("id", "ts", "tm", "tz") VALUES (1, '2024-01-01 10:00:00', '10:00:00', '2024-01-01 10:00:00+00');"#,
                #"INSERT INTO "public"."t" ("id", "ts", "tm", "tz") VALUES (2, '2024-12-31 23:59:59', '23:59:59', '2024-12-31 23:59:59+00');"#,
                #"INSERT INTO "public"."t" ("id", "ts", "tm", "tz") VALUES (3, '2024-02-28 23:59:59', '09:59:59', '2024-02-28 23:59:59+00');"#,
            ])
            try await target.apply(script: try truncate.comparison.output.syncScript(truncate.table))
            let truncateAfter = try await workspace.compareWith(source: source, target: target, top: ["equivalence: {timestamp_precision: truncate}"],
                                                                outputDirectory: "truncate-after")
            #expect(truncateAfter.table.counts == Counts(matching: 3))
            let round = try await workspace.compareWith(source: source, target: target, top: ["equivalence: {timestamp_precision: round}"],
                                                        outputDirectory: "round")
            #expect(round.differences == ["(1): different [ts, tm, tz]", "(2): different [ts, tz]", "(3): different [ts, tm, tz]"])
            #expect(round.changes == [
                #"UPDATE "public"."t" SET "ts" = '2024-01-01 10:00:01', "tm" = '10:00:01', "tz" = '2024-01-01 10:00:01+00' WHERE "id" = 1;"#,
                #"UPDATE "public"."t" SET "ts" = '2025-01-01 00:00:00', "tz" = '2025-01-01 00:00:00+00' WHERE "id" = 2;"#,
                #"UPDATE "public"."t" SET "ts" = '2024-02-29 00:00:00', "tm" = '10:00:00', "tz" = '2024-02-29 00:00:00+00' WHERE "id" = 3;"#,
            ])
            try await target.apply(script: try round.comparison.output.syncScript(round.table))
            let roundAfter = try await workspace.compareWith(source: source, target: target, top: ["equivalence: {timestamp_precision: round}"],
                                                             outputDirectory: "round-after")
            #expect(roundAfter.table.counts == Counts(matching: 3))
        }
    }

    @Test("float_tolerance on PostgreSQL real: the 32-bit floats within half a unit of the 6th significant digit are equal")
    func toleranceOnReal() async throws {
        try await Workspace.with("eqreal") { workspace in
            let (source, target) = try await workspace.databases(.postgresToPostgres)
            for database in [source, target] {
                try await database.execute("CREATE TABLE t (id INT PRIMARY KEY, f REAL)")
            }
            // The stored floats differ by 4.96e-5 and 4.58e-5 (under 5e-5), and by 5.9e-5 for id 3.
            try await source.execute("INSERT INTO t VALUES (1, 31.35135), (2, 71.35135), (3, 31.35135)")
            try await target.execute("INSERT INTO t VALUES (1, 31.3514), (2, 71.3513), (3, 31.35141)")
            let options = ["equivalence: {float_tolerance: {significant_digits: 6}}"]
            let result = try await workspace.compareWith(source: source, target: target, options: options)
            #expect(result.table.counts == Counts(matching: 2, different: 1))
            #expect(result.differences == ["(3): different [f]"])
            #expect(result.changes == [#"UPDATE "public"."t" SET "f" = 31.35135 WHERE "id" = 3;"#])
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let after = try await workspace.compareWith(source: source, target: target, options: options, outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 3))
        }
    }

    @Test("13 UUIDs: a PostgreSQL uuid equals the same UUID in upper case text; text columns opt in with uuid_case_insensitive",
          arguments: [EnginePair.postgresToSQLite, .sqliteToPostgres, .sqliteToSQLite])
    func uuid(pair: EnginePair) async throws {
        try await Workspace.with("eq13") { workspace in
            let (source, target) = try await workspace.databases(pair)
            for database in [source, target] {
                try await database.execute(database.engine == .postgresql ? "CREATE TABLE t (id INT PRIMARY KEY, g UUID)"
                                                                          : "CREATE TABLE t (id INT PRIMARY KEY, g CHAR(36))")
            }
            let lower = "a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"
            try await source.execute("INSERT INTO t VALUES (1, '\(pair.source == .postgresql ? lower : lower.uppercased())'), (2, NULL)")
            try await target.execute("INSERT INTO t VALUES (1, '\(pair.target == .postgresql ? lower : lower.uppercased())'), (2, '\(lower)')")
            if pair == .sqliteToSQLite {
                try await target.execute("UPDATE t SET g = '\(lower)' WHERE id = 1")
                let strict = try await workspace.compareWith(source: source, target: target, outputDirectory: "strict")
                #expect(strict.differences == ["(1): different [g]", "(2): different [g]"])
            }
            let result = try await workspace.compareWith(source: source, target: target,
                                                         options: pair == .sqliteToSQLite ? ["columns: {g: {uuid_case_insensitive: true}}"] : [])
            #expect(result.differences == ["(2): different [g]"])
            #expect(result.summary.contains("Compared as equal: g: CHAR padding ignored; UUIDs case-insensitive\n"))
        }
    }

    @Test("float_tolerance and compare_as, and renamed columns with column_map", arguments: EnginePair.allCases)
    func toleranceCompareAsAndColumnMap(pair: EnginePair) async throws {
        try await Workspace.with("eqmisc") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute("CREATE TABLE t (id INT PRIMARY KEY, f DOUBLE PRECISION, amount VARCHAR(20), cust_name VARCHAR(20))")
            try await target.execute("CREATE TABLE t (id INT PRIMARY KEY, f DOUBLE PRECISION, amount NUMERIC(10,2), customer_name VARCHAR(20))")
            try await source.execute("INSERT INTO t VALUES (1, 1.0000001, '042.50', 'Ann'), (2, 2.5, '7', 'Bob')")
            try await target.execute("INSERT INTO t VALUES (1, 1.0, 42.5, 'Ann'), (2, 2.6, 7.00, 'Rob')")
            let plain = try await workspace.compareWith(source: source, target: target, outputDirectory: "plain")
            // '7' and 7.00 have the same canonical text; '042.50' and 42.5 do not.
            #expect(plain.differences == ["(1): different [f, amount]", "(2): different [f]"])
            #expect(plain.summary.contains("Only in source (not compared): cust_name\n"))
            #expect(plain.summary.contains("Only in target (not compared): customer_name\n"))
            let lenient = try await workspace.compareWith(source: source, target: target, options: [
                "equivalence: {float_tolerance: {absolute: 0.001}}",
                "columns: {amount: {compare_as: decimal}}",
                "column_map: {cust_name: customer_name}",
            ])
            #expect(lenient.differences == ["(2): different [f, cust_name]"])
            #expect(lenient.changes == ["UPDATE \(target.scriptTable("t")) SET \"f\" = 2.5, \"customer_name\" = 'Bob' WHERE \"id\" = 2;"])
            #expect(lenient.summary.contains("Renamed column:    cust_name → customer_name\n"))
            #expect(lenient.summary.contains("Compared as equal: f: float tolerance absolute 0.001\n"))
            #expect(lenient.summary.contains("Compared as equal: amount: compared as decimal\n"))
            try await target.apply(script: try lenient.comparison.output.syncScript(lenient.table))
            let again = try await workspace.compareWith(source: source, target: target, outputDirectory: "again")
            #expect(again.differences == ["(1): different [f, amount]"])
        }
    }

    @Test("collisions: a key missing in the target that its NOCASE key column already holds in another case is reported, its INSERT not run",
          arguments: [EnginePair.sqliteToSQLite, .postgresToSQLite])
    func caseInsensitiveKeyCollision(pair: EnginePair) async throws {
        try await Workspace.with("collision") { workspace in
            let (source, target) = try await workspace.databases(pair)
            try await source.execute(pair.source == .postgresql ? "CREATE TABLE t (k VARCHAR(10) COLLATE \"C\" PRIMARY KEY, v INT)"
                                                                : "CREATE TABLE t (k VARCHAR(10) PRIMARY KEY, v INT)")
            try await target.execute("CREATE TABLE t (k VARCHAR(10) COLLATE NOCASE PRIMARY KEY, v INT)")
            try await source.execute("INSERT INTO t VALUES ('K', 1), ('k', 2), ('x', 3), ('Y', 4), ('M', 5), ('m', 6)")
            try await target.execute("INSERT INTO t VALUES ('K', 1), ('y', 4)")
            let result = try await workspace.compareWith(source: source, target: target, key: ["k"])
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 5, missingInSource: 1))
            #expect(result.differences == ["(M): missing_in_target", "(Y): missing_in_target", "(k): missing_in_target", "(m): missing_in_target",
                                           "(x): missing_in_target", "(y): missing_in_source"])
            // 'Y' meets 'y', which the script deletes first: no collision. 'k' meets 'K', which
            // stays. 'm' meets 'M', also missing and inserted first.
            #expect(result.changes == ["DELETE FROM \"t\" WHERE \"k\" = 'y' AND \"k\" COLLATE BINARY = 'y';", "INSERT INTO \"t\" (\"k\", \"v\") VALUES ('M', 5);",
                                       "INSERT INTO \"t\" (\"k\", \"v\") VALUES ('Y', 4);", "INSERT INTO \"t\" (\"k\", \"v\") VALUES ('x', 3);"])
            let script = try String(contentsOf: try result.comparison.output.syncScript(result.table), encoding: .utf8)
            #expect(script.contains("""
                -- COLLISION: the target already holds key ('K'), equal to ('k') under its collation or case rules; this INSERT would fail or meet that row. Not run; resolve by hand:
                -- INSERT INTO "t" ("k", "v") VALUES ('k', 2);
                -- COLLISION: key ('m') equals ('M'), also missing in the target and inserted above, under the target's collation or case rules; this INSERT would fail. Not run; resolve by hand:
                -- INSERT INTO "t" ("k", "v") VALUES ('m', 6);

                """), "\(script)")
            #expect(result.summary.contains("Key collisions:    2 (rows missing in target whose key equals, under the target's collation or case rules, a key the target holds in another spelling or a key this script inserts first; their INSERTs are commented out (COLLISION) in the sync script):\n  ('k') collides with target key ('K')\n  ('m') collides with ('M'), also missing in the target (inserted first)\n"),
                    "\(result.summary)")
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let after = try await workspace.compareWith(source: source, target: target, key: ["k"], outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 4, missingInTarget: 2))
            #expect(after.changes == [])
        }
    }

    @Test("a citext key (PostgreSQL's case-insensitive text) is ranged and merged in byte order")
    func citextKey() async throws {
        try await Workspace.with("citext") { workspace in
            let (source, target) = try await workspace.databases(.postgresToPostgres)
            try await source.execute("CREATE TABLE t (k TEXT COLLATE \"C\" PRIMARY KEY, v INT)")
            try await target.execute("CREATE EXTENSION IF NOT EXISTS citext", "CREATE TABLE t (k CITEXT PRIMARY KEY, v INT)")
            try await source.execute("INSERT INTO t VALUES ('B', 1), ('a', 2), ('K', 3), ('z', 4)")
            try await target.execute("INSERT INTO t VALUES ('B', 1), ('a', 2), ('k', 3), ('z', 5)")
            let result = try await workspace.compareWith(source: source, target: target, key: ["k"])
            #expect(result.differences == ["(K): missing_in_target", "(k): missing_in_source", "(z): different [v]"])
            #expect(result.changes == [#"DELETE FROM "public"."t" WHERE "k" = 'k' AND "k"::text COLLATE "C" = 'k';"#,
                                       #"UPDATE "public"."t" SET "v" = 4 WHERE "k" = 'z' AND "k"::text COLLATE "C" = 'z';"#,
                                       #"INSERT INTO "public"."t" ("k", "v") VALUES ('K', 3);"#])
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let after = try await workspace.compareWith(source: source, target: target, key: ["k"], outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 4))
        }
    }

    /// Users' finds: a line break in a value of a commented-out INSERT ended the comment and ran
    /// the rest as SQL; a key repeated byte for byte was taken for a collision with itself; a
    /// target key that the `where` filter hides was not seen.
    @Test("collision comments hold line breaks; repeated keys are not collisions; a key hidden by where is one",
          arguments: [EnginePair.postgresToPostgres, .postgresToSQLite])
    func collisionEdges(pair: EnginePair) async throws {
        try await Workspace.with("collision-edges") { workspace in
            let (source, target) = try await workspace.databases(pair)
            let postgres = pair.target == .postgresql
            try await source.execute("CREATE TABLE t (k TEXT COLLATE \"C\", v TEXT, PRIMARY KEY (k))")
            try await target.execute(postgres ? "CREATE EXTENSION IF NOT EXISTS citext" : "SELECT 1",
                                     postgres ? "CREATE TABLE t (k CITEXT PRIMARY KEY, v TEXT)" : "CREATE TABLE t (k TEXT COLLATE NOCASE PRIMARY KEY, v TEXT)")
            try await source.execute("INSERT INTO t VALUES ('Key1', 'ok'), ('key1', E'note\\nDELETE FROM t; --\\rDELETE FROM t; --'), ('hidden', 'h')")
            // The target's 'hidden' row is left out by the filter (v = 'x'), so 'hidden' is missing in the target.
            try await target.execute("INSERT INTO t VALUES ('hidden', 'x')")
            let result = try await workspace.compareWith(source: source, target: target, options: ["where: \"v <> 'x'\""], key: ["k"])
            #expect(result.table.counts == Counts(matching: 0, missingInTarget: 3))
            #expect(result.changes == [#"INSERT INTO \#(target.scriptTable("t")) ("k", "v") VALUES ('Key1', 'ok');"#])
            #expect(result.summary.contains("  ('hidden') collides with target key ('hidden'), a row the where filter leaves out\n  ('key1') collides with ('Key1'), also missing in the target (inserted first)\n"),
                    "\(result.summary)")
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            #expect(try await target.strings("SELECT k, v FROM t ORDER BY v") == [["Key1", "ok"], ["hidden", "x"]],
                    "nothing in a comment ran")
        }
    }

    @Test("keys repeated byte for byte (no unique key) are inserted, never collisions")
    func repeatedKeysAreNotCollisions() async throws {
        try await Workspace.with("repeated-keys") { workspace in
            let (source, target) = try await workspace.databases(.postgresToPostgres)
            for database in [source, target] { try await database.execute("CREATE TABLE t (k TEXT, v INT)") }
            try await source.execute("INSERT INTO t VALUES ('dup', 1), ('dup', 1), ('two', 1), ('two', 2), ('b', 2)")
            try await target.execute("INSERT INTO t VALUES ('b', 2)")
            let result = try await workspace.compareWith(source: source, target: target, key: ["k"])
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 4))
            #expect(!result.summary.contains("Key collisions"), "\(result.summary)")
            #expect(result.changes.count == 4, "\(result.changes)")
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let after = try await workspace.compareWith(source: source, target: target, key: ["k"], outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 5))
        }
    }

    @Test("missing keys equal to one another are found however many keys sort between them, 501 keys on SQLite")
    func collisionsAcrossGroups() async throws {
        try await Workspace.with("collision-groups") { workspace in
            let (source, target) = try await workspace.databases(.sqliteToSQLite)
            try await source.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INT)")
            try await target.execute("CREATE TABLE t (k TEXT COLLATE NOCASE PRIMARY KEY, v INT)")
            let keys = (0..<499).map { String(format: "a%03d", $0) } + ["ZZ", "zz"]
            try await source.execute("INSERT INTO t VALUES " + keys.enumerated().map { "('\($1)', \($0))" }.joined(separator: ", "))
            let result = try await workspace.compareWith(source: source, target: target, key: ["k"])
            #expect(result.table.counts == Counts(matching: 0, missingInTarget: 501))
            #expect(result.summary.contains("Key collisions:    1 (") && result.summary.contains("  ('zz') collides with ('ZZ'), also missing in the target (inserted first)\n"),
                    "\(result.summary)")
            #expect(!result.comparison.run.stderr.contains("were not checked"), "\(result.comparison.run.stderr)")
            #expect(result.changes.count == 500)
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let after = try await workspace.compareWith(source: source, target: target, key: ["k"], outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 500, missingInTarget: 1))
        }
    }

    @Test("collisions on a citext key: with a key the target holds, and between two missing keys")
    func citextCollisions() async throws {
        try await Workspace.with("citext-collision") { workspace in
            let (source, target) = try await workspace.databases(.postgresToPostgres)
            try await source.execute("CREATE TABLE t (k TEXT COLLATE \"C\" PRIMARY KEY, v INT)")
            try await target.execute("CREATE EXTENSION IF NOT EXISTS citext", "CREATE TABLE t (k CITEXT PRIMARY KEY, v INT)")
            try await source.execute("INSERT INTO t VALUES ('P', 1), ('p', 2), ('Q', 3), ('q', 4), ('r', 5)")
            try await target.execute("INSERT INTO t VALUES ('P', 1)")
            let result = try await workspace.compareWith(source: source, target: target, key: ["k"])
            #expect(result.table.counts == Counts(matching: 1, missingInTarget: 4))
            #expect(result.changes == [#"INSERT INTO "public"."t" ("k", "v") VALUES ('Q', 3);"#, #"INSERT INTO "public"."t" ("k", "v") VALUES ('r', 5);"#])
            #expect(result.summary.contains("  ('p') collides with target key ('P')\n  ('q') collides with ('Q'), also missing in the target (inserted first)\n"),
                    "\(result.summary)")
            try await target.apply(script: try result.comparison.output.syncScript(result.table))
            let after = try await workspace.compareWith(source: source, target: target, key: ["k"], outputDirectory: "after")
            #expect(after.table.counts == Counts(matching: 3, missingInTarget: 2))
            #expect(after.changes == [])
        }
    }
}
