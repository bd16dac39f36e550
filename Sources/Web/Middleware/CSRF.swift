import CampusKit
import Crypto
import Foundation

/// Cross-site request forgery protection for cookie sessions: a form or script must send a token derived
/// from the session secret, which another site cannot read.
enum CSRF {
    static func token(for sessionToken: String) -> String {
        let digest = SHA256.hash(data: Data(("csrf:" + sessionToken).utf8))
        return Hex.lowercase(digest.prefix(16))
    }

    /// A fresh random secret (32 bytes, hex) for a browser that has no session yet: the sign-in form.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.lowercase((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func isValid(_ candidate: String?, for sessionToken: String) -> Bool {
        guard let candidate else { return false }
        let expected = token(for: sessionToken)
        // Constant-time comparison.
        guard candidate.utf8.count == expected.utf8.count else { return false }
        return zip(candidate.utf8, expected.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
