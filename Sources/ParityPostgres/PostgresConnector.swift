import Foundation
import Logging
import NIOSSL
import ParityCore
import PostgresNIO

/// How a PostgreSQL connection uses TLS, as libpq's `sslmode` names it
/// (https://www.postgresql.org/docs/15/libpq-ssl.html#LIBPQ-SSL-PROTECTION).
///
/// `allow` is not offered: it falls back to TLS only when the server insists, which protects nothing.
public enum PostgresSSLMode: String, Sendable, CaseIterable {
    /// Plain TCP, never TLS.
    case disable
    /// TLS when the server offers it, plain TCP otherwise; the certificate is not checked.
    /// libpq's default, and Parity's.
    case prefer
    /// TLS or no connection; the certificate is not checked (encrypted, but not protected from a
    /// server that impersonates the real one).
    case require
    /// TLS, and the server's certificate chain must lead to a trusted CA (`ssl_root_cert`, else
    /// the system trust store); the host name is not checked.
    case verifyCA = "verify-ca"
    /// As `verify-ca`, and the certificate must name the host Parity connects to (a DNS name in
    /// its subject alternative names, or the IP address for a host given as an address).
    case verifyFull = "verify-full"

    /// Whether the server's certificate is checked against trusted CAs.
    public var verifiesCertificate: Bool { self == .verifyCA || self == .verifyFull }
}

/// Connection settings for a PostgreSQL side. The password is held here only and never printed.
public struct PostgresSettings: Sendable {
    public var host: String
    /// TCP port, 1–65535; 5432 by default.
    public var port: Int
    public var database: String
    public var username: String
    public var password: String?
    /// Schema used when a table has none configured; `nil` follows the search_path.
    public var schema: String?
    /// Connect timeout in seconds.
    public var connectTimeout: Int
    /// Whether and how TLS is used; `prefer` by default, as in libpq.
    public var sslMode: PostgresSSLMode
    /// PEM file of the CA certificates trusted for `verify-ca` and `verify-full`; `nil` uses the
    /// system trust store.
    public var sslRootCertificate: String?

    public init(host: String, port: Int = 5432, database: String, username: String, password: String?, schema: String? = nil,
                connectTimeout: Int = 10, sslMode: PostgresSSLMode = .prefer, sslRootCertificate: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.schema = schema
        self.connectTimeout = connectTimeout
        self.sslMode = sslMode
        self.sslRootCertificate = sslRootCertificate
    }

    /// `postgresql://user@host:port/database`, without the password.
    public var displayName: String { "postgresql://\(username)@\(hostForAddress(host)):\(port)/\(database)" }
}

/// A PostgreSQL database as a comparison side, over postgres-nio.
///
/// The session is pinned at connect (startup parameters): `TimeZone=UTC` (timestamptz read as
/// UTC instants), `extra_float_digits=1` (shortest exact float text), `bytea_output=hex`,
/// `DateStyle=ISO, YMD`, `IntervalStyle=iso_8601`, `client_encoding=UTF8` and
/// `default_transaction_read_only=on`.
public final class PostgresConnector: DatabaseConnector {
    private let connection: PostgresConnection
    private let logger: Logger
    /// Queries waiting for their result, failed when the connection closes.
    private let pending = PendingQueries()
    public let settings: PostgresSettings
    public var dialect: any Dialect { PostgreSQLDialect() }
    public var displayName: String { settings.displayName }

    private init(connection: PostgresConnection, settings: PostgresSettings, logger: Logger) {
        self.connection = connection
        self.settings = settings
        self.logger = logger
        let pending = self.pending
        connection.closeFuture.whenComplete { _ in pending.failAll() }
    }

    /// Opens one connection, with TLS as ``PostgresSettings/sslMode`` asks.
    ///
    /// - Throws: ``ParityError`` `.connection` naming the server (never the password) and what
    ///   to check; for a TLS failure (a certificate no trusted CA signed, a certificate for
    ///   another host, a server without TLS under `require`) the message starts with `TLS:`.
    public static func connect(_ settings: PostgresSettings, readOnly: Bool = true, logger: Logger = Logger(label: "parity.postgres")) async throws -> PostgresConnector {
        var configuration = PostgresConnection.Configuration(host: settings.host, port: settings.port, username: settings.username,
                                                             password: settings.password, database: settings.database, tls: try tls(settings))
        configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeout))
        configuration.options.additionalStartupParameters = [
            ("TimeZone", "UTC"), ("extra_float_digits", "1"), ("bytea_output", "hex"), ("DateStyle", "ISO, YMD"),
            ("IntervalStyle", "iso_8601"), ("client_encoding", "UTF8"),
            ("default_transaction_read_only", readOnly ? "on" : "off"),
        ]
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return PostgresConnector(connection: connection, settings: settings, logger: logger)
        } catch {
            if let failure = tlsFailure(error, settings: settings) {
                throw ParityError(.connection, "Cannot connect to \(settings.displayName): TLS: \(failure)")
            }
            throw ParityError(.connection, "Cannot connect to \(settings.displayName): \(Self.reason(error)); check host, port, database, username and password.",
                              sqlState: Self.sqlState(error))
        }
    }

    /// Whether this session is encrypted, as the server sees it (`pg_stat_ssl`, PostgreSQL 9.5+),
    /// with what `sslmode` checked: e.g. `encrypted (TLSv1.3; sslmode verify-full: certificate
    /// and host name verified)`, `not encrypted (sslmode prefer: the server offers no TLS)`;
    /// `nil` when the server does not say.
    public func transportSecurity() async -> String? {
        let mode = "sslmode \(settings.sslMode.rawValue)"
        guard let row = try? await rawQuery("SELECT ssl::text, COALESCE(version, '') FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()",
                                            [], kinds: [.text, .text]).first,
              case .text(let ssl) = row[0] else { return nil }
        guard ssl == "true" else {
            return "not encrypted (\(mode)\(settings.sslMode == .prefer ? ": the server offers no TLS" : ""))"
        }
        let version = row[1].canonicalText.map { $0.isEmpty ? "TLS" : $0 } ?? "TLS"
        let checked: String
        switch settings.sslMode {
        case .verifyFull: checked = "certificate and host name verified"
        case .verifyCA: checked = "certificate verified, host name not checked"
        default: checked = "certificate not verified"
        }
        return "encrypted (\(version); \(mode): \(checked))"
    }

    /// The postgres-nio TLS setting of `settings.sslMode`: no TLS, TLS without a certificate check
    /// (`prefer`, `require`), or TLS checking the chain against `sslRootCertificate` or the system
    /// trust store, and for `verify-full` the host name too.
    ///
    /// - Throws: ``ParityError`` `.connection` when the root certificate file cannot be read or
    ///   holds no PEM certificate.
    static func tls(_ settings: PostgresSettings) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch settings.sslMode {
        case .disable:
            return .disable
        case .prefer, .require:
            configuration.certificateVerification = .none
            // Nothing is verified: the system trust store need not be loaded for each connection.
            configuration.trustRoots = .certificates([])
        case .verifyCA, .verifyFull:
            configuration.certificateVerification = settings.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
            if let path = settings.sslRootCertificate {
                let certificates = try? NIOSSLCertificate.fromPEMFile(path)
                guard let certificates, !certificates.isEmpty else {
                    throw ParityError(.connection, "Cannot connect to \(settings.displayName): TLS: ssl_root_cert \(path) holds no PEM certificate; give the PEM file of the CA that signed the server's certificate.")
                }
                configuration.trustRoots = .certificates(certificates)
            }
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ParityError(.connection, "Cannot connect to \(settings.displayName): TLS: cannot set up TLS (\(error)); check sslmode and ssl_root_cert.")
        }
        return settings.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    /// What went wrong with TLS in a failed connect, with what to do; `nil` when it was not TLS.
    static func tlsFailure(_ error: any Error, settings: PostgresSettings) -> String? {
        let trusted = settings.sslRootCertificate.map { "the CA certificates in ssl_root_cert \($0)" } ?? "the system trust store (no ssl_root_cert is given)"
        var current: (any Error)? = error
        while let error = current {
            if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
                return "the server's certificate is not for host \(settings.host) (sslmode verify-full checks the host name); connect by a name the certificate lists, or use sslmode verify-ca."
            }
            if let error = error as? NIOSSLError {
                if case .handshakeFailed(let underlying) = error, "\(underlying)".contains("CERTIFICATE_VERIFY_FAILED") {
                    return "the server's certificate is not signed by \(trusted) (certificate verify failed); set ssl_root_cert to the PEM file of the CA that signed it."
                }
                return "the TLS handshake failed (\(error)); check sslmode and ssl_root_cert."
            }
            if let error = error as? PSQLError {
                if error.code == .sslUnsupported {
                    return "the server does not accept TLS connections (sslmode \(settings.sslMode.rawValue)); enable ssl on the server, or set sslmode disable or prefer."
                }
                current = error.underlying
            } else {
                current = nil
            }
        }
        return nil
    }

    public func describeTable(schema: String?, name: String) async throws -> TableSchema {
        let schema = schema ?? settings.schema
        let findTable = """
            SELECT c.oid::int8, n.nspname::text, c.relname::text FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
            AND (CASE WHEN $2::text IS NULL THEN pg_catalog.pg_table_is_visible(c.oid) ELSE n.nspname = $2::text END)
            """
        var found = try await rawQuery(findTable + " AND c.relname = $1::text", [.text(name), schema.map(SQLValue.text) ?? .null], kinds: [.integer, .text, .text])
        if found.isEmpty {
            found = try await rawQuery(findTable + " AND lower(c.relname) = lower($1::text)", [.text(name), schema.map(SQLValue.text) ?? .null], kinds: [.integer, .text, .text])
        }
        let place = schema.map { "schema \($0) of " } ?? ""
        guard found.count == 1, case .integer(let oid) = found[0][0], case .text(let schemaName) = found[0][1], case .text(let tableName) = found[0][2] else {
            throw ParityError(.schema, found.isEmpty
                ? "Table \(name) does not exist in \(place)\(settings.displayName); check table_name and schema in the configuration."
                : "Table name \(name) matches \(found.count) tables in \(place)\(settings.displayName) when case is ignored; write it exactly.", table: name)
        }
        let columnRows = try await rawQuery("""
            SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), COALESCE(bt.typname, t.typname)::text,
            (NOT a.attnotnull)::text FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
            WHERE a.attrelid = $1::int8::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [.integer(oid)], kinds: [.text, .text, .text, .boolean])
        let columns = columnRows.map { row in
            ParityCore.ColumnInfo(name: row[0].canonicalText ?? "", typeName: row[1].canonicalText ?? "",
                                  kind: Self.kind(ofType: row[2].canonicalText ?? ""), isNullable: row[3] == .boolean(true))
        }
        return TableSchema(schema: schemaName, name: tableName, columns: columns)
    }

    public func query(_ statement: SQLStatement, resultKinds: [ValueKind]) async throws -> [[SQLValue]] {
        try await rawQuery(statement.sql, statement.binds, kinds: resultKinds)
    }

    public func close() async {
        try? await connection.close()
    }

    private func rawQuery(_ sql: String, _ binds: [SQLValue], kinds: [ValueKind]) async throws -> [[SQLValue]] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            if let text = Self.inputText(value) { bindings.append(text) } else { bindings.appendNull() }
        }
        do {
            let result = try await pending.watch(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)).get()
            var rows: [[SQLValue]] = []
            rows.reserveCapacity(result.count)
            for row in result {
                var values: [SQLValue] = []
                values.reserveCapacity(kinds.count)
                var index = 0
                for cell in row {
                    guard index < kinds.count else { break }
                    values.append(try Self.value(cell, kind: kinds[index]))
                    index += 1
                }
                rows.append(values)
            }
            return rows
        } catch let error as ParityError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            let lost = error is PendingQueries.ConnectionClosed
                || (error as? PSQLError).map { [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains($0.code) } ?? false
            throw ParityError(lost ? .connection : .query, "Query failed on \(settings.displayName): \(Self.reason(error))",
                              sqlState: Self.sqlState(error), sql: sql)
        }
    }

    /// The value kind of a PostgreSQL base type name (`pg_type.typname`).
    public static func kind(ofType typeName: String) -> ValueKind {
        switch typeName {
        case "int2", "int4", "int8", "oid": return .integer
        case "numeric": return .decimal
        case "float4", "float8": return .double
        case "bool": return .boolean
        case "bytea": return .bytes
        case "date": return .date
        case "time", "timetz": return .time
        case "timestamp": return .timestamp
        case "timestamptz": return .timestampWithTimeZone
        default: return .text
        }
    }

    /// Decodes one cell (text, or int8 for counts) into the value model.
    static func value(_ cell: PostgresCell, kind: ValueKind) throws -> SQLValue {
        if cell.dataType == .int8 {
            guard let number = try cell.decode(Int64?.self) else { return .null }
            return .integer(number)
        }
        if cell.dataType == .bool {
            guard let flag = try cell.decode(Bool?.self) else { return .null }
            return .boolean(flag)
        }
        guard let text = try cell.decode(String?.self) else { return .null }
        switch kind {
        case .integer: return Int64(text).map(SQLValue.integer) ?? .decimal(text)
        case .decimal: return .decimal(text)
        case .double: return .double(Double(text) ?? .nan)
        case .boolean: return .boolean(text == "true" || text == "t")
        case .bytes: return .bytes(HexText.decode(text.dropFirst(2)) ?? Array(text.utf8))
        case .date: return .date(text)
        case .time: return .time(text)
        case .timestamp: return .timestamp(text)
        case .timestampWithTimeZone: return .timestampWithTimeZone(text)
        case .text: return .text(text)
        }
    }

    /// The PostgreSQL input text of a bound value (cast to the column type in the SQL).
    static func inputText(_ value: SQLValue) -> String? {
        switch value {
        case .null: return nil
        case .integer(let number): return String(number)
        case .decimal(let text): return text
        case .double(let number): return SQLValue.double(number).canonicalText.map { $0 == "NaN" || $0.hasSuffix("Infinity") ? $0 : "\(number)" }
        case .boolean(let flag): return flag ? "true" : "false"
        case .bytes(let bytes): return "\\x" + HexText.encode(bytes)
        case .text(let text), .date(let text), .time(let text), .timestamp(let text), .timestampWithTimeZone(let text): return text
        }
    }

    /// The SQLSTATE of the server's error, also when it is wrapped (a connection closed with
    /// the server's reason as its underlying error).
    static func sqlState(_ error: any Error) -> String? {
        guard let error = error as? PSQLError else { return nil }
        return error.serverInfo?[.sqlState] ?? error.underlying.flatMap(sqlState)
    }

    /// The server's message, or the connection failure, without the query's values.
    static func reason(_ error: any Error) -> String {
        if error is PendingQueries.ConnectionClosed { return "the connection was closed" }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying as? PSQLError { return reason(underlying) }
        if let underlying = error.underlying { return systemReason(underlying) }
        return "\(error.code)"
    }

    /// A socket failure as the system names it (`Connection refused`), from the `errno: N` that
    /// NIO's errors carry; other errors as they describe themselves.
    static func systemReason(_ error: any Error) -> String {
        let text = "\(error)"
        if let range = text.range(of: "errno: ") {
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            if let number = Int32(digits) { return String(cString: strerror(number)) }
        }
        return text
    }
}

/// The queries of one connection that wait for their result, so they fail when the connection
/// closes instead of waiting for ever: postgres-nio (1.33) never completes a query written to a
/// connection the server has just closed (`pg_terminate_backend`, a restart, a network cut),
/// which would hang a comparison where a retry on a new connection would have finished it.
final class PendingQueries: @unchecked Sendable {
    /// The connection closed before the query's result came.
    struct ConnectionClosed: Error {}

    private let lock = NSLock()
    private var failures: [Int: @Sendable () -> Void] = [:]
    private var next = 0
    private var closed = false

    /// `future`'s result, or `ConnectionClosed` when the connection closes first.
    func watch<Value: Sendable>(_ future: EventLoopFuture<Value>) -> EventLoopFuture<Value> {
        let promise = future.eventLoop.makePromise(of: Value.self)
        lock.lock()
        if closed {
            lock.unlock()
            promise.fail(ConnectionClosed())
            return promise.futureResult
        }
        let id = next
        next += 1
        failures[id] = { promise.fail(ConnectionClosed()) }
        lock.unlock()
        future.whenComplete { [self] result in
            lock.withLock { _ = failures.removeValue(forKey: id) }
            promise.completeWith(result)
        }
        return promise.futureResult
    }

    /// Fails every waiting query; later ones fail at once.
    func failAll() {
        lock.lock()
        closed = true
        let waiting = failures.values
        failures.removeAll()
        lock.unlock()
        for fail in waiting { fail() }
    }
}
