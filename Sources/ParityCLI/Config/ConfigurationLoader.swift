import Foundation
import ParityCore
import ParityPostgres
import Yams

/// Reads and validates a Parity YAML configuration.
///
/// Every error names the file, the key path and the line, e.g.
/// `config.yaml:14: tables[1].chunk_size: expected a whole number ≥ 1, found "ten"`.
public struct ConfigurationLoader {
    /// Environment used for `password_env` and `${VAR}`.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    static let topKeys = ["source_database", "target_database", "tables", "state_directory", "output_directory", "chunk_size",
                          "compare_mode", "parallel_chunks", "retry", "equivalence", "guarded_statements", "recheck"]
    static let databaseKeys = ["type", "host", "port", "database", "username", "password", "password_env", "password_file", "path", "schema",
                               "dsn", "connection_string", "odbc_driver", "sslmode", "ssl_root_cert"]
    static let retryKeys = ["attempts", "initial_delay", "max_delay"]
    static let tableKeys = ["table_name", "primary_key", "chunk_size", "target_table_name", "schema", "target_schema", "exclude_columns", "where", "compare_mode",
                            "equivalence", "columns", "column_map", "guarded_statements", "recheck"]
    static let equivalenceKeys = ["empty_string_is_null", "char_padding", "numeric", "float_tolerance", "timestamp_precision",
                                  "time_zone", "uuid_case_insensitive", "date_only"]
    static let compareAsKinds: [String: ValueKind] = [
        "text": .text, "integer": .integer, "decimal": .decimal, "double": .double, "boolean": .boolean,
        "date": .date, "timestamp": .timestamp, "timestamptz": .timestampWithTimeZone,
    ]
    static let recheckKeys = ["after", "attempts"]

    /// Loads a configuration file.
    ///
    /// - Throws: ``ParityError`` `.configuration` with one line naming the file, key and line.
    public func load(path: String) throws -> Configuration {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ParityError(.configuration, "\(path): cannot read the configuration file; check the path (parity init writes a sample).")
        }
        // A byte order mark (editors on Windows write one) is not YAML content.
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        var configuration = try parse(String(decoding: body, as: UTF8.self), path: url.standardizedFileURL.path, displayName: path)
        var info = stat()
        if configuration.holdsPlainPassword, stat(url.path, &info) == 0, info.st_mode & 0o044 != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            configuration.warnings.append("\(path) holds a password and is readable by group or others (mode \(mode)); chmod 600 \(path), or use password_env or password_file instead of password")
        }
        return configuration
    }

    /// A host as the drivers take it: an IPv6 literal written as in a URL (`[::1]`) without its
    /// brackets; anything else as it is.
    static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") && host.contains(":") ? String(host.dropFirst().dropLast()) : host
    }

    /// Parses configuration text; `path` resolves relative paths, and names the file in messages
    /// (`file:line: key.path: message`) as `displayName` (the path as the user gave it), or by
    /// its last component when none is given.
    public func parse(_ text: String, path: String, displayName: String? = nil) throws -> Configuration {
        let file = displayName ?? (path as NSString).lastPathComponent
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ParityError(.configuration, "\(file): the file is empty; see parity init for a sample configuration.")
            }
            root = node
        } catch let error as ParityError {
            throw error
        } catch let error as YamlError {
            throw ParityError(.configuration, "\(file): not valid YAML: \(Self.describe(error)); correct the file there (parity init writes a commented sample).")
        }
        let context = Context(file: file, directory: (path as NSString).deletingLastPathComponent, environment: environment)
        let top = try context.mapping(root, path: "", allowed: Self.topKeys)
        guard let sourceNode = top["source_database"] else { throw context.error(root, "", "source_database is missing") }
        let (source, sourcePlainPassword) = try database(sourceNode, path: "source_database", context: context)
        guard let targetNode = top["target_database"] else { throw context.error(root, "", "target_database is missing") }
        let (target, targetPlainPassword) = try database(targetNode, path: "target_database", context: context)
        guard let tablesNode = top["tables"] else { throw context.error(root, "", "tables is missing; list the tables to compare") }
        let defaultChunk = try top["chunk_size"].map { try context.positiveInt($0, path: "chunk_size") } ?? 10_000
        let defaultMode = try top["compare_mode"].map { try context.mode($0, path: "compare_mode") } ?? .checksum
        var parallel = 4
        if let node = top["parallel_chunks"] {
            parallel = try context.positiveInt(node, path: "parallel_chunks")
            guard parallel <= 64 else { throw context.error(node, "parallel_chunks", "\(parallel) is more than 64 workers") }
        }
        let retry = try top["retry"].map { try self.retry($0, context: context) } ?? RetryPolicy()
        let topEquivalence = try top["equivalence"].map { try equivalence($0, path: "equivalence", column: false, context: context) } ?? EquivalenceOptions()
        let defaultGuarded = try top["guarded_statements"].map { try context.boolean($0, path: "guarded_statements") } ?? false
        let defaultRecheck = try top["recheck"].flatMap { try self.recheck($0, path: "recheck", context: context) }
        guard case .sequence(let sequence) = tablesNode, !sequence.isEmpty else {
            throw context.error(tablesNode, "tables", "expected a list of tables, each with table_name and primary_key")
        }
        var tables: [TableConfiguration] = []
        for (index, node) in sequence.enumerated() {
            let tablePath = "tables[\(index)]"
            let map = try context.mapping(node, path: tablePath, allowed: Self.tableKeys)
            guard let nameNode = map["table_name"] else { throw context.error(node, tablePath, "table_name is missing") }
            guard let keyNode = map["primary_key"] else { throw context.error(node, tablePath, "primary_key is missing; list the key columns") }
            let name = try context.string(nameNode, path: tablePath + ".table_name")
            if tables.contains(where: { $0.tableName == name }) {
                throw context.error(nameNode, tablePath + ".table_name", "table \(name) is listed twice")
            }
            let tableEquivalence = (try map["equivalence"].map { try equivalence($0, path: tablePath + ".equivalence", column: false, context: context) }
                ?? EquivalenceOptions()).inheriting(topEquivalence)
            var columnEquivalences: [String: EquivalenceOptions] = [:]
            if let columnsNode = map["columns"] {
                guard case .mapping(let columns) = columnsNode else {
                    throw context.error(columnsNode, tablePath + ".columns", "expected a mapping of column names to equivalence options")
                }
                for (columnNode, optionsNode) in columns {
                    let column = try context.string(columnNode, path: tablePath + ".columns")
                    columnEquivalences[column] = try equivalence(optionsNode, path: tablePath + ".columns." + column, column: true, context: context)
                }
            }
            var columnMap: [String: String] = [:]
            if let mapNode = map["column_map"] {
                guard case .mapping(let pairs) = mapNode else {
                    throw context.error(mapNode, tablePath + ".column_map", "expected a mapping of source column names to target column names")
                }
                for (sourceNode, targetNode) in pairs {
                    let sourceColumn = try context.string(sourceNode, path: tablePath + ".column_map")
                    columnMap[sourceColumn] = try context.string(targetNode, path: tablePath + ".column_map." + sourceColumn)
                }
            }
            tables.append(TableConfiguration(
                tableName: name,
                primaryKey: try context.stringList(keyNode, path: tablePath + ".primary_key", allowEmpty: false),
                chunkSize: try map["chunk_size"].map { try context.positiveInt($0, path: tablePath + ".chunk_size") } ?? defaultChunk,
                targetTableName: try map["target_table_name"].map { try context.string($0, path: tablePath + ".target_table_name") },
                schema: try map["schema"].map { try context.string($0, path: tablePath + ".schema") },
                targetSchema: try map["target_schema"].map { try context.string($0, path: tablePath + ".target_schema") },
                excludeColumns: try map["exclude_columns"].map { try context.stringList($0, path: tablePath + ".exclude_columns", allowEmpty: true) } ?? [],
                whereClause: try map["where"].map { try context.string($0, path: tablePath + ".where") },
                compareMode: try map["compare_mode"].map { try context.mode($0, path: tablePath + ".compare_mode") } ?? defaultMode,
                equivalence: tableEquivalence, columnEquivalences: columnEquivalences, columnMap: columnMap,
                guardedStatements: try map["guarded_statements"].map { try context.boolean($0, path: tablePath + ".guarded_statements") } ?? defaultGuarded,
                recheck: try map["recheck"].map { try self.recheck($0, path: tablePath + ".recheck", context: context) } ?? defaultRecheck))
        }
        let stateDirectory = try top["state_directory"].map { try context.string($0, path: "state_directory") } ?? "comparison_state"
        let outputDirectory = try top["output_directory"].map { try context.string($0, path: "output_directory") } ?? "."
        var configuration = Configuration(path: path, source: source, target: target, tables: tables,
                                          stateDirectory: stateDirectory, outputDirectory: outputDirectory, parallelChunks: parallel, retry: retry,
                                          holdsPlainPassword: sourcePlainPassword || targetPlainPassword)
        configuration.warnings += context.warnings.lines
        return configuration
    }

    /// `retry: {attempts: N, initial_delay: S, max_delay: S}`; keys left out keep the
    /// ``RetryPolicy`` defaults (3, 1 s, 30 s).
    private func retry(_ node: Node, context: Context) throws -> RetryPolicy {
        let map = try context.mapping(node, path: "retry", allowed: Self.retryKeys)
        var policy = RetryPolicy()
        if let attempts = map["attempts"] {
            policy.attempts = try context.wholeNumber(attempts, path: "retry.attempts", in: 0...100)
        }
        if let initial = map["initial_delay"] {
            policy.initialDelay = try context.seconds(initial, path: "retry.initial_delay", in: 0...3600)
        }
        if let longest = map["max_delay"] {
            policy.maxDelay = try context.seconds(longest, path: "retry.max_delay", in: 0...3600)
        }
        if policy.maxDelay < policy.initialDelay {
            throw context.error(map["max_delay"] ?? map["initial_delay"] ?? node, map["max_delay"] == nil ? "retry.initial_delay" : "retry.max_delay",
                                "max_delay (\(Self.seconds(policy.maxDelay)) s) is shorter than initial_delay (\(Self.seconds(policy.initialDelay)) s); make max_delay at least initial_delay")
        }
        return policy
    }

    /// Equivalence options (`equivalence:` at the top or of a table, or one column's under
    /// `columns:`, where `compare_as` is allowed too).
    private func equivalence(_ node: Node, path: String, column: Bool, context: Context) throws -> EquivalenceOptions {
        let map = try context.mapping(node, path: path, allowed: Self.equivalenceKeys + (column ? ["compare_as"] : []))
        var options = EquivalenceOptions()
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let valueNode = map[key] else { return nil }
            let text = try context.string(valueNode, path: path + "." + key)
            guard let value = T(rawValue: text.lowercased()) else {
                throw context.error(valueNode, path + "." + key, "unknown value \"\(text)\"; use \(T.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            return value
        }
        options.emptyStringIsNull = try map["empty_string_is_null"].map { try context.boolean($0, path: path + ".empty_string_is_null") }
        options.uuidCaseInsensitive = try map["uuid_case_insensitive"].map { try context.boolean($0, path: path + ".uuid_case_insensitive") }
        options.dateOnly = try map["date_only"].map { try context.boolean($0, path: path + ".date_only") }
        options.charPadding = try choice("char_padding", CharPadding.self)
        options.numeric = try choice("numeric", NumericComparison.self)
        options.timestampPrecision = try choice("timestamp_precision", TimestampPrecision.self)
        if let zoneNode = map["time_zone"] {
            let zone = try context.string(zoneNode, path: path + ".time_zone")
            // POSIX reads GMT+3 as three hours west of Greenwich, Foundation as east: refused.
            if zone.range(of: #"^(GMT|UTC|UT)[+-]"#, options: [.regularExpression, .caseInsensitive]) != nil {
                throw context.error(zoneNode, path + ".time_zone", "\"\(zone)\" means opposite offsets to different programs (POSIX reads GMT+3 as UTC−3); write the offset as +03:00 or -03:00, or use an IANA name such as Europe/Moscow")
            }
            guard EquivalenceOptions.isTimeZone(zone) else {
                if let spelled = EquivalenceOptions.timeZoneSpelled(like: zone) {
                    throw context.error(zoneNode, path + ".time_zone", "unknown time zone \"\(zone)\"; did you mean \(spelled)?")
                }
                throw context.error(zoneNode, path + ".time_zone", "unknown time zone \"\(zone)\"; use an IANA name such as Europe/Paris, UTC, or an offset such as +08:00")
            }
            options.timeZone = zone
        }
        if let toleranceNode = map["float_tolerance"] {
            let tolerancePath = path + ".float_tolerance"
            let tolerance = try context.mapping(toleranceNode, path: tolerancePath, allowed: ["absolute", "relative", "significant_digits"])
            guard tolerance.count == 1, let (key, valueNode) = tolerance.first else {
                throw context.error(toleranceNode, tolerancePath, "give exactly one of absolute, relative and significant_digits")
            }
            if key == "significant_digits" {
                options.floatTolerance = .significantDigits(try context.wholeNumber(valueNode, path: tolerancePath + "." + key, in: 1...17))
            } else {
                let text = try context.string(valueNode, path: tolerancePath + "." + key)
                guard let value = Double(text), value.isFinite, value >= 0 else {
                    throw context.error(valueNode, tolerancePath + "." + key, "expected a number ≥ 0 such as 0.001 or 1e-9, found \"\(text)\"")
                }
                options.floatTolerance = key == "absolute" ? .absolute(value) : .relative(value)
            }
        }
        if let kindNode = map["compare_as"] {
            let text = try context.string(kindNode, path: path + ".compare_as")
            guard let kind = Self.compareAsKinds[text.lowercased()] else {
                throw context.error(kindNode, path + ".compare_as", "unknown kind \"\(text)\"; use one of \(Self.compareAsKinds.keys.sorted().joined(separator: ", "))")
            }
            options.compareAs = kind
        }
        return options
    }

    /// `recheck: {after: S, attempts: N}` (`after` required, 0–3600 seconds; `attempts` 1–100,
    /// default 1), or `false`/`off` for none (a table turning off a top-level recheck).
    private func recheck(_ node: Node, path: String, context: Context) throws -> RecheckPolicy? {
        if case .scalar = node {
            guard (try? context.boolean(node, path: path)) == false else {
                throw context.error(node, path, "expected {after: SECONDS, attempts: N} or false")
            }
            return nil
        }
        let map = try context.mapping(node, path: path, allowed: Self.recheckKeys)
        guard let after = map["after"] else {
            throw context.error(node, path, "after is missing; give the seconds to wait before rows are read again, e.g. {after: 5, attempts: 2}")
        }
        var policy = RecheckPolicy(after: try context.seconds(after, path: path + ".after", in: 0...3600))
        if let attempts = map["attempts"] {
            policy.attempts = try context.wholeNumber(attempts, path: path + ".attempts", in: 1...100)
        }
        return policy
    }

    /// `2`, `0.25`: seconds as written in messages.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// One side's settings, and whether its password is written in the file as is (`password:`
    /// without `${VAR}`).
    private func database(_ node: Node, path: String, context: Context) throws -> (DatabaseConfiguration, Bool) {
        let map = try context.mapping(node, path: path, allowed: Self.databaseKeys)
        var typeGiven = false
        var type = DatabaseType.oracle
        if let typeNode = map["type"] {
            let name = try context.string(typeNode, path: path + ".type").lowercased()
            let aliases: [String: DatabaseType] = ["postgres": .postgresql, "pg": .postgresql, "sqlite3": .sqlite, "mariadb": .mysql, "mssql": .sqlserver]
            guard let parsed = DatabaseType(rawValue: name) ?? aliases[name] else {
                throw context.error(typeNode, path + ".type", "unknown database type \"\(name)\"; use one of \(DatabaseType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            type = parsed
            typeGiven = true
        }
        let passwordKeys = ["password", "password_env", "password_file"].filter { map[$0] != nil }
        if passwordKeys.count > 1, let second = map[passwordKeys[1]] {
            throw context.error(second, path + "." + passwordKeys[1], "give one of password, password_env and password_file, not \(passwordKeys.joined(separator: " and "))")
        }
        var plainPassword = false
        if case .scalar(let scalar)? = map["password"] { plainPassword = !scalar.string.contains("${") }
        var password = try map["password"].map { try context.string($0, path: path + ".password") }
        if let fileNode = map["password_file"] {
            password = try passwordFromFile(fileNode, path: path + ".password_file", context: context)
        }
        if let envNode = map["password_env"] {
            let variable = try context.string(envNode, path: path + ".password_env")
            guard let value = environment[variable] else {
                throw context.error(envNode, path + ".password_env", "environment variable \(variable) is not set; export it before running parity")
            }
            password = value
        }
        var port: Int?
        if let portNode = map["port"] {
            let value = try context.positiveInt(portNode, path: path + ".port")
            guard value <= 65_535 else { throw context.error(portNode, path + ".port", "port \(value) is out of range 1–65535") }
            port = value
        }
        var filePath = try map["path"].map { try context.string($0, path: path + ".path") }
        if let relative = filePath, !relative.hasPrefix("/") {
            filePath = (context.directory as NSString).appendingPathComponent(relative)
        }
        var configuration = DatabaseConfiguration(
            type: type, host: try map["host"].map { Self.unbracketed(try context.string($0, path: path + ".host")) }, port: port,
            database: try map["database"].map { try context.string($0, path: path + ".database") },
            username: try map["username"].map { try context.string($0, path: path + ".username") },
            password: password, path: filePath, schema: try map["schema"].map { try context.string($0, path: path + ".schema") },
            dsn: try map["dsn"].map { try context.string($0, path: path + ".dsn") },
            connectionString: try map["connection_string"].map { try context.string($0, path: path + ".connection_string") },
            odbcDriver: try map["odbc_driver"].map { try context.string($0, path: path + ".odbc_driver") },
            typeWasGiven: typeGiven)
        (configuration.sslMode, configuration.sslRootCertificate) = try tls(map, type: type, path: path, context: context)
        switch type {
        case .sqlite:
            if configuration.path == nil { throw context.error(node, path, "path is missing; a sqlite database needs the path of its file") }
        case .postgresql:
            for (key, value) in [("host", configuration.host), ("database", configuration.database), ("username", configuration.username)] where value == nil {
                throw context.error(node, path, "\(key) is missing; a postgresql database needs host, database and username")
            }
        case .odbc, .mysql, .oracle, .sqlserver:
            if configuration.dsn != nil && configuration.connectionString != nil, let key = map["connection_string"] {
                throw context.error(key, path + ".connection_string", "give either dsn or connection_string, not both")
            }
            if type == .odbc && configuration.dsn == nil && configuration.connectionString == nil && configuration.odbcDriver == nil {
                throw context.error(node, path, "an odbc database needs dsn, connection_string, or odbc_driver with host and database")
            }
        }
        if type != .odbc && type != .mysql && type != .oracle && type != .sqlserver {
            for key in ["dsn", "connection_string", "odbc_driver"] {
                if let keyNode = map[key] {
                    throw context.error(keyNode, path + "." + key, "\(key) is for databases reached through ODBC (type: odbc, mysql, oracle or sqlserver), not \(type.rawValue)")
                }
            }
        }
        return (configuration, plainPassword)
    }

    /// `sslmode` and `ssl_root_cert` of a PostgreSQL side: a known mode, and a root certificate
    /// file that exists (relative to the configuration file) and is used, that is with
    /// `verify-ca` or `verify-full`.
    private func tls(_ map: [String: Node], type: DatabaseType, path: String, context: Context) throws -> (PostgresSSLMode?, String?) {
        for key in ["sslmode", "ssl_root_cert"] where type != .postgresql {
            if let node = map[key] {
                throw context.error(node, path + "." + key, "\(key) is for type postgresql, not \(type.rawValue); a database reached through ODBC takes its TLS settings from the driver, DSN or connection_string")
            }
        }
        var mode: PostgresSSLMode?
        if let node = map["sslmode"] {
            let text = try context.string(node, path: path + ".sslmode")
            let names = PostgresSSLMode.allCases.map(\.rawValue)
            guard let parsed = PostgresSSLMode(rawValue: text.lowercased()) else {
                let hint = Suggestion.closest(to: text, in: names).map { "did you mean \($0)? " } ?? ""
                throw context.error(node, path + ".sslmode", "unknown sslmode \"\(text)\"; \(hint)use one of \(names.joined(separator: ", "))")
            }
            mode = parsed
        }
        guard let node = map["ssl_root_cert"] else { return (mode, nil) }
        guard let mode, mode.verifiesCertificate else {
            throw context.error(node, path + ".ssl_root_cert", "ssl_root_cert is used only with sslmode verify-ca or verify-full (sslmode is \(mode?.rawValue ?? "prefer")); set sslmode: verify-full")
        }
        var file = try context.string(node, path: path + ".ssl_root_cert")
        if !file.hasPrefix("/") { file = (context.directory as NSString).appendingPathComponent(file) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw context.error(node, path + ".ssl_root_cert", "\(file) is not a file; give the PEM file of the CA that signed the server's certificate")
        }
        return (mode, file)
    }

    /// The first line of the file `password_file` names (relative to the configuration file),
    /// without its line ending.
    private func passwordFromFile(_ node: Node, path: String, context: Context) throws -> String {
        var file = try context.string(node, path: path)
        if !file.hasPrefix("/") { file = (context.directory as NSString).appendingPathComponent(file) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw context.error(node, path, "\(file) does not exist; write the password on the first line of that file, or fix the path")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: file) else {
            throw context.error(node, path, "cannot read \(file); make it a file this user can read")
        }
        var line = Substring(String(decoding: data, as: UTF8.self))
        // "\r\n" is one Character in Swift.
        if let end = line.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) { line = line[..<end] }
        if line.hasSuffix("\r") { line = line.dropLast() }
        guard !line.isEmpty else {
            throw context.error(node, path, "the first line of \(file) is empty; write the password on it")
        }
        var info = stat()
        if stat(file, &info) == 0, info.st_mode & 0o044 != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            context.warnings.lines.append("\(file) holds a password and is readable by group or others (mode \(mode)); chmod 600 \(file)")
        }
        return String(line)
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            // The mark is where the mapping holding the repeated key starts.
            let keys = duplicates.sorted().joined(separator: ", ")
            return "the mapping at line \(context.mark.line) has the key\(duplicates.count == 1 ? "" : "s") \(keys) more than once"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}

/// Walks YAML nodes with the file name and key path at hand for messages.
struct Context {
    let file: String
    let directory: String
    let environment: [String: String]
    /// Warnings found while parsing (a password file others can read), for the run to log.
    let warnings = Warnings()

    final class Warnings {
        var lines: [String] = []
    }

    func error(_ node: Node, _ path: String, _ message: String) -> ParityError {
        let line = node.mark.map { ":\($0.line)" } ?? ""
        return ParityError(.configuration, "\(file)\(line): \(path.isEmpty ? "" : path + ": ")\(message)")
    }

    func mapping(_ node: Node, path: String, allowed: [String]) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw error(node, path, "expected a mapping of keys to values")
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error(keyNode, path, "keys must be text") }
            guard allowed.contains(key) else {
                let hint = Suggestion.closest(to: key, in: allowed).map { "; did you mean \($0)?" } ?? "; allowed keys: \(allowed.joined(separator: ", "))"
                throw error(keyNode, path.isEmpty ? key : path + "." + key, "unknown key \(key)\(hint)")
            }
            if result[key] != nil { throw error(keyNode, path.isEmpty ? key : path + "." + key, "key \(key) appears twice") }
            result[key] = value
        }
        return result
    }

    func string(_ node: Node, path: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, path, "expected a single value") }
        return try interpolate(scalar.string, node: node, path: path)
    }

    func stringList(_ node: Node, path: String, allowEmpty: Bool) throws -> [String] {
        var values: [String] = []
        switch node {
        case .scalar: values = [try string(node, path: path)]
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() { values.append(try string(item, path: "\(path)[\(index)]")) }
        default: throw error(node, path, "expected a list of column names")
        }
        if values.isEmpty && !allowEmpty { throw error(node, path, "the list is empty") }
        return values
    }

    func mode(_ node: Node, path: String) throws -> CompareMode {
        let text = try string(node, path: path)
        guard let mode = CompareMode(rawValue: text.lowercased()) else {
            throw error(node, path, "unknown compare mode \"\(text)\"; use checksum or rows")
        }
        return mode
    }

    /// `true` or `false` (also `yes`/`no`, `on`/`off`).
    func boolean(_ node: Node, path: String) throws -> Bool {
        let text = try string(node, path: path)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(node, path, "expected true or false, found \"\(text)\"")
        }
    }

    /// A whole number in `range`.
    func wholeNumber(_ node: Node, path: String, in range: ClosedRange<Int>) throws -> Int {
        let text = try string(node, path: path).replacingOccurrences(of: "_", with: "")
        guard let value = Int(text), range.contains(value) else {
            throw error(node, path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \"\(text)\"")
        }
        return value
    }

    /// A number of seconds in `range` (fractions allowed: `0.5`).
    func seconds(_ node: Node, path: String, in range: ClosedRange<Double>) throws -> Double {
        let text = try string(node, path: path)
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw error(node, path, "expected seconds from \(ConfigurationLoader.seconds(range.lowerBound)) to \(ConfigurationLoader.seconds(range.upperBound)), found \"\(text)\"")
        }
        return value
    }

    func positiveInt(_ node: Node, path: String) throws -> Int {
        let text = try string(node, path: path).replacingOccurrences(of: "_", with: "")
        guard let value = Int(text), value >= 1 else {
            throw error(node, path, "expected a whole number ≥ 1, found \"\(text)\"")
        }
        return value
    }

    /// Replaces `${NAME}` with the environment variable NAME.
    func interpolate(_ text: String, node: Node, path: String) throws -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw error(node, path, "unclosed ${ in value")
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name] else {
                throw error(node, path, "environment variable \(name) is not set; export it before running parity")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}

/// "Did you mean" for misspelt keys.
enum Suggestion {
    /// The allowed word within edit distance 3 of `word`, closest first; else the one allowed
    /// word that `word` (4 characters or more) begins, as a shortening (`state_dir` →
    /// `state_directory`).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let near = candidates.map({ ($0, distance(lowered, $0)) }).filter({ $0.1 <= 3 }).min(by: { $0.1 < $1.1 })?.0 { return near }
        let longer = candidates.filter { $0.hasPrefix(lowered) }
        return lowered.count >= 4 && longer.count == 1 ? longer[0] : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
