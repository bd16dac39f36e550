import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) over HMAC-SHA1, as authenticator apps compute them.
///
/// Guarantees:
/// - Codes match the RFC 6238 Appendix B SHA-1 vectors and any standard authenticator app: the time step
///   counter is `floor(unix seconds / period)` (T0 = 0), truncated as in RFC 4226, and always zero-padded
///   to `digits` characters.
/// - `verify` compares in constant time and examines every step in the window whether or not one matched,
///   so timing reveals neither the code nor which step matched.
/// - `verify` returns the matched step counter; a caller that stores it and refuses any counter not above
///   the stored one makes each code usable once.
/// - The secret never appears in `description`, `debugDescription` or reflection (`dump`), so logging a
///   `TOTP` cannot leak it.
public struct TOTP: Sendable {
    /// The shared secret (RFC 4226 recommends 20 bytes; `generateSecret()` makes those).
    let secret: [UInt8]
    /// How many decimal digits a code has.
    public let digits: Int
    /// How many seconds one time step lasts.
    public let period: Int

    /// A generator for `secret`.
    ///
    /// - Precondition: `digits` is between 1 and 9 and `period` is positive; anything else is a programming error.
    public init(secret: [UInt8], digits: Int = 6, period: Int = 30) {
        precondition((1...9).contains(digits), "TOTP codes have 1 to 9 digits")
        precondition(period > 0, "a TOTP period is a positive number of seconds")
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// A fresh secret: 20 bytes (160 bits, the HMAC-SHA1 output size) from `SystemRandomNumberGenerator`,
    /// the operating system's cryptographically secure source.
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The time step counter for `date`: whole periods since 1970-01-01T00:00:00Z; 0 for earlier dates, and
    /// `Int.max` for dates too far ahead to count (never traps).
    public func counter(at date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        guard seconds > 0 else { return 0 }  // also catches NaN
        let steps = (seconds / Double(period)).rounded(.down)
        return steps < Double(Int.max) ? Int(steps) : Int.max
    }

    /// The code valid at `date`: exactly `digits` decimal digits, with leading zeros kept.
    public func code(at date: Date) -> String {
        code(counter: counter(at: date))
    }

    /// The code for one time step counter (RFC 4226 HOTP with that counter), zero-padded to `digits`.
    func code(counter: Int) -> String {
        var bigEndian = UInt64(clamping: counter).bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset]) & 0x7F) << 24
            | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    /// The time step counter `code` belongs to, or nil when it is not valid at `date`.
    ///
    /// Accepts the steps from `window` before to `window` after the current one (clock drift and typing
    /// time); a negative window counts as 0. Whitespace around the code is ignored; anything else that is not
    /// exactly `digits` ASCII digits is refused. All candidate steps are compared in constant time. Should two
    /// steps in the window share the code, the one nearest the current step wins, the earlier on a tie.
    /// Callers should refuse a returned counter not above the last one accepted for the account.
    public func verify(_ code: String, at date: Date, window: Int = 1) -> Int? {
        let given = Array(code.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard given.count == digits, given.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        let now = counter(at: date)
        let reach = max(0, window)
        var offsets = [0]
        if reach > 0 {
            for distance in 1...reach { offsets += [-distance, distance] }
        }
        var matched: Int?
        for offset in offsets {
            let (candidate, overflow) = now.addingReportingOverflow(offset)
            guard !overflow, candidate >= 0 else { continue }
            if Self.constantTimeEqual(Array(self.code(counter: candidate).utf8), given), matched == nil {
                matched = candidate
            }
        }
        return matched
    }

    /// The `otpauth://` URI an authenticator app reads from a QR code (Google Authenticator key URI format):
    /// `otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`.
    ///
    /// Issuer and account are UTF-8 percent-encoded, leaving only RFC 3986 unreserved characters as they are,
    /// so Chinese names, spaces (`%20`), `@` and a colon inside either part (`%3A`) survive; the only literal
    /// colon in the label separates issuer from account. The secret is unpadded base32.
    public func provisioningURI(account: String, issuer: String) -> String {
        let encodedIssuer = Self.percentEncoded(issuer)
        return "otpauth://totp/\(encodedIssuer):\(Self.percentEncoded(account))"
            + "?secret=\(Base32.encode(secret))&issuer=\(encodedIssuer)"
            + "&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }

    /// Whether two byte arrays are equal, taking the same time wherever they differ (lengths are not secret).
    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// `text` as UTF-8 with every byte outside `A–Z a–z 0–9 - . _ ~` written as `%XX` (uppercase hex).
    private static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension TOTP: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The parameters only; the secret is withheld.
    public var description: String { "TOTP(digits: \(digits), period: \(period), secret: <redacted>)" }
    /// The parameters only; the secret is withheld.
    public var debugDescription: String { description }
    /// The parameters only, so `dump` and debuggers do not print the secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["digits": digits, "period": period], displayStyle: .struct)
    }
}
