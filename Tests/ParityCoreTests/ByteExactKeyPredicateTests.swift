import Testing
@testable import ParityCore

/// Every sync-script statement picks its target row by key byte for byte
/// (``Dialect/keyCondition(_:literal:)``): the column's own `=` first (for the key's index), then
/// a byte-exact condition where that `=` follows a collation or a case-insensitive type; the whole
/// row of a repeated key likewise. Fixture: ``DialectFixtures/textKeyDifferences(_:)``.
@Suite("Byte-exact key predicates")
struct ByteExactKeyPredicateTests {
    static func statements(_ dialect: any Dialect, guarded: Bool) throws -> [String] {
        let (mapping, differences) = try DialectFixtures.textKeyDifferences(dialect)
        return SyncScriptWriter(mapping: mapping, targetDialect: dialect, guarded: guarded).statements(for: differences)
    }

    @Test("PostgreSQL: citext keys add `k::text COLLATE \"C\" = literal`; text and character keys compare bytes already")
    func postgres() throws {
        #expect(try Self.statements(PostgreSQLDialect(), guarded: false) == [
            #"DELETE FROM "public"."k" WHERE "code" = 'C ' AND "code"::text COLLATE "C" = 'C ' AND "grade" = 'x';"#,
            #"DELETE FROM "public"."k" WHERE ctid = (SELECT ctid FROM "public"."k" WHERE "code" = 'D' AND "code"::text COLLATE "C" = 'D' AND "grade" IS NULL AND "qty" = 7 AND "note" = 'É' LIMIT 1);"#,
            #"UPDATE "public"."k" SET "qty" = 2, "note" = 'new' WHERE "code" = 'A' AND "code"::text COLLATE "C" = 'A' AND "grade" = 'b';"#,
            #"INSERT INTO "public"."k" ("code", "grade", "qty", "note") VALUES ('c', 'a', 1, 'O''Brien');"#,
        ])
        #expect(try Self.statements(PostgreSQLDialect(), guarded: true) == [
            #"DELETE FROM "public"."k" WHERE "code" = 'C ' AND "code"::text COLLATE "C" = 'C ' AND "grade" = 'x' AND "qty" = 4 AND "note" IS NULL;"#,
            #"DELETE FROM "public"."k" WHERE ctid = (SELECT ctid FROM "public"."k" WHERE "code" = 'D' AND "code"::text COLLATE "C" = 'D' AND "grade" IS NULL AND "qty" = 7 AND "note" = 'É' LIMIT 1);"#,
            #"UPDATE "public"."k" SET "qty" = 2, "note" = 'new' WHERE "code" = 'A' AND "code"::text COLLATE "C" = 'A' AND "grade" = 'b' AND "qty" = 9 AND "note" = 'old';"#,
            #"INSERT INTO "public"."k" ("code", "grade", "qty", "note") SELECT 'c', 'a', 1, 'O''Brien' WHERE NOT EXISTS (SELECT 1 FROM "public"."k" WHERE "code" = 'c' AND "code"::text COLLATE "C" = 'c' AND "grade" = 'a');"#,
        ])
    }

    @Test("SQLite: text keys add `k COLLATE BINARY = literal`")
    func sqlite() throws {
        #expect(try Self.statements(SQLiteDialect(), guarded: false) == [
            #"DELETE FROM "k" WHERE "code" = 'C ' AND "code" COLLATE BINARY = 'C ' AND "grade" = 'x' AND "grade" COLLATE BINARY = 'x';"#,
            #"DELETE FROM "k" WHERE rowid = (SELECT rowid FROM "k" WHERE "code" = 'D' AND "code" COLLATE BINARY = 'D' AND "grade" IS NULL AND "qty" = 7 AND "note" = 'É' AND "note" COLLATE BINARY = 'É' LIMIT 1);"#,
            #"UPDATE "k" SET "qty" = 2, "note" = 'new' WHERE "code" = 'A' AND "code" COLLATE BINARY = 'A' AND "grade" = 'b' AND "grade" COLLATE BINARY = 'b';"#,
            #"INSERT INTO "k" ("code", "grade", "qty", "note") VALUES ('c', 'a', 1, 'O''Brien');"#,
        ])
        #expect(try Self.statements(SQLiteDialect(), guarded: true) == [
            #"DELETE FROM "k" WHERE "code" = 'C ' AND "code" COLLATE BINARY = 'C ' AND "grade" = 'x' AND "grade" COLLATE BINARY = 'x' AND "qty" = 4 AND "note" IS NULL;"#,
            #"DELETE FROM "k" WHERE rowid = (SELECT rowid FROM "k" WHERE "code" = 'D' AND "code" COLLATE BINARY = 'D' AND "grade" IS NULL AND "qty" = 7 AND "note" = 'É' AND "note" COLLATE BINARY = 'É' LIMIT 1);"#,
            #"UPDATE "k" SET "qty" = 2, "note" = 'new' WHERE "code" = 'A' AND "code" COLLATE BINARY = 'A' AND "grade" = 'b' AND "grade" COLLATE BINARY = 'b' AND "qty" = 9 AND "note" = 'old';"#,
            #"INSERT INTO "k" ("code", "grade", "qty", "note") SELECT 'c', 'a', 1, 'O''Brien' WHERE NOT EXISTS (SELECT 1 FROM "k" WHERE "code" = 'c' AND "code" COLLATE BINARY = 'c' AND "grade" = 'a' AND "grade" COLLATE BINARY = 'a');"#,
        ])
    }

    @Test("MySQL: text keys add `CAST(CONVERT(k USING utf8mb4) AS BINARY) = CAST(literal AS BINARY)`")
    func mysql() throws {
        #expect(try Self.statements(MySQLDialect(), guarded: false) == [
            "DELETE FROM `shop`.`k` WHERE `code` = 'C ' AND CAST(CONVERT(`code` USING utf8mb4) AS BINARY) = CAST('C ' AS BINARY) AND `grade` = 'x' AND CAST(CONVERT(`grade` USING utf8mb4) AS BINARY) = CAST('x' AS BINARY);",
            "DELETE FROM `shop`.`k` WHERE `code` = 'D' AND CAST(CONVERT(`code` USING utf8mb4) AS BINARY) = CAST('D' AS BINARY) AND `grade` IS NULL AND `qty` = 7 AND `note` = 'É' AND CAST(CONVERT(`note` USING utf8mb4) AS BINARY) = CAST('É' AS BINARY) LIMIT 1;",
            "UPDATE `shop`.`k` SET `qty` = 2, `note` = 'new' WHERE `code` = 'A' AND CAST(CONVERT(`code` USING utf8mb4) AS BINARY) = CAST('A' AS BINARY) AND `grade` = 'b' AND CAST(CONVERT(`grade` USING utf8mb4) AS BINARY) = CAST('b' AS BINARY);",
            "INSERT INTO `shop`.`k` (`code`, `grade`, `qty`, `note`) VALUES ('c', 'a', 1, 'O''Brien');",
        ])
        #expect(try Self.statements(MySQLDialect(), guarded: true) == [
            "DELETE FROM `shop`.`k` WHERE `code` = 'C ' AND CAST(CONVERT(`code` USING utf8mb4) AS BINARY) = CAST('C ' AS BINARY) AND `grade` = 'x' AND CAST(CONVERT(`grade` USING utf8mb4) AS BINARY) = CAST('x' AS BINARY) AND `qty` = 4 AND `note` IS NULL;",
            "DELETE FROM `shop`.`k` WHERE `code` = 'D' AND CAST(CONVERT(`code` USING utf8mb4) AS BINARY) = CAST('D' AS BINARY) AND `grade` IS NULL AND `qty` = 7 AND `note` = 'É' AND CAST(CONVERT(`note` USING utf8mb4) AS BINARY) = CAST('É' AS BINARY) LIMIT 1;",
            "UPDATE `shop`.`k` SET `qty` = 2, `note` = 'new' WHERE `code` = 'A' AND CAST(CONVERT(`code` USING utf8mb4) AS BINARY) = CAST('A' AS BINARY) AND `grade` = 'b' AND CAST(CONVERT(`grade` USING utf8mb4) AS BINARY) = CAST('b' AS BINARY) AND `qty` = 9 AND CAST(CONVERT(`note` USING utf8mb4) AS BINARY) = CAST('old' AS BINARY);",
            "INSERT INTO `shop`.`k` (`code`, `grade`, `qty`, `note`) SELECT 'c', 'a', 1, 'O''Brien' FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM `shop`.`k` WHERE `code` = 'c' AND CAST(CONVERT(`code` USING utf8mb4) AS BINARY) = CAST('c' AS BINARY) AND `grade` = 'a' AND CAST(CONVERT(`grade` USING utf8mb4) AS BINARY) = CAST('a' AS BINARY));",
        ])
    }

    @Test("SQL Server: nvarchar keys add their UTF-16 bytes, nchar keys `COLLATE Latin1_General_BIN2`")
    func sqlServer() throws {
        #expect(try Self.statements(SQLServerDialect(), guarded: false) == [
            "DELETE FROM [dbo].[k] WHERE [code] = N'C ' AND CAST(CAST([code] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'C ' AS VARBINARY(MAX)) AND [grade] = N'x' AND [grade] COLLATE Latin1_General_BIN2 = N'x';",
            "DELETE TOP (1) FROM [dbo].[k] WHERE [code] = N'D' AND CAST(CAST([code] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'D' AS VARBINARY(MAX)) AND [grade] IS NULL AND [qty] = 7 AND [note] = N'É' AND CAST(CAST([note] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'É' AS VARBINARY(MAX));",
            "UPDATE [dbo].[k] SET [qty] = 2, [note] = N'new' WHERE [code] = N'A' AND CAST(CAST([code] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'A' AS VARBINARY(MAX)) AND [grade] = N'b' AND [grade] COLLATE Latin1_General_BIN2 = N'b';",
            "INSERT INTO [dbo].[k] ([code], [grade], [qty], [note]) VALUES (N'c', N'a', 1, N'O''Brien');",
        ])
        #expect(try Self.statements(SQLServerDialect(), guarded: true) == [
            "DELETE FROM [dbo].[k] WHERE [code] = N'C ' AND CAST(CAST([code] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'C ' AS VARBINARY(MAX)) AND [grade] = N'x' AND [grade] COLLATE Latin1_General_BIN2 = N'x' AND [qty] = 4 AND [note] IS NULL;",
            "DELETE TOP (1) FROM [dbo].[k] WHERE [code] = N'D' AND CAST(CAST([code] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'D' AS VARBINARY(MAX)) AND [grade] IS NULL AND [qty] = 7 AND [note] = N'É' AND CAST(CAST([note] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'É' AS VARBINARY(MAX));",
            "UPDATE [dbo].[k] SET [qty] = 2, [note] = N'new' WHERE [code] = N'A' AND CAST(CAST([code] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'A' AS VARBINARY(MAX)) AND [grade] = N'b' AND [grade] COLLATE Latin1_General_BIN2 = N'b' AND [qty] = 9 AND [note] COLLATE Latin1_General_BIN2 = N'old';",
            "INSERT INTO [dbo].[k] ([code], [grade], [qty], [note]) SELECT N'c', N'a', 1, N'O''Brien' WHERE NOT EXISTS (SELECT 1 FROM [dbo].[k] WHERE [code] = N'c' AND CAST(CAST([code] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'c' AS VARBINARY(MAX)) AND [grade] = N'a' AND [grade] COLLATE Latin1_General_BIN2 = N'a');",
        ])
    }

    @Test("Oracle: `=` alone (the script sets NLS_COMP=BINARY)")
    func oracle() throws {
        #expect(try Self.statements(OracleDialect(), guarded: false) == [
            #"DELETE FROM "PARITY"."K" WHERE "CODE" = 'C ' AND "GRADE" = 'x';"#,
            #"DELETE FROM "PARITY"."K" WHERE ROWID = (SELECT ROWID FROM "PARITY"."K" WHERE "CODE" = 'D' AND "GRADE" IS NULL AND "QTY" = 7 AND "NOTE" = 'É' AND ROWNUM = 1);"#,
            #"UPDATE "PARITY"."K" SET "QTY" = 2, "NOTE" = 'new' WHERE "CODE" = 'A' AND "GRADE" = 'b';"#,
            #"INSERT INTO "PARITY"."K" ("CODE", "GRADE", "QTY", "NOTE") VALUES ('c', 'a', 1, 'O''Brien');"#,
        ])
        #expect(try Self.statements(OracleDialect(), guarded: true) == [
            #"DELETE FROM "PARITY"."K" WHERE "CODE" = 'C ' AND "GRADE" = 'x' AND "QTY" = 4 AND "NOTE" IS NULL;"#,
            #"DELETE FROM "PARITY"."K" WHERE ROWID = (SELECT ROWID FROM "PARITY"."K" WHERE "CODE" = 'D' AND "GRADE" IS NULL AND "QTY" = 7 AND "NOTE" = 'É' AND ROWNUM = 1);"#,
            #"UPDATE "PARITY"."K" SET "QTY" = 2, "NOTE" = 'new' WHERE "CODE" = 'A' AND "GRADE" = 'b' AND "QTY" = 9 AND "NOTE" = 'old';"#,
            #"INSERT INTO "PARITY"."K" ("CODE", "GRADE", "QTY", "NOTE") SELECT 'c', 'a', 1, 'O''Brien' FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "PARITY"."K" WHERE "CODE" = 'c' AND "GRADE" = 'a');"#,
        ])
    }

    @Test("keyCondition by column type: non-text keys and byte-exact text types keep `=` alone")
    func keyConditionByType() {
        let integer = ColumnInfo(name: "id", typeName: "integer", kind: .integer, isNullable: false)
        for dialect in [PostgreSQLDialect() as any Dialect, SQLiteDialect(), MySQLDialect(), SQLServerDialect(), OracleDialect()] {
            #expect(dialect.keyCondition(integer, literal: "1") == dialect.equalityCondition(integer, literal: "1"), "\(dialect.name)")
        }
        let text = ColumnInfo(name: "k", typeName: "text", kind: .text, isNullable: false)
        #expect(PostgreSQLDialect().keyCondition(text, literal: "'C'") == #""k" = 'C'"#)
        let citext = ColumnInfo(name: "k", typeName: "citext", kind: .text, isNullable: false)
        #expect(PostgreSQLDialect().keyCondition(citext, literal: "'C'") == #""k" = 'C' AND "k"::text COLLATE "C" = 'C'"#)
        let uuid = ColumnInfo(name: "g", typeName: "uniqueidentifier", kind: .text, isNullable: false)
        #expect(SQLServerDialect().keyCondition(uuid, literal: "N'a1'") == "[g] = N'a1'")
        let varchar = ColumnInfo(name: "k", typeName: "varchar(10)", kind: .text, isNullable: false)
        #expect(SQLServerDialect().keyCondition(varchar, literal: "N'a' + NCHAR(10)")
                == "[k] = N'a' + NCHAR(10) AND CAST(CAST([k] AS NVARCHAR(MAX)) AS VARBINARY(MAX)) = CAST(N'a' + NCHAR(10) AS VARBINARY(MAX))")
        let binary = ColumnInfo(name: "b", typeName: "varbinary(16)", kind: .bytes, isNullable: false)
        #expect(MySQLDialect().keyCondition(binary, literal: "X'00'") == "`b` = X'00'")
        let clob = ColumnInfo(name: "C", typeName: "CLOB", kind: .text, isNullable: false)
        #expect(OracleDialect().keyCondition(clob, literal: "'x'") == #"DBMS_LOB.COMPARE("C", 'x') = 0"#)
    }
}
