import CampusKit
import Crypto
import Foundation

/// The secret that keys the audit chain (HMAC-SHA256). It is kept outside the database, so someone who can
/// write the audit tables cannot recompute the hashes of records they change, remove or add.
public struct AuditKey: Sendable, Equatable {
    private let bytes: Data

    /// At least 32 bytes.
    public static let minimumBytes = 32

    /// `nil` when `bytes` is shorter than `minimumBytes`.
    public init?(bytes: Data) {
        guard bytes.count >= Self.minimumBytes else { return nil }
        self.bytes = bytes
    }

    /// From base64 text (as in `SHOUHU_AUDIT_KEY`); `nil` when it is not base64 or too short.
    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        self.init(bytes: data)
    }

    /// A new random key.
    public static func generate() -> AuditKey {
        AuditKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })!
    }

    /// The key as base64 text, to store in a key file.
    public var base64: String { bytes.base64EncodedString() }

    /// HMAC-SHA256 of `text`, as lowercase hex.
    func mac(_ text: String) -> String {
        Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: bytes)))
    }
}
