import Foundation

/// Builds, reads and masks ODBC connection strings: `KEY=value` attributes separated by `;`,
/// a value in braces (`PWD={a;b}`) when it holds special characters, `}` doubled inside braces
/// (the ODBC `SQLDriverConnect` grammar).
public enum ODBCConnectionString {
    /// What every password-like attribute value is shown as.
    public static let mask = "***"

    /// `value` as an attribute value: braced when it holds `;`, `{`, `}`, `=`, or starts or ends
    /// with a space, with `}` doubled. For example `quote("a;b}")` → `{a;b}}}`.
    public static func quote(_ value: String) -> String {
        let special = value.contains(where: { ";{}=".contains($0) }) || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard special else { return value }
        return "{" + value.replacingOccurrences(of: "}", with: "}}") + "}"
    }

    /// `value` in braces, `}` doubled, whatever it holds: `braced("MariaDB Unicode")` →
    /// `{MariaDB Unicode}`, the usual spelling of a driver name.
    public static func braced(_ value: String) -> String {
        "{" + value.replacingOccurrences(of: "}", with: "}}") + "}"
    }

    /// `KEY=value;…` of attributes whose value is not `nil`, values quoted with ``quote(_:)``
    /// (`DRIVER` always braced).
    public static func build(_ attributes: [(key: String, value: String?)]) -> String {
        attributes.compactMap { key, value in
            value.map { "\(key)=\(key.uppercased() == "DRIVER" ? braced($0) : quote($0))" }
        }.joined(separator: ";")
    }

    /// The attributes of a connection string, in order, keys as written, values unbraced.
    public static func attributes(_ string: String) -> [(key: String, value: String)] {
        parse(string).map { ($0.key, $0.value) }
    }

    /// The value of the first attribute named `key` (case-insensitive), if any.
    public static func value(of key: String, in string: String) -> String? {
        parse(string).first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    /// Whether an attribute key names a secret: `PWD`, `PASSWORD` and keys containing them
    /// (`SSLPassword`), `SECRET` or `TOKEN`.
    public static func isSecret(_ key: String) -> Bool {
        let name = key.uppercased()
        return ["PWD", "PASSWORD", "SECRET", "TOKEN"].contains { name.contains($0) }
    }

    /// The connection string with every secret attribute's value replaced by `***`:
    /// `DSN=prod;UID=reader;PWD={x;y}` → `DSN=prod;UID=reader;PWD=***`.
    public static func masked(_ string: String) -> String {
        var result = ""
        var position = string.startIndex
        for attribute in parse(string) where isSecret(attribute.key) {
            result += string[position..<attribute.valueRange.lowerBound] + mask
            position = attribute.valueRange.upperBound
        }
        return result + string[position...]
    }

    /// The values of every secret attribute (to scrub from driver messages).
    public static func secrets(in string: String) -> [String] {
        parse(string).filter { isSecret($0.key) && !$0.value.isEmpty }.map(\.value)
    }

    private struct Attribute {
        var key: String
        var value: String
        /// Where the value is written, braces included.
        var valueRange: Range<String.Index>
    }

    private static func parse(_ string: String) -> [Attribute] {
        var attributes: [Attribute] = []
        var index = string.startIndex
        while index < string.endIndex {
            let keyStart = index
            while index < string.endIndex, string[index] != "=", string[index] != ";" { index = string.index(after: index) }
            let key = string[keyStart..<index].trimmingCharacters(in: .whitespaces)
            guard index < string.endIndex, string[index] == "=" else {
                if index < string.endIndex { index = string.index(after: index) }
                continue
            }
            index = string.index(after: index)
            let valueStart = index
            var value = ""
            if index < string.endIndex, string[index] == "{" {
                index = string.index(after: index)
                while index < string.endIndex {
                    if string[index] == "}" {
                        let next = string.index(after: index)
                        if next < string.endIndex, string[next] == "}" {
                            value.append("}")
                            index = string.index(after: next)
                            continue
                        }
                        index = next
                        break
                    }
                    value.append(string[index])
                    index = string.index(after: index)
                }
                let valueEnd = index
                while index < string.endIndex, string[index] != ";" { index = string.index(after: index) }
                attributes.append(Attribute(key: key, value: value, valueRange: valueStart..<valueEnd))
            } else {
                while index < string.endIndex, string[index] != ";" { index = string.index(after: index) }
                value = String(string[valueStart..<index])
                attributes.append(Attribute(key: key, value: value, valueRange: valueStart..<index))
            }
            if index < string.endIndex { index = string.index(after: index) }
        }
        return attributes
    }
}
