import Testing
@testable import ParityCore

@Suite("ChunkQueries")
struct ChunkQueriesTests {
    // MARK: Tables

    /// `public.t(id integer NOT NULL, name text, amount numeric(10,2))`, key `id`.
    private func singleKey(filter: String? = nil) throws -> TableMapping {
        try sameMapping(schema: "public", columns: [
            column("id", "integer", .integer),
            column("name", "text", .text, nullable: true),
            column("amount", "numeric(10,2)", .decimal, nullable: true),
        ], primaryKey: ["id"], filter: filter)
    }

    /// `public.t(a integer NOT NULL, b character varying(20) NOT NULL, v integer)`, key `(a, b)`.
    private func compositeKey() throws -> TableMapping {
        try sameMapping(schema: "public", columns: [
            column("a", "integer", .integer),
            column("b", "character varying(20)", .text),
            column("v", "integer", .integer, nullable: true),
        ], primaryKey: ["a", "b"])
    }

    /// Case 07: `t(someid integer NOT NULL, desc1 character varying(2), desc2 character varying(2))`,
    /// key `(someid, desc1)` with a nullable column.
    private func nullableCompositeKey(schema: String? = "public") throws -> TableMapping {
        try sameMapping(schema: schema, columns: [
            column("someid", "integer", .integer),
            column("desc1", "character varying(2)", .text, nullable: true),
            column("desc2", "character varying(2)", .text, nullable: true),
        ], primaryKey: ["someid", "desc1"])
    }

    /// Case 08: `t(f1 integer, f2 character varying(1))`, no unique key, compared key `(f1, f2)`.
    private func allNullableKey(schema: String? = "public") throws -> TableMapping {
        try sameMapping(schema: schema, columns: [
            column("f1", "integer", .integer, nullable: true),
            column("f2", "character varying(1)", .text, nullable: true),
        ], primaryKey: ["f1", "f2"])
    }

    private let postgres = PostgreSQLDialect()
    private let sqlite = SQLiteDialect()

    // MARK: count

    @Test("count, without and with a filter")
    func count() throws {
        #expect(ChunkQueries(mapping: try singleKey(), side: .source, dialect: postgres).count()
                == SQLStatement(#"SELECT COUNT(*) FROM "public"."t""#))
        #expect(ChunkQueries(mapping: try singleKey(filter: "status = 'A' OR id < 0"), side: .source, dialect: postgres).count()
                == SQLStatement(#"SELECT COUNT(*) FROM "public"."t" WHERE (status = 'A' OR id < 0)"#))
        let sqliteTable = try sameMapping(name: "ORDER", schema: nil, columns: [column("ID", "INTEGER", .integer)], primaryKey: ["ID"])
        #expect(ChunkQueries(mapping: sqliteTable, side: .target, dialect: sqlite).count() == SQLStatement(#"SELECT COUNT(*) FROM "ORDER""#))
    }

    // MARK: boundaries

    @Test("boundaries of a single integer key on PostgreSQL")
    func boundariesSingleKey() throws {
        let statement = ChunkQueries(mapping: try singleKey(), side: .source, dialect: postgres).boundaries(chunkSize: 10_000)
        #expect(statement.sql == #"SELECT parity_keys."id"::text FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "id") AS parity_rn FROM "public"."t") parity_keys WHERE parity_rn % 10000 = 0 ORDER BY parity_rn"#)
        #expect(statement.binds.isEmpty)
    }

    @Test("boundaries of a composite key with a nullable text column: COLLATE \"C\", NULLS FIRST")
    func boundariesCompositeKey() throws {
        let statement = ChunkQueries(mapping: try nullableCompositeKey(), side: .source, dialect: postgres).boundaries(chunkSize: 1000)
        #expect(statement.sql == #"SELECT parity_keys."someid"::text, parity_keys."desc1"::text FROM (SELECT "someid", "desc1", ROW_NUMBER() OVER (ORDER BY "someid", "desc1" COLLATE "C" NULLS FIRST) AS parity_rn FROM "public"."t") parity_keys WHERE parity_rn % 1000 = 0 ORDER BY parity_rn"#)
    }

    @Test("boundaries apply the filter inside the window")
    func boundariesWithFilter() throws {
        let statement = ChunkQueries(mapping: try singleKey(filter: "status = 'A'"), side: .source, dialect: postgres).boundaries(chunkSize: 2)
        #expect(statement.sql == #"SELECT parity_keys."id"::text FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "id") AS parity_rn FROM "public"."t" WHERE (status = 'A')) parity_keys WHERE parity_rn % 2 = 0 ORDER BY parity_rn"#)
    }

    @Test("boundaries of a text key on SQLite: COLLATE BINARY")
    func boundariesSQLite() throws {
        let mapping = try sameMapping(schema: nil, columns: [column("k", "VARCHAR(20)", .text), column("v", "INT", .integer, nullable: true)],
                                      primaryKey: ["k"])
        let statement = ChunkQueries(mapping: mapping, side: .source, dialect: sqlite).boundaries(chunkSize: 2)
        #expect(statement.sql == #"SELECT parity_keys."k" FROM (SELECT "k", ROW_NUMBER() OVER (ORDER BY "k" COLLATE BINARY) AS parity_rn FROM "t") parity_keys WHERE parity_rn % 2 = 0 ORDER BY parity_rn"#)
    }

    // MARK: rows, single key

    @Test("rows of the whole table when the range is unbounded")
    func rowsUnbounded() throws {
        let queries = ChunkQueries(mapping: try singleKey(), side: .source, dialect: postgres)
        #expect(queries.rows(in: KeyRange(lower: nil, upper: nil))
                == SQLStatement(#"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" ORDER BY "id""#))
        let filtered = ChunkQueries(mapping: try singleKey(filter: "status = 'A'"), side: .source, dialect: postgres)
        #expect(filtered.rows(in: KeyRange(lower: nil, upper: nil))
                == SQLStatement(#"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" WHERE (status = 'A') ORDER BY "id""#))
    }

    @Test("rows of the first chunk: open below, upper bound inclusive")
    func rowsFirstChunk() throws {
        let queries = ChunkQueries(mapping: try singleKey(), side: .source, dialect: postgres)
        #expect(queries.rows(in: KeyRange(lower: nil, upper: [.integer(10)]))
                == SQLStatement(#"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" WHERE "id" <= $1::integer ORDER BY "id""#,
                                binds: [.integer(10)]))
    }

    @Test("rows of the last chunk: lower bound exclusive, open above")
    func rowsLastChunk() throws {
        let queries = ChunkQueries(mapping: try singleKey(), side: .source, dialect: postgres)
        #expect(queries.rows(in: KeyRange(lower: [.integer(20)], upper: nil))
                == SQLStatement(#"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" WHERE "id" > $1::integer ORDER BY "id""#,
                                binds: [.integer(20)]))
    }

    @Test("rows of a middle chunk: a plain index range, k > a AND k <= b")
    func rowsMiddleChunk() throws {
        let queries = ChunkQueries(mapping: try singleKey(), side: .source, dialect: postgres)
        #expect(queries.rows(in: KeyRange(lower: [.integer(10)], upper: [.integer(20)]))
                == SQLStatement(#"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" WHERE "id" > $1::integer AND "id" <= $2::integer ORDER BY "id""#,
                                binds: [.integer(10), .integer(20)]))
    }

    @Test("the filter is parenthesised and ANDed with the range")
    func rowsWithFilter() throws {
        let queries = ChunkQueries(mapping: try singleKey(filter: "status = 'A' OR id < 0"), side: .source, dialect: postgres)
        #expect(queries.rows(in: KeyRange(lower: [.integer(20)], upper: nil))
                == SQLStatement(#"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" WHERE (status = 'A' OR id < 0) AND ("id" > $1::integer) ORDER BY "id""#,
                                binds: [.integer(20)]))
        #expect(queries.rows(in: KeyRange(lower: [.integer(10)], upper: [.integer(20)])).sql
                == #"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" WHERE (status = 'A' OR id < 0) AND ("id" > $1::integer AND "id" <= $2::integer) ORDER BY "id""#)
    }

    @Test("an empty filter adds nothing")
    func emptyFilter() throws {
        let queries = ChunkQueries(mapping: try singleKey(filter: ""), side: .source, dialect: postgres)
        #expect(queries.count().sql == #"SELECT COUNT(*) FROM "public"."t""#)
    }

    @Test("a nullable single key: NULL lower bound is IS NOT NULL, upper bounds admit NULL")
    func nullableSingleKey() throws {
        let mapping = try sameMapping(schema: "public", columns: [column("k", "text", .text, nullable: true), column("v", "integer", .integer)],
                                      primaryKey: ["k"])
        let queries = ChunkQueries(mapping: mapping, side: .source, dialect: postgres)
        #expect(queries.rows(in: KeyRange(lower: nil, upper: [.null]))
                == SQLStatement(#"SELECT "k"::text AS "c1", "v"::text AS "c2" FROM "public"."t" WHERE "k" IS NULL ORDER BY "k" COLLATE "C" NULLS FIRST"#))
        #expect(queries.rows(in: KeyRange(lower: [.null], upper: [.text("m")]))
                == SQLStatement(#"SELECT "k"::text AS "c1", "v"::text AS "c2" FROM "public"."t" WHERE "k" IS NOT NULL AND (("k" IS NULL OR "k" COLLATE "C" <= $1::text)) ORDER BY "k" COLLATE "C" NULLS FIRST"#,
                                binds: [.text("m")]))
        #expect(queries.rows(in: KeyRange(lower: [.text("m")], upper: nil))
                == SQLStatement(#"SELECT "k"::text AS "c1", "v"::text AS "c2" FROM "public"."t" WHERE "k" COLLATE "C" > $1::text ORDER BY "k" COLLATE "C" NULLS FIRST"#,
                                binds: [.text("m")]))
    }

    // MARK: rows, composite keys

    @Test("a composite key expands to a > x OR (a = x AND b > y), each bound parenthesised, behind an index range on its first column")
    func rowsCompositeKey() throws {
        let queries = ChunkQueries(mapping: try compositeKey(), side: .source, dialect: postgres)
        let statement = queries.rows(in: KeyRange(lower: [.integer(1), .text("x")], upper: [.integer(3), .text("y")]))
        #expect(statement.sql == #"SELECT "a"::text AS "c1", "b"::text AS "c2", "v"::text AS "c3" FROM "public"."t" WHERE "a" >= $1::integer AND "a" <= $2::integer AND ("a" > $3::integer OR ("a" = $4::integer AND "b" COLLATE "C" > $5::character varying)) AND ("a" < $6::integer OR ("a" = $7::integer AND "b" COLLATE "C" <= $8::character varying)) ORDER BY "a", "b" COLLATE "C""#)
        #expect(statement.binds == [.integer(1), .integer(3), .integer(1), .integer(1), .text("x"), .integer(3), .integer(3), .text("y")])
    }

    @Test("composite key: the range predicate alone")
    func compositeRangePredicate() throws {
        let queries = ChunkQueries(mapping: try compositeKey(), side: .source, dialect: postgres)
        var binds: [SQLValue] = []
        #expect(queries.rangePredicate(KeyRange(lower: nil, upper: nil), binds: &binds) == nil)
        #expect(binds.isEmpty)
        #expect(queries.rangePredicate(KeyRange(lower: [.integer(1), .text("x")], upper: nil), binds: &binds)
                == #""a" >= $1::integer AND ("a" > $2::integer OR ("a" = $3::integer AND "b" COLLATE "C" > $4::character varying))"#)
        #expect(binds == [.integer(1), .integer(1), .integer(1), .text("x")])
        // Placeholders continue from the binds already collected.
        #expect(queries.rangePredicate(KeyRange(lower: nil, upper: [.integer(3), .text("y")]), binds: &binds)
                == #""a" <= $5::integer AND ("a" < $6::integer OR ("a" = $7::integer AND "b" COLLATE "C" <= $8::character varying))"#)
        #expect(binds.count == 8)
    }

    @Test("case 07: nullable key column, NULL lower bound and IS NULL OR for the upper bound")
    func rowsNullableCompositeKey() throws {
        let queries = ChunkQueries(mapping: try nullableCompositeKey(), side: .source, dialect: postgres)
        let statement = queries.rows(in: KeyRange(lower: [.integer(1), .null], upper: [.integer(3), .text("C")]))
        #expect(statement.sql == #"SELECT "someid"::text AS "c1", "desc1"::text AS "c2", "desc2"::text AS "c3" FROM "public"."t" WHERE "someid" >= $1::integer AND "someid" <= $2::integer AND ("someid" > $3::integer OR ("someid" = $4::integer AND "desc1" IS NOT NULL)) AND ("someid" < $5::integer OR ("someid" = $6::integer AND ("desc1" IS NULL OR "desc1" COLLATE "C" <= $7::character varying))) ORDER BY "someid", "desc1" COLLATE "C" NULLS FIRST"#)
        #expect(statement.binds == [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")])
    }

    @Test("case 08: an upper bound with NULL in a later column binds only the values it uses")
    func upperBoundWithNullLaterColumn() throws {
        let queries = ChunkQueries(mapping: try allNullableKey(), side: .source, dialect: postgres)
        let first = queries.rows(in: KeyRange(lower: nil, upper: [.integer(2), .null]))
        #expect(first.sql == #"SELECT "f1"::text AS "c1", "f2"::text AS "c2" FROM "public"."t" WHERE (("f1" IS NULL OR "f1" < $1::integer)) OR ("f1" = $2::integer AND "f2" IS NULL) ORDER BY "f1" NULLS FIRST, "f2" COLLATE "C" NULLS FIRST"#)
        #expect(first.binds == [.integer(2), .integer(2)])
        let middle = queries.rows(in: KeyRange(lower: [.integer(2), .null], upper: [.integer(3), .null]))
        #expect(middle.sql == #"SELECT "f1"::text AS "c1", "f2"::text AS "c2" FROM "public"."t" WHERE "f1" >= $1::integer AND ("f1" > $2::integer OR ("f1" = $3::integer AND "f2" IS NOT NULL)) AND ((("f1" IS NULL OR "f1" < $4::integer)) OR ("f1" = $5::integer AND "f2" IS NULL)) ORDER BY "f1" NULLS FIRST, "f2" COLLATE "C" NULLS FIRST"#)
        #expect(middle.binds == [.integer(2), .integer(2), .integer(2), .integer(3), .integer(3)])
    }

    @Test("every placeholder has exactly one bound value, in order, whatever NULLs the bounds hold")
    func placeholdersMatchBinds() throws {
        let bounds: [[SQLValue]?] = [nil, [.null, .null], [.null, .text("a")], [.integer(1), .null], [.integer(1), .text("a")]]
        for mapping in [try allNullableKey(), try nullableCompositeKey()] {
            for lower in bounds {
                for upper in bounds {
                    let range = KeyRange(lower: lower, upper: upper)
                    let sqliteStatement = ChunkQueries(mapping: mapping, side: .source, dialect: sqlite).rows(in: range)
                    #expect(sqliteStatement.sql.filter { $0 == "?" }.count == sqliteStatement.binds.count, "\(range)")
                    let postgresStatement = ChunkQueries(mapping: mapping, side: .source, dialect: postgres).rows(in: range)
                    #expect(postgresStatement.binds == sqliteStatement.binds, "\(range)")
                    for number in postgresStatement.binds.indices.map({ $0 + 1 }) {
                        #expect(postgresStatement.sql.contains("$\(number)::"), "$\(number) in \(range)")
                    }
                    #expect(!postgresStatement.sql.contains("$\(postgresStatement.binds.count + 1)::"), "\(range)")
                }
            }
        }
    }

    @Test("placeholders cast to the key column type without modifiers")
    func placeholderTypes() throws {
        let mapping = try sameMapping(schema: "public", columns: [
            column("code", "character(2)", .text),
            column("amount", "numeric(10,4)", .decimal),
            column("name", "character varying(20)", .text),
            column("at", "timestamp(3) without time zone", .timestamp),
        ], primaryKey: ["code", "amount", "name", "at"])
        let queries = ChunkQueries(mapping: mapping, side: .source, dialect: postgres)
        var binds: [SQLValue] = []
        let predicate = queries.rangePredicate(KeyRange(lower: [.text("AB"), .decimal("1.5000"), .text("x"), .timestamp("2024-01-01 00:00:00")], upper: nil), binds: &binds)
        #expect(predicate == #""code" COLLATE "C" >= $1::bpchar AND ("code" COLLATE "C" > $2::bpchar OR ("code" COLLATE "C" = $3::bpchar AND "amount" > $4::numeric) OR ("code" COLLATE "C" = $5::bpchar AND "amount" = $6::numeric AND "name" COLLATE "C" > $7::character varying) OR ("code" COLLATE "C" = $8::bpchar AND "amount" = $9::numeric AND "name" COLLATE "C" = $10::character varying AND "at" > $11::timestamp without time zone))"#)
        #expect(binds == [.text("AB"), .text("AB"), .text("AB"), .decimal("1.5000"), .text("AB"), .decimal("1.5000"), .text("x"),
                          .text("AB"), .decimal("1.5000"), .text("x"), .timestamp("2024-01-01 00:00:00")])
    }

    // MARK: SQLite

    @Test("SQLite: ? placeholders and COLLATE BINARY on text keys")
    func sqliteRows() throws {
        let mapping = try sameMapping(schema: nil, columns: [column("k", "VARCHAR(20)", .text), column("v", "INT", .integer, nullable: true)],
                                      primaryKey: ["k"], filter: "v > 0")
        let queries = ChunkQueries(mapping: mapping, side: .target, dialect: sqlite)
        #expect(queries.rows(in: KeyRange(lower: [.text("a0")], upper: [.text("aa")]))
                == SQLStatement(#"SELECT "k" AS "c1", "v" AS "c2" FROM "t" WHERE (v > 0) AND ("k" COLLATE BINARY > ? AND "k" COLLATE BINARY <= ?) ORDER BY "k" COLLATE BINARY"#,
                                binds: [.text("a0"), .text("aa")]))
    }

    @Test("SQLite: nullable composite key")
    func sqliteNullableComposite() throws {
        let queries = ChunkQueries(mapping: try allNullableKey(schema: nil), side: .source, dialect: sqlite)
        #expect(queries.rows(in: KeyRange(lower: [.integer(2), .null], upper: [.integer(5), .text("A")]))
                == SQLStatement(#"SELECT "f1" AS "c1", "f2" AS "c2" FROM "t" WHERE "f1" >= ? AND ("f1" > ? OR ("f1" = ? AND "f2" IS NOT NULL)) AND ((("f1" IS NULL OR "f1" < ?)) OR ("f1" = ? AND ("f2" IS NULL OR "f2" COLLATE BINARY <= ?))) ORDER BY "f1" NULLS FIRST, "f2" COLLATE BINARY NULLS FIRST"#,
                                binds: [.integer(2), .integer(2), .integer(2), .integer(5), .integer(5), .text("A")]))
    }

    // MARK: sides

    @Test("each side reads its own table and column spelling")
    func sides() throws {
        let source = TableSchema(schema: "public", name: "orders", columns: [column("id", "integer", .integer), column("Group", "text", .text, nullable: true)])
        let target = TableSchema(schema: "archive", name: "ORDERS_COPY", columns: [column("ID", "bigint", .integer), column("group", "character varying(10)", .text, nullable: true)])
        let mapping = try TableMapping(name: "orders", source: source, target: target, primaryKey: ["id"])
        let sourceQueries = ChunkQueries(mapping: mapping, side: .source, dialect: postgres)
        let targetQueries = ChunkQueries(mapping: mapping, side: .target, dialect: postgres)
        let range = KeyRange(lower: [.integer(5)], upper: nil)
        #expect(sourceQueries.rows(in: range).sql == #"SELECT "id"::text AS "c1", "Group"::text AS "c2" FROM "public"."orders" WHERE "id" > $1::integer ORDER BY "id""#)
        #expect(targetQueries.rows(in: range).sql == #"SELECT "ID"::text AS "c1", "group"::text AS "c2" FROM "archive"."ORDERS_COPY" WHERE "ID" > $1::bigint ORDER BY "ID""#)
        #expect(sourceQueries.rowKinds == [.integer, .text])
        #expect(sourceQueries.keyKinds == [.integer])
    }
}
