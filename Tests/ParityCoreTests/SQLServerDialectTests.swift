import Testing
@testable import ParityCore

@Suite("SQLServerDialect")
struct SQLServerDialectTests {
    let dialect = SQLServerDialect()

    @Test("name and the settings a connection runs first")
    func nameAndSessionSettings() {
        #expect(dialect.name == "sqlserver")
        #expect(SQLServerDialect.sessionSettings == [
            "SET ANSI_NULLS ON", "SET ANSI_WARNINGS ON", "SET CONCAT_NULL_YIELDS_NULL ON", "SET QUOTED_IDENTIFIER ON", "SET ARITHABORT ON",
        ])
    }

    @Test("identifiers are bracketed exactly as stored, embedded ] doubled")
    func quoteIdentifier() {
        #expect(dialect.quoteIdentifier("ORDER") == "[ORDER]")
        #expect(dialect.quoteIdentifier("we]ird") == "[we]]ird]")
        #expect(dialect.quoteIdentifier("a[b") == "[a[b]")
        #expect(dialect.qualifiedName(TableSchema(schema: "dbo", name: "order", columns: [])) == "[dbo].[order]")
    }

    @Test("columns are read as text the value model parses")
    func selectExpression() {
        #expect(dialect.selectExpression(column("id", "int", .integer), qualifier: nil) == "[id]")
        #expect(dialect.selectExpression(column("id", "int", .integer), qualifier: "parity_keys") == "parity_keys.[id]")
        #expect(dialect.selectExpression(column("f", "float", .double), qualifier: nil) == "CONVERT(VARCHAR(40), [f], 3)")
        #expect(dialect.selectExpression(column("d", "date", .date), qualifier: nil) == "CONVERT(VARCHAR(10), [d], 23)")
        #expect(dialect.selectExpression(column("t", "time(7)", .time), qualifier: nil) == "CONVERT(VARCHAR(16), [t])")
        #expect(dialect.selectExpression(column("ts", "datetime2(6)", .timestamp), qualifier: nil) == "CONVERT(VARCHAR(27), [ts], 121)")
        #expect(dialect.selectExpression(column("tz", "datetimeoffset(7)", .timestampWithTimeZone), qualifier: nil)
                == "CONVERT(VARCHAR(27), CAST(SWITCHOFFSET([tz], '+00:00') AS DATETIME2(7)), 121) + '+00:00'")
        #expect(dialect.selectExpression(column("c", "nchar(2)", .text), qualifier: nil) == "RTRIM([c])")
        #expect(dialect.selectExpression(column("g", "uniqueidentifier", .text), qualifier: nil) == "LOWER(CONVERT(VARCHAR(36), [g]))")
    }

    @Test("character keys COLLATE Latin1_General_BIN2, without NULLS FIRST; ? placeholders; %")
    func ordering() {
        let key = column("k", "nvarchar(20)", .text, nullable: true)
        #expect(dialect.orderExpression(key) == "[k] COLLATE Latin1_General_BIN2")
        #expect(dialect.orderByItem(key) == "[k] COLLATE Latin1_General_BIN2")
        #expect(dialect.orderExpression(column("id", "int", .integer)) == "[id]")
        #expect(dialect.orderExpression(column("g", "uniqueidentifier", .text)) == "LOWER(CONVERT(CHAR(36), [g])) COLLATE Latin1_General_BIN2")
        #expect(dialect.placeholder(2, for: key) == "?")
        #expect(dialect.modulo("parity_rn", 10_000) == "parity_rn % 10000")
    }

    @Test("literals of numbers, floats and booleans")
    func numberLiterals() {
        let decimal = column("n", "decimal(10,4)", .decimal)
        #expect(dialect.literal(.null, for: decimal) == "NULL")
        #expect(dialect.literal(.integer(42), for: column("n", "int", .integer)) == "42")
        #expect(dialect.literal(.integer(42), for: column("s", "nvarchar(10)", .text)) == "N'42'")
        #expect(dialect.literal(.decimal("1.50"), for: decimal) == "1.50")
        // 1E+3 would be a FLOAT literal.
        #expect(dialect.literal(.decimal("1E+3"), for: decimal) == "1000")
        #expect(dialect.literal(.double(0.1 + 0.2), for: column("f", "float", .double)) == "0.30000000000000004")
        #expect(dialect.literal(.double(.infinity), for: column("f", "float", .double)) == "N'Infinity'")
        #expect(dialect.literal(.boolean(true), for: column("b", "bit", .boolean)) == "1")
        #expect(dialect.literal(.boolean(false), for: column("b", "bit", .boolean)) == "0")
    }

    @Test("text literals: N'…', quotes doubled, control characters as NCHAR(n), $( split for sqlcmd")
    func textLiterals() {
        let text = column("s", "nvarchar(max)", .text)
        #expect(dialect.literal(.text("O'Brien & Sons"), for: text) == "N'O''Brien & Sons'")
        #expect(dialect.literal(.text(""), for: text) == "N''")
        #expect(dialect.literal(.text(#"back\slash"#), for: text) == #"N'back\slash'"#)
        #expect(dialect.literal(.text("line1\r\nGO\r\nline2"), for: text) == "N'line1' + NCHAR(13) + NCHAR(10) + N'GO' + NCHAR(13) + NCHAR(10) + N'line2'")
        #expect(dialect.literal(.text("cost $(amount)"), for: text) == "N'cost $' + N'(amount)'")
        #expect(Array(dialect.literal(.text("cafe\u{301}"), for: text).utf8) == Array("N'cafe\u{301}'".utf8))
        let long = String(repeating: "a", count: 4000)
        #expect(dialect.literal(.text(long + "\n"), for: text) == "CAST(N'\(long)' AS NVARCHAR(MAX)) + NCHAR(10)")
    }

    @Test("binary, date, time and instant literals")
    func otherLiterals() {
        #expect(dialect.literal(.bytes([0x00, 0x27, 0x5C, 0xFF]), for: column("b", "varbinary(max)", .bytes)) == "0x00275cff")
        #expect(dialect.literal(.bytes([]), for: column("b", "varbinary(max)", .bytes)) == "0x")
        #expect(dialect.literal(.date("2024-01-02"), for: column("d", "date", .date)) == "CONVERT(DATE, '2024-01-02', 23)")
        #expect(dialect.literal(.timestamp("1970-01-03 00:00:01.654321"), for: column("ts", "datetime2(6)", .timestamp))
                == "CONVERT(DATETIME2(7), '1970-01-03 00:00:01.654321', 121)")
        #expect(dialect.literal(.timestamp("2024-03-01 13:45:00"), for: column("ts", "datetime", .timestamp))
                == "CONVERT(DATETIME2(7), '2024-03-01 13:45:00', 121)")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 23:00:00+08:00"), for: column("tz", "datetimeoffset(7)", .timestampWithTimeZone))
                == "CAST('2022-01-29 23:00:00 +08:00' AS DATETIMEOFFSET(7))")
        #expect(dialect.literal(.time("12:00:01.5"), for: column("t", "time(7)", .time)) == "CAST('12:00:01.5' AS TIME(7))")
    }

    @Test("canonical text per value kind, as NVARCHAR(MAX)")
    func canonicalText() {
        #expect(dialect.canonicalTextExpression(column("id", "int", .integer)) == "CAST([id] AS NVARCHAR(MAX))")
        #expect(dialect.canonicalTextExpression(column("n", "decimal(10,4)", .decimal))
                == "CASE WHEN CAST([n] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([n] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([n] AS NVARCHAR(MAX)) END")
        #expect(dialect.canonicalTextExpression(column("m", "money", .decimal)).contains("CONVERT(NVARCHAR(MAX), [m], 2)"))
        #expect(dialect.canonicalTextExpression(column("ts", "datetime2(6)", .timestamp))
                == "REPLACE(CASE WHEN CONVERT(NVARCHAR(MAX), [ts], 126) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CONVERT(NVARCHAR(MAX), [ts], 126), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CONVERT(NVARCHAR(MAX), [ts], 126) END, N'T', N' ')")
        #expect(dialect.canonicalTextExpression(column("tz", "datetimeoffset(7)", .timestampWithTimeZone))
                .hasPrefix("REPLACE(CASE WHEN CONVERT(NVARCHAR(MAX), CAST(SWITCHOFFSET([tz], '+00:00') AS DATETIME2(7)), 126) LIKE N'%.%'"))
        #expect(dialect.canonicalTextExpression(column("b", "bit", .boolean)) == "CAST(CASE WHEN [b] = 1 THEN N'1' WHEN [b] = 0 THEN N'0' END AS NVARCHAR(MAX))")
        #expect(dialect.canonicalTextExpression(column("v", "varbinary(max)", .bytes)) == "LOWER(CONVERT(NVARCHAR(MAX), [v], 2))")
        #expect(dialect.canonicalTextExpression(column("d", "date", .date)) == "CONVERT(NVARCHAR(MAX), [d], 23)")
        #expect(dialect.canonicalTextExpression(column("c", "char(2)", .text)) == "CAST(RTRIM([c]) AS NVARCHAR(MAX))")
        #expect(dialect.canonicalTextExpression(column("g", "uniqueidentifier", .text)) == "LOWER(CONVERT(NVARCHAR(MAX), [g]))")
    }

    @Test("row hash: MD5 of the UTF-8 row text, first 15 hex digits (the first 8 bytes shifted right by 4), DECIMAL(38,0) sum modulo 2^60")
    func rowHash() {
        #expect(dialect.rowTextExpression([column("id", "int", .integer)])
                == "CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END")
        #expect(dialect.rowHashExpression("t")
                == "CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (t) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2))")
        #expect(dialect.hashSumExpression("h") == "CONVERT(VARCHAR(40), COALESCE(SUM(CONVERT(DECIMAL(38, 0), h)), 0) % 1152921504606846976)")
    }

    @Test("script framing: XACT_ABORT, one transaction")
    func framing() {
        #expect(dialect.scriptPrologue() == [
            "-- Run with: sqlcmd -b -f 65001 -S <server> -d <database> -i <this file>",
            "SET XACT_ABORT ON;",
            "SET NOCOUNT ON;",
            "BEGIN TRANSACTION;",
        ])
        #expect(dialect.scriptEpilogue() == ["COMMIT TRANSACTION;"])
        #expect(dialect.scriptLines(afterStatement: 1000) == [])
    }

    @Test("one-row delete uses TOP (1)")
    func deleteOneRow() {
        #expect(dialect.deleteOneRow(table: "[dbo].[t]", condition: "[f1] = 2 AND [f2] IS NULL") == "DELETE TOP (1) FROM [dbo].[t] WHERE [f1] = 2 AND [f2] IS NULL;")
    }

    // MARK: Golden chunk queries and case scripts

    @Test("golden chunk queries: a single integer key")
    func goldenChunkQueriesSingle() throws {
        try DialectFixtures.expectChunkStatements(DialectFixtures.singleKey(dialect), dialect: dialect, [
            ("count", #"SELECT COUNT(*) FROM [dbo].[t]"#,
             []),
            ("boundaries", #"SELECT parity_keys.[id] FROM (SELECT [id], ROW_NUMBER() OVER (ORDER BY [id]) AS parity_rn FROM [dbo].[t]) parity_keys WHERE parity_rn % 1000 = 0 ORDER BY parity_rn"#,
             []),
            ("rows of the first chunk", #"SELECT [id] AS [c1], [name] AS [c2], [amount] AS [c3] FROM [dbo].[t] WHERE [id] <= ? ORDER BY [id]"#,
             [.integer(20)]),
            ("rows of a middle chunk", #"SELECT [id] AS [c1], [name] AS [c2], [amount] AS [c3] FROM [dbo].[t] WHERE [id] > ? AND [id] <= ? ORDER BY [id]"#,
             [.integer(10), .integer(20)]),
            ("rows of the last chunk", #"SELECT [id] AS [c1], [name] AS [c2], [amount] AS [c3] FROM [dbo].[t] WHERE [id] > ? ORDER BY [id]"#,
             [.integer(10)]),
            ("checksum", #"SELECT COUNT(*), CONVERT(VARCHAR(40), COALESCE(SUM(CONVERT(DECIMAL(38, 0), CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END + CASE WHEN CAST([name] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([name] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([name] AS NVARCHAR(MAX)) END + CASE WHEN CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)))), 0) % 1152921504606846976) FROM [dbo].[t] WHERE [id] > ? AND [id] <= ?"#,
             [.integer(10), .integer(20)]),
            ("bucket checksums", #"SELECT (CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) % 256) AS parity_bucket, COUNT(*), CONVERT(VARCHAR(40), COALESCE(SUM(CONVERT(DECIMAL(38, 0), CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END + CASE WHEN CAST([name] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([name] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([name] AS NVARCHAR(MAX)) END + CASE WHEN CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)))), 0) % 1152921504606846976) FROM [dbo].[t] WHERE [id] > ? AND [id] <= ? GROUP BY (CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) % 256)"#,
             [.integer(10), .integer(20)]),
            ("key hashes", #"SELECT [id] AS [c1], CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END + CASE WHEN CAST([name] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([name] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([name] AS NVARCHAR(MAX)) END + CASE WHEN CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) FROM [dbo].[t] WHERE [id] > ? AND [id] <= ? ORDER BY [id]"#,
             [.integer(10), .integer(20)]),
            ("key hashes of two buckets", #"SELECT [id] AS [c1], CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END + CASE WHEN CAST([name] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([name] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([name] AS NVARCHAR(MAX)) END + CASE WHEN CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CASE WHEN CAST([amount] AS NVARCHAR(MAX)) LIKE N'%.%' THEN REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(CAST([amount] AS NVARCHAR(MAX)), N'0', N' ')), N' ', N'0'), N'.', N' ')), N' ', N'.') ELSE CAST([amount] AS NVARCHAR(MAX)) END END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) FROM [dbo].[t] WHERE ([id] > ? AND [id] <= ?) AND ((CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([id] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([id] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([id] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) % 256) IN (3, 200)) ORDER BY [id]"#,
             [.integer(10), .integer(20)]),
            ("rows with keys", #"SELECT [id] AS [c1], [name] AS [c2], [amount] AS [c3] FROM [dbo].[t] WHERE [id] IN (?, ?) ORDER BY [id]"#,
             [.integer(1), .integer(2)]),
        ])
    }

    @Test("golden chunk queries: a composite key with a nullable text column")
    func goldenChunkQueriesComposite() throws {
        try DialectFixtures.expectChunkStatements(DialectFixtures.compositeKey(dialect), dialect: dialect, [
            ("count", #"SELECT COUNT(*) FROM [dbo].[t]"#,
             []),
            ("boundaries", #"SELECT parity_keys.[someid], parity_keys.[desc1] FROM (SELECT [someid], [desc1], ROW_NUMBER() OVER (ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2) AS parity_rn FROM [dbo].[t]) parity_keys WHERE parity_rn % 1000 = 0 ORDER BY parity_rn"#,
             []),
            ("rows of the first chunk", #"SELECT [someid] AS [c1], [desc1] AS [c2], [desc2] AS [c3] FROM [dbo].[t] WHERE [someid] <= ? AND ([someid] < ? OR ([someid] = ? AND ([desc1] IS NULL OR [desc1] COLLATE Latin1_General_BIN2 <= ?))) ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2"#,
             [.integer(3), .integer(3), .integer(3), .text("C")]),
            ("rows of a middle chunk", #"SELECT [someid] AS [c1], [desc1] AS [c2], [desc2] AS [c3] FROM [dbo].[t] WHERE [someid] >= ? AND [someid] <= ? AND ([someid] > ? OR ([someid] = ? AND [desc1] IS NOT NULL)) AND ([someid] < ? OR ([someid] = ? AND ([desc1] IS NULL OR [desc1] COLLATE Latin1_General_BIN2 <= ?))) ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("rows of the last chunk", #"SELECT [someid] AS [c1], [desc1] AS [c2], [desc2] AS [c3] FROM [dbo].[t] WHERE [someid] >= ? AND ([someid] > ? OR ([someid] = ? AND [desc1] IS NOT NULL)) ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2"#,
             [.integer(1), .integer(1), .integer(1)]),
            ("checksum", #"SELECT COUNT(*), CONVERT(VARCHAR(40), COALESCE(SUM(CONVERT(DECIMAL(38, 0), CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([someid] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([someid] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([someid] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc1] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc1] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc1] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc2] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc2] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc2] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)))), 0) % 1152921504606846976) FROM [dbo].[t] WHERE [someid] >= ? AND [someid] <= ? AND ([someid] > ? OR ([someid] = ? AND [desc1] IS NOT NULL)) AND ([someid] < ? OR ([someid] = ? AND ([desc1] IS NULL OR [desc1] COLLATE Latin1_General_BIN2 <= ?)))"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("bucket checksums", #"SELECT (CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([someid] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([someid] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([someid] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc1] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc1] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc1] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) % 256) AS parity_bucket, COUNT(*), CONVERT(VARCHAR(40), COALESCE(SUM(CONVERT(DECIMAL(38, 0), CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([someid] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([someid] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([someid] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc1] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc1] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc1] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc2] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc2] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc2] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)))), 0) % 1152921504606846976) FROM [dbo].[t] WHERE [someid] >= ? AND [someid] <= ? AND ([someid] > ? OR ([someid] = ? AND [desc1] IS NOT NULL)) AND ([someid] < ? OR ([someid] = ? AND ([desc1] IS NULL OR [desc1] COLLATE Latin1_General_BIN2 <= ?))) GROUP BY (CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([someid] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([someid] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([someid] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc1] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc1] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc1] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) % 256)"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("key hashes", #"SELECT [someid] AS [c1], [desc1] AS [c2], CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([someid] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([someid] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([someid] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc1] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc1] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc1] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc2] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc2] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc2] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) FROM [dbo].[t] WHERE [someid] >= ? AND [someid] <= ? AND ([someid] > ? OR ([someid] = ? AND [desc1] IS NOT NULL)) AND ([someid] < ? OR ([someid] = ? AND ([desc1] IS NULL OR [desc1] COLLATE Latin1_General_BIN2 <= ?))) ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("key hashes of two buckets", #"SELECT [someid] AS [c1], [desc1] AS [c2], CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([someid] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([someid] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([someid] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc1] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc1] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc1] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc2] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc2] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc2] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) FROM [dbo].[t] WHERE ([someid] >= ? AND [someid] <= ? AND ([someid] > ? OR ([someid] = ? AND [desc1] IS NOT NULL)) AND ([someid] < ? OR ([someid] = ? AND ([desc1] IS NULL OR [desc1] COLLATE Latin1_General_BIN2 <= ?)))) AND ((CONVERT(BIGINT, CONVERT(BINARY(8), '0' + LEFT(CONVERT(CHAR(32), HASHBYTES('MD5', CONVERT(VARCHAR(MAX), (CASE WHEN CAST([someid] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([someid] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([someid] AS NVARCHAR(MAX)) END + CASE WHEN CAST([desc1] AS NVARCHAR(MAX)) IS NULL THEN N'N' ELSE N'V' + CAST(LEN((CAST([desc1] AS NVARCHAR(MAX)) + N'.') COLLATE Latin1_General_100_CI_AS_SC) - 1 AS NVARCHAR(20)) + N':' + CAST([desc1] AS NVARCHAR(MAX)) END) COLLATE Latin1_General_100_BIN2_UTF8)), 2), 15), 2)) % 256) IN (3, 200)) ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("rows with keys", #"SELECT [someid] AS [c1], [desc1] AS [c2], [desc2] AS [c3] FROM [dbo].[t] WHERE ([someid] = ? AND [desc1] IS NULL) OR ([someid] = ? AND [desc1] COLLATE Latin1_General_BIN2 = ?) ORDER BY [someid], [desc1] COLLATE Latin1_General_BIN2"#,
             [.integer(1), .integer(3), .text("C")]),
        ])
    }

    @Test("golden script, case 13: binary values are hex literals")
    func goldenCase13() throws {
        #expect(try DialectFixtures.caseScript("13", dialect: dialect) == #"""
            -- Parity sync script for case 13
            -- Run with: sqlcmd -b -f 65001 -S <server> -d <database> -i <this file>
            SET XACT_ABORT ON;
            SET NOCOUNT ON;
            BEGIN TRANSACTION;
            UPDATE [dbo].[t] SET [g] = N'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90' WHERE [id] = 1;
            INSERT INTO [dbo].[t] ([id], [g], [b]) VALUES (3, NULL, 0x00275cff);
            COMMIT TRANSACTION;

            """#)
    }

    @Test("golden script, case 15: quotes doubled, & kept")
    func goldenCase15() throws {
        #expect(try DialectFixtures.caseScript("15", dialect: dialect) == #"""
            -- Parity sync script for case 15
            -- Run with: sqlcmd -b -f 65001 -S <server> -d <database> -i <this file>
            SET XACT_ABORT ON;
            SET NOCOUNT ON;
            BEGIN TRANSACTION;
            INSERT INTO [dbo].[t] ([id], [name]) VALUES (1, N'O''Brien & Sons');
            INSERT INTO [dbo].[t] ([id], [name]) VALUES (2, N'R&D');
            INSERT INTO [dbo].[t] ([id], [name]) VALUES (3, N'a''a');
            COMMIT TRANSACTION;

            """#)
    }

    @Test("golden script, case 16: reserved and mixed-case identifiers quoted exactly")
    func goldenCase16() throws {
        #expect(try DialectFixtures.caseScript("16", dialect: dialect) == #"""
            -- Parity sync script for case 16
            -- Run with: sqlcmd -b -f 65001 -S <server> -d <database> -i <this file>
            SET XACT_ABORT ON;
            SET NOCOUNT ON;
            BEGIN TRANSACTION;
            DELETE FROM [dbo].[ORDER] WHERE [ID] = 9;
            UPDATE [dbo].[ORDER] SET [value] = N'c' WHERE [ID] = 1;
            INSERT INTO [dbo].[ORDER] ([ID], [DATE], [COLUMN], [value]) VALUES (2, CONVERT(DATE, '2024-01-02', 23), 0, N'b');
            COMMIT TRANSACTION;

            """#)
    }
}
