import Testing
@testable import ParityCore

/// `guarded_statements: true`: UPDATE and DELETE carry the target's before-image, INSERT only
/// inserts an absent key, in every dialect.
@Suite("Guarded sync scripts")
struct GuardedSyncScriptTests {
    /// Case 06 table: `t(id integer NOT NULL, c2, c3, c4 character varying(5))`.
    private func case06(schema: String?, dialect: any Dialect) throws -> SyncScriptWriter {
        let text = dialect.name == "sqlite" ? "VARCHAR(5)" : "character varying(5)"
        let mapping = try sameMapping(schema: schema, columns: [
            column("id", dialect.name == "sqlite" ? "INTEGER" : "integer", .integer),
            column("c2", text, .text, nullable: true),
            column("c3", text, .text, nullable: true),
            column("c4", text, .text, nullable: true),
        ], primaryKey: ["id"])
        return SyncScriptWriter(mapping: mapping, targetDialect: dialect, guarded: true)
    }

    /// Differences of every kind, in key order.
    private let mixed: [RowDifference] = [
        RowDifference(kind: .missingInTarget, key: [.integer(1)], sourceRow: [.integer(1), .text("O'Brien & Sons"), .null, .text("x")], targetRow: nil),
        RowDifference(kind: .different, key: [.integer(2)], sourceRow: [.integer(2), .text("a"), .text("b"), .null],
                      targetRow: [.integer(2), .text("a"), .null, .text("b")], columns: ["c3", "c4"]),
        RowDifference(kind: .missingInSource, key: [.integer(3)], sourceRow: nil, targetRow: [.integer(3), .text("gone"), .null, .null]),
    ]

    static func guardedCaseScript(_ id: String, dialect: any Dialect) throws -> String {
        let (mapping, differences) = try DialectFixtures.caseDifferences(id, dialect: dialect)
        return SyncScriptWriter(mapping: mapping, targetDialect: dialect, guarded: true).script(for: differences, header: ["Parity sync script for case \(id)"])
    }

    @Test("PostgreSQL: before-image in UPDATE and DELETE, NOT EXISTS in INSERT")
    func postgres() throws {
        let writer = try case06(schema: "public", dialect: PostgreSQLDialect())
        #expect(writer.statements(for: mixed) == [
            #"DELETE FROM "public"."t" WHERE "id" = 3 AND "c2" = 'gone' AND "c3" IS NULL AND "c4" IS NULL;"#,
            #"UPDATE "public"."t" SET "c3" = 'b', "c4" = NULL WHERE "id" = 2 AND "c2" = 'a' AND "c3" IS NULL AND "c4" = 'b';"#,
            #"INSERT INTO "public"."t" ("id", "c2", "c3", "c4") SELECT 1, 'O''Brien & Sons', NULL, 'x' WHERE NOT EXISTS (SELECT 1 FROM "public"."t" WHERE "id" = 1);"#,
        ])
    }

    @Test("SQLite: before-image in UPDATE and DELETE, NOT EXISTS in INSERT")
    func sqlite() throws {
        let writer = try case06(schema: nil, dialect: SQLiteDialect())
        #expect(writer.statements(for: mixed) == [
            #"DELETE FROM "t" WHERE "id" = 3 AND "c2" = 'gone' AND "c3" IS NULL AND "c4" IS NULL;"#,
            #"UPDATE "t" SET "c3" = 'b', "c4" = NULL WHERE "id" = 2 AND "c2" = 'a' AND "c3" IS NULL AND "c4" = 'b';"#,
            #"INSERT INTO "t" ("id", "c2", "c3", "c4") SELECT 1, 'O''Brien & Sons', NULL, 'x' WHERE NOT EXISTS (SELECT 1 FROM "t" WHERE "id" = 1);"#,
        ])
    }

    @Test("without guarded_statements the statements are as before")
    func unguardedUnchanged() throws {
        let (mapping, differences) = try DialectFixtures.caseDifferences("16", dialect: MySQLDialect())
        #expect(SyncScriptWriter(mapping: mapping, targetDialect: MySQLDialect()).statements(for: differences) == [
            "DELETE FROM `shop`.`ORDER` WHERE `ID` = 9;",
            "UPDATE `shop`.`ORDER` SET `value` = 'c' WHERE `ID` = 1;",
            "INSERT INTO `shop`.`ORDER` (`ID`, `DATE`, `COLUMN`, `value`) VALUES (2, '2024-01-02', 0, 'b');",
        ])
    }

    @Test("MySQL golden script, case 16: text compared as UTF-8 bytes, INSERT … FROM DUAL")
    func mysqlCase16() throws {
        #expect(try Self.guardedCaseScript("16", dialect: MySQLDialect()) == #"""
            -- Parity sync script for case 16
            -- Run with: mysql --default-character-set=utf8mb4 <database> < <this file>
            SET NAMES utf8mb4;
            SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES';
            SET time_zone = '+00:00';
            START TRANSACTION;
            DELETE FROM `shop`.`ORDER` WHERE `ID` = 9 AND `DATE` IS NULL AND `COLUMN` IS NULL AND `value` IS NULL;
            UPDATE `shop`.`ORDER` SET `value` = 'c' WHERE `ID` = 1 AND `DATE` = '2024-01-01' AND `COLUMN` = 1 AND CAST(CONVERT(`value` USING utf8mb4) AS BINARY) = CAST('a' AS BINARY);
            INSERT INTO `shop`.`ORDER` (`ID`, `DATE`, `COLUMN`, `value`) SELECT 2, '2024-01-02', 0, 'b' FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM `shop`.`ORDER` WHERE `ID` = 2);
            COMMIT;

            """#)
    }

    @Test("SQL Server golden script, case 16: text compared under a binary collation")
    func sqlServerCase16() throws {
        #expect(try Self.guardedCaseScript("16", dialect: SQLServerDialect()) == #"""
            -- Parity sync script for case 16
            -- Run with: sqlcmd -b -f 65001 -S <server> -d <database> -i <this file>
            SET XACT_ABORT ON;
            SET NOCOUNT ON;
            BEGIN TRANSACTION;
            DELETE FROM [dbo].[ORDER] WHERE [ID] = 9 AND [DATE] IS NULL AND [COLUMN] IS NULL AND [value] IS NULL;
            UPDATE [dbo].[ORDER] SET [value] = N'c' WHERE [ID] = 1 AND [DATE] = CONVERT(DATE, '2024-01-01', 23) AND [COLUMN] = 1 AND [value] COLLATE Latin1_General_BIN2 = N'a';
            INSERT INTO [dbo].[ORDER] ([ID], [DATE], [COLUMN], [value]) SELECT 2, CONVERT(DATE, '2024-01-02', 23), 0, N'b' WHERE NOT EXISTS (SELECT 1 FROM [dbo].[ORDER] WHERE [ID] = 2);
            COMMIT TRANSACTION;

            """#)
    }

    @Test("Oracle golden script, case 16: INSERT … FROM DUAL")
    func oracleCase16() throws {
        #expect(try Self.guardedCaseScript("16", dialect: OracleDialect()) == #"""
            -- Parity sync script for case 16
            -- Run with: sqlplus -L <user>@<database> @<this file>  (or SQLcl: sql <user>@<database> @<this file>)
            SET DEFINE OFF
            WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
            ALTER SESSION SET NLS_NUMERIC_CHARACTERS='.,';
            ALTER SESSION SET NLS_COMP=BINARY;
            DELETE FROM "PARITY"."ORDER" WHERE "ID" = 9 AND "DATE" IS NULL AND "COLUMN" IS NULL AND "value" IS NULL;
            UPDATE "PARITY"."ORDER" SET "value" = 'c' WHERE "ID" = 1 AND "DATE" = TO_DATE('2024-01-01','YYYY-MM-DD') AND "COLUMN" = 1 AND "value" = 'a';
            INSERT INTO "PARITY"."ORDER" ("ID", "DATE", "COLUMN", "value") SELECT 2, TO_DATE('2024-01-02','YYYY-MM-DD'), 0, 'b' FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "PARITY"."ORDER" WHERE "ID" = 2);
            COMMIT;

            """#)
    }

    /// `FILES(ID NUMBER(10), DATA BLOB, NOTE CLOB)`: before-images that are LOBs.
    static func oracleFiles() throws -> TableMapping {
        try sameMapping(name: "FILES", schema: "PARITY", columns: [
            column("ID", "NUMBER(10)", .integer), column("DATA", "BLOB", .bytes, nullable: true), column("NOTE", "CLOB", .text, nullable: true),
        ], primaryKey: ["ID"])
    }

    /// A BLOB before-image longer than a RAW literal, and a CLOB before-image longer than 4000 bytes.
    static let oracleLargeBeforeImages: [RowDifference] = [
        RowDifference(kind: .missingInSource, key: [.integer(7)], sourceRow: nil,
                      targetRow: [.integer(7), .bytes(DialectFixtures.largeBlob), .text(DialectFixtures.case14Texts[0])]),
        RowDifference(kind: .different, key: [.integer(8)], sourceRow: [.integer(8), .bytes([0x02]), .text("new")],
                      targetRow: [.integer(8), .bytes(DialectFixtures.largeBlob), .text("old")], columns: ["DATA", "NOTE"]),
    ]

    @Test("Oracle: a BLOB before-image too long for a literal is compared in the PL/SQL block with DBMS_LOB.COMPARE")
    func oracleLongBlobBeforeImage() throws {
        let writer = SyncScriptWriter(mapping: try Self.oracleFiles(), targetDialect: OracleDialect(), guarded: true)
        let blob = DialectFixtures.largeBlob
        let appends = stride(from: 0, to: blob.count, by: 1000).map { start -> String in
            let chunk = Array(blob[start..<min(start + 1000, blob.count)])
            return "  DBMS_LOB.WRITEAPPEND(parity_blob_1, \(chunk.count), HEXTORAW('\(HexText.encode(chunk))'));"
        }
        #expect(writer.statementLines(for: Self.oracleLargeBeforeImages[1]) == [
            "DECLARE",
            "  parity_blob_1 BLOB;",
            "BEGIN",
            "  DBMS_LOB.CREATETEMPORARY(parity_blob_1, TRUE);",
        ] + appends + [
            #"  UPDATE "PARITY"."FILES" SET "DATA" = HEXTORAW('02'), "NOTE" = 'new' WHERE "ID" = 8 AND DBMS_LOB.COMPARE("DATA", parity_blob_1) = 0 AND DBMS_LOB.COMPARE("NOTE", 'old') = 0;"#,
            "  DBMS_LOB.FREETEMPORARY(parity_blob_1);",
            "END;",
            "/",
        ])
    }

    @Test("Oracle: a CLOB before-image over 4000 bytes is TO_CLOB pieces inside DBMS_LOB.COMPARE, on lines of at most 2499 bytes")
    func oracleLongClobBeforeImage() throws {
        let writer = SyncScriptWriter(mapping: try Self.oracleFiles(), targetDialect: OracleDialect(), guarded: true)
        let lines = try #require(writer.statementLines(for: Self.oracleLargeBeforeImages[0]))
        #expect(lines.allSatisfy { $0.utf8.count <= OracleDialect.maximumLineLength })
        let x2000 = String(repeating: "x", count: 1998)
        #expect(lines.first == "DECLARE")
        #expect(lines.contains(#"  DELETE FROM "PARITY"."FILES" WHERE "ID" = 7 AND DBMS_LOB.COMPARE("DATA", parity_blob_1) = 0 AND DBMS_LOB.COMPARE("NOTE", TO_CLOB('"#
                               + x2000 + "')"))
        #expect(lines.contains("  || TO_CLOB('\(x2000)')"))
        #expect(lines.contains("  || TO_CLOB('\(String(repeating: "x", count: 5000 - 2 * 1998))')) = 0;"))
        #expect(lines.suffix(3) == ["  DBMS_LOB.FREETEMPORARY(parity_blob_1);", "END;", "/"])
    }

    @Test("a repeated key: DELETE matches the whole row and removes one copy, INSERT is not guarded")
    func duplicateKey() throws {
        let writer = try case06(schema: "public", dialect: PostgreSQLDialect())
        let differences = [
            RowDifference(kind: .missingInTarget, key: [.integer(1)], sourceRow: [.integer(1), .text("a"), .null, .null], targetRow: nil, duplicateKey: true),
            RowDifference(kind: .missingInSource, key: [.integer(1)], sourceRow: nil, targetRow: [.integer(1), .text("b"), .null, .null], duplicateKey: true),
        ]
        #expect(writer.statements(for: differences) == [
            #"DELETE FROM "public"."t" WHERE ctid = (SELECT ctid FROM "public"."t" WHERE "id" = 1 AND "c2" = 'b' AND "c3" IS NULL AND "c4" IS NULL LIMIT 1);"#,
            #"INSERT INTO "public"."t" ("id", "c2", "c3", "c4") VALUES (1, 'a', NULL, NULL);"#,
        ])
        // In the script, each such statement says that the script must run once.
        #expect(writer.script(for: differences, header: []) == """
            -- Run with: psql -v ON_ERROR_STOP=1 -f <this file>
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            BEGIN;
            -- Repeated key: this statement changes one copy and has no guard; apply this script once.
            DELETE FROM "public"."t" WHERE ctid = (SELECT ctid FROM "public"."t" WHERE "id" = 1 AND "c2" = 'b' AND "c3" IS NULL AND "c4" IS NULL LIMIT 1);
            -- Repeated key: this statement changes one copy and has no guard; apply this script once.
            INSERT INTO "public"."t" ("id", "c2", "c3", "c4") VALUES (1, 'a', NULL, NULL);
            COMMIT;

            """)
    }

    @Test("before-image conditions where = is not exact: single-precision floats, types without =, LOB-like types")
    func beforeImageConditions() {
        #expect(PostgreSQLDialect().beforeImageCondition(column("r", "real", .double), literal: "0.1") == #""r" = CAST(0.1 AS real)"#)
        #expect(PostgreSQLDialect().beforeImageCondition(column("j", "json", .text), literal: "'{}'") == #""j"::text = '{}'"#)
        #expect(PostgreSQLDialect().beforeImageCondition(column("d", "double precision", .double), literal: "0.1") == #""d" = 0.1"#)
        #expect(MySQLDialect().beforeImageCondition(column("f", "float", .double), literal: "0.1") == "`f` = CAST(0.1 AS FLOAT)")
        #expect(MySQLDialect().beforeImageCondition(column("n", "int", .integer), literal: "1") == "`n` = 1")
        #expect(OracleDialect().beforeImageCondition(column("F", "BINARY_FLOAT", .double), literal: "TO_BINARY_DOUBLE('0.1')")
                == #""F" = TO_BINARY_FLOAT(TO_BINARY_DOUBLE('0.1'))"#)
        #expect(OracleDialect().beforeImageCondition(column("R", "RAW(32767)", .bytes), literal: "parity_blob_2")
                == #"DBMS_LOB.COMPARE(TO_BLOB("R"), parity_blob_2) = 0"#)
        #expect(SQLServerDialect().beforeImageCondition(column("t", "ntext", .text), literal: "N'a'")
                == "CAST([t] AS NVARCHAR(MAX)) COLLATE Latin1_General_BIN2 = N'a'")
        #expect(SQLServerDialect().beforeImageCondition(column("i", "image", .bytes), literal: "0x00") == "CAST([i] AS VARBINARY(MAX)) = 0x00")
        #expect(SQLServerDialect().beforeImageCondition(column("x", "xml", .text), literal: "N'<a/>'")
                == "CAST([x] AS NVARCHAR(MAX)) COLLATE Latin1_General_BIN2 = N'<a/>'")
        #expect(SQLServerDialect().beforeImageCondition(column("n", "int", .integer), literal: "1") == "[n] = 1")
    }
}
