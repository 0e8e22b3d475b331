import Testing
@testable import ParityCore

/// The target queries of the collision check (``ChunkQueries/keys(equalUnderCollationTo:)`` and
/// ``ChunkQueries/firstEqualKeys(among:numbers:)``) in every dialect, exactly; the Oracle, SQL
/// Server and MySQL texts are also parsed by sqlglot (``SQLParserCheckTests``).
@Suite struct CollisionQueryTests {
    static let keys: [[SQLValue]] = [[.integer(1), .text("a")], [.integer(1), .text("A")]]

    /// Both statements for case 07's composite key `(someid, desc1)` of `dialect`.
    static func statements(_ dialect: any Dialect) throws -> [SQLStatement] {
        let queries = ChunkQueries(mapping: try DialectFixtures.compositeKey(dialect), side: .target, dialect: dialect)
        return [queries.keys(equalUnderCollationTo: keys), queries.firstEqualKeys(among: keys, numbers: [1, 2])]
    }

    static let expected: [String: [String]] = [
        "postgresql": [
            #"SELECT "someid"::text AS "c1", "desc1"::text AS "c2" FROM "dbo"."t" WHERE ("someid" = $1::int AND "desc1" = $2::nvarchar) OR ("someid" = $3::int AND "desc1" = $4::nvarchar) ORDER BY "someid", "desc1" NULLS FIRST"#,
            #"SELECT "parity_n"::text, "parity_first"::text FROM (SELECT "parity_n", MIN("parity_n") OVER (PARTITION BY "c1", "c2") AS "parity_first" FROM (SELECT 0 AS "parity_n", "someid" AS "c1", "desc1" AS "c2" FROM "dbo"."t" WHERE 1 = 0 UNION ALL SELECT 1, $1::int, $2::nvarchar UNION ALL SELECT 2, $3::int, $4::nvarchar) u) v"#,
        ],
        "sqlite": [
            #"SELECT "someid" AS "c1", "desc1" AS "c2" FROM "dbo"."t" WHERE ("someid" = ? AND "desc1" = ?) OR ("someid" = ? AND "desc1" = ?) ORDER BY "someid", "desc1" COLLATE BINARY NULLS FIRST"#,
            #"SELECT "parity_n", "parity_first" FROM (SELECT "parity_n", MIN("parity_n") OVER (PARTITION BY "c1", "c2") AS "parity_first" FROM (SELECT 0 AS "parity_n", "someid" AS "c1", "desc1" AS "c2" FROM "dbo"."t" WHERE 1 = 0 UNION ALL SELECT 1, ?, ? UNION ALL SELECT 2, ?, ?) u) v"#,
        ],
        "oracle": [
            #"SELECT TO_CHAR("someid", 'TM9') AS "c1", "desc1" AS "c2" FROM "PARITY"."t" WHERE ("someid" = ? AND "desc1" = ?) OR ("someid" = ? AND "desc1" = ?) ORDER BY "someid", "desc1" NULLS FIRST"#,
            #"SELECT TO_CHAR("parity_n", 'TM9'), TO_CHAR("parity_first", 'TM9') FROM (SELECT "parity_n", MIN("parity_n") OVER (PARTITION BY "c1", "c2") AS "parity_first" FROM (SELECT 0 AS "parity_n", "someid" AS "c1", "desc1" AS "c2" FROM "PARITY"."t" WHERE 1 = 0 UNION ALL SELECT 1, ?, ? FROM DUAL UNION ALL SELECT 2, ?, ? FROM DUAL) u) v"#,
        ],
        "mysql": [
            "SELECT `someid` AS `c1`, `desc1` AS `c2` FROM `shop`.`t` WHERE (`someid` = ? AND `desc1` = ?) OR (`someid` = ? AND `desc1` = ?) ORDER BY `someid`, CAST(`desc1` AS BINARY)",
            "SELECT `parity_n`, `parity_first` FROM (SELECT `parity_n`, MIN(`parity_n`) OVER (PARTITION BY `c1`, `c2`) AS `parity_first` FROM (SELECT 0 AS `parity_n`, `someid` AS `c1`, `desc1` AS `c2` FROM `shop`.`t` WHERE 1 = 0 UNION ALL SELECT 1, ?, ? FROM DUAL UNION ALL SELECT 2, ?, ? FROM DUAL) u) v",
        ],
        "sqlserver": [
            "SELECT [someid] AS [c1], [desc1] AS [c2] FROM [dbo].[t] WHERE ([someid] = ? AND [desc1] = ?) OR ([someid] = ? AND [desc1] = ?) ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2",
            "SELECT [parity_n], [parity_first] FROM (SELECT [parity_n], MIN([parity_n]) OVER (PARTITION BY [c1], [c2]) AS [parity_first] FROM (SELECT 0 AS [parity_n], [someid] AS [c1], [desc1] AS [c2] FROM [dbo].[t] WHERE 1 = 0 UNION ALL SELECT 1, ?, ? UNION ALL SELECT 2, ?, ?) u) v",
        ],
    ]

    @Test("keys equal under the target's rules, and missing keys equal to one another: the SQL of each dialect", arguments: Dialects.names)
    func golden(name: String) throws {
        let statements = try Self.statements(try #require(Dialects.named(name)))
        #expect(statements.map(\.sql) == Self.expected[name])
        let binds: [SQLValue] = [.integer(1), .text("a"), .integer(1), .text("A")]
        #expect(statements.map(\.binds) == [binds, binds])
    }

    @Test("a PostgreSQL citext key is bound as citext, so that = and PARTITION BY ignore case as the column does")
    func citextPlaceholders() throws {
        let column = ColumnInfo(name: "k", typeName: "citext", kind: .text, isNullable: false)
        let mapping = try sameMapping(schema: "public", columns: [column], primaryKey: ["k"])
        let queries = ChunkQueries(mapping: mapping, side: .target, dialect: PostgreSQLDialect())
        #expect(queries.keys(equalUnderCollationTo: [[.text("a")]]).sql
            == #"SELECT "k"::text AS "c1" FROM "public"."t" WHERE ("k" = $1::text::citext) ORDER BY "k"::text COLLATE "C""#)
        #expect(queries.firstEqualKeys(among: [[.text("a")], [.text("A")]], numbers: [3, 7]).sql
            == #"SELECT "parity_n"::text, "parity_first"::text FROM (SELECT "parity_n", MIN("parity_n") OVER (PARTITION BY "c1") AS "parity_first" FROM (SELECT 0 AS "parity_n", "k" AS "c1" FROM "public"."t" WHERE 1 = 0 UNION ALL SELECT 3, $1::text::citext UNION ALL SELECT 7, $2::text::citext) u) v"#)
    }

    @Test("keys are grouped by their text folded for case, accents and width, without trailing spaces")
    func foldedKeyText() {
        #expect(ComparisonRunner.foldedKeyText([.text("Ａbc ")]) == ComparisonRunner.foldedKeyText([.text("abc")]))
        #expect(ComparisonRunner.foldedKeyText([.text("Café")]) == ComparisonRunner.foldedKeyText([.text("cafe")]))
        #expect(ComparisonRunner.foldedKeyText([.integer(1), .text("A")]) == "1\u{1}a")
        #expect(ComparisonRunner.foldedKeyText([.text("a")]) != ComparisonRunner.foldedKeyText([.text("b")]))
    }
}
