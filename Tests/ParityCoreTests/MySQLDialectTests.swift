import Testing
@testable import ParityCore

@Suite("MySQLDialect")
struct MySQLDialectTests {
    let dialect = MySQLDialect()

    @Test("name and the settings a connection runs first")
    func nameAndSessionSettings() {
        #expect(dialect.name == "mysql")
        #expect(MySQLDialect.sessionSettings == ["SET NAMES utf8mb4", "SET time_zone = '+00:00'"])
    }

    @Test("identifiers are quoted with backticks exactly as stored, embedded backticks doubled")
    func quoteIdentifier() {
        #expect(dialect.quoteIdentifier("ORDER") == "`ORDER`")
        #expect(dialect.quoteIdentifier("we`ird") == "`we``ird`")
        #expect(dialect.quoteIdentifier("Group") == "`Group`")
        #expect(dialect.qualifiedName(TableSchema(schema: "shop", name: "order", columns: [])) == "`shop`.`order`")
    }

    @Test("columns are read as the server prints them; BIT as a number, an instant with +00:00")
    func selectExpression() {
        #expect(dialect.selectExpression(column("id", "int", .integer), qualifier: nil) == "`id`")
        #expect(dialect.selectExpression(column("id", "int", .integer), qualifier: "parity_keys") == "parity_keys.`id`")
        #expect(dialect.selectExpression(column("flags", "bit(8)", .integer), qualifier: nil) == "CAST(`flags` AS UNSIGNED)")
        #expect(dialect.selectExpression(column("ts", "timestamp(6)", .timestampWithTimeZone), qualifier: nil) == "CONCAT(`ts`, '+00:00')")
        #expect(dialect.selectExpression(column("d", "datetime(6)", .timestamp), qualifier: nil) == "`d`")
    }

    @Test("text keys order by their bytes (CAST AS BINARY), without NULLS FIRST; ? placeholders; %")
    func ordering() {
        let key = column("k", "varchar(20)", .text, nullable: true)
        #expect(dialect.orderExpression(key) == "CAST(`k` AS BINARY)")
        #expect(dialect.orderByItem(key) == "CAST(`k` AS BINARY)")
        #expect(dialect.orderByItem(column("id", "int", .integer, nullable: true)) == "`id`")
        #expect(dialect.placeholder(4, for: key) == "?")
        #expect(dialect.modulo("parity_rn", 10_000) == "parity_rn % 10000")
    }

    @Test("literals of numbers, floats and booleans")
    func numberLiterals() {
        let decimal = column("n", "decimal(10,4)", .decimal)
        let double = column("f", "double", .double)
        let text = column("s", "varchar(40)", .text)
        #expect(dialect.literal(.null, for: decimal) == "NULL")
        #expect(dialect.literal(.integer(-42), for: column("n", "int", .integer)) == "-42")
        #expect(dialect.literal(.integer(42), for: text) == "'42'")
        #expect(dialect.literal(.decimal("1.50"), for: decimal) == "1.50")
        #expect(dialect.literal(.decimal("1.50"), for: text) == "'1.50'")
        #expect(dialect.literal(.double(0.1 + 0.2), for: double) == "0.30000000000000004")
        #expect(dialect.literal(.double(.nan), for: double) == "'NaN'")
        #expect(dialect.literal(.boolean(true), for: column("b", "tinyint(1)", .boolean)) == "1")
        #expect(dialect.literal(.boolean(false), for: column("b", "tinyint(1)", .boolean)) == "0")
    }

    @Test("text literals: quotes doubled; backslash, NUL, line breaks and Ctrl-Z escaped; every byte kept")
    func textLiterals() {
        let text = column("s", "varchar(40)", .text)
        #expect(dialect.literal(.text("O'Brien & Sons"), for: text) == "'O''Brien & Sons'")
        #expect(dialect.literal(.text(#"back\slash"#), for: text) == #"'back\\slash'"#)
        #expect(dialect.literal(.text("a\u{0}b\nc\rd\u{1A}e\tf"), for: text) == "'a\\0b\\nc\\rd\\Ze\tf'")
        #expect(dialect.literal(.text(""), for: text) == "''")
        #expect(Array(dialect.literal(.text("cafe\u{301}"), for: text).utf8) == Array("'cafe\u{301}'".utf8))
    }

    @Test("binary, date and time literals; an instant converted to the script's UTC session")
    func otherLiterals() {
        #expect(dialect.literal(.bytes([0x00, 0x27, 0x5C, 0xFF]), for: column("b", "varbinary(10)", .bytes)) == "X'00275cff'")
        #expect(dialect.literal(.bytes([]), for: column("b", "varbinary(10)", .bytes)) == "X''")
        #expect(dialect.literal(.date("2024-01-02"), for: column("d", "date", .date)) == "'2024-01-02'")
        #expect(dialect.literal(.timestamp("1970-01-03 00:00:01.654321"), for: column("ts", "datetime(6)", .timestamp)) == "'1970-01-03 00:00:01.654321'")
        #expect(dialect.literal(.time("12:00:01.5"), for: column("t", "time(1)", .time)) == "'12:00:01.5'")
        let instant = column("ts", "timestamp(6)", .timestampWithTimeZone)
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 23:00:00+08:00"), for: instant)
                == "CONVERT_TZ('2022-01-29 23:00:00', '+08:00', '+00:00')")
        #expect(dialect.literal(.timestampWithTimeZone("2022-01-29 15:21:12.5+00"), for: instant) == "'2022-01-29 15:21:12.5'")
    }

    @Test("canonical text per value kind")
    func canonicalText() {
        #expect(dialect.canonicalTextExpression(column("id", "int", .integer)) == "CAST(`id` AS CHAR)")
        #expect(dialect.canonicalTextExpression(column("flags", "bit(8)", .integer)) == "CAST(CAST(`flags` AS UNSIGNED) AS CHAR)")
        #expect(dialect.canonicalTextExpression(column("y", "year", .integer)) == "CAST(CAST(`y` AS UNSIGNED) AS CHAR)")
        #expect(dialect.canonicalTextExpression(column("n", "decimal(10,4)", .decimal))
                == "IF(LOCATE('.', CAST(`n` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`n` AS CHAR))), CAST(`n` AS CHAR))")
        #expect(dialect.canonicalTextExpression(column("ts", "timestamp(6)", .timestampWithTimeZone))
                == "CONCAT(IF(LOCATE('.', CAST(`ts` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`ts` AS CHAR))), CAST(`ts` AS CHAR)), '+00:00')")
        #expect(dialect.canonicalTextExpression(column("b", "tinyint(1)", .boolean)) == "CASE WHEN `b` <> 0 THEN '1' WHEN `b` = 0 THEN '0' END")
        #expect(dialect.canonicalTextExpression(column("b", "blob", .bytes)) == "LOWER(HEX(`b`))")
        #expect(dialect.canonicalTextExpression(column("s", "varchar(40)", .text)) == "CONVERT(`s` USING utf8mb4) COLLATE utf8mb4_bin")
    }

    @Test("DOUBLE canonical text: MariaDB's shortest digits, rebuilt in PostgreSQL's exponent form outside [1e-4, 1e15); FLOAT by its shortest float digits")
    func canonicalDoubleText() {
        #expect(dialect.canonicalTextExpression(column("x", "double", .double)) == #"CASE WHEN `x` = 0 THEN '0' WHEN ABS(`x`) >= 1e-4 AND ABS(`x`) < 1e15 THEN CAST(`x` AS CHAR) ELSE CONCAT(IF(`x` < 0, '-', ''), LEFT(TRIM(BOTH '0' FROM REPLACE(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.', '')), 1), IF(CHAR_LENGTH(TRIM(BOTH '0' FROM REPLACE(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.', ''))) > 1, CONCAT('.', SUBSTRING(TRIM(BOTH '0' FROM REPLACE(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.', '')), 2)), ''), 'e', IF(ABS(`x`) < 1, '-', '+'), IF(ABS((IF(LOCATE('e', CAST(`x` AS CHAR)) > 0, CAST(SUBSTRING_INDEX(CAST(`x` AS CHAR), 'e', -1) AS SIGNED), 0) + LOCATE('.', CONCAT(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.')) - 2 - (CHAR_LENGTH(REPLACE(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.', '')) - CHAR_LENGTH(TRIM(LEADING '0' FROM REPLACE(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.', '')))))) < 10, '0', ''), ABS((IF(LOCATE('e', CAST(`x` AS CHAR)) > 0, CAST(SUBSTRING_INDEX(CAST(`x` AS CHAR), 'e', -1) AS SIGNED), 0) + LOCATE('.', CONCAT(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.')) - 2 - (CHAR_LENGTH(REPLACE(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.', '')) - CHAR_LENGTH(TRIM(LEADING '0' FROM REPLACE(SUBSTRING_INDEX(REPLACE(CAST(`x` AS CHAR), '-', ''), 'e', 1), '.', ''))))))) END"#)
        #expect(dialect.canonicalTextExpression(column("f", "float", .double)) == MySQLDialect.floatText("`f`"))
    }

    @Test("row hash: MD5 of the CONCAT row text, first 15 hex digits as BIGINT UNSIGNED, exact sum modulo 2^60")
    func rowHash() {
        #expect(dialect.rowTextExpression([column("id", "int", .integer), column("s", "varchar(40)", .text, nullable: true)])
                == "CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`s` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`s` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))")
        #expect(dialect.rowHashExpression("t") == "CAST(CONV(SUBSTRING(MD5(t), 1, 15), 16, 10) AS UNSIGNED)")
        #expect(dialect.hashSumExpression("h") == "CAST(MOD(COALESCE(SUM(h), 0), 1152921504606846976) AS CHAR)")
    }

    @Test("script framing: utf8mb4, sql_mode with backslash escapes, UTC, one transaction")
    func framing() {
        #expect(dialect.scriptPrologue() == [
            "-- Run with: mysql --default-character-set=utf8mb4 <database> < <this file>",
            "SET NAMES utf8mb4;",
            "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES';",
            "SET time_zone = '+00:00';",
            "START TRANSACTION;",
        ])
        #expect(dialect.scriptEpilogue() == ["COMMIT;"])
        #expect(dialect.scriptLines(afterStatement: 1000) == [])
    }

    @Test("one-row delete uses LIMIT 1")
    func deleteOneRow() {
        #expect(dialect.deleteOneRow(table: "`shop`.`t`", condition: "`f1` = 2 AND `f2` IS NULL")
                == "DELETE FROM `shop`.`t` WHERE `f1` = 2 AND `f2` IS NULL LIMIT 1;")
    }

    // MARK: Golden chunk queries and case scripts

    @Test("golden chunk queries: a single integer key")
    func goldenChunkQueriesSingle() throws {
        try DialectFixtures.expectChunkStatements(DialectFixtures.singleKey(dialect), dialect: dialect, [
            ("count", #"SELECT COUNT(*) FROM `shop`.`t`"#,
             []),
            ("boundaries", #"SELECT parity_keys.`id` FROM (SELECT `id`, ROW_NUMBER() OVER (ORDER BY `id`) AS parity_rn FROM `shop`.`t`) parity_keys WHERE parity_rn % 1000 = 0 ORDER BY parity_rn"#,
             []),
            ("rows of the first chunk", #"SELECT `id` AS `c1`, `name` AS `c2`, `amount` AS `c3` FROM `shop`.`t` WHERE `id` <= ? ORDER BY `id`"#,
             [.integer(20)]),
            ("rows of a middle chunk", #"SELECT `id` AS `c1`, `name` AS `c2`, `amount` AS `c3` FROM `shop`.`t` WHERE `id` > ? AND `id` <= ? ORDER BY `id`"#,
             [.integer(10), .integer(20)]),
            ("rows of the last chunk", #"SELECT `id` AS `c1`, `name` AS `c2`, `amount` AS `c3` FROM `shop`.`t` WHERE `id` > ? ORDER BY `id`"#,
             [.integer(10)]),
            ("checksum", #"SELECT COUNT(*), CAST(MOD(COALESCE(SUM(CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), ':', IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), 'N'))), 1, 15), 16, 10) AS UNSIGNED)), 0), 1152921504606846976) AS CHAR) FROM `shop`.`t` WHERE `id` > ? AND `id` <= ?"#,
             [.integer(10), .integer(20)]),
            ("bucket checksums", #"SELECT (CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'))), 1, 15), 16, 10) AS UNSIGNED) % 256) AS parity_bucket, COUNT(*), CAST(MOD(COALESCE(SUM(CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), ':', IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), 'N'))), 1, 15), 16, 10) AS UNSIGNED)), 0), 1152921504606846976) AS CHAR) FROM `shop`.`t` WHERE `id` > ? AND `id` <= ? GROUP BY (CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'))), 1, 15), 16, 10) AS UNSIGNED) % 256)"#,
             [.integer(10), .integer(20)]),
            ("key hashes", #"SELECT `id` AS `c1`, CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), ':', IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), 'N'))), 1, 15), 16, 10) AS UNSIGNED) FROM `shop`.`t` WHERE `id` > ? AND `id` <= ? ORDER BY `id`"#,
             [.integer(10), .integer(20)]),
            ("key hashes of two buckets", #"SELECT `id` AS `c1`, CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`name` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), ':', IF(LOCATE('.', CAST(`amount` AS CHAR)) > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(`amount` AS CHAR))), CAST(`amount` AS CHAR))), 'N'))), 1, 15), 16, 10) AS UNSIGNED) FROM `shop`.`t` WHERE (`id` > ? AND `id` <= ?) AND ((CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'))), 1, 15), 16, 10) AS UNSIGNED) % 256) IN (3, 200)) ORDER BY `id`"#,
             [.integer(10), .integer(20)]),
            ("rows with keys", #"SELECT `id` AS `c1`, `name` AS `c2`, `amount` AS `c3` FROM `shop`.`t` WHERE `id` IN (?, ?) ORDER BY `id`"#,
             [.integer(1), .integer(2)]),
        ])
    }

    @Test("golden chunk queries: a composite key with a nullable text column")
    func goldenChunkQueriesComposite() throws {
        try DialectFixtures.expectChunkStatements(DialectFixtures.compositeKey(dialect), dialect: dialect, [
            ("count", #"SELECT COUNT(*) FROM `shop`.`t`"#,
             []),
            ("boundaries", #"SELECT parity_keys.`someid`, parity_keys.`desc1` FROM (SELECT `someid`, `desc1`, ROW_NUMBER() OVER (ORDER BY `someid`, CAST(`desc1` AS BINARY)) AS parity_rn FROM `shop`.`t`) parity_keys WHERE parity_rn % 1000 = 0 ORDER BY parity_rn"#,
             []),
            ("rows of the first chunk", #"SELECT `someid` AS `c1`, `desc1` AS `c2`, `desc2` AS `c3` FROM `shop`.`t` WHERE `someid` <= ? AND (`someid` < ? OR (`someid` = ? AND (`desc1` IS NULL OR CAST(`desc1` AS BINARY) <= ?))) ORDER BY `someid`, CAST(`desc1` AS BINARY)"#,
             [.integer(3), .integer(3), .integer(3), .text("C")]),
            ("rows of a middle chunk", #"SELECT `someid` AS `c1`, `desc1` AS `c2`, `desc2` AS `c3` FROM `shop`.`t` WHERE `someid` >= ? AND `someid` <= ? AND (`someid` > ? OR (`someid` = ? AND `desc1` IS NOT NULL)) AND (`someid` < ? OR (`someid` = ? AND (`desc1` IS NULL OR CAST(`desc1` AS BINARY) <= ?))) ORDER BY `someid`, CAST(`desc1` AS BINARY)"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("rows of the last chunk", #"SELECT `someid` AS `c1`, `desc1` AS `c2`, `desc2` AS `c3` FROM `shop`.`t` WHERE `someid` >= ? AND (`someid` > ? OR (`someid` = ? AND `desc1` IS NOT NULL)) ORDER BY `someid`, CAST(`desc1` AS BINARY)"#,
             [.integer(1), .integer(1), .integer(1)]),
            ("checksum", #"SELECT COUNT(*), CAST(MOD(COALESCE(SUM(CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`someid` AS CHAR)), ':', CAST(`someid` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))), 1, 15), 16, 10) AS UNSIGNED)), 0), 1152921504606846976) AS CHAR) FROM `shop`.`t` WHERE `someid` >= ? AND `someid` <= ? AND (`someid` > ? OR (`someid` = ? AND `desc1` IS NOT NULL)) AND (`someid` < ? OR (`someid` = ? AND (`desc1` IS NULL OR CAST(`desc1` AS BINARY) <= ?)))"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("bucket checksums", #"SELECT (CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`someid` AS CHAR)), ':', CAST(`someid` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))), 1, 15), 16, 10) AS UNSIGNED) % 256) AS parity_bucket, COUNT(*), CAST(MOD(COALESCE(SUM(CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`someid` AS CHAR)), ':', CAST(`someid` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))), 1, 15), 16, 10) AS UNSIGNED)), 0), 1152921504606846976) AS CHAR) FROM `shop`.`t` WHERE `someid` >= ? AND `someid` <= ? AND (`someid` > ? OR (`someid` = ? AND `desc1` IS NOT NULL)) AND (`someid` < ? OR (`someid` = ? AND (`desc1` IS NULL OR CAST(`desc1` AS BINARY) <= ?))) GROUP BY (CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`someid` AS CHAR)), ':', CAST(`someid` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))), 1, 15), 16, 10) AS UNSIGNED) % 256)"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("key hashes", #"SELECT `someid` AS `c1`, `desc1` AS `c2`, CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`someid` AS CHAR)), ':', CAST(`someid` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))), 1, 15), 16, 10) AS UNSIGNED) FROM `shop`.`t` WHERE `someid` >= ? AND `someid` <= ? AND (`someid` > ? OR (`someid` = ? AND `desc1` IS NOT NULL)) AND (`someid` < ? OR (`someid` = ? AND (`desc1` IS NULL OR CAST(`desc1` AS BINARY) <= ?))) ORDER BY `someid`, CAST(`desc1` AS BINARY)"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("key hashes of two buckets", #"SELECT `someid` AS `c1`, `desc1` AS `c2`, CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`someid` AS CHAR)), ':', CAST(`someid` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc2` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))), 1, 15), 16, 10) AS UNSIGNED) FROM `shop`.`t` WHERE (`someid` >= ? AND `someid` <= ? AND (`someid` > ? OR (`someid` = ? AND `desc1` IS NOT NULL)) AND (`someid` < ? OR (`someid` = ? AND (`desc1` IS NULL OR CAST(`desc1` AS BINARY) <= ?)))) AND ((CAST(CONV(SUBSTRING(MD5(CONCAT(COALESCE(CONCAT('V', CHAR_LENGTH(CAST(`someid` AS CHAR)), ':', CAST(`someid` AS CHAR)), 'N'), COALESCE(CONCAT('V', CHAR_LENGTH(CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), ':', CONVERT(`desc1` USING utf8mb4) COLLATE utf8mb4_bin), 'N'))), 1, 15), 16, 10) AS UNSIGNED) % 256) IN (3, 200)) ORDER BY `someid`, CAST(`desc1` AS BINARY)"#,
             [.integer(1), .integer(3), .integer(1), .integer(1), .integer(3), .integer(3), .text("C")]),
            ("rows with keys", #"SELECT `someid` AS `c1`, `desc1` AS `c2`, `desc2` AS `c3` FROM `shop`.`t` WHERE (`someid` = ? AND `desc1` IS NULL) OR (`someid` = ? AND CAST(`desc1` AS BINARY) = ?) ORDER BY `someid`, CAST(`desc1` AS BINARY)"#,
             [.integer(1), .integer(3), .text("C")]),
        ])
    }

    @Test("golden script, case 13: binary values are hex literals")
    func goldenCase13() throws {
        #expect(try DialectFixtures.caseScript("13", dialect: dialect) == #"""
            -- Parity sync script for case 13
            -- Run with: mysql --default-character-set=utf8mb4 <database> < <this file>
            SET NAMES utf8mb4;
            SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES';
            SET time_zone = '+00:00';
            START TRANSACTION;
            UPDATE `shop`.`t` SET `g` = X'a1b2c3d4e5f60718293a4b5c6d7e8f90' WHERE `id` = 1;
            INSERT INTO `shop`.`t` (`id`, `g`, `b`) VALUES (3, NULL, X'00275cff');
            COMMIT;

            """#)
    }

    @Test("golden script, case 15: quotes doubled, & kept")
    func goldenCase15() throws {
        #expect(try DialectFixtures.caseScript("15", dialect: dialect) == #"""
            -- Parity sync script for case 15
            -- Run with: mysql --default-character-set=utf8mb4 <database> < <this file>
            SET NAMES utf8mb4;
            SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES';
            SET time_zone = '+00:00';
            START TRANSACTION;
            INSERT INTO `shop`.`t` (`id`, `name`) VALUES (1, 'O''Brien & Sons');
            INSERT INTO `shop`.`t` (`id`, `name`) VALUES (2, 'R&D');
            INSERT INTO `shop`.`t` (`id`, `name`) VALUES (3, 'a''a');
            COMMIT;

            """#)
    }

    @Test("golden script, case 16: reserved and mixed-case identifiers quoted exactly")
    func goldenCase16() throws {
        #expect(try DialectFixtures.caseScript("16", dialect: dialect) == #"""
            -- Parity sync script for case 16
            -- Run with: mysql --default-character-set=utf8mb4 <database> < <this file>
            SET NAMES utf8mb4;
            SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES';
            SET time_zone = '+00:00';
            START TRANSACTION;
            DELETE FROM `shop`.`ORDER` WHERE `ID` = 9;
            UPDATE `shop`.`ORDER` SET `value` = 'c' WHERE `ID` = 1;
            INSERT INTO `shop`.`ORDER` (`ID`, `DATE`, `COLUMN`, `value`) VALUES (2, '2024-01-02', 0, 'b');
            COMMIT;

            """#)
    }
}
