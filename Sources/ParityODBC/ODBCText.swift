import CODBC

/// Conversions between Swift strings and the UTF-16 `SQLWCHAR` text of unixODBC's wide
/// functions (unixODBC's `SQLWCHAR` is an unsigned 16-bit code unit).
enum ODBCText {
    /// UTF-16 code units of `text`, followed by one NUL.
    static func wide(_ text: String) -> [SQLWCHAR] {
        var units = Array(text.utf16)
        units.append(0)
        return units
    }

    /// The string of the first `count` code units (stopping early at a NUL).
    static func string(_ units: [SQLWCHAR], count: Int) -> String {
        let limit = min(count, units.count)
        let end = units[..<limit].firstIndex(of: 0) ?? limit
        return String(decoding: units[..<end], as: UTF16.self)
    }

    /// The string of the first `byteCount` bytes of a UTF-16 buffer.
    static func string(utf16 pointer: UnsafeRawPointer, byteCount: Int) -> String {
        let count = byteCount / MemoryLayout<UInt16>.size
        return pointer.withMemoryRebound(to: UInt16.self, capacity: max(1, count)) { units in
            String(decoding: UnsafeBufferPointer(start: units, count: count), as: UTF16.self)
        }
    }
}
