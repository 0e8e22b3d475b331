import Crypto

/// The row hash shared by every dialect and by Swift: the first 60 bits of the MD5 of the row's
/// canonical text, summed modulo 2^60 for a chunk checksum.
///
/// Canonical row text: for each column in order, `N` for NULL, else `V`, the number of Unicode
/// code points of the value's canonical text, `:`, and the text. For example the row
/// `(1, 'ab', NULL)` is `V1:1V2:abN`. The length prefix makes the text unambiguous whatever the
/// values hold; the sum is order-independent and, unlike XOR, equal changes do not cancel.
public enum RowHasher {
    /// 2^60: hashes are in [0, 2^60) and checksums are sums modulo this.
    public static let modulus: UInt64 = 1 << 60

    /// The canonical text of a row.
    public static func rowText(_ values: [SQLValue]) -> String {
        var text = ""
        for value in values {
            if let canonical = value.canonicalText {
                text += "V\(canonical.unicodeScalars.count):" + canonical
            } else {
                text += "N"
            }
        }
        return text
    }

    /// The first 60 bits of MD5(text as UTF-8), as a non-negative integer: the same number as
    /// PostgreSQL's `('x' || substr(md5(text), 1, 15))::bit(60)::bigint`.
    public static func hash(_ text: String) -> Int64 {
        let digest = Insecure.MD5.hash(data: Array(text.utf8))
        var prefix: UInt64 = 0
        for (index, byte) in digest.enumerated() where index < 8 {
            prefix = prefix << 8 | UInt64(byte)
        }
        return Int64(prefix >> 4)
    }

    /// Adds hashes modulo 2^60.
    public static func add(_ sum: UInt64, _ hash: Int64) -> UInt64 {
        (sum &+ UInt64(bitPattern: hash)) % modulus
    }
}

/// The checksum of one side of a chunk: its row count and the sum of its row hashes.
public struct ChunkChecksum: Sendable, Equatable {
    /// Rows in the key range.
    public var count: Int
    /// Sum of the row hashes modulo 2^60, as decimal text.
    public var sum: String

    public init(count: Int, sum: String) {
        self.count = count
        self.sum = sum
    }
}
