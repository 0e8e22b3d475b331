/// How a host is written inside a `scheme://user@host:port/database` address in messages: an IPv6
/// literal in brackets (RFC 3986, section 3.2.2), so that its colons are not read as the port's;
/// a name or an IPv4 address as it is.
///
/// - Parameter host: a host name, an IPv4 address or an IPv6 literal, bracketed or not.
/// - Returns: `::1` → `[::1]`; `[::1]`, `db.example.com`, `127.0.0.1` unchanged.
public func hostForAddress(_ host: String) -> String {
    host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
}
