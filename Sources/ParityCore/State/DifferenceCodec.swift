/// A compact binary form of ``RowDifference`` for the state store: Foundation's JSON coders
/// cost tens of microseconds a row, which dominated runs with many differences.
///
/// Layout (version 1): `0x01`, kind (0 missing in target, 1 missing in source, 2 different),
/// flags (bit 0: duplicate key), the differing column names (count, then strings), the key
/// (count, then values), then the source row and the target row (each `0` for absent, or `1`,
/// count, values). Counts and lengths are LEB128 varints; strings are UTF-8 with their byte
/// length; a value is a tag byte (`0` NULL, `1` integer as 8 bytes little-endian, `2` decimal,
/// `3` double as 8 bytes of its bit pattern, `4` text, `5` bytes, `6` boolean, `7` date, `8` time,
/// `9` timestamp, `10` timestamp with time zone) and its payload.
public enum DifferenceCodec {
    /// Encodes a difference.
    public static func encode(_ difference: RowDifference) -> [UInt8] {
        var out: [UInt8] = [1]
        switch difference.kind {
        case .missingInTarget: out.append(0)
        case .missingInSource: out.append(1)
        case .different: out.append(2)
        }
        out.append(difference.duplicateKey ? 1 : 0)
        writeCount(difference.columns.count, to: &out)
        for name in difference.columns { writeString(name, to: &out) }
        writeValues(difference.key, to: &out)
        for row in [difference.sourceRow, difference.targetRow] {
            if let row { out.append(1); writeValues(row, to: &out) } else { out.append(0) }
        }
        return out
    }

    /// Decodes a difference.
    ///
    /// - Throws: ``ParityError`` `.state` when the bytes are not a difference of this version.
    public static func decode<C: RandomAccessCollection>(_ bytes: C) throws -> RowDifference where C.Element == UInt8, C.Index == Int {
        var reader = Reader(bytes: bytes)
        guard try reader.byte() == 1 else { throw corrupt }
        let kind: DifferenceKind
        switch try reader.byte() {
        case 0: kind = .missingInTarget
        case 1: kind = .missingInSource
        case 2: kind = .different
        default: throw corrupt
        }
        let duplicate = try reader.byte() & 1 == 1
        var columns: [String] = []
        for _ in 0..<(try reader.count()) { columns.append(try reader.string()) }
        let key = try reader.values()
        let source = try reader.byte() == 1 ? try reader.values() : nil
        let target = try reader.byte() == 1 ? try reader.values() : nil
        guard reader.atEnd else { throw corrupt }
        return RowDifference(kind: kind, key: key, sourceRow: source, targetRow: target, columns: columns, duplicateKey: duplicate)
    }

    static let corrupt = ParityError(.state, "A stored difference is damaged; restart the table with a new session.")

    private static func writeCount(_ count: Int, to out: inout [UInt8]) {
        var value = UInt64(count)
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            out.append(value == 0 ? low : low | 0x80)
        } while value != 0
    }

    private static func writeString(_ text: String, to out: inout [UInt8]) {
        let utf8 = text.utf8
        writeCount(utf8.count, to: &out)
        out.append(contentsOf: utf8)
    }

    private static func writeFixed(_ value: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func writeValues(_ values: [SQLValue], to out: inout [UInt8]) {
        writeCount(values.count, to: &out)
        for value in values {
            switch value {
            case .null: out.append(0)
            case .integer(let number): out.append(1); writeFixed(UInt64(bitPattern: number), to: &out)
            case .decimal(let text): out.append(2); writeString(text, to: &out)
            case .double(let number): out.append(3); writeFixed(number.bitPattern, to: &out)
            case .text(let text): out.append(4); writeString(text, to: &out)
            case .bytes(let bytes): out.append(5); writeCount(bytes.count, to: &out); out.append(contentsOf: bytes)
            case .boolean(let flag): out.append(6); out.append(flag ? 1 : 0)
            case .date(let text): out.append(7); writeString(text, to: &out)
            case .time(let text): out.append(8); writeString(text, to: &out)
            case .timestamp(let text): out.append(9); writeString(text, to: &out)
            case .timestampWithTimeZone(let text): out.append(10); writeString(text, to: &out)
            }
        }
    }

    private struct Reader<C: RandomAccessCollection> where C.Element == UInt8, C.Index == Int {
        let bytes: C
        var position: Int

        init(bytes: C) {
            self.bytes = bytes
            self.position = bytes.startIndex
        }

        var atEnd: Bool { position == bytes.endIndex }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.endIndex else { throw DifferenceCodec.corrupt }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func count() throws -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                value |= UInt64(next & 0x7F) << shift
                if next & 0x80 == 0 { break }
                shift += 7
                guard shift < 64 else { throw DifferenceCodec.corrupt }
            }
            guard value <= UInt64(bytes.endIndex - position) * 8 + 64 else { throw DifferenceCodec.corrupt }
            return Int(value)
        }

        mutating func raw(_ length: Int) throws -> C.SubSequence {
            guard length >= 0, length <= bytes.endIndex - position else { throw DifferenceCodec.corrupt }
            defer { position += length }
            return bytes[position..<(position + length)]
        }

        mutating func string() throws -> String {
            String(decoding: try raw(try count()), as: UTF8.self)
        }

        mutating func fixed() throws -> UInt64 {
            guard bytes.endIndex - position >= 8 else { throw DifferenceCodec.corrupt }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << UInt64(index * 8) }
            position += 8
            return value
        }

        mutating func values() throws -> [SQLValue] {
            let total = try count()
            var values: [SQLValue] = []
            values.reserveCapacity(total)
            for _ in 0..<total {
                switch try byte() {
                case 0: values.append(.null)
                case 1: values.append(.integer(Int64(bitPattern: try fixed())))
                case 2: values.append(.decimal(try string()))
                case 3: values.append(.double(Double(bitPattern: try fixed())))
                case 4: values.append(.text(try string()))
                case 5: values.append(.bytes(Array(try raw(try count()))))
                case 6: values.append(.boolean(try byte() == 1))
                case 7: values.append(.date(try string()))
                case 8: values.append(.time(try string()))
                case 9: values.append(.timestamp(try string()))
                case 10: values.append(.timestampWithTimeZone(try string()))
                default: throw DifferenceCodec.corrupt
                }
            }
            return values
        }
    }
}
