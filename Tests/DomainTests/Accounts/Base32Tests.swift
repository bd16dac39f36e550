import Testing
@testable import Accounts

@Suite("Base32: RFC 4648 text for TOTP secrets")
struct Base32Tests {
    /// RFC 4648 section 10 test vectors, without the padding the encoder leaves off.
    static let vectors: [(plain: String, encoded: String)] = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ]

    @Test("The RFC 4648 test vectors encode to uppercase text without padding")
    func encodesVectors() {
        for vector in Self.vectors {
            #expect(Base32.encode(Array(vector.plain.utf8)) == vector.encoded)
        }
    }

    @Test("The RFC 4648 test vectors decode, with or without their padding")
    func decodesVectors() {
        let padded = ["", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"]
        for (vector, paddedText) in zip(Self.vectors, padded) {
            #expect(Base32.decode(vector.encoded) == Array(vector.plain.utf8))
            #expect(Base32.decode(paddedText) == Array(vector.plain.utf8))
        }
    }

    @Test("Decoding ignores case and spaces, as people type a secret from a screen")
    func decodingIsForgiving() {
        #expect(Base32.decode("mzxw6ytboi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW 6YTB OI") == Array("foobar".utf8))
        #expect(Base32.decode(" mZxW 6yTb oI== ") == Array("foobar".utf8))
    }

    @Test("Random bytes of every length up to 64 survive encoding and decoding")
    func roundTrips() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let text = Base32.encode(bytes)
            #expect(text.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
            #expect(Base32.decode(text) == bytes)
        }
    }

    @Test("Text with characters outside the alphabet is not base32", arguments: [
        "MZXW0YTB", "MZXW1YTB", "MZXW8YTB", "MZXW9YTB", "MZXW6!TB", "MZXW-6YTB", "MZXW6YTBÖI", "守护",
    ])
    func invalidCharacters(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test("A number of symbols no byte sequence encodes to is not base32", arguments: ["M", "MZX", "MZXW6Y"])
    func impossibleLength(text: String) {
        #expect(Base32.decode(text) == nil)
    }
}
