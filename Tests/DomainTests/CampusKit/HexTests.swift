import CampusKit
import Foundation
import Testing

@Suite("Hex: bytes as lowercase hexadecimal text")
struct HexTests {
    @Test("Every byte as two lowercase digits, leading zeros kept; nothing for no bytes")
    func digits() {
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0x00, 0x0f, 0x10, 0xab, 0xff]) == "000f10abff")
        #expect(Hex.lowercase(Array(0...255).map(UInt8.init)) == (0...255).map { String(format: "%02x", $0) }.joined())
    }

    @Test("Any sequence of bytes: an array slice and the bytes of a string")
    func sequences() {
        let bytes: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0x01]
        #expect(Hex.lowercase(bytes.prefix(4)) == "deadbeef")
        #expect(Hex.lowercase("守".utf8) == "e5ae88")
    }
}
