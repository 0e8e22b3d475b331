/// JSON form of a value for the state store: `null`, or a one-key object naming the kind,
/// e.g. `{"i":42}`, `{"n":"1.50"}`, `{"t":"O'Brien"}`, `{"b":"00ff"}`.
extension SQLValue: Codable {
    private enum Key: String, CodingKey {
        case i, n, f, t, b, o, d, h, s, z
    }

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null; return }
        let container = try decoder.container(keyedBy: Key.self)
        guard let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty value object"))
        }
        switch key {
        case .i: self = .integer(try container.decode(Int64.self, forKey: key))
        case .n: self = .decimal(try container.decode(String.self, forKey: key))
        case .f:
            let text = try container.decode(String.self, forKey: key)
            self = .double(Double(text) ?? .nan)
        case .t: self = .text(try container.decode(String.self, forKey: key))
        case .b: self = .bytes(HexText.decode(try container.decode(String.self, forKey: key)) ?? [])
        case .o: self = .boolean(try container.decode(Bool.self, forKey: key))
        case .d: self = .date(try container.decode(String.self, forKey: key))
        case .h: self = .time(try container.decode(String.self, forKey: key))
        case .s: self = .timestamp(try container.decode(String.self, forKey: key))
        case .z: self = .timestampWithTimeZone(try container.decode(String.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .null = self {
            var single = encoder.singleValueContainer()
            try single.encodeNil()
            return
        }
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .null: break
        case .integer(let value): try container.encode(value, forKey: .i)
        case .decimal(let value): try container.encode(value, forKey: .n)
        case .double(let value): try container.encode("\(value)", forKey: .f)
        case .text(let value): try container.encode(value, forKey: .t)
        case .bytes(let value): try container.encode(HexText.encode(value), forKey: .b)
        case .boolean(let value): try container.encode(value, forKey: .o)
        case .date(let value): try container.encode(value, forKey: .d)
        case .time(let value): try container.encode(value, forKey: .h)
        case .timestamp(let value): try container.encode(value, forKey: .s)
        case .timestampWithTimeZone(let value): try container.encode(value, forKey: .z)
        }
    }
}
