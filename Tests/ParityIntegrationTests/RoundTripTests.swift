import Foundation
import Testing

/// Seeded random drift over columns of many types: compare, apply the sync script to the target,
/// compare again, and the two sides must be identical.
@Suite("Round trip with seeded random drift")
struct RoundTripTests {
    /// The kinds of generated columns.
    enum Kind: Sendable {
        case text, decimal4, bigDecimal, date, timestamp, bytes, boolean, double, uuid, instant
    }

    struct Column: Sendable {
        var name: String
        var kind: Kind
        var postgresType: String
        var sqliteType: String
    }

    static let allColumns = [
        Column(name: "name", kind: .text, postgresType: "varchar(80)", sqliteType: "VARCHAR(80)"),
        Column(name: "note", kind: .text, postgresType: "text", sqliteType: "TEXT"),
        Column(name: "amount", kind: .decimal4, postgresType: "numeric(12,4)", sqliteType: "NUMERIC(12,4)"),
        Column(name: "exact", kind: .bigDecimal, postgresType: "numeric", sqliteType: ""),
        Column(name: "born", kind: .date, postgresType: "date", sqliteType: "DATE"),
        Column(name: "seen", kind: .timestamp, postgresType: "timestamp(6)", sqliteType: "TIMESTAMP"),
        Column(name: "payload", kind: .bytes, postgresType: "bytea", sqliteType: "BLOB"),
        Column(name: "active", kind: .boolean, postgresType: "boolean", sqliteType: "BOOLEAN"),
        Column(name: "ratio", kind: .double, postgresType: "double precision", sqliteType: "REAL"),
        Column(name: "token", kind: .uuid, postgresType: "uuid", sqliteType: "TEXT"),
        Column(name: "happened", kind: .instant, postgresType: "timestamp with time zone", sqliteType: "TIMESTAMP WITH TIME ZONE"),
    ]

    /// The columns a pair can hold: arbitrary-precision decimals only where both sides are PostgreSQL.
    static func columns(for pair: EnginePair) -> [Column] {
        allColumns.filter { $0.kind != .bigDecimal || pair == .postgresToPostgres }
    }

    static let texts = [
        "O'Brien & Sons", "R&D", "a'a", "naïve café", "Ελληνικά", "日本語のテキスト", "emoji 🎉 ok", "tab\tand\nnewline",
        "back\\slash \\x00", "", "  padded  ", "100% _sure_", "\"double\" quotes", "semi;colon", "&amp; &", "Zürich ÅØ",
    ]

    /// The generated data and the counts its drift must give.
    struct Drift: Sendable {
        var columns: [Column]
        var source: [[TestValue]]
        var target: [[TestValue]]
        var expected: Counts
    }

    static func generate(columns: [Column], seed: UInt64) -> Drift {
        var random = SeededGenerator(seed: seed)
        var source: [[TestValue]] = []
        var target: [[TestValue]] = []
        var expected = Counts(matching: 0)
        var sourceKeys = Set<Int>()
        for key in 1...520 where random.chance(0.8) {
            sourceKeys.insert(key)
            let row = [TestValue.integer(Int64(key))] + columns.map { value(of: $0.kind, nullable: true, using: &random) }
            source.append(row)
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < 0.07 {
                expected.missingInTarget += 1
            } else if roll < 0.17 {
                var changed = row
                let count = Int.random(in: 1...3, using: &random)
                for index in Array(1..<row.count).shuffled(using: &random).prefix(count) {
                    changed[index] = mutate(row[index], kind: columns[index - 1].kind, using: &random)
                }
                target.append(changed)
                expected.different += 1
            } else {
                target.append(row)
                expected.matching += 1
            }
        }
        // Rows only in the target, between source keys and above the last one.
        for key in 1...560 where !sourceKeys.contains(key) && random.chance(0.12) {
            target.append([TestValue.integer(Int64(key))] + columns.map { value(of: $0.kind, nullable: true, using: &random) })
            expected.missingInSource += 1
        }
        return Drift(columns: columns, source: source, target: target, expected: expected)
    }

    static func value(of kind: Kind, nullable: Bool, using random: inout SeededGenerator) -> TestValue {
        if nullable, random.chance(0.12) { return .null }
        switch kind {
        case .text:
            return random.chance(0.5) ? .text(random.pick(texts)) : .text("row \(Int.random(in: 0..<100_000, using: &random)) ‘quoted’")
        case .decimal4:
            return .decimal4(Int64.random(in: -99_999_999...99_999_999, using: &random))
        case .bigDecimal:
            let integer = String((0..<Int.random(in: 1...25, using: &random)).map { _ in random.pick(Array("0123456789")) })
            let fraction = String((0..<Int.random(in: 0...12, using: &random)).map { _ in random.pick(Array("0123456789")) })
            let digits = String(integer.drop { $0 == "0" }).isEmpty ? "0" : String(integer.drop { $0 == "0" })
            return .bigDecimal((random.chance(0.3) ? "-" : "") + digits + (fraction.isEmpty ? "" : "." + fraction))
        case .date:
            return .date(Int.random(in: -3000...25_000, using: &random))
        case .timestamp:
            let micros = random.pick([0, 0, 500_000, 123_456, 1, 250_000])
            return .timestamp(seconds: Int64.random(in: 0...2_000_000_000, using: &random), micros: micros)
        case .bytes:
            let special: [UInt8] = [0x00, 0x27, 0x5C, 0xFF, 0x0A, 0x22]
            return .bytes((0..<Int.random(in: 0...10, using: &random)).map { _ in
                random.chance(0.4) ? random.pick(special) : UInt8.random(in: 0...255, using: &random)
            })
        case .boolean:
            return .boolean(random.chance(0.5))
        case .double:
            let special = [0.1, -2.5, 1e-300, 1.7976931348623157e308, 3.141592653589793, 1e22, -0.000123]
            return .double(random.chance(0.3) ? random.pick(special) : Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 64)
        case .uuid:
            let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
            return .uuid(parts.joined(separator: "-"))
        case .instant:
            let micros = random.pick([0, 0, 250_000, 654_321])
            let offset = random.pick([0, 330, -480, 840, -570, 60])
            return .instant(seconds: Int64.random(in: 0...2_000_000_000, using: &random), micros: micros, offsetMinutes: offset)
        }
    }

    /// A value that certainly compares different from `value`.
    static func mutate(_ value: TestValue, kind: Kind, using random: inout SeededGenerator) -> TestValue {
        if case .null = value { return Self.value(of: kind, nullable: false, using: &random) }
        if random.chance(0.25) { return .null }
        switch value {
        case .text(let text): return .text(text + "~")
        case .decimal4(let units): return .decimal4(units + 10_000)
        case .bigDecimal(let text): return .bigDecimal(text.contains(".") ? text + "7" : text + ".5")
        case .date(let days): return .date(days + 1)
        case .timestamp(let seconds, let micros): return .timestamp(seconds: seconds + 1, micros: micros)
        case .bytes(let bytes): return .bytes(bytes + [0x00])
        case .boolean(let flag): return .boolean(!flag)
        case .double(let number): return .double(abs(number) < 1e15 ? number + 1 : number / 2)
        case .uuid: return Self.value(of: .uuid, nullable: false, using: &random)
        case .instant(let seconds, let micros, let offset): return .instant(seconds: seconds + 3600, micros: micros, offsetMinutes: offset)
        case .null, .integer: return value
        }
    }

    static func createTable(_ database: TestDatabase, columns: [Column]) async throws {
        let definitions = columns.map { "\($0.name) \(database.engine == .postgresql ? $0.postgresType : $0.sqliteType)" }
        let key = database.engine == .postgresql ? "id integer PRIMARY KEY" : "id INTEGER PRIMARY KEY"
        try await database.execute("CREATE TABLE drift (\(([key] + definitions).joined(separator: ", ")))")
    }

    /// The table's rows as the database prints them, for a byte-for-byte check after applying.
    static func dump(_ database: TestDatabase, columns: [Column]) async throws -> [[String?]] {
        let names = ["id"] + columns.map(\.name)
        let select = database.engine == .postgresql ? names.map { "\($0)::text" } : names
        return try await database.strings("SELECT \(select.joined(separator: ", ")) FROM drift ORDER BY id")
    }

    @Test("compare, apply the sync script, compare again: no differences",
          arguments: EnginePair.allCases, ["checksum", "rows"])
    func roundTrip(pair: EnginePair, mode: String) async throws {
        let data = Self.generate(columns: Self.columns(for: pair), seed: 20_240_115)
        #expect(data.expected.missingInTarget > 10 && data.expected.different > 20 && data.expected.missingInSource > 5, "\(data.expected)")
        try await Workspace.with("roundtrip") { workspace in
            let source = try await workspace.database(pair.source, "source")
            let target = try await workspace.database(pair.target, "target")
            let names = ["id"] + data.columns.map(\.name)
            try await Self.createTable(source, columns: data.columns)
            try await Self.createTable(target, columns: data.columns)
            try await source.execute(SQLText.inserts(table: "drift", columns: names, rows: data.source, engine: source.engine))
            try await target.execute(SQLText.inserts(table: "drift", columns: names, rows: data.target, engine: target.engine))
            let configuration = try workspace.writeConfiguration(source: source, target: target,
                                                                 tables: [TableEntry("drift", key: ["id"], chunkSize: 40)])

            let first = try await workspace.compare(configuration, ["--mode", mode])
            #expect(first.run.status == 1, "\(first.run.transcript)")
            let table = try first.report.table("drift")
            #expect(table.counts == data.expected, "\(first.run.transcript)")
            #expect(table.sourceRows == data.source.count)
            #expect(table.targetRows == data.target.count)
            let output = first.output
            let changes = try output.changes(table)
            #expect(changes.count == data.expected.differences, "one statement per difference")

            try await target.apply(script: try output.syncScript(table))

            let second = try await workspace.compare(configuration, outputDirectory: "out-after", ["--mode", mode])
            #expect(second.run.status == 0, "\(second.run.transcript)")
            let after = try second.report.table("drift")
            #expect(after.counts == Counts(matching: data.source.count), "\(second.run.transcript)")
            #expect(after.syncSqlFile == nil)
            if pair.source == pair.target {
                let sourceRows = try await Self.dump(source, columns: data.columns)
                let targetRows = try await Self.dump(target, columns: data.columns)
                #expect(sourceRows.count == data.source.count)
                #expect(sourceRows == targetRows, "after applying the script the target holds exactly the source's rows")
            }
        }
    }
}
