import CampusKit
import Crypto
import Foundation

/// One-time recovery codes for when the authenticator app is lost, shown to the person once and stored only as
/// salted digests.
///
/// Guarantees:
/// - Codes look like `K7MQ-X3TN-9PDA-4WZC`: four groups of four characters from Crockford's base-32 alphabet
///   (digits and capitals without `I`, `L`, `O`, `U`), chosen uniformly by `SystemRandomNumberGenerator`: 80 bits
///   per code.
/// - The codes of one `generate` call are distinct.
/// - `normalise` maps everything a person might type for a code (any case, dashes, spaces, `O` for `0`, `I`/`L`
///   for `1`) to one form, and `matches` depends only on that form.
/// - `seal` stores a code as `s1$<salt>$<SHA-256(salt ‖ code)>` with 16 random bytes of salt per code, so equal
///   codes never share a digest and a precomputed table is of no use; `matches` compares digests in constant time.
/// - Digests of the former 8-character codes (an unsalted SHA-256 in hex) still match their code.
public enum RecoveryCodes {
    /// Crockford's base-32 alphabet: 32 symbols, so each carries exactly 5 bits.
    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// Symbols per code, and per group when shown.
    static let length = 16
    static let groupLength = 4

    /// `count` distinct fresh codes in the form `XXXX-XXXX-XXXX-XXXX`; none for a count of zero or less.
    public static func generate(count: Int = 10) -> [String] {
        guard count > 0 else { return [] }
        var generator = SystemRandomNumberGenerator()
        var codes: [String] = []
        var seen: Set<String> = []
        while codes.count < count {
            let symbols = (0..<length).map { _ in alphabet[Int.random(in: alphabet.indices, using: &generator)] }
            let code = stride(from: 0, to: length, by: groupLength)
                .map { String(symbols[$0..<$0 + groupLength]) }.joined(separator: "-")
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }

    /// The canonical form of a typed code: uppercase, with whitespace and dashes (`-`, and the `‐ ‑ – — －` a
    /// phone keyboard or Chinese input method may substitute) removed, `O` read as `0` and `I`/`L` as `1`.
    /// `" k7mq-x3tn-9pda-4wzc "` gives `K7MQX3TN9PDA4WZC`.
    public static func normalise(_ code: String) -> String {
        String(stripped(code).uppercased().map { c -> Character in
            switch c {
            case "O": "0"
            case "I", "L": "1"
            default: c
            }
        })
    }

    /// What to store instead of a code: a fresh random salt and the SHA-256 of the salt followed by the
    /// normalised code, as `s1$<32 hex digits>$<64 hex digits>`.
    public static func seal(_ code: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "s1$" + Hex.lowercase(salt) + "$" + Hex.lowercase(salted(salt, normalise(code)))
    }

    /// Whether `code` is the code `stored` was made from (by `seal`, or the former unsalted `digest`).
    public static func matches(_ code: String, _ stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "s1", let salt = bytes(hex: parts[1]), let expected = bytes(hex: parts[2]) {
            return constantTimeEqual(salted(salt, normalise(code)), expected)
        }
        guard let expected = bytes(hex: Substring(stored)) else { return false }
        return constantTimeEqual(Array(SHA256.hash(data: Array(stripped(code).lowercased().utf8))), expected)
    }

    /// The unsalted digest of the former 8-character codes: the SHA-256 hex of the code in lowercase without
    /// dashes or spaces. Kept so codes handed out before salting can still be checked; new codes use `seal`.
    public static func digest(_ code: String) -> String {
        Hex.lowercase(Array(SHA256.hash(data: Array(stripped(code).lowercased().utf8))))
    }

    private static func stripped(_ code: String) -> String {
        let dashes: Set<Character> = ["-", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2014}", "\u{FF0D}"]
        return String(code.filter { !$0.isWhitespace && !dashes.contains($0) })
    }

    private static func salted(_ salt: [UInt8], _ normalised: String) -> [UInt8] {
        Array(SHA256.hash(data: salt + Array(normalised.utf8)))
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.count % 2 == 0, !hex.isEmpty else { return nil }
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        return result
    }
}
