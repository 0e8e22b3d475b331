import CODBC
import ParityCore

/// The ODBC drivers unixODBC knows (`/etc/odbcinst.ini`, listed with `SQLDrivers`).
public enum ODBCDrivers {
    /// Names of the installed drivers, in the driver manager's order; empty when none is
    /// registered or the driver manager cannot be used.
    public static func installed() -> [String] {
        guard let environment = try? ODBCHandle.environment() else { return [] }
        var names: [String] = []
        var name = [SQLCHAR](repeating: 0, count: 512)
        var attributes = [SQLCHAR](repeating: 0, count: 2048)
        var nameLength: SQLSMALLINT = 0
        var attributesLength: SQLSMALLINT = 0
        var direction = SQLUSMALLINT(SQL_FETCH_FIRST)
        while ODBCResult.succeeded(SQLDrivers(environment.raw, direction, &name, SQLSMALLINT(name.count), &nameLength,
                                              &attributes, SQLSMALLINT(attributes.count), &attributesLength)) {
            let end = name.firstIndex(of: 0) ?? min(Int(nameLength), name.count)
            names.append(String(decoding: name[..<end], as: UTF8.self))
            direction = SQLUSMALLINT(SQL_FETCH_NEXT)
        }
        return names
    }

    /// The first driver whose name contains `Oracle` (any case), e.g. `Oracle 21 ODBC driver`.
    public static func oracleDriver(in installed: [String]) -> String? {
        installed.first { $0.lowercased().contains("oracle") }
    }

    /// The README section that explains installing Oracle's ODBC driver.
    public static let oracleReadmeSection = "Oracle through ODBC"

    /// The error for a machine without an Oracle ODBC driver: one sentence naming what to install.
    ///
    /// - Parameter subject: what needs the driver, e.g. `Oracle` or `Oracle (no type is given
    ///   for source_database, which means Oracle)`.
    public static func oracleDriverMissing(subject: String = "Oracle") -> ParityError {
        ParityError(.unsupported, "\(subject) is reached through ODBC, and no Oracle ODBC driver is installed; install Oracle Instant Client Basic and ODBC packages and register the driver (README, section \"\(oracleReadmeSection)\").")
    }
}
