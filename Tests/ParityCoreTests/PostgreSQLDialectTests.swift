import Testing
@testable import ParityCore

@Suite("PostgreSQLDialect")
struct PostgreSQLDialectTests {
    let dialect = PostgreSQLDialect()

    @Test("name")
    func name() {
        #expect(dialect.name == "postgresql")
    }

    @Test("identifiers are quoted exactly, embedded quotes doubled")
    func quoteIdentifier() {
        #expect(dialect.quoteIdentifier("order") == #""order""#)
        #expect(dialect.quoteIdentifier("ORDER") == #""ORDER""#)
        #expect(dialect.quoteIdentifier("Group") == #""Group""#)
        #expect(dialect.quoteIdentifier("we\"ird") == #""we""ird""#)
        #expect(dialect.quoteIdentifier("a b") == #""a b""#)
    }

    @Test("qualified names: schema.table, or the table alone")
    func qualifiedName() {
        #expect(dialect.qualifiedName(TableSchema(schema: "public", name: "order", columns: [])) == #""public"."order""#)
        #expect(dialect.qualifiedName(TableSchema(schema: "Sales", name: "ORDER", columns: [])) == #""Sales"."ORDER""#)
        #expect(dialect.qualifiedName(TableSchema(schema: nil, name: "t", columns: [])) == #""t""#)
        #expect(dialect.qualifiedName(TableSchema(schema: "", name: "t", columns: [])) == #""t""#)
    }

    @Test("columns are read as text")
    func selectExpression() {
        #expect(dialect.selectExpression(column("id", "integer", .integer), qualifier: nil) == #""id"::text"#)
        #expect(dialect.selectExpression(column("Group", "text", .text), qualifier: "parity_keys") == #"parity_keys."Group"::text"#)
    }

    @Test("COLLATE \"C\" only on character types", arguments: [
        ("text", true),
        ("character varying(20)", true),
        ("character varying", true),
        ("character(2)", true),
        ("varchar", true),
        ("bpchar", true),
        ("name", true),
        ("integer", false),
        ("bigint", false),
        ("numeric(10,4)", false),
        ("bytea", false),
        ("uuid", false),
        ("date", false),
        ("timestamp with time zone", false),
        ("text[]", false),
        ("character varying(20)[]", false),
    ])
    func orderExpression(typeName: String, collated: Bool) {
        let key = column("k", typeName, .text)
        #expect(dialect.orderExpression(key) == (collated ? #""k" COLLATE "C""# : #""k""#))
    }

    @Test("citext keys order and bind as text in byte order, since citext ignores case under any collation")
    func citextKey() {
        let key = column("k", "citext", .text)
        #expect(dialect.orderExpression(key) == #""k"::text COLLATE "C""#)
        #expect(dialect.placeholder(1, for: key) == "$1::text")
        #expect(dialect.placeholder(2, for: column("k", "character varying(20)", .text)) == "$2::character varying")
    }

    @Test("ORDER BY items put NULLs first on nullable columns")
    func orderByItem() {
        #expect(dialect.orderByItem(column("id", "integer", .integer)) == #""id""#)
        #expect(dialect.orderByItem(column("id", "integer", .integer, nullable: true)) == #""id" NULLS FIRST"#)
        #expect(dialect.orderByItem(column("k", "text", .text, nullable: true)) == #""k" COLLATE "C" NULLS FIRST"#)
    }

    @Test("placeholders cast to the column type without modifiers", arguments: [
        ("integer", "$1::integer"),
        ("bigint", "$1::bigint"),
        ("character varying(20)", "$1::character varying"),
        ("character varying", "$1::character varying"),
        ("character(2)", "$1::bpchar"),
        ("numeric(10,4)", "$1::numeric"),
        ("numeric", "$1::numeric"),
        ("timestamp(6) without time zone", "$1::timestamp without time zone"),
        ("timestamp with time zone", "$1::timestamp with time zone"),
        ("time(3) with time zone", "$1::time with time zone"),
        ("bit(3)", "$1::bit varying"),
        ("bit varying(8)", "$1::bit varying"),
        ("text", "$1::text"),
        ("bytea", "$1::bytea"),
    ])
    func placeholder(typeName: String, expected: String) {
        #expect(dialect.placeholder(1, for: column("k", typeName, .text)) == expected)
    }

    @Test("placeholders are numbered")
    func placeholderNumbers() {
        #expect(dialect.placeholder(12, for: column("k", "integer", .integer)) == "$12::integer")
    }

    @Test("modulo")
    func modulo() {
        #expect(dialect.modulo("parity_rn", 10_000) == "parity_rn % 10000")
    }

    @Test("literals of numbers")
    func numberLiterals() {
        let integer = column("n", "integer", .integer)
        let numeric = column("n", "numeric(10,4)", .decimal)
        let float = column("f", "double precision", .double)
        let text = column("s", "text", .text)
        #expect(dialect.literal(.null, for: integer) == "NULL")
        #expect(dialect.literal(.integer(42), for: integer) == "42")
        #expect(dialect.literal(.integer(Int64.min), for: integer) == "-9223372036854775808")
        #expect(dialect.literal(.integer(42), for: text) == "'42'")
        #expect(dialect.literal(.decimal("1.50"), for: numeric) == "1.50")
        #expect(dialect.literal(.decimal("-0.7100"), for: numeric) == "-0.7100")
        #expect(dialect.literal(.decimal("1.50"), for: text) == "'1.50'")
        #expect(dialect.literal(.double(1.5), for: float) == "1.5")
        #expect(dialect.literal(.double(0.1 + 0.2), for: float) == "0.30000000000000004")
        #expect(dialect.literal(.double(1e-5), for: float) == "1e-05")
        #expect(dialect.literal(.double(1.0), for: text) == "'1'")
        #expect(dialect.literal(.double(.nan), for: float) == "'NaN'")
        #expect(dialect.literal(.double(.infinity), for: float) == "'Infinity'")
        #expect(dialect.literal(.double(-.infinity), for: float) == "'-Infinity'")
    }

    @Test("numeric values that are not decimal numbers are quoted")
    func numericSpecialValuesAreQuoted() {
        // PostgreSQL numeric has NaN (and Infinity since 14); unquoted they would read as column names.
        let numeric = column("n", "numeric", .decimal)
        #expect(dialect.literal(.decimal("NaN"), for: numeric) == "'NaN'")
        #expect(dialect.literal(.decimal("Infinity"), for: numeric) == "'Infinity'")
        #expect(dialect.literal(.decimal("-Infinity"), for: numeric) == "'-Infinity'")
        #expect(dialect.literal(.decimal("1); DROP TABLE t; --"), for: numeric) == "'1); DROP TABLE t; --'")
        #expect(dialect.literal(.decimal("1E+3"), for: numeric) == "1E+3")
    }

    @Test("literals of booleans")
    func booleanLiterals() {
        #expect(dialect.literal(.boolean(true), for: column("b", "boolean", .boolean)) == "TRUE")
        #expect(dialect.literal(.boolean(false), for: column("b", "boolean", .boolean)) == "FALSE")
        #expect(dialect.literal(.boolean(true), for: column("n", "integer", .integer)) == "1")
        #expect(dialect.literal(.boolean(false), for: column("n", "integer", .integer)) == "0")
        #expect(dialect.literal(.boolean(true), for: column("s", "text", .text)) == "'true'")
    }

    @Test("text literals double single quotes and keep every byte")
    func textLiterals() {
        let text = column("s", "character varying(40)", .text)
        #expect(dialect.literal(.text("O'Brien & Sons"), for: text) == "'O''Brien & Sons'")
        #expect(dialect.literal(.text("a'a"), for: text) == "'a''a'")
        #expect(dialect.literal(.text("''"), for: text) == "''''''")
        #expect(dialect.literal(.text(""), for: text) == "''")
        #expect(dialect.literal(.text(#"back\slash"#), for: text) == #"'back\slash'"#)
        #expect(dialect.literal(.text("cafe\u{301}"), for: text) == "'cafe\u{301}'")
        #expect(Array(dialect.literal(.text("cafe\u{301}"), for: text).utf8) == Array("'cafe\u{301}'".utf8))
        #expect(dialect.literal(.text("line1\nline2"), for: text) == "'line1\nline2'")
    }

    @Test("bytea literals are hex escapes")
    func byteaLiterals() {
        let bytea = column("b", "bytea", .bytes)
        #expect(dialect.literal(.bytes([0x00, 0x27, 0x5C, 0xFF]), for: bytea) == #"'\x00275cff'::bytea"#)
        #expect(dialect.literal(.bytes([]), for: bytea) == #"'\x'::bytea"#)
    }

    @Test("dates, times and timestamps are quoted text, offsets kept")
    func temporalLiterals() {
        #expect(dialect.literal(.date("2024-01-02"), for: column("d", "date", .date)) == "'2024-01-02'")
        #expect(dialect.literal(.time("12:00:01.5"), for: column("t", "time without time zone", .time)) == "'12:00:01.5'")
        #expect(dialect.literal(.timestamp("1970-01-03 00:00:01.654321"), for: column("ts", "timestamp(6) without time zone", .timestamp))
                == "'1970-01-03 00:00:01.654321'")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 23:00:00+08:00"), for: column("ts", "timestamp with time zone", .timestampWithTimeZone))
                == "'2022-01-29 23:00:00+08:00'")
    }

    @Test("script framing")
    func framing() {
        #expect(dialect.scriptPrologue() == [
            "-- Run with: psql -v ON_ERROR_STOP=1 -f <this file>",
            "SET client_encoding = 'UTF8';",
            "SET standard_conforming_strings = on;",
            "BEGIN;",
        ])
        #expect(dialect.scriptEpilogue() == ["COMMIT;"])
    }

    @Test("one-row delete uses ctid")
    func deleteOneRow() {
        #expect(dialect.deleteOneRow(table: #""public"."t""#, condition: #""f1" = 2 AND "f2" IS NULL"#)
                == #"DELETE FROM "public"."t" WHERE ctid = (SELECT ctid FROM "public"."t" WHERE "f1" = 2 AND "f2" IS NULL LIMIT 1);"#)
    }
}
