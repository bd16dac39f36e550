import Crypto
import Foundation

/// Encrypts secrets kept at rest (the two-factor secrets) with AES-256-GCM, so a copy of the database alone does
/// not reveal them.
///
/// Guarantees:
/// - `seal` gives `v1:` followed by the base64 of nonce ‖ ciphertext ‖ tag, with a fresh random nonce each time.
/// - `open` returns what `seal` was given under the same key, and fails (throws) for a wrong key or altered text.
/// - Text without the `v1:` prefix is returned unchanged by `open`: secrets stored in plain text before encryption
///   still read, and are sealed the next time they are written.
public struct SecretBox: Sendable {
    // Kept as bytes: `SymmetricKey` is not `Sendable`.
    private let keyBytes: Data
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }
    static let prefix = "v1:"

    /// A box over a 32-byte key; throws for any other length.
    public init(key: Data) throws {
        guard key.count == 32 else { throw SecretBoxError.badKey }
        self.keyBytes = key
    }

    /// 32 fresh random bytes, for a new key.
    public static func generateKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    public func seal(_ plain: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(plain.utf8), using: key).combined else { throw SecretBoxError.cannotSeal }
        return Self.prefix + combined.base64EncodedString()
    }

    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))) else { throw SecretBoxError.cannotOpen }
        let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key)
        guard let text = String(data: plain, encoding: .utf8) else { throw SecretBoxError.cannotOpen }
        return text
    }
}

/// Why a secret could not be sealed or opened.
public enum SecretBoxError: Error, CustomStringConvertible, Sendable {
    case badKey, cannotSeal, cannotOpen
    public var description: String {
        switch self {
        case .badKey: "the secret key must be 32 bytes (SHOUHU_SECRET_KEY: base64 of 32 random bytes)"
        case .cannotSeal: "could not encrypt a secret"
        case .cannotOpen: "could not decrypt a stored secret: is this the key the database was written with (SHOUHU_SECRET_KEY / shouhu.key)?"
        }
    }
}
