import Testing
@testable import ParityCore

/// The exact SQL of checksum mode's statements: chunk checksum, bucket checksums, key-hash
/// listing and fetch by key, on PostgreSQL and SQLite, with the portable and the native hash.
@Suite("ChunkQueries checksum statements")
struct ChunkQueriesChecksumTests {
    private let postgres = PostgreSQLDialect()
    private let sqlite = SQLiteDialect()

    /// `public.t(id integer NOT NULL, name text, amount numeric(10,2))`, key `id`.
    private func postgresTable() throws -> TableMapping {
        try sameMapping(schema: "public", columns: [
            column("id", "integer", .integer),
            column("name", "text", .text, nullable: true),
            column("amount", "numeric(10,2)", .decimal, nullable: true),
        ], primaryKey: ["id"])
    }

    /// `t(id INTEGER NOT NULL, name TEXT, amount DECIMAL(10,2))`, key `id`.
    private func sqliteTable() throws -> TableMapping {
        try sameMapping(schema: nil, columns: [
            column("id", "INTEGER", .integer),
            column("name", "TEXT", .text, nullable: true),
            column("amount", "DECIMAL(10,2)", .decimal, nullable: true),
        ], primaryKey: ["id"])
    }

    /// `t(someid integer NOT NULL, desc1 varchar(2), desc2 varchar(2))`, key `(someid, desc1)`.
    private func compositeTable(_ dialect: any Dialect) throws -> TableMapping {
        let postgres = dialect.name == "postgresql"
        return try sameMapping(schema: postgres ? "public" : nil, columns: [
            column("someid", postgres ? "integer" : "INTEGER", .integer),
            column("desc1", postgres ? "character varying(2)" : "VARCHAR(2)", .text, nullable: true),
            column("desc2", postgres ? "character varying(2)" : "VARCHAR(2)", .text, nullable: true),
        ], primaryKey: ["someid", "desc1"])
    }

    /// `public.t(k text, v integer NOT NULL)` or `t(k TEXT, v INTEGER NOT NULL)`, nullable key `k`.
    private func nullableTextKey(_ dialect: any Dialect) throws -> TableMapping {
        let postgres = dialect.name == "postgresql"
        return try sameMapping(schema: postgres ? "public" : nil, columns: [
            column("k", postgres ? "text" : "TEXT", .text, nullable: true),
            column("v", postgres ? "integer" : "INTEGER", .integer),
        ], primaryKey: ["k"])
    }

    private let all = KeyRange(lower: nil, upper: nil)
    private let middle = KeyRange(lower: [.integer(10)], upper: [.integer(20)])

    /// The key-range condition and its binds exactly as ``ChunkQueries/rangePredicate(_:binds:)``
    /// writes them (its text is pinned in ChunkQueriesTests); the statements here add to it.
    private func range(_ queries: ChunkQueries, _ range: KeyRange) -> (predicate: String, binds: [SQLValue]) {
        var binds: [SQLValue] = []
        return (queries.rangePredicate(range, binds: &binds) ?? "", binds)
    }

    // MARK: PostgreSQL, portable hash

    /// The canonical row text of `(id, name, amount)` on PostgreSQL.
    private let postgresRowText = #"COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N') || COALESCE('V' || CAST(length("name"::text) AS TEXT) || ':' || "name"::text, 'N') || COALESCE('V' || CAST(length(trim_scale("amount")::text) AS TEXT) || ':' || trim_scale("amount")::text, 'N')"#
    private var postgresRowHash: String { #"('x' || substr(md5("# + postgresRowText + #"), 1, 15))::bit(60)::int8"# }
    private let postgresBucket = #"(('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N')), 1, 15))::bit(60)::int8 % 256)"#

    @Test("PostgreSQL chunk checksum: count and the MD5 sum modulo 2^60 as text")
    func postgresChecksum() throws {
        let queries = ChunkQueries(mapping: try postgresTable(), side: .source, dialect: postgres, nativeHash: false)
        #expect(queries.checksum(in: all) == SQLStatement(
            #"SELECT COUNT(*), (COALESCE(SUM(('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N') || COALESCE('V' || CAST(length("name"::text) AS TEXT) || ':' || "name"::text, 'N') || COALESCE('V' || CAST(length(trim_scale("amount")::text) AS TEXT) || ':' || trim_scale("amount")::text, 'N')), 1, 15))::bit(60)::int8), 0) % 1152921504606846976)::text FROM "public"."t""#))
        let (predicate, binds) = range(queries, middle)
        #expect(queries.checksum(in: middle) == SQLStatement(
            "SELECT COUNT(*), (COALESCE(SUM(\(postgresRowHash)), 0) % 1152921504606846976)::text FROM \"public\".\"t\" WHERE \(predicate)", binds: binds))
        #expect(queries.checksumKinds == [.integer, .decimal])
    }

    @Test("PostgreSQL bucket checksums group by the key's hash modulo 256")
    func postgresBucketChecksums() throws {
        let queries = ChunkQueries(mapping: try postgresTable(), side: .source, dialect: postgres, nativeHash: false)
        #expect(queries.bucketChecksums(in: all) == SQLStatement(
            #"SELECT (('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N')), 1, 15))::bit(60)::int8 % 256) AS parity_bucket, COUNT(*), (COALESCE(SUM(('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N') || COALESCE('V' || CAST(length("name"::text) AS TEXT) || ':' || "name"::text, 'N') || COALESCE('V' || CAST(length(trim_scale("amount")::text) AS TEXT) || ':' || trim_scale("amount")::text, 'N')), 1, 15))::bit(60)::int8), 0) % 1152921504606846976)::text FROM "public"."t" GROUP BY (('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N')), 1, 15))::bit(60)::int8 % 256)"#))
        let (predicate, binds) = range(queries, middle)
        #expect(queries.bucketChecksums(in: middle) == SQLStatement(
            "SELECT \(postgresBucket) AS parity_bucket, COUNT(*), (COALESCE(SUM(\(postgresRowHash)), 0) % 1152921504606846976)::text FROM \"public\".\"t\" WHERE \(predicate) GROUP BY \(postgresBucket)",
            binds: binds))
        #expect(queries.bucketChecksumKinds == [.integer, .integer, .decimal])
        #expect(ChunkQueries.bucketCount == 256)
    }

    @Test("PostgreSQL key hashes: all rows, some buckets, no bucket")
    func postgresKeyHashes() throws {
        let queries = ChunkQueries(mapping: try postgresTable(), side: .source, dialect: postgres, nativeHash: false)
        #expect(queries.keyHashes(in: all) == SQLStatement(
            #"SELECT "id"::text AS "c1", ('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N') || COALESCE('V' || CAST(length("name"::text) AS TEXT) || ':' || "name"::text, 'N') || COALESCE('V' || CAST(length(trim_scale("amount")::text) AS TEXT) || ':' || trim_scale("amount")::text, 'N')), 1, 15))::bit(60)::int8 FROM "public"."t" ORDER BY "id""#))
        #expect(queries.keyHashes(in: all, buckets: [3, 17]) == SQLStatement(
            #"SELECT "id"::text AS "c1", ('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N') || COALESCE('V' || CAST(length("name"::text) AS TEXT) || ':' || "name"::text, 'N') || COALESCE('V' || CAST(length(trim_scale("amount")::text) AS TEXT) || ':' || trim_scale("amount")::text, 'N')), 1, 15))::bit(60)::int8 FROM "public"."t" WHERE (('x' || substr(md5(COALESCE('V' || CAST(length("id"::text) AS TEXT) || ':' || "id"::text, 'N')), 1, 15))::bit(60)::int8 % 256) IN (3, 17) ORDER BY "id""#))
        #expect(queries.keyHashes(in: all, buckets: []) == SQLStatement(
            "SELECT \"id\"::text AS \"c1\", \(postgresRowHash) FROM \"public\".\"t\" WHERE 1 = 0 ORDER BY \"id\""))
        let (predicate, binds) = range(queries, middle)
        #expect(queries.keyHashes(in: middle) == SQLStatement(
            "SELECT \"id\"::text AS \"c1\", \(postgresRowHash) FROM \"public\".\"t\" WHERE \(predicate) ORDER BY \"id\"", binds: binds))
        #expect(queries.keyHashes(in: middle, buckets: nil) == queries.keyHashes(in: middle))
        #expect(queries.keyHashes(in: middle, buckets: [3, 17]) == SQLStatement(
            "SELECT \"id\"::text AS \"c1\", \(postgresRowHash) FROM \"public\".\"t\" WHERE (\(predicate)) AND (\(postgresBucket) IN (3, 17)) ORDER BY \"id\"",
            binds: binds))
        #expect(queries.keyHashKinds == [.integer, .integer])
    }

    // MARK: PostgreSQL, native hash

    private let postgresNativeRowHash = #"(hashtextextended(ROW("id", "name", trim_scale("amount"))::text, 0) & 1152921504606846975)"#
    private let postgresNativeBucket = #"((hashtextextended(ROW("id")::text, 0) & 1152921504606846975) % 256)"#

    @Test("PostgreSQL native hash: hashtextextended of the row text, 60 bits, numerics through trim_scale")
    func postgresNative() throws {
        let queries = ChunkQueries(mapping: try postgresTable(), side: .target, dialect: postgres, nativeHash: true)
        #expect(queries.checksum(in: all) == SQLStatement(
            #"SELECT COUNT(*), (COALESCE(SUM((hashtextextended(ROW("id", "name", trim_scale("amount"))::text, 0) & 1152921504606846975)), 0) % 1152921504606846976)::text FROM "public"."t""#))
        #expect(queries.bucketChecksums(in: all) == SQLStatement(
            #"SELECT ((hashtextextended(ROW("id")::text, 0) & 1152921504606846975) % 256) AS parity_bucket, COUNT(*), (COALESCE(SUM((hashtextextended(ROW("id", "name", trim_scale("amount"))::text, 0) & 1152921504606846975)), 0) % 1152921504606846976)::text FROM "public"."t" GROUP BY ((hashtextextended(ROW("id")::text, 0) & 1152921504606846975) % 256)"#))
        #expect(queries.keyHashes(in: all, buckets: [0, 128]) == SQLStatement(
            #"SELECT "id"::text AS "c1", (hashtextextended(ROW("id", "name", trim_scale("amount"))::text, 0) & 1152921504606846975) FROM "public"."t" WHERE ((hashtextextended(ROW("id")::text, 0) & 1152921504606846975) % 256) IN (0, 128) ORDER BY "id""#))
        let (predicate, binds) = range(queries, middle)
        #expect(queries.checksum(in: middle) == SQLStatement(
            "SELECT COUNT(*), (COALESCE(SUM(\(postgresNativeRowHash)), 0) % 1152921504606846976)::text FROM \"public\".\"t\" WHERE \(predicate)", binds: binds))
        #expect(queries.bucketChecksums(in: middle) == SQLStatement(
            "SELECT \(postgresNativeBucket) AS parity_bucket, COUNT(*), (COALESCE(SUM(\(postgresNativeRowHash)), 0) % 1152921504606846976)::text FROM \"public\".\"t\" WHERE \(predicate) GROUP BY \(postgresNativeBucket)",
            binds: binds))
        #expect(queries.keyHashes(in: middle) == SQLStatement(
            "SELECT \"id\"::text AS \"c1\", \(postgresNativeRowHash) FROM \"public\".\"t\" WHERE \(predicate) ORDER BY \"id\"", binds: binds))
        #expect(queries.keyHashes(in: middle, buckets: [0, 128]) == SQLStatement(
            "SELECT \"id\"::text AS \"c1\", \(postgresNativeRowHash) FROM \"public\".\"t\" WHERE (\(predicate)) AND (\(postgresNativeBucket) IN (0, 128)) ORDER BY \"id\"",
            binds: binds))
    }

    @Test("PostgreSQL composite key hashes: both key columns selected, bucketed and ordered")
    func postgresCompositeKeyHashes() throws {
        let mapping = try compositeTable(postgres)
        let portable = ChunkQueries(mapping: mapping, side: .source, dialect: postgres, nativeHash: false)
        #expect(portable.keyHashes(in: all, buckets: [0, 255]) == SQLStatement(
            #"SELECT "someid"::text AS "c1", "desc1"::text AS "c2", ('x' || substr(md5(COALESCE('V' || CAST(length("someid"::text) AS TEXT) || ':' || "someid"::text, 'N') || COALESCE('V' || CAST(length("desc1"::text) AS TEXT) || ':' || "desc1"::text, 'N') || COALESCE('V' || CAST(length("desc2"::text) AS TEXT) || ':' || "desc2"::text, 'N')), 1, 15))::bit(60)::int8 FROM "public"."t" WHERE (('x' || substr(md5(COALESCE('V' || CAST(length("someid"::text) AS TEXT) || ':' || "someid"::text, 'N') || COALESCE('V' || CAST(length("desc1"::text) AS TEXT) || ':' || "desc1"::text, 'N')), 1, 15))::bit(60)::int8 % 256) IN (0, 255) ORDER BY "someid", "desc1" COLLATE "C" NULLS FIRST"#))
        let native = ChunkQueries(mapping: mapping, side: .source, dialect: postgres, nativeHash: true)
        #expect(native.keyHashes(in: all, buckets: [0, 255]) == SQLStatement(
            #"SELECT "someid"::text AS "c1", "desc1"::text AS "c2", (hashtextextended(ROW("someid", "desc1", "desc2")::text, 0) & 1152921504606846975) FROM "public"."t" WHERE ((hashtextextended(ROW("someid", "desc1")::text, 0) & 1152921504606846975) % 256) IN (0, 255) ORDER BY "someid", "desc1" COLLATE "C" NULLS FIRST"#))
        let lowerNull = KeyRange(lower: [.integer(1), .null], upper: nil)
        let (predicate, binds) = range(native, lowerNull)
        #expect(native.keyHashes(in: lowerNull) == SQLStatement(
            #"SELECT "someid"::text AS "c1", "desc1"::text AS "c2", (hashtextextended(ROW("someid", "desc1", "desc2")::text, 0) & 1152921504606846975) FROM "public"."t" WHERE "# + predicate + #" ORDER BY "someid", "desc1" COLLATE "C" NULLS FIRST"#,
            binds: binds))
        #expect(native.keyHashKinds == [.integer, .text, .integer])
    }

    // MARK: SQLite (no native hash: always the portable one)

    private let sqliteRowText = #"COALESCE('V' || CAST(length(CAST("id" AS TEXT)) AS TEXT) || ':' || CAST("id" AS TEXT), 'N') || COALESCE('V' || CAST(parity_length(CAST(CAST("name" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("name" AS TEXT), 'N') || COALESCE('V' || CAST(length(parity_canonical("amount", 'decimal')) AS TEXT) || ':' || parity_canonical("amount", 'decimal'), 'N')"#
    private var sqliteRowHash: String { "parity_hash60(CAST(\(sqliteRowText) AS BLOB))" }
    private let sqliteBucket = #"(parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("id" AS TEXT)) AS TEXT) || ':' || CAST("id" AS TEXT), 'N') AS BLOB)) % 256)"#

    @Test("SQLite chunk checksum and bucket checksums use the registered functions", arguments: [false, true])
    func sqliteChecksums(nativeHash: Bool) throws {
        let queries = ChunkQueries(mapping: try sqliteTable(), side: .source, dialect: sqlite, nativeHash: nativeHash)
        #expect(queries.checksum(in: all) == SQLStatement(
            #"SELECT COUNT(*), parity_sum60(parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("id" AS TEXT)) AS TEXT) || ':' || CAST("id" AS TEXT), 'N') || COALESCE('V' || CAST(parity_length(CAST(CAST("name" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("name" AS TEXT), 'N') || COALESCE('V' || CAST(length(parity_canonical("amount", 'decimal')) AS TEXT) || ':' || parity_canonical("amount", 'decimal'), 'N') AS BLOB))) FROM "t""#))
        #expect(queries.bucketChecksums(in: all) == SQLStatement(
            #"SELECT (parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("id" AS TEXT)) AS TEXT) || ':' || CAST("id" AS TEXT), 'N') AS BLOB)) % 256) AS parity_bucket, COUNT(*), parity_sum60(parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("id" AS TEXT)) AS TEXT) || ':' || CAST("id" AS TEXT), 'N') || COALESCE('V' || CAST(parity_length(CAST(CAST("name" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("name" AS TEXT), 'N') || COALESCE('V' || CAST(length(parity_canonical("amount", 'decimal')) AS TEXT) || ':' || parity_canonical("amount", 'decimal'), 'N') AS BLOB))) FROM "t" GROUP BY (parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("id" AS TEXT)) AS TEXT) || ':' || CAST("id" AS TEXT), 'N') AS BLOB)) % 256)"#))
        let (predicate, binds) = range(queries, middle)
        #expect(predicate.filter { $0 == "?" }.count == binds.count)
        #expect(queries.checksum(in: middle) == SQLStatement(
            "SELECT COUNT(*), parity_sum60(\(sqliteRowHash)) FROM \"t\" WHERE \(predicate)", binds: binds))
        #expect(queries.bucketChecksums(in: middle) == SQLStatement(
            "SELECT \(sqliteBucket) AS parity_bucket, COUNT(*), parity_sum60(\(sqliteRowHash)) FROM \"t\" WHERE \(predicate) GROUP BY \(sqliteBucket)",
            binds: binds))
    }

    @Test("SQLite key hashes: all rows, some buckets, no bucket", arguments: [false, true])
    func sqliteKeyHashes(nativeHash: Bool) throws {
        let queries = ChunkQueries(mapping: try sqliteTable(), side: .target, dialect: sqlite, nativeHash: nativeHash)
        #expect(queries.keyHashes(in: all) == SQLStatement(
            #"SELECT "id" AS "c1", parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("id" AS TEXT)) AS TEXT) || ':' || CAST("id" AS TEXT), 'N') || COALESCE('V' || CAST(parity_length(CAST(CAST("name" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("name" AS TEXT), 'N') || COALESCE('V' || CAST(length(parity_canonical("amount", 'decimal')) AS TEXT) || ':' || parity_canonical("amount", 'decimal'), 'N') AS BLOB)) FROM "t" ORDER BY "id""#))
        #expect(queries.keyHashes(in: all, buckets: [3, 17]) == SQLStatement(
            "SELECT \"id\" AS \"c1\", \(sqliteRowHash) FROM \"t\" WHERE \(sqliteBucket) IN (3, 17) ORDER BY \"id\""))
        #expect(queries.keyHashes(in: all, buckets: []) == SQLStatement(
            "SELECT \"id\" AS \"c1\", \(sqliteRowHash) FROM \"t\" WHERE 1 = 0 ORDER BY \"id\""))
        let (predicate, binds) = range(queries, middle)
        #expect(queries.keyHashes(in: middle) == SQLStatement(
            "SELECT \"id\" AS \"c1\", \(sqliteRowHash) FROM \"t\" WHERE \(predicate) ORDER BY \"id\"", binds: binds))
        #expect(queries.keyHashes(in: middle, buckets: [3, 17]) == SQLStatement(
            "SELECT \"id\" AS \"c1\", \(sqliteRowHash) FROM \"t\" WHERE (\(predicate)) AND (\(sqliteBucket) IN (3, 17)) ORDER BY \"id\"",
            binds: binds))
    }

    @Test("SQLite composite key hashes")
    func sqliteCompositeKeyHashes() throws {
        let queries = ChunkQueries(mapping: try compositeTable(sqlite), side: .source, dialect: sqlite, nativeHash: true)
        #expect(queries.keyHashes(in: all, buckets: [0, 255]) == SQLStatement(
            #"SELECT "someid" AS "c1", "desc1" AS "c2", parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("someid" AS TEXT)) AS TEXT) || ':' || CAST("someid" AS TEXT), 'N') || COALESCE('V' || CAST(parity_length(CAST(CAST("desc1" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("desc1" AS TEXT), 'N') || COALESCE('V' || CAST(parity_length(CAST(CAST("desc2" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("desc2" AS TEXT), 'N') AS BLOB)) FROM "t" WHERE (parity_hash60(CAST(COALESCE('V' || CAST(length(CAST("someid" AS TEXT)) AS TEXT) || ':' || CAST("someid" AS TEXT), 'N') || COALESCE('V' || CAST(parity_length(CAST(CAST("desc1" AS TEXT) AS BLOB)) AS TEXT) || ':' || CAST("desc1" AS TEXT), 'N') AS BLOB)) % 256) IN (0, 255) ORDER BY "someid", "desc1" COLLATE BINARY NULLS FIRST"#))
    }

    // MARK: Canonical text per kind

    @Test("PostgreSQL canonical text, row hash and sum expressions per kind; a negative zero double is 0, as in Swift")
    func postgresExpressions() {
        let expected: [ValueKind: String] = [
            .integer: #""c"::text"#,
            .decimal: #"trim_scale("c")::text"#,
            .double: #"CASE WHEN "c" = 0 THEN '0' WHEN abs("c") >= 18014398509481984 AND abs("c") < 'Infinity' THEN (SELECT CASE WHEN "c" < 0 THEN '-' ELSE '' END || left(rtrim(abs(parity_rounded)::text, '0'), 1) || CASE WHEN length(rtrim(abs(parity_rounded)::text, '0')) > 1 THEN '.' || substr(rtrim(abs(parity_rounded)::text, '0'), 2) ELSE '' END || 'e+' || (length(abs(parity_rounded)::text) - 1)::text FROM generate_series(1, 17) AS parity_lengths(parity_digits), LATERAL (SELECT round("c"::text::numeric, parity_digits - 1 - floor(log(abs("c"::text::numeric)))::int) AS parity_rounded) AS parity_candidates WHERE CASE WHEN abs(parity_rounded) <= 1.7976931348623157e308 THEN parity_rounded::float8 = "c" ELSE false END ORDER BY parity_digits LIMIT 1) ELSE "c"::text END"#,
            .text: #""c"::text"#,
            .bytes: #"encode("c", 'hex')"#,
            .boolean: #"CASE WHEN "c" THEN '1' WHEN NOT "c" THEN '0' END"#,
            .date: #""c"::text"#,
            .time: #""c"::text"#,
            .timestamp: #""c"::text"#,
            .timestampWithTimeZone: #"replace("c"::text, '+00', '+00:00')"#,
        ]
        for kind in ValueKind.allCases {
            #expect(postgres.canonicalTextExpression(column("c", kind.rawValue, kind, nullable: true)) == expected[kind], "\(kind)")
        }
        #expect(postgres.rowHashExpression("t") == "('x' || substr(md5(t), 1, 15))::bit(60)::int8")
        #expect(postgres.hashSumExpression("h") == "(COALESCE(SUM(h), 0) % 1152921504606846976)::text")
        #expect(postgres.nativeRowHashExpression([column("a", "integer", .integer), column("b", "numeric", .decimal, nullable: true)])
                == #"(hashtextextended(ROW("a", trim_scale("b"))::text, 0) & 1152921504606846975)"#)
    }

    @Test("SQLite canonical text: bytes, times and timestamps through parity_canonical, so a NULL BLOB is not an empty one and fractional zeros drop")
    func sqliteExpressions() {
        let expected: [ValueKind: String] = [
            .integer: #"CAST("c" AS TEXT)"#,
            .decimal: #"parity_canonical("c", 'decimal')"#,
            .double: #"parity_canonical("c", 'double')"#,
            .text: #"CAST("c" AS TEXT)"#,
            .bytes: #"parity_canonical("c", 'bytes')"#,
            .boolean: #"CASE WHEN "c" IS NULL THEN NULL WHEN "c" THEN '1' ELSE '0' END"#,
            .date: #"CAST("c" AS TEXT)"#,
            .time: #"parity_canonical("c", 'time')"#,
            .timestamp: #"parity_canonical("c", 'timestamp')"#,
            .timestampWithTimeZone: #"parity_canonical("c", 'timestampWithTimeZone')"#,
        ]
        for kind in ValueKind.allCases {
            #expect(sqlite.canonicalTextExpression(column("c", kind.rawValue, kind, nullable: true)) == expected[kind], "\(kind)")
        }
        #expect(sqlite.rowHashExpression("t") == "parity_hash60(CAST(t AS BLOB))")
        #expect(sqlite.hashSumExpression("h") == "parity_sum60(h)")
        #expect(sqlite.nativeRowHashExpression([column("a", "INTEGER", .integer)]) == nil)
    }

    // MARK: rows(withKeys:)

    @Test("fetch by a single key: IN for values, IS NULL for a NULL key, placeholders in bind order")
    func rowsWithSingleKeys() throws {
        let postgresQueries = ChunkQueries(mapping: try nullableTextKey(postgres), side: .source, dialect: postgres)
        #expect(postgresQueries.rows(withKeys: [[.text("a")], [.null], [.text("O'B")]]) == SQLStatement(
            #"SELECT "k"::text AS "c1", "v"::text AS "c2" FROM "public"."t" WHERE "k" COLLATE "C" IN ($1::text, $2::text) OR "k" IS NULL ORDER BY "k" COLLATE "C" NULLS FIRST"#,
            binds: [.text("a"), .text("O'B")]))
        #expect(postgresQueries.rows(withKeys: [[.null]]) == SQLStatement(
            #"SELECT "k"::text AS "c1", "v"::text AS "c2" FROM "public"."t" WHERE "k" IS NULL ORDER BY "k" COLLATE "C" NULLS FIRST"#))
        #expect(postgresQueries.rows(withKeys: []) == SQLStatement(
            #"SELECT "k"::text AS "c1", "v"::text AS "c2" FROM "public"."t" WHERE 1 = 0 ORDER BY "k" COLLATE "C" NULLS FIRST"#))

        let sqliteQueries = ChunkQueries(mapping: try nullableTextKey(sqlite), side: .target, dialect: sqlite)
        #expect(sqliteQueries.rows(withKeys: [[.text("a")], [.null], [.text("O'B")]]) == SQLStatement(
            #"SELECT "k" AS "c1", "v" AS "c2" FROM "t" WHERE "k" COLLATE BINARY IN (?, ?) OR "k" IS NULL ORDER BY "k" COLLATE BINARY NULLS FIRST"#,
            binds: [.text("a"), .text("O'B")]))
        #expect(sqliteQueries.rows(withKeys: [[.null]]) == SQLStatement(
            #"SELECT "k" AS "c1", "v" AS "c2" FROM "t" WHERE "k" IS NULL ORDER BY "k" COLLATE BINARY NULLS FIRST"#))
    }

    @Test("fetch by an integer key: no collation")
    func rowsWithIntegerKeys() throws {
        #expect(ChunkQueries(mapping: try postgresTable(), side: .source, dialect: postgres).rows(withKeys: [[.integer(-1)], [.integer(7)]]) == SQLStatement(
            #"SELECT "id"::text AS "c1", "name"::text AS "c2", "amount"::text AS "c3" FROM "public"."t" WHERE "id" IN ($1::integer, $2::integer) ORDER BY "id""#,
            binds: [.integer(-1), .integer(7)]))
        #expect(ChunkQueries(mapping: try sqliteTable(), side: .source, dialect: sqlite).rows(withKeys: [[.integer(-1)], [.integer(7)]]) == SQLStatement(
            #"SELECT "id" AS "c1", "name" AS "c2", "amount" AS "c3" FROM "t" WHERE "id" IN (?, ?) ORDER BY "id""#,
            binds: [.integer(-1), .integer(7)]))
    }

    @Test("fetch by composite keys: an OR of NULL-safe equalities")
    func rowsWithCompositeKeys() throws {
        let keys: [[SQLValue]] = [[.integer(1), .null], [.integer(1), .text("A")], [.integer(2), .text("O'B")]]
        let binds: [SQLValue] = [.integer(1), .integer(1), .text("A"), .integer(2), .text("O'B")]
        #expect(ChunkQueries(mapping: try compositeTable(postgres), side: .source, dialect: postgres).rows(withKeys: keys) == SQLStatement(
            #"SELECT "someid"::text AS "c1", "desc1"::text AS "c2", "desc2"::text AS "c3" FROM "public"."t" WHERE ("someid" = $1::integer AND "desc1" IS NULL) OR ("someid" = $2::integer AND "desc1" COLLATE "C" = $3::character varying) OR ("someid" = $4::integer AND "desc1" COLLATE "C" = $5::character varying) ORDER BY "someid", "desc1" COLLATE "C" NULLS FIRST"#,
            binds: binds))
        #expect(ChunkQueries(mapping: try compositeTable(sqlite), side: .source, dialect: sqlite).rows(withKeys: keys) == SQLStatement(
            #"SELECT "someid" AS "c1", "desc1" AS "c2", "desc2" AS "c3" FROM "t" WHERE ("someid" = ? AND "desc1" IS NULL) OR ("someid" = ? AND "desc1" COLLATE BINARY = ?) OR ("someid" = ? AND "desc1" COLLATE BINARY = ?) ORDER BY "someid", "desc1" COLLATE BINARY NULLS FIRST"#,
            binds: binds))
    }

    @Test("fetch by key with a filter: both parenthesised")
    func rowsWithKeysAndFilter() throws {
        let mapping = try sameMapping(schema: nil, columns: [column("k", "TEXT", .text, nullable: true), column("v", "INTEGER", .integer)],
                                      primaryKey: ["k"], filter: "v > 0")
        #expect(ChunkQueries(mapping: mapping, side: .source, dialect: sqlite).rows(withKeys: [[.text("a")], [.null]]) == SQLStatement(
            #"SELECT "k" AS "c1", "v" AS "c2" FROM "t" WHERE (v > 0) AND ("k" COLLATE BINARY IN (?) OR "k" IS NULL) ORDER BY "k" COLLATE BINARY NULLS FIRST"#,
            binds: [.text("a")]))
    }
}
