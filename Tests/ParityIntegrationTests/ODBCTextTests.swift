import Foundation
import ParityCore
@testable import ParityODBC
import Testing

/// Connection strings and placeholders of the ODBC connector, as text.
@Suite("ODBC text")
struct ODBCTextTests {
    @Test("values with special characters are braced, } doubled; DRIVER is always braced")
    func quoting() {
        #expect(ODBCConnectionString.quote("plain") == "plain")
        #expect(ODBCConnectionString.quote("a;b}") == "{a;b}}}")
        #expect(ODBCConnectionString.build([("DRIVER", "MariaDB Unicode"), ("UID", "reader"), ("PWD", "p=w"), ("PORT", nil)])
            == "DRIVER={MariaDB Unicode};UID=reader;PWD={p=w}")
    }

    @Test("every secret attribute is masked, braced values included, the rest kept as written")
    func masking() {
        #expect(ODBCConnectionString.masked("DSN=prod;UID=reader;PWD={x;y}}z};Trusted=no")
            == "DSN=prod;UID=reader;PWD=***;Trusted=no")
        #expect(ODBCConnectionString.masked("Driver={Oracle 21};DBQ=//db:1521/XE;Password=abc;SSLKeyPassword=def")
            == "Driver={Oracle 21};DBQ=//db:1521/XE;Password=***;SSLKeyPassword=***")
        #expect(ODBCConnectionString.secrets(in: "UID=a;PWD={x;y}}z}") == ["x;y}z"])
        #expect(ODBCConnectionString.value(of: "uid", in: "DSN=x; UID = reader ;") == " reader ")
    }

    @Test("server attributes follow each driver's names")
    func serverAttributes() {
        func string(_ engine: ODBCEngine, _ driver: String) -> String {
            ODBCSettings(address: .server(host: "db", port: 1234, database: "sales"), engine: engine, username: "u", password: "p")
                .connectionString(driver: driver)
        }
        #expect(string(.oracle, "Oracle 21 ODBC driver") == "DRIVER={Oracle 21 ODBC driver};DBQ=//db:1234/sales;UID=u;PWD=p")
        #expect(string(.sqlserver, "ODBC Driver 18 for SQL Server") == "DRIVER={ODBC Driver 18 for SQL Server};SERVER=db,1234;DATABASE=sales;UID=u;PWD=p")
        #expect(string(.postgresql, "PostgreSQL Unicode") == "DRIVER={PostgreSQL Unicode};SERVER=db;PORT=1234;DATABASE=sales;UID=u;PWD=p")
        #expect(string(.mysql, "MariaDB Unicode") == "DRIVER={MariaDB Unicode};SERVER=db;PORT=1234;DATABASE=sales;UID=u;PWD=p;CHARSET=utf8mb4")
        #expect(ODBCSettings(address: .dataSource("shop"), engine: .mysql, username: "u", password: "p").connectionString(driver: nil)
            == "DSN=shop;UID=u;PWD=p;CHARSET=utf8mb4")
        #expect(ODBCSettings(address: .connectionString("DSN=shop;PWD=given"), username: "u", password: "p").connectionString(driver: nil)
            == "DSN=shop;PWD=given;UID=u")
    }

    @Test("the engine is told by the DBMS name")
    func engines() {
        #expect(ODBCEngine(dbmsName: "PostgreSQL") == .postgresql)
        #expect(ODBCEngine(dbmsName: "MariaDB") == .mysql)
        #expect(ODBCEngine(dbmsName: "MySQL") == .mysql)
        #expect(ODBCEngine(dbmsName: "Oracle") == .oracle)
        #expect(ODBCEngine(dbmsName: "Microsoft SQL Server") == .sqlserver)
        #expect(ODBCEngine(dbmsName: "SQLite") == .sqlite)
        #expect(ODBCEngine(dbmsName: "DB2/LINUXX8664") == nil)
        #expect(ODBCEngine.mysql.dialect is MySQLDialect)
        #expect(ODBCEngine.oracle.dialect is OracleDialect)
        #expect(ODBCEngine.sqlserver.dialect is SQLServerDialect)
        #expect(!ODBCEngine.mysql.sessionSettings(readOnly: true).contains { $0.uppercased().hasPrefix("SET NAMES") })
    }

    @Test("PostgreSQL's $n placeholders become ? in order of appearance, outside quotes and comments")
    func placeholders() {
        let rewritten = ODBCPlaceholders.rewrite(SQLStatement(
            #"SELECT '$1', "a$2", $$ $1 $$, E'\' $1' FROM t -- $2"# + "\n" + #"WHERE "id" > $2::int8 AND "id" <= $1::int8 OR x = $2 /* $1 */"#,
            binds: [.integer(10), .integer(20)]))
        #expect(rewritten.sql == #"SELECT '$1', "a$2", $$ $1 $$, E'\' $1' FROM t -- $2"# + "\n" + #"WHERE "id" > ?::int8 AND "id" <= ?::int8 OR x = ? /* $1 */"#)
        #expect(rewritten.binds == [.integer(20), .integer(10), .integer(20)])
    }

    @Test("catalogue types map to value kinds per engine")
    func typeMap() {
        #expect(ODBCTypeMap.kind(engine: .postgresql, typeName: "timestamptz", dataType: 93) == .timestampWithTimeZone)
        #expect(ODBCTypeMap.kind(engine: .postgresql, typeName: "bool", dataType: 12) == .boolean)
        #expect(ODBCTypeMap.kind(engine: .mysql, typeName: "BIGINT UNSIGNED", dataType: -5) == .decimal)
        #expect(ODBCTypeMap.kind(engine: .mysql, typeName: "TIMESTAMP", dataType: 93) == .timestampWithTimeZone)
        // BIT(1) is a flag; a wider BIT a number (BIT(12) holds 0…4095; as a boolean 4095 and 1 were alike).
        #expect(ODBCTypeMap.kind(engine: .mysql, typeName: "BIT", dataType: -7, size: 1) == .boolean)
        #expect(ODBCTypeMap.kind(engine: .mysql, typeName: "BIT", dataType: -2, size: 12) == .integer)
        #expect(ODBCTypeMap.kind(engine: .oracle, typeName: "DATE", dataType: 93) == .timestamp)
        #expect(ODBCTypeMap.kind(engine: .oracle, typeName: "TIMESTAMP(6) WITH TIME ZONE", dataType: -101) == .timestampWithTimeZone)
        #expect(ODBCTypeMap.kind(engine: .oracle, typeName: "NUMBER", dataType: 3) == .decimal)
        #expect(ODBCTypeMap.kind(engine: .sqlserver, typeName: "int identity", dataType: 4) == .integer)
        #expect(ODBCTypeMap.kind(engine: .sqlserver, typeName: "timestamp", dataType: -2) == .bytes)
        #expect(ODBCTypeMap.kind(engine: .sqlserver, typeName: "datetimeoffset", dataType: -155) == .timestampWithTimeZone)
        #expect(ODBCCatalogue.typeName("VARCHAR2", engine: .oracle, size: 100, digits: nil, octets: 400) == "VARCHAR2(400 BYTE)")
        #expect(ODBCCatalogue.typeName("DECIMAL", engine: .mysql, size: 12, digits: 2, octets: nil) == "decimal(12,2)")
        #expect(ODBCCatalogue.typeName("numeric", engine: .postgresql, size: 12, digits: 2, octets: nil) == "numeric")
        #expect(ODBCCatalogue.typeName("DATETIME", engine: .mysql, size: 23, digits: 3, octets: nil) == "datetime(3)")
        #expect(ODBCCatalogue.typeName("DATETIME", engine: .mysql, size: 19, digits: 0, octets: nil) == "datetime")
        // MariaDB Connector/ODBC gives no DECIMAL_DIGITS for DATETIME(n): the digits come from information_schema.
        #expect(ODBCCatalogue.mysqlFractionDigitsQuery(database: true) == "SELECT COLUMN_NAME, TABLE_NAME, CAST(DATETIME_PRECISION AS CHAR) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND DATETIME_PRECISION > 0")
        #expect(ODBCCatalogue.mysqlFractionDigitsQuery(database: false) == "SELECT COLUMN_NAME, TABLE_NAME, CAST(DATETIME_PRECISION AS CHAR) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND DATETIME_PRECISION > 0")
    }
}
