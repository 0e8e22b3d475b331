/// The one key order Parity uses on both sides: NULL first, numbers by value, text and
/// everything else by the bytes of its canonical UTF-8 text, binary data by bytes.
///
/// This is the order the dialects ask the databases for (PostgreSQL `COLLATE "C"`, SQLite
/// `BINARY`, MySQL `utf8mb4_bin`, Oracle `NLS_SORT=BINARY`, SQL Server `Latin1_General_BIN2`),
/// so ranges computed on one side select the same rows on the other.
public enum KeyOrder {
    /// Compares two values: negative when `lhs` sorts first, 0 when equal, positive after.
    public static func compare(_ lhs: SQLValue, _ rhs: SQLValue) -> Int {
        switch (lhs, rhs) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bytes(let a), .bytes(let b)): return compareBytes(a, b)
        case (.boolean(let a), .boolean(let b)): return a == b ? 0 : (a ? 1 : -1)
        default: break
        }
        if lhs.isNumber, rhs.isNumber, let left = lhs.canonicalText, let right = rhs.canonicalText,
           let order = DecimalText.compare(left, right) {
            return order
        }
        return compareBytes(Array(lhs.canonicalText?.utf8 ?? "".utf8), Array(rhs.canonicalText?.utf8 ?? "".utf8))
    }

    /// Compares two composite keys column by column.
    public static func compare(_ lhs: [SQLValue], _ rhs: [SQLValue]) -> Int {
        for index in 0..<min(lhs.count, rhs.count) {
            let order = compare(lhs[index], rhs[index])
            if order != 0 { return order }
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    /// Compares the first `prefix` values of two rows (their keys) without copying them.
    @inlinable
    public static func compare(_ lhs: [SQLValue], _ rhs: [SQLValue], prefix: Int) -> Int {
        for index in 0..<prefix {
            let order = compare(lhs[index], rhs[index])
            if order != 0 { return order }
        }
        return 0
    }

    static func compareBytes<C: Collection>(_ a: C, _ b: C) -> Int where C.Element == UInt8 {
        var left = a.makeIterator()
        var right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }
}

extension SQLValue {
    var isNumber: Bool {
        switch self {
        case .integer, .decimal, .double: return true
        default: return false
        }
    }
}
