import Testing
@testable import ParityCore

@Suite("OracleDialect")
struct OracleDialectTests {
    let dialect = OracleDialect()

    @Test("name and the settings a connection runs first")
    func nameAndSessionSettings() {
        #expect(dialect.name == "oracle")
        #expect(OracleDialect.sessionSettings == [
            "ALTER SESSION SET NLS_SORT=BINARY",
            "ALTER SESSION SET NLS_COMP=BINARY",
            "ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,'",
            "ALTER SESSION SET NLS_DATE_FORMAT='YYYY-MM-DD HH24:MI:SS'",
            "ALTER SESSION SET NLS_TIMESTAMP_FORMAT='YYYY-MM-DD HH24:MI:SS.FF6'",
            "ALTER SESSION SET NLS_TIMESTAMP_TZ_FORMAT='YYYY-MM-DD HH24:MI:SS.FF6 TZH:TZM'",
            "ALTER SESSION SET TIME_ZONE='+00:00'",
        ])
    }

    @Test("identifiers are double-quoted exactly as stored, embedded quotes doubled")
    func quoteIdentifier() {
        #expect(dialect.quoteIdentifier("ORDER") == #""ORDER""#)
        #expect(dialect.quoteIdentifier("value") == #""value""#)
        #expect(dialect.quoteIdentifier("we\"ird") == #""we""ird""#)
        #expect(dialect.qualifiedName(TableSchema(schema: "PARITY", name: "ORDER", columns: [])) == #""PARITY"."ORDER""#)
    }

    @Test("columns are read as text the value model parses")
    func selectExpression() {
        #expect(dialect.selectExpression(column("ID", "NUMBER(10)", .decimal), qualifier: nil) == #"TO_CHAR("ID", 'TM9')"#)
        #expect(dialect.selectExpression(column("ID", "NUMBER(10)", .integer), qualifier: "parity_keys") == #"TO_CHAR(parity_keys."ID", 'TM9')"#)
        #expect(dialect.selectExpression(column("F", "BINARY_DOUBLE", .double), qualifier: nil) == #"TO_CHAR("F")"#)
        #expect(dialect.selectExpression(column("D", "DATE", .timestamp), qualifier: nil) == #"TO_CHAR("D", 'YYYY-MM-DD HH24:MI:SS')"#)
        #expect(dialect.selectExpression(column("D", "DATE", .date), qualifier: nil) == #"TO_CHAR("D", 'YYYY-MM-DD')"#)
        #expect(dialect.selectExpression(column("TS", "TIMESTAMP(6)", .timestamp), qualifier: nil) == #"TO_CHAR("TS", 'YYYY-MM-DD HH24:MI:SS.FF6')"#)
        #expect(dialect.selectExpression(column("TZ", "TIMESTAMP(6) WITH TIME ZONE", .timestampWithTimeZone), qualifier: nil)
                == #"TO_CHAR(SYS_EXTRACT_UTC("TZ"), 'YYYY-MM-DD HH24:MI:SS.FF6"+00:00"')"#)
        #expect(dialect.selectExpression(column("C", "CHAR(2 BYTE)", .text), qualifier: nil) == #"RTRIM("C")"#)
        #expect(dialect.selectExpression(column("S", "VARCHAR2(40 BYTE)", .text), qualifier: nil) == #""S""#)
        #expect(dialect.selectExpression(column("B", "BLOB", .bytes), qualifier: nil) == #""B""#)
        #expect(dialect.selectExpression(column("OK", "BOOLEAN", .boolean), qualifier: nil) == #"CASE WHEN "OK" THEN '1' WHEN NOT "OK" THEN '0' END"#)
    }

    @Test("keys order by the column itself (NLS_SORT=BINARY), NULLs first; ? placeholders; MOD")
    func ordering() {
        let key = column("K", "VARCHAR2(20 BYTE)", .text, nullable: true)
        #expect(dialect.orderExpression(key) == #""K""#)
        #expect(dialect.orderByItem(key) == #""K" NULLS FIRST"#)
        #expect(dialect.orderByItem(column("ID", "NUMBER(10)", .decimal)) == #""ID""#)
        #expect(dialect.placeholder(3, for: key) == "?")
        #expect(dialect.modulo("parity_rn", 10_000) == "MOD(parity_rn, 10000)")
    }

    @Test("literals of numbers, floats and booleans")
    func numberLiterals() {
        let number = column("N", "NUMBER(10,4)", .decimal)
        let text = column("S", "VARCHAR2(40 BYTE)", .text)
        let double = column("F", "BINARY_DOUBLE", .double)
        #expect(dialect.literal(.null, for: number) == "NULL")
        #expect(dialect.literal(.integer(42), for: number) == "42")
        #expect(dialect.literal(.integer(42), for: text) == "'42'")
        #expect(dialect.literal(.decimal("1.50"), for: number) == "1.50")
        #expect(dialect.literal(.decimal(".71"), for: number) == ".71")
        #expect(dialect.literal(.decimal("NaN"), for: number) == "'NaN'")
        #expect(dialect.literal(.double(1.5), for: number) == "1.5")
        #expect(dialect.literal(.double(1e-5), for: number) == "1e-05")
        #expect(dialect.literal(.double(0.1 + 0.2), for: double) == "TO_BINARY_DOUBLE('0.30000000000000004')")
        #expect(dialect.literal(.double(.nan), for: double) == "BINARY_DOUBLE_NAN")
        #expect(dialect.literal(.double(-.infinity), for: double) == "-BINARY_DOUBLE_INFINITY")
        #expect(dialect.literal(.boolean(true), for: column("OK", "BOOLEAN", .boolean)) == "TRUE")
        #expect(dialect.literal(.boolean(false), for: column("OK", "NUMBER(1)", .decimal)) == "0")
        #expect(dialect.literal(.boolean(true), for: text) == "'true'")
    }

    @Test("text literals: quotes doubled, & kept, control characters as CHR(n), every byte kept")
    func textLiterals() {
        let text = column("S", "VARCHAR2(40 BYTE)", .text)
        #expect(dialect.literal(.text("O'Brien & Sons"), for: text) == "'O''Brien & Sons'")
        #expect(dialect.literal(.text("R&D"), for: text) == "'R&D'")
        #expect(dialect.literal(.text(""), for: text) == "''")
        #expect(dialect.literal(.text("tab\there"), for: text) == "'tab\there'")
        #expect(dialect.literal(.text("line1\nline2"), for: text) == "'line1' || CHR(10) || 'line2'")
        #expect(dialect.literal(.text("\r\n"), for: text) == "CHR(13) || CHR(10)")
        #expect(dialect.literal(.text("a\u{0}b\u{7F}"), for: text) == "'a' || CHR(0) || 'b' || CHR(127)")
        #expect(Array(dialect.literal(.text("cafe\u{301}"), for: text).utf8) == Array("'cafe\u{301}'".utf8))
    }

    @Test("text longer than a line: VARCHAR2 pieces on lines of their own, never splitting a doubled quote")
    func longTextLiterals() {
        let text = column("S", "VARCHAR2(4000 BYTE)", .text)
        #expect(dialect.literal(.text(String(repeating: "a", count: 3000)), for: text)
                == "'" + String(repeating: "a", count: 1998) + "'\n|| '" + String(repeating: "a", count: 1002) + "'")
        #expect(dialect.literal(.text(String(repeating: "'", count: 1000)), for: text)
                == "'" + String(repeating: "''", count: 999) + "'\n|| '''" + "'")
    }

    @Test("dates, timestamps and instants: TO_DATE, TO_TIMESTAMP, TO_TIMESTAMP_TZ with the value's digits")
    func temporalLiterals() {
        let date = column("D", "DATE", .timestamp)
        let timestamp = column("TS", "TIMESTAMP(6)", .timestamp)
        let instant = column("TZ", "TIMESTAMP(6) WITH TIME ZONE", .timestampWithTimeZone)
        #expect(dialect.literal(.date("2024-01-02"), for: date) == "TO_DATE('2024-01-02','YYYY-MM-DD')")
        #expect(dialect.literal(.timestamp("2024-03-01 13:45:00"), for: date) == "TO_DATE('2024-03-01 13:45:00','YYYY-MM-DD HH24:MI:SS')")
        #expect(dialect.literal(.timestamp("2024-03-01 13:45:00"), for: timestamp) == "TO_TIMESTAMP('2024-03-01 13:45:00','YYYY-MM-DD HH24:MI:SS')")
        #expect(dialect.literal(.timestamp("1970-01-03 00:00:01.654321"), for: timestamp)
                == "TO_TIMESTAMP('1970-01-03 00:00:01.654321','YYYY-MM-DD HH24:MI:SS.FF6')")
        #expect(dialect.literal(.timestamp("1970-01-03 00:00:01.5"), for: timestamp) == "TO_TIMESTAMP('1970-01-03 00:00:01.5','YYYY-MM-DD HH24:MI:SS.FF1')")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 23:00:00+08:00"), for: instant)
                == "TO_TIMESTAMP_TZ('2022-01-29 23:00:00 +08:00','YYYY-MM-DD HH24:MI:SS TZH:TZM')")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 15:21:12.25+00"), for: instant)
                == "TO_TIMESTAMP_TZ('2022-01-29 15:21:12.25 +00:00','YYYY-MM-DD HH24:MI:SS.FF2 TZH:TZM')")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 21:22:21Z"), for: instant)
                == "TO_TIMESTAMP_TZ('2022-01-29 21:22:21 +00:00','YYYY-MM-DD HH24:MI:SS TZH:TZM')")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 09:00:00-03:30"), for: instant)
                == "TO_TIMESTAMP_TZ('2022-01-29 09:00:00 -03:30','YYYY-MM-DD HH24:MI:SS TZH:TZM')")
        // Text that is no date is written as it is, for Oracle to reject.
        #expect(dialect.literal(.timestamp("infinity"), for: timestamp) == "'infinity'")
        #expect(dialect.literal(.time("12:00:01.5"), for: column("T", "VARCHAR2(20 BYTE)", .time)) == "'12:00:01.5'")
    }

    @Test("binary literals: HEXTORAW, EMPTY_BLOB, pieces for a long RAW")
    func binaryLiterals() {
        let raw = column("G", "RAW(16)", .bytes)
        let blob = column("B", "BLOB", .bytes)
        #expect(dialect.literal(.bytes([0x00, 0x27, 0x5C, 0xFF]), for: raw) == "HEXTORAW('00275cff')")
        #expect(dialect.literal(.bytes([]), for: raw) == "HEXTORAW('')")
        #expect(dialect.literal(.bytes([]), for: blob) == "EMPTY_BLOB()")
        #expect(dialect.literal(.bytes(Array(repeating: 0xAB, count: 1500)), for: blob)
                == "HEXTORAW('" + String(repeating: "ab", count: 1000) + "'\n|| '" + String(repeating: "ab", count: 500) + "')")
    }

    @Test("canonical text per value kind")
    func canonicalText() {
        #expect(dialect.canonicalTextExpression(column("N", "NUMBER(10,4)", .decimal))
                == #"CASE WHEN "N" > -1 AND "N" < 1 AND "N" <> 0 THEN CASE WHEN "N" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("N"), 'TM9') ELSE TO_CHAR("N", 'TM9') END"#)
        #expect(dialect.canonicalTextExpression(column("ID", "NUMBER(10)", .integer)) == #"TO_CHAR("ID", 'TM9')"#)
        #expect(dialect.canonicalTextExpression(column("D", "DATE", .timestamp)) == #"TO_CHAR("D", 'YYYY-MM-DD HH24:MI:SS')"#)
        #expect(dialect.canonicalTextExpression(column("TS", "TIMESTAMP(6)", .timestamp))
                == #"RTRIM(RTRIM(TO_CHAR("TS", 'YYYY-MM-DD HH24:MI:SS.FF6'), '0'), '.')"#)
        #expect(dialect.canonicalTextExpression(column("TZ", "TIMESTAMP(6) WITH TIME ZONE", .timestampWithTimeZone))
                == #"CASE WHEN "TZ" IS NOT NULL THEN RTRIM(RTRIM(TO_CHAR(SYS_EXTRACT_UTC("TZ"), 'YYYY-MM-DD HH24:MI:SS.FF6'), '0'), '.') || '+00:00' END"#)
        #expect(dialect.canonicalTextExpression(column("G", "RAW(16)", .bytes)) == #"LOWER(RAWTOHEX("G"))"#)
        #expect(dialect.canonicalTextExpression(column("B", "BLOB", .bytes))
                == #"CASE WHEN "B" IS NOT NULL THEN 'blob-md5:' || LOWER(RAWTOHEX(DBMS_CRYPTO.HASH("B", 2))) END"#)
        #expect(dialect.canonicalTextExpression(column("C", "CHAR(2 BYTE)", .text)) == #"RTRIM("C")"#)
        #expect(dialect.canonicalTextExpression(column("S", "NVARCHAR2(40 BYTE)", .text)) == #"TO_CHAR("S")"#)
        #expect(dialect.canonicalTextExpression(column("S", "NCHAR(2 BYTE)", .text)) == #"TO_CHAR(RTRIM("S"))"#)
        #expect(dialect.canonicalTextExpression(column("S", "NCLOB", .text)) == #"TO_CLOB("S")"#)
        #expect(dialect.canonicalTextExpression(column("S", "CLOB", .text)) == #""S""#)
        #expect(dialect.canonicalTextExpression(column("OK", "NUMBER(1)", .boolean)) == #"CASE WHEN "OK" <> 0 THEN '1' WHEN "OK" = 0 THEN '0' END"#)
    }

    @Test("row hash: STANDARD_HASH of the VARCHAR2 row text, first 15 hex digits, summed modulo 2^60")
    func rowHash() {
        let columns = [column("ID", "NUMBER(10)", .integer), column("NAME", "VARCHAR2(40 BYTE)", .text, nullable: true)]
        let rowText = #"CASE WHEN TO_CHAR("ID", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("ID", 'TM9')) || ':' || TO_CHAR("ID", 'TM9') END || CASE WHEN "NAME" IS NULL THEN 'N' ELSE 'V' || LENGTH("NAME") || ':' || "NAME" END"#
        #expect(dialect.rowTextExpression(columns) == rowText)
        #expect(dialect.rowHashExpression(of: columns) == "TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(" + rowText + ", 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX')")
        #expect(dialect.hashSumExpression("h") == "TO_CHAR(MOD(NVL(SUM(h), 0), 1152921504606846976), 'TM9')")
        // 3000 bytes of text and the prefixes still fit in 4000.
        #expect(dialect.rowHashExpression(of: [columns[0], column("S", "VARCHAR2(3000 BYTE)", .text)]).contains("STANDARD_HASH("))
    }

    @Test("row hash of rows that may pass 4000 bytes: DBMS_CRYPTO.HASH of the CLOB row text, never ORA_HASH")
    func rowHashOfLargeRows() {
        let id = column("ID", "NUMBER(10)", .integer)
        #expect(dialect.rowHashExpression(of: [id, column("BODY", "CLOB", .text, nullable: true)])
                == #"TO_NUMBER(SUBSTR(RAWTOHEX(DBMS_CRYPTO.HASH(CASE WHEN TO_CHAR("ID", 'TM9') IS NULL THEN TO_CLOB('N') ELSE TO_CLOB('V' || LENGTH(TO_CHAR("ID", 'TM9')) || ':') || TO_CHAR("ID", 'TM9') END || CASE WHEN "BODY" IS NULL THEN TO_CLOB('N') ELSE TO_CLOB('V' || LENGTH("BODY") || ':') || "BODY" END, 2)), 1, 15), 'XXXXXXXXXXXXXXX')"#)
        for wide in [column("S", "VARCHAR2(4000 BYTE)", .text), column("S", "VARCHAR2", .text), column("B", "BLOB", .bytes),
                     column("S", "NVARCHAR2(1000 BYTE)", .text), column("S", "VARCHAR2(1000 CHAR)", .text)] {
            let hash = dialect.rowHashExpression(of: [id, wide])
            #expect(hash.contains("DBMS_CRYPTO.HASH(") && !hash.contains("STANDARD_HASH") && !hash.contains("ORA_HASH"), "\(wide.typeName)")
        }
    }

    @Test("script framing: SET DEFINE OFF, WHENEVER SQLERROR, a COMMIT every N statements and at the end")
    func framing() throws {
        #expect(dialect.scriptPrologue() == [
            "-- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)",
            "SET DEFINE OFF",
            "WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK",
            "ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';",
            "ALTER SESSION SET NLS_COMP=BINARY;",
        ])
        #expect(dialect.scriptEpilogue() == ["COMMIT;"])
        #expect(dialect.commitInterval == 1000)
        #expect(dialect.scriptLines(afterStatement: 999) == [])
        #expect(dialect.scriptLines(afterStatement: 1000) == ["COMMIT;"])
        #expect(dialect.scriptLines(afterStatement: 2000) == ["COMMIT;"])
        #expect(OracleDialect(commitInterval: 0).commitInterval == 1)

        let everyTwo = OracleDialect(commitInterval: 2)
        let (mapping, differences) = try DialectFixtures.caseDifferences("15", dialect: everyTwo)
        #expect(SyncScriptWriter(mapping: mapping, targetDialect: everyTwo).script(for: differences, header: []) == #"""
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            INSERT INTO "PARITY"."T" ("ID", "NAME") VALUES (1, 'O''Brien & Sons');
            INSERT INTO "PARITY"."T" ("ID", "NAME") VALUES (2, 'R&D');
            COMMIT;
            INSERT INTO "PARITY"."T" ("ID", "NAME") VALUES (3, 'a''a');
            COMMIT;

            """#)
    }

    @Test("one-row delete uses ROWID and ROWNUM")
    func deleteOneRow() {
        #expect(dialect.deleteOneRow(table: #""PARITY"."T""#, condition: #""F1" = 2 AND "F2" IS NULL"#)
                == #"DELETE FROM "PARITY"."T" WHERE ROWID = (SELECT ROWID FROM "PARITY"."T" WHERE "F1" = 2 AND "F2" IS NULL AND ROWNUM = 1);"#)
    }

    @Test("LOB columns are compared with DBMS_LOB.COMPARE, others with =")
    func equalityCondition() {
        #expect(dialect.equalityCondition(column("BODY", "CLOB", .text), literal: "'x'") == #"DBMS_LOB.COMPARE("BODY", 'x') = 0"#)
        #expect(dialect.equalityCondition(column("B", "BLOB", .bytes), literal: "HEXTORAW('01')") == #"DBMS_LOB.COMPARE("B", HEXTORAW('01')) = 0"#)
        #expect(dialect.equalityCondition(column("NAME", "VARCHAR2(40 BYTE)", .text), literal: "'x'") == #""NAME" = 'x'"#)
    }

    @Test("long lines are broken at spaces outside literals and quoted identifiers")
    func wrap() {
        #expect(OracleDialect.wrap("SELECT 'a b c' FROM t", limit: 10) == ["SELECT", "'a b c'", "FROM t"])
        #expect(OracleDialect.wrap(#"SELECT "a b" FROM t"#, limit: 8) == ["SELECT", #""a b""#, "FROM t"])
        #expect(OracleDialect.wrap("a\n|| b", limit: 100) == ["a", "|| b"])
        #expect(OracleDialect.wrap("'no space at all'", limit: 4) == ["'no space at all'"])
    }

    @Test("case 14: TO_CLOB pieces of at most 4000 bytes, lines of at most 2499, the exact text after concatenation")
    func case14Pieces() throws {
        let script = try DialectFixtures.caseScript("14", dialect: dialect)
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.utf8.count <= OracleDialect.maximumLineLength })
        let statements = script.components(separatedBy: ";\n").filter { $0.contains("INSERT INTO") }
        #expect(statements.count == 2)
        for (statement, original) in zip(statements, DialectFixtures.case14Texts) {
            let pieces = Self.clobPieces(statement)
            #expect(pieces.count > 1)
            #expect(pieces.allSatisfy { $0.utf8.count <= OracleDialect.maximumStringBytes })
            #expect(Array(pieces.joined().utf8) == Array(original.utf8))
        }
    }

    @Test("golden script, case 14: long text as TO_CLOB pieces, each on its own line")
    func goldenCase14() throws {
        let x = String(repeating: "x", count: 1998)
        let e = String(repeating: "\u{E9}", count: 999)
        #expect(try DialectFixtures.caseScript("14", dialect: dialect) == """
            -- Parity sync script for case 14
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            INSERT INTO "PARITY"."DOC" ("ID", "BODY") VALUES (1, TO_CLOB('\(x)')
            || TO_CLOB('\(x)')
            || TO_CLOB('\(String(repeating: "x", count: 1004))'));
            INSERT INTO "PARITY"."DOC" ("ID", "BODY") VALUES (2, TO_CLOB('\(e)')
            || TO_CLOB('\(e)')
            || TO_CLOB('\u{E9}\u{E9}\u{E9}'));
            COMMIT;

            """)
    }

    @Test("golden script: a BLOB longer than 2000 bytes is built in a PL/SQL block; a LOB row deleted by DBMS_LOB.COMPARE")
    func goldenLargeObjects() throws {
        let blob = DialectFixtures.largeBlob
        let chunks = [blob[0..<1000], blob[1000..<2000], blob[2000..<2500]].map { HexText.encode(Array($0)) }
        #expect(try DialectFixtures.largeObjectScript(dialect) == """
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            DELETE FROM "PARITY"."FILES" WHERE ROWID = (SELECT ROWID FROM "PARITY"."FILES" WHERE "ID" = 7 AND DBMS_LOB.COMPARE("DATA", HEXTORAW('01')) = 0 AND DBMS_LOB.COMPARE("NOTE", 'dup') = 0 AND ROWNUM = 1);
            DECLARE
              parity_blob_1 BLOB;
            BEGIN
              DBMS_LOB.CREATETEMPORARY(parity_blob_1, TRUE);
              DBMS_LOB.WRITEAPPEND(parity_blob_1, 1000, HEXTORAW('\(chunks[0])'));
              DBMS_LOB.WRITEAPPEND(parity_blob_1, 1000, HEXTORAW('\(chunks[1])'));
              DBMS_LOB.WRITEAPPEND(parity_blob_1, 500, HEXTORAW('\(chunks[2])'));
              INSERT INTO "PARITY"."FILES" ("ID", "DATA", "NOTE") VALUES (8, parity_blob_1, 'line1' || CHR(10) || 'line2');
              DBMS_LOB.FREETEMPORARY(parity_blob_1);
            END;
            /
            COMMIT;

            """)
    }

    /// The texts of the `TO_CLOB('…')` pieces of a statement, quotes undoubled.
    static func clobPieces(_ statement: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(statement)
        while let start = rest.range(of: "TO_CLOB('") {
            var text = ""
            var index = start.upperBound
            while index < rest.endIndex {
                let character = rest[index]
                let next = rest.index(after: index)
                if character == "'" {
                    if next < rest.endIndex && rest[next] == "'" { text.append("'"); index = rest.index(after: next); continue }
                    index = next
                    break
                }
                text.append(character)
                index = next
            }
            pieces.append(text)
            rest = rest[index...]
        }
        return pieces
    }

    // MARK: Golden chunk queries and case scripts

    @Test("golden chunk queries: a single integer key")
    func goldenChunkQueriesSingle() throws {
        try DialectFixtures.expectChunkStatements(DialectFixtures.singleKey(dialect), dialect: dialect, [
            ("count", #"SELECT COUNT(*) FROM "PARITY"."t""#,
             []),
            ("boundaries", #"SELECT TO_CHAR(parity_keys."id", 'TM9') FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "id") AS parity_rn FROM "PARITY"."t") parity_keys WHERE MOD(parity_rn, 1000) = 0 ORDER BY parity_rn"#,
             []),
            ("rows of the first chunk", #"SELECT TO_CHAR("id", 'TM9') AS "c1", "name" AS "c2", TO_CHAR("amount", 'TM9') AS "c3" FROM "PARITY"."t" WHERE "id" <= ? ORDER BY "id""#,
             [.integer(20)]),
            ("rows of a middle chunk", #"SELECT TO_CHAR("id", 'TM9') AS "c1", "name" AS "c2", TO_CHAR("amount", 'TM9') AS "c3" FROM "PARITY"."t" WHERE "id" > ? AND "id" <= ? ORDER BY "id""#,
             [.integer(10), .integer(20)]),
            ("rows of the last chunk", #"SELECT TO_CHAR("id", 'TM9') AS "c1", "name" AS "c2", TO_CHAR("amount", 'TM9') AS "c3" FROM "PARITY"."t" WHERE "id" > ? ORDER BY "id""#,
             [.integer(10)]),
            ("checksum", #"SELECT COUNT(*), TO_CHAR(MOD(NVL(SUM(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("id", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("id", 'TM9')) || ':' || TO_CHAR("id", 'TM9') END || CASE WHEN "name" IS NULL THEN 'N' ELSE 'V' || LENGTH("name") || ':' || "name" END || CASE WHEN CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END IS NULL THEN 'N' ELSE 'V' || LENGTH(CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END) || ':' || CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX')), 0), 1152921504606846976), 'TM9') FROM "PARITY"."t" WHERE "id" > ? AND "id" <= ?"#,
             [.integer(10), .integer(20)]),
            ("bucket checksums", #"SELECT (MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("id", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("id", 'TM9')) || ':' || TO_CHAR("id", 'TM9') END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX'), 256)) AS parity_bucket, COUNT(*), TO_CHAR(MOD(NVL(SUM(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("id", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("id", 'TM9')) || ':' || TO_CHAR("id", 'TM9') END || CASE WHEN "name" IS NULL THEN 'N' ELSE 'V' || LENGTH("name") || ':' || "name" END || CASE WHEN CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END IS NULL THEN 'N' ELSE 'V' || LENGTH(CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END) || ':' || CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX')), 0), 1152921504606846976), 'TM9') FROM "PARITY"."t" WHERE "id" > ? AND "id" <= ? GROUP BY (MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("id", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("id", 'TM9')) || ':' || TO_CHAR("id", 'TM9') END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX'), 256))"#,
             [.integer(10), .integer(20)]),
            ("key hashes", #"SELECT TO_CHAR("id", 'TM9') AS "c1", TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("id", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("id", 'TM9')) || ':' || TO_CHAR("id", 'TM9') END || CASE WHEN "name" IS NULL THEN 'N' ELSE 'V' || LENGTH("name") || ':' || "name" END || CASE WHEN CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END IS NULL THEN 'N' ELSE 'V' || LENGTH(CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END) || ':' || CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX') FROM "PARITY"."t" WHERE "id" > ? AND "id" <= ? ORDER BY "id""#,
             [.integer(10), .integer(20)]),
            ("key hashes of two buckets", #"SELECT TO_CHAR("id", 'TM9') AS "c1", TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("id", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("id", 'TM9')) || ':' || TO_CHAR("id", 'TM9') END || CASE WHEN "name" IS NULL THEN 'N' ELSE 'V' || LENGTH("name") || ':' || "name" END || CASE WHEN CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END IS NULL THEN 'N' ELSE 'V' || LENGTH(CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END) || ':' || CASE WHEN "amount" > -1 AND "amount" < 1 AND "amount" <> 0 THEN CASE WHEN "amount" < 0 THEN '-0' ELSE '0' END || TO_CHAR(ABS("amount"), 'TM9') ELSE TO_CHAR("amount", 'TM9') END END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX') FROM "PARITY"."t" WHERE ("id" > ? AND "id" <= ?) AND ((MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("id", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("id", 'TM9')) || ':' || TO_CHAR("id", 'TM9') END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX'), 256)) IN (3, 200)) ORDER BY "id""#,
             [.integer(10), .integer(20)]),
            ("rows with keys", #"SELECT TO_CHAR("id", 'TM9') AS "c1", "name" AS "c2", TO_CHAR("amount", 'TM9') AS "c3" FROM "PARITY"."t" WHERE "id" IN (?, ?) ORDER BY "id""#,
             [.integer(1), .integer(2)]),
        ])
    }

    @Test("golden chunk queries: a composite key with a nullable text column")
    func goldenChunkQueriesComposite() throws {
        try DialectFixtures.expectChunkStatements(DialectFixtures.compositeKey(dialect), dialect: dialect, [
            ("count", #"SELECT COUNT(*) FROM "PARITY"."t""#,
             []),
            ("boundaries", #"SELECT TO_CHAR(parity_keys."someid", 'TM9'), parity_keys."desc1" FROM (SELECT "someid", "desc1", ROW_NUMBER() OVER (ORDER BY "someid", "desc1" NULLS FIRST) AS parity_rn FROM "PARITY"."t") parity_keys WHERE MOD(parity_rn, 1000) = 0 ORDER BY parity_rn"#,
             []),
            ("rows of the first chunk", #"SELECT TO_CHAR("someid", 'TM9') AS "c1", "desc1" AS "c2", "desc2" AS "c3" FROM "PARITY"."t" WHERE "someid" <= ? AND ("someid" < ? OR ("someid" = ? AND ("desc1" IS NULL OR "desc1" <= ?))) ORDER BY "someid", "desc1" NULLS FIRST"#,
             [.integer(3), .integer(3), .integer(3), .text("C")]),
            ("rows of a middle chunk", #"SELECT TO_CHAR("someid", 'TM9') AS "c1", "desc1" AS "c2", "desc2" AS "c3" FROM "PARITY"."t" WHERE "someid" >= ? AND "someid" <= ? AND ("someid" > ? OR ("someid" = ? AND "desc1" IS NOT NULL)) AND ("someid" < ? OR ("someid" = ? AND ("desc1" IS NULL OR "desc1" <= ?))) ORDER BY "someid", "desc1" NULLS FIRST"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("rows of the last chunk", #"SELECT TO_CHAR("someid", 'TM9') AS "c1", "desc1" AS "c2", "desc2" AS "c3" FROM "PARITY"."t" WHERE "someid" >= ? AND ("someid" > ? OR ("someid" = ? AND "desc1" IS NOT NULL)) ORDER BY "someid", "desc1" NULLS FIRST"#,
             [.integer(1), .integer(1), .integer(1)]),
            ("checksum", #"SELECT COUNT(*), TO_CHAR(MOD(NVL(SUM(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("someid", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("someid", 'TM9')) || ':' || TO_CHAR("someid", 'TM9') END || CASE WHEN "desc1" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc1") || ':' || "desc1" END || CASE WHEN "desc2" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc2") || ':' || "desc2" END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX')), 0), 1152921504606846976), 'TM9') FROM "PARITY"."t" WHERE "someid" >= ? AND "someid" <= ? AND ("someid" > ? OR ("someid" = ? AND "desc1" IS NOT NULL)) AND ("someid" < ? OR ("someid" = ? AND ("desc1" IS NULL OR "desc1" <= ?)))"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("bucket checksums", #"SELECT (MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("someid", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("someid", 'TM9')) || ':' || TO_CHAR("someid", 'TM9') END || CASE WHEN "desc1" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc1") || ':' || "desc1" END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX'), 256)) AS parity_bucket, COUNT(*), TO_CHAR(MOD(NVL(SUM(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("someid", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("someid", 'TM9')) || ':' || TO_CHAR("someid", 'TM9') END || CASE WHEN "desc1" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc1") || ':' || "desc1" END || CASE WHEN "desc2" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc2") || ':' || "desc2" END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX')), 0), 1152921504606846976), 'TM9') FROM "PARITY"."t" WHERE "someid" >= ? AND "someid" <= ? AND ("someid" > ? OR ("someid" = ? AND "desc1" IS NOT NULL)) AND ("someid" < ? OR ("someid" = ? AND ("desc1" IS NULL OR "desc1" <= ?))) GROUP BY (MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("someid", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("someid", 'TM9')) || ':' || TO_CHAR("someid", 'TM9') END || CASE WHEN "desc1" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc1") || ':' || "desc1" END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX'), 256))"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("key hashes", #"SELECT TO_CHAR("someid", 'TM9') AS "c1", "desc1" AS "c2", TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("someid", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("someid", 'TM9')) || ':' || TO_CHAR("someid", 'TM9') END || CASE WHEN "desc1" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc1") || ':' || "desc1" END || CASE WHEN "desc2" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc2") || ':' || "desc2" END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX') FROM "PARITY"."t" WHERE "someid" >= ? AND "someid" <= ? AND ("someid" > ? OR ("someid" = ? AND "desc1" IS NOT NULL)) AND ("someid" < ? OR ("someid" = ? AND ("desc1" IS NULL OR "desc1" <= ?))) ORDER BY "someid", "desc1" NULLS FIRST"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("key hashes of two buckets", #"SELECT TO_CHAR("someid", 'TM9') AS "c1", "desc1" AS "c2", TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("someid", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("someid", 'TM9')) || ':' || TO_CHAR("someid", 'TM9') END || CASE WHEN "desc1" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc1") || ':' || "desc1" END || CASE WHEN "desc2" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc2") || ':' || "desc2" END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX') FROM "PARITY"."t" WHERE ("someid" >= ? AND "someid" <= ? AND ("someid" > ? OR ("someid" = ? AND "desc1" IS NOT NULL)) AND ("someid" < ? OR ("someid" = ? AND ("desc1" IS NULL OR "desc1" <= ?)))) AND ((MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(CASE WHEN TO_CHAR("someid", 'TM9') IS NULL THEN 'N' ELSE 'V' || LENGTH(TO_CHAR("someid", 'TM9')) || ':' || TO_CHAR("someid", 'TM9') END || CASE WHEN "desc1" IS NULL THEN 'N' ELSE 'V' || LENGTH("desc1") || ':' || "desc1" END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX'), 256)) IN (3, 200)) ORDER BY "someid", "desc1" NULLS FIRST"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("rows with keys", #"SELECT TO_CHAR("someid", 'TM9') AS "c1", "desc1" AS "c2", "desc2" AS "c3" FROM "PARITY"."t" WHERE ("someid" = ? AND "desc1" IS NULL) OR ("someid" = ? AND "desc1" = ?) ORDER BY "someid", "desc1" NULLS FIRST"#,
             [.integer(1), .integer(3), .text("C")]),
        ])
    }

    @Test("golden script, case 05: '' from PostgreSQL is written as '' (Oracle stores NULL)")
    func goldenCase05() throws {
        #expect(try DialectFixtures.caseScript("05", dialect: dialect) == #"""
            -- Parity sync script for case 05
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            UPDATE "PARITY"."T" SET "NOTE" = '' WHERE "ID" = 1;
            COMMIT;

            """#)
    }

    @Test("golden script, case 09: decimals keep their digits")
    func goldenCase09() throws {
        #expect(try DialectFixtures.caseScript("09", dialect: dialect) == #"""
            -- Parity sync script for case 09
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            UPDATE "PARITY"."T" SET "B" = 2.5 WHERE "ID" = 4;
            COMMIT;

            """#)
    }

    @Test("golden script, case 11: TIMESTAMP with its fraction, DATE with its time of day")
    func goldenCase11() throws {
        #expect(try DialectFixtures.caseScript("11", dialect: dialect) == #"""
            -- Parity sync script for case 11
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            UPDATE "PARITY"."T" SET "TS" = TO_TIMESTAMP('1970-01-03 00:00:01.654321','YYYY-MM-DD HH24:MI:SS.FF6'), "D" = TO_DATE('2024-03-01 13:45:00','YYYY-MM-DD HH24:MI:SS') WHERE "ID" = 2;
            COMMIT;

            """#)
    }

    @Test("golden script, case 13: binary values are hex literals")
    func goldenCase13() throws {
        #expect(try DialectFixtures.caseScript("13", dialect: dialect) == #"""
            -- Parity sync script for case 13
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            UPDATE "PARITY"."T" SET "G" = HEXTORAW('a1b2c3d4e5f60718293a4b5c6d7e8f90') WHERE "ID" = 1;
            INSERT INTO "PARITY"."T" ("ID", "G", "B") VALUES (3, NULL, HEXTORAW('00275cff'));
            COMMIT;

            """#)
    }

    @Test("golden script, case 15: quotes doubled, & kept")
    func goldenCase15() throws {
        #expect(try DialectFixtures.caseScript("15", dialect: dialect) == #"""
            -- Parity sync script for case 15
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            INSERT INTO "PARITY"."T" ("ID", "NAME") VALUES (1, 'O''Brien & Sons');
            INSERT INTO "PARITY"."T" ("ID", "NAME") VALUES (2, 'R&D');
            INSERT INTO "PARITY"."T" ("ID", "NAME") VALUES (3, 'a''a');
            COMMIT;

            """#)
    }

    @Test("golden script, case 16: reserved and mixed-case identifiers quoted exactly")
    func goldenCase16() throws {
        #expect(try DialectFixtures.caseScript("16", dialect: dialect) == #"""
            -- Parity sync script for case 16
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            DELETE FROM "PARITY"."ORDER" WHERE "ID" = 9;
            UPDATE "PARITY"."ORDER" SET "value" = 'c' WHERE "ID" = 1;
            INSERT INTO "PARITY"."ORDER" ("ID", "DATE", "COLUMN", "value") VALUES (2, TO_DATE('2024-01-02','YYYY-MM-DD'), 0, 'b');
            COMMIT;

            """#)
    }
}
