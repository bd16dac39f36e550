import CampusKit
import Crypto
import Foundation

/// Tokens are stored as their SHA-256, so a copy of the database does not hand out sessions.
enum TokenDigest {
    static func sha256(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }
}
