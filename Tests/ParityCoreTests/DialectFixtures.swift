import Testing
@testable import ParityCore

/// Tables, key ranges and differences shared by the golden tests of the Oracle, MySQL and SQL
/// Server dialects and by the SQL parser check, which parses every statement those tests pin.
enum DialectFixtures {
    /// Catalogue type names of one engine for the fixture columns.
    struct Types: Sendable {
        var integer: String
        var text: @Sendable (Int) -> String
        var decimal: String
        var unboundedDecimal: String
        var date: String
        var dateTime: String
        var timestamp: String
        var uuid: String
        var blob: String
        var clob: String

        static let oracle = Types(integer: "NUMBER(10)", text: { "VARCHAR2(\($0) BYTE)" }, decimal: "NUMBER(10,4)", unboundedDecimal: "NUMBER",
                                  date: "DATE", dateTime: "DATE", timestamp: "TIMESTAMP(6)", uuid: "RAW(16)", blob: "BLOB", clob: "CLOB")
        static let mysql = Types(integer: "int", text: { "varchar(\($0))" }, decimal: "decimal(10,4)", unboundedDecimal: "decimal(65,30)",
                                 date: "date", dateTime: "datetime", timestamp: "datetime(6)", uuid: "binary(16)", blob: "longblob", clob: "longtext")
        static let sqlServer = Types(integer: "int", text: { "nvarchar(\($0))" }, decimal: "decimal(10,4)", unboundedDecimal: "decimal(38,10)",
                                     date: "date", dateTime: "datetime2(0)", timestamp: "datetime2(6)", uuid: "uniqueidentifier", blob: "varbinary(max)",
                                     clob: "nvarchar(max)")
    }

    static func types(_ dialect: any Dialect) -> Types {
        switch dialect.name {
        case "oracle": return .oracle
        case "mysql": return .mysql
        default: return .sqlServer
        }
    }

    static func schema(_ dialect: any Dialect) -> String {
        switch dialect.name {
        case "oracle": return "PARITY"
        case "mysql": return "shop"
        default: return "dbo"
        }
    }

    // MARK: Chunk queries

    /// `t(id integer NOT NULL, name text, amount decimal)`, key `id`.
    static func singleKey(_ dialect: any Dialect) throws -> TableMapping {
        let types = types(dialect)
        return try sameMapping(schema: schema(dialect), columns: [
            column("id", types.integer, .integer),
            column("name", types.text(40), .text, nullable: true),
            column("amount", types.decimal, .decimal, nullable: true),
        ], primaryKey: ["id"])
    }

    /// Case 07: `t(someid integer NOT NULL, desc1 text(2), desc2 text(2))`, key `(someid, desc1)`
    /// with a nullable text column.
    static func compositeKey(_ dialect: any Dialect) throws -> TableMapping {
        let types = types(dialect)
        return try sameMapping(schema: schema(dialect), columns: [
            column("someid", types.integer, .integer),
            column("desc1", types.text(2), .text, nullable: true),
            column("desc2", types.text(2), .text, nullable: true),
        ], primaryKey: ["someid", "desc1"])
    }

    /// Every statement ``ChunkQueries`` emits for a mapping, named: count, boundaries, rows of
    /// the first, a middle and the last chunk, checksum, bucket checksums, key hashes (all and
    /// of two buckets) and rows by key.
    static func chunkStatements(_ mapping: TableMapping, dialect: any Dialect) -> [(name: String, statement: SQLStatement)] {
        let queries = ChunkQueries(mapping: mapping, side: .source, dialect: dialect)
        let composite = mapping.keyColumns.count > 1
        let lower: [SQLValue] = composite ? [.integer(1), .null] : [.integer(10)]
        let upper: [SQLValue] = composite ? [.integer(3), .text("C")] : [.integer(20)]
        let keys: [[SQLValue]] = composite ? [[.integer(1), .null], [.integer(3), .text("C")]] : [[.integer(1)], [.integer(2)]]
        let middle = KeyRange(lower: lower, upper: upper)
        return [
            ("count", queries.count()),
            ("boundaries", queries.boundaries(chunkSize: 1000)),
            ("rows of the first chunk", queries.rows(in: KeyRange(lower: nil, upper: upper))),
            ("rows of a middle chunk", queries.rows(in: middle)),
            ("rows of the last chunk", queries.rows(in: KeyRange(lower: lower, upper: nil))),
            ("checksum", queries.checksum(in: middle)),
            ("bucket checksums", queries.bucketChecksums(in: middle)),
            ("key hashes", queries.keyHashes(in: middle)),
            ("key hashes of two buckets", queries.keyHashes(in: middle, buckets: [3, 200])),
            ("rows with keys", queries.rows(withKeys: keys)),
        ]
    }

    /// Expects ``chunkStatements(_:dialect:)`` to be exactly `expected`: names, SQL and binds.
    static func expectChunkStatements(_ mapping: TableMapping, dialect: any Dialect, _ expected: [(name: String, sql: String, binds: [SQLValue])],
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        let statements = chunkStatements(mapping, dialect: dialect)
        #expect(statements.map(\.name) == expected.map(\.name), sourceLocation: sourceLocation)
        for (statement, golden) in zip(statements, expected) {
            #expect(statement.statement.sql == golden.sql, "\(golden.name)", sourceLocation: sourceLocation)
            #expect(statement.statement.binds == golden.binds, "\(golden.name)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Cases

    /// The sync script of a shared case (`cases.yaml`) for a target of this dialect: the case's
    /// source rows are written into a target that holds its target rows.
    static func caseScript(_ id: String, dialect: any Dialect) throws -> String {
        let (mapping, differences) = try caseDifferences(id, dialect: dialect)
        return SyncScriptWriter(mapping: mapping, targetDialect: dialect).script(for: differences, header: ["Parity sync script for case \(id)"])
    }

    /// The cases with a golden script for every dialect, and those with one for Oracle only.
    static let commonCases = ["13", "15", "16"]
    static let oracleCases = ["05", "09", "11", "13", "14", "15", "16"]

    static func caseDifferences(_ id: String, dialect: any Dialect) throws -> (TableMapping, [RowDifference]) {
        let types = types(dialect)
        let schema = schema(dialect)
        let upper = dialect.name == "oracle"
        func name(_ text: String) -> String { upper ? text.uppercased() : text }
        switch id {
        case "05":
            // PostgreSQL source keeps '', the Oracle target has NULL: strict comparison updates it.
            let mapping = try sameMapping(name: name("t"), schema: schema, columns: [
                column(name("id"), types.integer, .integer), column(name("note"), types.text(10), .text, nullable: true),
            ], primaryKey: [name("id")])
            return (mapping, [RowDifference(kind: .different, key: [.integer(1)], sourceRow: [.integer(1), .text("")],
                                            targetRow: [.integer(1), .null], columns: [name("note")])])
        case "09":
            let mapping = try sameMapping(name: name("t"), schema: schema, columns: [
                column(name("id"), types.integer, .integer), column(name("a"), types.decimal, .decimal, nullable: true),
                column(name("b"), types.unboundedDecimal, .decimal, nullable: true),
            ], primaryKey: [name("id")])
            return (mapping, [RowDifference(kind: .different, key: [.integer(4)], sourceRow: [.integer(4), .decimal("2.5"), .decimal("2.5")],
                                            targetRow: [.integer(4), .decimal("2.5"), .decimal("2.51")], columns: [name("b")])])
        case "11":
            let mapping = try sameMapping(name: name("t"), schema: schema, columns: [
                column(name("id"), types.integer, .integer), column(name("ts"), types.timestamp, .timestamp, nullable: true),
                column(name("d"), types.dateTime, .timestamp, nullable: true),
            ], primaryKey: [name("id")])
            return (mapping, [RowDifference(kind: .different, key: [.integer(2)],
                                            sourceRow: [.integer(2), .timestamp("1970-01-03 00:00:01.654321"), .timestamp("2024-03-01 13:45:00")],
                                            targetRow: [.integer(2), .timestamp("1970-01-03 00:00:01.654"), .timestamp("2024-03-01 00:00:00")],
                                            columns: [name("ts"), name("d")])])
        case "13":
            let mapping = try sameMapping(name: name("t"), schema: schema, columns: [
                column(name("id"), types.integer, .integer), column(name("g"), types.uuid, dialect.name == "sqlserver" ? .text : .bytes, nullable: true),
                column(name("b"), types.blob, .bytes, nullable: true),
            ], primaryKey: [name("id")])
            let uuid: SQLValue = dialect.name == "sqlserver" ? .text("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90")
                : .bytes(HexText.decode("A1B2C3D4E5F60718293A4B5C6D7E8F90") ?? [])
            return (mapping, [
                RowDifference(kind: .different, key: [.integer(1)], sourceRow: [.integer(1), uuid, .bytes([0x00, 0xFF])],
                              targetRow: [.integer(1), .null, .bytes([0x00, 0xFF])], columns: [name("g")]),
                RowDifference(kind: .missingInTarget, key: [.integer(3)], sourceRow: [.integer(3), .null, .bytes([0x00, 0x27, 0x5C, 0xFF])], targetRow: nil),
            ])
        case "14":
            let mapping = try sameMapping(name: name("doc"), schema: schema, columns: [
                column(name("id"), types.integer, .integer), column(name("body"), types.clob, .text, nullable: true),
            ], primaryKey: [name("id")])
            return (mapping, [
                RowDifference(kind: .missingInTarget, key: [.integer(1)], sourceRow: [.integer(1), .text(case14Texts[0])], targetRow: nil),
                RowDifference(kind: .missingInTarget, key: [.integer(2)], sourceRow: [.integer(2), .text(case14Texts[1])], targetRow: nil),
            ])
        case "15":
            let mapping = try sameMapping(name: name("t"), schema: schema, columns: [
                column(name("id"), types.integer, .integer), column(name("name"), types.text(40), .text, nullable: true),
            ], primaryKey: [name("id")])
            let rows: [[SQLValue]] = [[.integer(1), .text("O'Brien & Sons")], [.integer(2), .text("R&D")], [.integer(3), .text("a'a")]]
            return (mapping, rows.map { RowDifference(kind: .missingInTarget, key: [$0[0]], sourceRow: $0, targetRow: nil) })
        case "16":
            let mapping = try sameMapping(name: "ORDER", schema: schema, columns: [
                column("ID", types.integer, .integer), column("DATE", types.date, .date, nullable: true),
                column("COLUMN", types.integer, .integer, nullable: true), column("value", types.text(20), .text, nullable: true),
            ], primaryKey: ["ID"])
            return (mapping, [
                RowDifference(kind: .missingInTarget, key: [.integer(2)], sourceRow: [.integer(2), .date("2024-01-02"), .integer(0), .text("b")], targetRow: nil),
                RowDifference(kind: .missingInSource, key: [.integer(9)], sourceRow: nil, targetRow: [.integer(9), .null, .null, .null]),
                RowDifference(kind: .different, key: [.integer(1)], sourceRow: [.integer(1), .date("2024-01-01"), .integer(1), .text("c")],
                              targetRow: [.integer(1), .date("2024-01-01"), .integer(1), .text("a")], columns: ["value"]),
            ])
        default:
            throw FixtureError(description: "no fixture for case \(id)")
        }
    }

    /// Case 14's texts: 5000 × `x` and 2001 × `é` (4002 bytes of UTF-8).
    static let case14Texts = [String(repeating: "x", count: 5000), String(repeating: "\u{E9}", count: 2001)]

    // MARK: Scripts beyond the cases

    /// A BLOB of 2500 bytes (longer than a RAW literal) inserted into an Oracle table, and the
    /// duplicate-key delete of a row holding a CLOB.
    static func largeObjectScript(_ dialect: any Dialect) throws -> String {
        let types = types(dialect)
        let mapping = try sameMapping(name: "FILES", schema: schema(dialect), columns: [
            column("ID", types.integer, .integer), column("DATA", types.blob, .bytes, nullable: true),
            column("NOTE", types.clob, .text, nullable: true),
        ], primaryKey: ["ID"])
        let differences = [
            RowDifference(kind: .missingInSource, key: [.integer(7)], sourceRow: nil, targetRow: [.integer(7), .bytes([0x01]), .text("dup")], duplicateKey: true),
            RowDifference(kind: .missingInTarget, key: [.integer(8)], sourceRow: [.integer(8), .bytes(largeBlob), .text("line1\nline2")], targetRow: nil),
        ]
        return SyncScriptWriter(mapping: mapping, targetDialect: dialect).script(for: differences, header: [])
    }

    /// A table keyed on text, `k(code varchar(10), grade char(2), qty integer, note varchar(20))`
    /// keyed on `(code, grade)` (SQL Server `nvarchar`/`nchar`, Oracle `VARCHAR2`/`CHAR`, PostgreSQL
    /// `citext`/`character(2)`, SQLite `VARCHAR`/`CHAR`), with one difference of each
    /// kind and a row whose key repeats: every statement picks its row by a text key.
    static func textKeyDifferences(_ dialect: any Dialect) throws -> (TableMapping, [RowDifference]) {
        let upper = dialect.name == "oracle"
        func name(_ text: String) -> String { upper ? text.uppercased() : text }
        let (code, grade, integer, note): (String, String, String, String)
        let schema: String?
        switch dialect.name {
        case "oracle": (code, grade, integer, note, schema) = ("VARCHAR2(10 BYTE)", "CHAR(2 BYTE)", "NUMBER(10)", "VARCHAR2(20 BYTE)", "PARITY")
        case "mysql": (code, grade, integer, note, schema) = ("varchar(10)", "char(2)", "int", "varchar(20)", "shop")
        case "sqlserver": (code, grade, integer, note, schema) = ("nvarchar(10)", "nchar(2)", "int", "nvarchar(20)", "dbo")
        case "postgresql": (code, grade, integer, note, schema) = ("citext", "character(2)", "integer", "character varying(20)", "public")
        default: (code, grade, integer, note, schema) = ("VARCHAR(10)", "CHAR(2)", "INTEGER", "VARCHAR(20)", nil)
        }
        let mapping = try sameMapping(name: name("k"), schema: schema, columns: [
            column(name("code"), code, .text), column(name("grade"), grade, .text, nullable: true),
            column(name("qty"), integer, .integer, nullable: true), column(name("note"), note, .text, nullable: true),
        ], primaryKey: [name("code"), name("grade")])
        return (mapping, [
            RowDifference(kind: .missingInSource, key: [.text("C "), .text("x")], sourceRow: nil, targetRow: [.text("C "), .text("x"), .integer(4), .null]),
            RowDifference(kind: .missingInSource, key: [.text("D"), .null], sourceRow: nil, targetRow: [.text("D"), .null, .integer(7), .text("É")],
                          duplicateKey: true),
            RowDifference(kind: .different, key: [.text("A"), .text("b")], sourceRow: [.text("A"), .text("b"), .integer(2), .text("new")],
                          targetRow: [.text("A"), .text("b"), .integer(9), .text("old")], columns: [name("qty"), name("note")]),
            RowDifference(kind: .missingInTarget, key: [.text("c"), .text("a")], sourceRow: [.text("c"), .text("a"), .integer(1), .text("O'Brien")], targetRow: nil),
        ])
    }

    /// The sync script of ``textKeyDifferences(_:)``, plain or guarded.
    static func textKeyScript(_ dialect: any Dialect, guarded: Bool) throws -> String {
        let (mapping, differences) = try textKeyDifferences(dialect)
        return SyncScriptWriter(mapping: mapping, targetDialect: dialect, guarded: guarded).script(for: differences, header: [])
    }

    /// 2500 bytes counting 0, 1, …, 255, 0, 1, ….
    static let largeBlob = (0..<2500).map { UInt8($0 % 256) }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }
}
