import Crypto
import Foundation

/// One-time recovery codes for when the authenticator app is lost, shown to the person once and stored only as
/// digests.
///
/// Guarantees:
/// - Codes look like `k7mq-x3tn`: two groups of four characters from a lowercase alphabet without look-alikes
///   (no `0`/`o`, `1`/`l`/`i`), chosen uniformly by `SystemRandomNumberGenerator` (about 39.6 bits per code).
/// - The codes of one `generate` call are distinct.
/// - `normalise` maps everything a person might type for a code (any case, dashes, spaces) to one form, and
///   `digest` depends only on that form, so a typed code can be checked by comparing digests.
public enum RecoveryCodes {
    /// The characters codes are made of: digits 2–9 and the letters a–z except `i`, `l` and `o`.
    static let alphabet: [Character] = Array("23456789abcdefghjkmnpqrstuvwxyz")

    /// `count` distinct fresh codes in the form `xxxx-xxxx`; none for a count of zero or less.
    public static func generate(count: Int = 10) -> [String] {
        guard count > 0 else { return [] }
        var generator = SystemRandomNumberGenerator()
        var codes: [String] = []
        var seen: Set<String> = []
        while codes.count < count {
            let symbols = (0..<8).map { _ in alphabet[Int.random(in: alphabet.indices, using: &generator)] }
            let code = String(symbols[0..<4]) + "-" + String(symbols[4..<8])
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }

    /// The canonical form of a typed code: lowercase, with whitespace and dashes (`-`, and the `‐ ‑ – — －` a
    /// phone keyboard or Chinese input method may substitute) removed. `" K7MQ-X3TN "` gives `k7mqx3tn`.
    public static func normalise(_ code: String) -> String {
        let dashes: Set<Character> = ["-", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2014}", "\u{FF0D}"]
        return String(code.lowercased().filter { !$0.isWhitespace && !dashes.contains($0) })
    }

    /// What to store instead of a code: the SHA-256 of its normalised form's UTF-8, as 64 lowercase hex digits.
    /// Every spelling `normalise` treats as the same code has the same digest.
    public static func digest(_ code: String) -> String {
        SHA256.hash(data: Array(normalise(code).utf8))
            .map { byte in
                let hex = String(byte, radix: 16)
                return byte < 0x10 ? "0" + hex : hex
            }
            .joined()
    }
}
