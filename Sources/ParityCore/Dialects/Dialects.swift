/// The dialects by name, for choosing one from a command line or a stored plan.
public enum Dialects {
    /// Every dialect name: `postgresql`, `sqlite`, `oracle`, `mysql`, `sqlserver`.
    public static let names = ["postgresql", "sqlite", "oracle", "mysql", "sqlserver"]

    /// The dialect called `name` (also `postgres`, `mariadb`, `mssql`), or `nil`.
    public static func named(_ name: String) -> (any Dialect)? {
        switch name.lowercased() {
        case "postgresql", "postgres": return PostgreSQLDialect()
        case "sqlite", "sqlite3": return SQLiteDialect()
        case "oracle": return OracleDialect()
        case "mysql", "mariadb": return MySQLDialect()
        case "sqlserver", "mssql": return SQLServerDialect()
        default: return nil
        }
    }
}
