import Foundation
import ParityCore
import ParityODBC

extension Configuration {
    /// What a session's results depend on, by part: `source`, `target`, and `table NAME` for each
    /// table. Passwords, parallelism and output places are left out: they do not change results.
    /// So are `sslmode` and `ssl_root_cert`: TLS protects the same session with the same server,
    /// so a run interrupted under `prefer` may be resumed under `verify-full` (a renewed CA file
    /// must not make a session unresumable).
    ///
    /// - Parameter tables: the table names of the session, in order.
    public func fingerprint(tables names: [String]) -> [String: String] {
        var parts = ["source": Self.describe(source), "target": Self.describe(target)]
        for table in self.tables where names.contains(table.tableName) {
            var settings = [
                "target_table_name=\(table.targetTableName ?? table.tableName)",
                "schema=\(table.schema ?? "")",
                "target_schema=\(table.targetSchema ?? table.schema ?? "")",
                "primary_key=\(table.primaryKey.joined(separator: ","))",
                "chunk_size=\(table.chunkSize)",
                "exclude_columns=\(table.excludeColumns.joined(separator: ","))",
                "where=\(table.whereClause ?? "")",
                "compare_mode=\(table.compareMode.rawValue)",
            ]
            // Equivalence settings only when given, so fingerprints of older sessions stay as they were.
            let equivalence = table.equivalence.settings.joined(separator: ",")
            if !equivalence.isEmpty { settings.append("equivalence=\(equivalence)") }
            for column in table.columnEquivalences.keys.sorted() {
                settings.append("columns.\(column)=\(table.columnEquivalences[column]!.settings.joined(separator: ","))")
            }
            if !table.columnMap.isEmpty {
                settings.append("column_map=\(table.columnMap.sorted { $0.key < $1.key }.map { "\($0.key)->\($0.value)" }.joined(separator: ","))")
            }
            // Only when set, so fingerprints of sessions started without them stay as they were.
            if table.guardedStatements { settings.append("guarded_statements=true") }
            if let recheck = table.recheck {
                settings.append("recheck=after \(ConfigurationLoader.seconds(recheck.after)) s, \(recheck.attempts) attempt\(recheck.attempts == 1 ? "" : "s")")
            }
            parts["table \(table.tableName)"] = settings.joined(separator: "; ")
        }
        return parts
    }

    static func describe(_ database: DatabaseConfiguration) -> String {
        var settings = [
            "type=\(database.type.rawValue)", "host=\(database.host ?? "")", "port=\(database.port.map(String.init) ?? "")",
            "database=\(database.database ?? "")", "username=\(database.username ?? "")", "path=\(database.path ?? "")",
            "schema=\(database.schema ?? "")",
        ]
        // ODBC settings only when given, so fingerprints of other sessions stay as they were;
        // a connection string only masked.
        if let dsn = database.dsn { settings.append("dsn=\(dsn)") }
        if let connectionString = database.connectionString { settings.append("connection_string=\(ODBCConnectionString.masked(connectionString))") }
        if let driver = database.odbcDriver { settings.append("odbc_driver=\(driver)") }
        return settings.joined(separator: "; ")
    }

    /// The parts that differ between a stored fingerprint and this configuration's, each with
    /// the settings that changed, e.g. `table ORDERS: chunk_size 10000 → 5000`.
    public static func changes(from stored: [String: String], to current: [String: String]) -> [(part: String, description: String)] {
        Set(stored.keys).union(current.keys).sorted().compactMap { part in
            let was = stored[part]
            let now = current[part]
            guard was != now else { return nil }
            guard let was, let now else {
                return (part, "\(part): \(was == nil ? "not in the session" : "no longer configured")")
            }
            let before = settings(was)
            let after = settings(now)
            let fields = Set(before.keys).union(after.keys).sorted().filter { before[$0] != after[$0] }
            // A setting left at its default is not in a fingerprint at all: "(default)".
            let shown = { (value: String?) in value.map { $0.isEmpty ? "(none)" : $0 } ?? "(default)" }
            let detail = fields.map { "\($0) \(shown(before[$0])) → \(shown(after[$0]))" }
            return (part, "\(part): \(detail.joined(separator: ", "))")
        }
    }

    private static func settings(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in text.components(separatedBy: "; ") {
            guard let equals = item.firstIndex(of: "=") else { continue }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }
}
