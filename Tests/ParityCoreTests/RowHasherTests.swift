import Testing
@testable import ParityCore

/// The portable row hash every dialect computes in SQL. Expected MD5 values were computed
/// independently with Python: `int(hashlib.md5(text.encode()).hexdigest()[:15], 16)`.
@Suite("RowHasher")
struct RowHasherTests {
    /// The UTF-8 bytes of a text: Swift's `==` on `String` treats NFC and NFD as equal.
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("canonical row text: V, the length, a colon and the text per value; N for NULL")
    func rowText() {
        #expect(bytes(RowHasher.rowText([.integer(1), .text("ab"), .null])) == bytes("V1:1V2:abN"))
        #expect(bytes(RowHasher.rowText([])) == [])
        #expect(bytes(RowHasher.rowText([.text("")])) == bytes("V0:"))
        #expect(bytes(RowHasher.rowText([.null, .null])) == bytes("NN"))
        #expect(bytes(RowHasher.rowText([.integer(-5), .decimal("1.50"), .bytes([0x00, 0xFF]), .null])) == bytes("V2:-5V3:1.5V4:00ffN"))
        #expect(bytes(RowHasher.rowText([.boolean(true), .boolean(false), .double(1.0), .date("2024-02-29")]))
                == bytes("V1:1V1:0V1:1V10:2024-02-29"))
        #expect(bytes(RowHasher.rowText([.timestamp("2024-01-01 12:00:00.500000"), .timestampWithTimeZone("2024-01-01 12:00:00+00")]))
                == bytes("V21:2024-01-01 12:00:00.5V25:2024-01-01 12:00:00+00:00"))
    }

    @Test("lengths count Unicode code points, not bytes or characters")
    func rowTextCountsCodePoints() {
        // é precomposed: 1 code point, 2 bytes.
        #expect(bytes(RowHasher.rowText([.text("caf\u{E9}")])) == bytes("V4:caf\u{E9}"))
        // e + combining acute: 1 character, 2 code points.
        #expect(bytes(RowHasher.rowText([.text("cafe\u{301}")])) == bytes("V5:cafe\u{301}"))
        // 1 code point, 4 bytes.
        #expect(bytes(RowHasher.rowText([.text("\u{1F44D}")])) == bytes("V1:\u{1F44D}"))
        // Family emoji: 1 character, 5 code points (3 people joined by 2 ZWJ).
        #expect(bytes(RowHasher.rowText([.text("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}")]))
                == bytes("V5:\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"))
    }

    @Test("the length prefix keeps values with the format's own characters apart")
    func rowTextIsUnambiguous() {
        #expect(bytes(RowHasher.rowText([.text("V1:aN")])) == bytes("V5:V1:aN"))
        #expect(RowHasher.rowText([.text("a"), .text("b")]) != RowHasher.rowText([.text("ab"), .text("")]))
        #expect(RowHasher.rowText([.text("N")]) != RowHasher.rowText([.null]))
        #expect(RowHasher.rowText([.text("")]) != RowHasher.rowText([.null]))
    }

    @Test("hash is the first 15 hex digits (60 bits) of the MD5 of the UTF-8 text", arguments: [
        ("", Int64(955_282_973_525_019_424)),                       // d41d8cd98f00b20…
        ("N", Int64(637_755_260_495_936_586)),                      // 8d9c307cb7f3c4a…
        ("V1:1V2:abN", Int64(1_120_701_804_151_017_014)),           // f8d885a678f8e36…
        ("V1:1V2:abV0:", Int64(336_219_055_477_704_345)),           // 4aa7d7318774699…
        ("V4:caf\u{E9}", Int64(439_441_766_390_881_533)),           // 61935f55132dcfd…
        ("V5:cafe\u{301}", Int64(1_040_729_051_853_007_746)),       // e71698f0320ab82…
        ("V1:\u{1F44D}", Int64(583_670_135_444_007_490)),           // 8199ce55124ea42…
        ("V2:-5V3:1.5V4:00ffN", Int64(309_155_602_859_618_685)),    // 44a576200c4f17d…
    ])
    func hash(text: String, expected: Int64) {
        #expect(RowHasher.hash(text) == expected)
        #expect(RowHasher.hash(text) >= 0)
        #expect(UInt64(RowHasher.hash(text)) < RowHasher.modulus)
    }

    @Test("hash of a row text: NFC and NFD spellings hash differently")
    func hashOfRows() {
        #expect(RowHasher.hash(RowHasher.rowText([.integer(1), .text("ab"), .null])) == 1_120_701_804_151_017_014)
        #expect(RowHasher.hash(RowHasher.rowText([.integer(1), .text("ab"), .text("")])) == 336_219_055_477_704_345)
        #expect(RowHasher.hash(RowHasher.rowText([.integer(-5), .decimal("1.500"), .bytes([0x00, 0xFF]), .null])) == 309_155_602_859_618_685)
        #expect(RowHasher.hash(RowHasher.rowText([.text("caf\u{E9}")])) == 439_441_766_390_881_533)
        #expect(RowHasher.hash(RowHasher.rowText([.text("cafe\u{301}")])) == 1_040_729_051_853_007_746)
    }

    @Test("add sums modulo 2^60")
    func add() {
        let modulus = RowHasher.modulus
        #expect(modulus == 1_152_921_504_606_846_976)
        #expect(RowHasher.add(0, 5) == 5)
        #expect(RowHasher.add(modulus - 1, 1) == 0)
        #expect(RowHasher.add(modulus - 3, 5) == 2)
        #expect(RowHasher.add(modulus - 1, Int64(modulus - 1)) == modulus - 2)
        // The three hashes above: 1120701804151017014 + 336219055477704345 + 955282973525019424
        // = 2412203833153740783, minus 2 * 2^60 = 106360823940046831.
        let hashes: [Int64] = [1_120_701_804_151_017_014, 336_219_055_477_704_345, 955_282_973_525_019_424]
        #expect(hashes.reduce(UInt64(0), RowHasher.add) == 106_360_823_940_046_831)
        #expect(hashes.reversed().reduce(UInt64(0), RowHasher.add) == 106_360_823_940_046_831)
    }

    @Test("chunk checksums compare count and sum text")
    func chunkChecksumEquality() {
        #expect(ChunkChecksum(count: 2, sum: "17") == ChunkChecksum(count: 2, sum: "17"))
        #expect(ChunkChecksum(count: 2, sum: "17") != ChunkChecksum(count: 3, sum: "17"))
        #expect(ChunkChecksum(count: 2, sum: "17") != ChunkChecksum(count: 2, sum: "18"))
    }
}
