/// RFC 4648 base32 (the `A`–`Z`, `2`–`7` alphabet), the form authenticator apps expect TOTP secrets in.
///
/// Guarantees:
/// - `encode` writes uppercase letters and digits only, without `=` padding, so the text fits into an
///   `otpauth://` URI unchanged.
/// - `decode(encode(bytes)) == bytes` for every byte array.
/// - `decode` accepts what people type or paste: either case, spaces (any whitespace) and `=` padding anywhere
///   are ignored. It never guesses: any other character, or a length no byte sequence encodes to, gives nil.
public enum Base32 {
    /// The RFC 4648 alphabet, in value order.
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// The base32 text of `bytes`: uppercase, without padding (`"foobar"` gives `MZXW6YTBOI`); empty for no bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                output.append(alphabet[Int((buffer >> UInt32(bitCount)) & 0x1F)])
            }
            buffer &= (1 << UInt32(bitCount)) - 1
        }
        if bitCount > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bitCount)) & 0x1F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not base32.
    ///
    /// Letters may be in either case; whitespace and `=` are skipped wherever they appear. Returns nil for any
    /// other character (including `0`, `1`, `8`, `9`) and for a count of symbols that no byte sequence produces
    /// (1, 3 or 6 left over after whole groups of 8). Leftover low bits of the last symbol are ignored.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        var symbolCount = 0
        for scalar in text.unicodeScalars {
            if scalar == "=" || scalar.properties.isWhitespace { continue }
            guard let value = value(of: scalar) else { return nil }
            symbolCount += 1
            buffer = (buffer << 5) | value
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bitCount)))
            }
            buffer &= (1 << UInt32(bitCount)) - 1
        }
        switch symbolCount % 8 {
        case 1, 3, 6: return nil
        default: return output
        }
    }

    /// The 5-bit value of one base32 symbol, either case; nil for anything outside the alphabet.
    private static func value(of scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x41...0x5A: return scalar.value - 0x41  // A–Z
        case 0x61...0x7A: return scalar.value - 0x61  // a–z
        case 0x32...0x37: return scalar.value - 0x32 + 26  // 2–7
        default: return nil
        }
    }
}
