import Testing
@testable import ParityCore

@Suite("SQLiteDialect")
struct SQLiteDialectTests {
    let dialect = SQLiteDialect()

    @Test("name")
    func name() {
        #expect(dialect.name == "sqlite")
    }

    @Test("identifiers are quoted exactly, embedded quotes doubled")
    func quoteIdentifier() {
        #expect(dialect.quoteIdentifier("ORDER") == #""ORDER""#)
        #expect(dialect.quoteIdentifier("DATE") == #""DATE""#)
        #expect(dialect.quoteIdentifier("value") == #""value""#)
        #expect(dialect.quoteIdentifier("we\"ird") == #""we""ird""#)
        #expect(dialect.qualifiedName(TableSchema(schema: nil, name: "ORDER", columns: [])) == #""ORDER""#)
        #expect(dialect.qualifiedName(TableSchema(schema: "main", name: "t", columns: [])) == #""main"."t""#)
    }

    @Test("columns are read as stored")
    func selectExpression() {
        #expect(dialect.selectExpression(column("id", "INTEGER", .integer), qualifier: nil) == #""id""#)
        #expect(dialect.selectExpression(column("k", "TEXT", .text), qualifier: "parity_keys") == #"parity_keys."k""#)
    }

    @Test("text keys are ordered COLLATE BINARY, others as they are")
    func orderExpression() {
        #expect(dialect.orderExpression(column("k", "VARCHAR(20)", .text)) == #""k" COLLATE BINARY"#)
        #expect(dialect.orderExpression(column("k", "TEXT COLLATE NOCASE", .text)) == #""k" COLLATE BINARY"#)
        #expect(dialect.orderExpression(column("id", "INTEGER", .integer)) == #""id""#)
        #expect(dialect.orderExpression(column("b", "BLOB", .bytes)) == #""b""#)
        #expect(dialect.orderByItem(column("k", "TEXT", .text, nullable: true)) == #""k" COLLATE BINARY NULLS FIRST"#)
        #expect(dialect.orderByItem(column("id", "INTEGER", .integer)) == #""id""#)
    }

    @Test("placeholders are ?")
    func placeholder() {
        #expect(dialect.placeholder(1, for: column("id", "INTEGER", .integer)) == "?")
        #expect(dialect.placeholder(7, for: column("k", "VARCHAR(20)", .text)) == "?")
        #expect(dialect.modulo("parity_rn", 2) == "parity_rn % 2")
    }

    @Test("literals of numbers")
    func numberLiterals() {
        let integer = column("n", "INTEGER", .integer)
        let numeric = column("n", "NUMERIC(10,4)", .decimal)
        let real = column("f", "REAL", .double)
        let text = column("s", "TEXT", .text)
        #expect(dialect.literal(.null, for: integer) == "NULL")
        #expect(dialect.literal(.integer(-42), for: integer) == "-42")
        #expect(dialect.literal(.integer(42), for: text) == "'42'")
        #expect(dialect.literal(.decimal("1.50"), for: numeric) == "1.50")
        #expect(dialect.literal(.decimal("1.50"), for: text) == "'1.50'")
        #expect(dialect.literal(.decimal("NaN"), for: numeric) == "'NaN'")
        #expect(dialect.literal(.double(14.22035), for: real) == "14.22035")
        #expect(dialect.literal(.double(3.0), for: real) == "3.0")
        #expect(dialect.literal(.double(3.0), for: text) == "'3'")
        #expect(dialect.literal(.double(.nan), for: real) == "NULL")
        #expect(dialect.literal(.double(.infinity), for: real) == "9e999")
        #expect(dialect.literal(.double(-.infinity), for: real) == "-9e999")
        #expect(dialect.literal(.boolean(true), for: column("b", "BOOLEAN", .boolean)) == "1")
        #expect(dialect.literal(.boolean(false), for: column("b", "BOOLEAN", .boolean)) == "0")
    }

    @Test("text, date and timestamp literals are quoted text")
    func textLiterals() {
        let text = column("s", "VARCHAR(40)", .text)
        #expect(dialect.literal(.text("O'Brien & Sons"), for: text) == "'O''Brien & Sons'")
        #expect(dialect.literal(.text("R&D"), for: text) == "'R&D'")
        #expect(dialect.literal(.text(#"back\slash"#), for: text) == #"'back\slash'"#)
        #expect(dialect.literal(.date("2024-01-02"), for: column("d", "DATE", .date)) == "'2024-01-02'")
        #expect(dialect.literal(.timestamp("2024-01-02 03:04:05.5"), for: column("ts", "DATETIME", .timestamp)) == "'2024-01-02 03:04:05.5'")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 23:00:00+08:00"), for: column("ts", "TIMESTAMP", .timestampWithTimeZone))
                == "'2022-01-29 23:00:00+08:00'")
    }

    @Test("blob literals are X'hex'")
    func blobLiterals() {
        let blob = column("b", "BLOB", .bytes)
        #expect(dialect.literal(.bytes([0x00, 0x27, 0x5C, 0xFF]), for: blob) == "X'00275cff'")
        #expect(dialect.literal(.bytes([]), for: blob) == "X''")
    }

    @Test("script framing")
    func framing() {
        #expect(dialect.scriptPrologue() == ["-- Run with: sqlite3 -bail <target database> < <this file>  (-bail: stop at the first error, so the transaction is never committed half done)", "BEGIN TRANSACTION;"])
        #expect(dialect.scriptEpilogue() == ["COMMIT;"])
    }

    @Test("one-row delete uses rowid")
    func deleteOneRow() {
        #expect(dialect.deleteOneRow(table: #""t""#, condition: #""f1" = 2 AND "f2" IS NULL"#)
                == #"DELETE FROM "t" WHERE rowid = (SELECT rowid FROM "t" WHERE "f1" = 2 AND "f2" IS NULL LIMIT 1);"#)
    }
}
