import Foundation
import Testing
@testable import Accounts

@Suite("TOTP: RFC 6238 one-time codes for two-factor sign-in")
struct TOTPTests {
    /// The RFC 6238 Appendix B SHA-1 seed.
    static let rfcSecret = Array("12345678901234567890".utf8)

    /// RFC 6238 Appendix B, SHA-1 rows: Unix time and the 8-digit code.
    static let rfcVectors: [(time: TimeInterval, code: String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    static let now = Date(timeIntervalSince1970: 1_111_111_111)

    @Test("The RFC 6238 SHA-1 test vectors give the published 8-digit codes, leading zeros kept")
    func rfcVectorsEightDigits() {
        let totp = TOTP(secret: Self.rfcSecret, digits: 8)
        for vector in Self.rfcVectors {
            #expect(totp.code(at: Date(timeIntervalSince1970: vector.time)) == vector.code)
        }
    }

    @Test("The default 6-digit codes are the last six digits of the RFC 6238 codes")
    func rfcVectorsSixDigits() {
        let totp = TOTP(secret: Self.rfcSecret)
        for vector in Self.rfcVectors {
            #expect(totp.code(at: Date(timeIntervalSince1970: vector.time)) == String(vector.code.suffix(6)))
        }
    }

    @Test("A code stays the same for the whole 30-second step and changes with the next")
    func stepBoundaries() {
        let totp = TOTP(secret: Self.rfcSecret)
        let start = Date(timeIntervalSince1970: 1_111_111_080)
        #expect(totp.code(at: start) == totp.code(at: start.addingTimeInterval(29.9)))
        #expect(totp.code(at: start) != totp.code(at: start.addingTimeInterval(30)))
        #expect(totp.counter(at: start) == 37_037_036)
        #expect(totp.counter(at: start.addingTimeInterval(30)) == 37_037_037)
    }

    @Test("Verifying returns the time step counter the code belongs to")
    func verifyReturnsCounter() {
        let totp = TOTP(secret: Self.rfcSecret, digits: 8)
        #expect(totp.verify("94287082", at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(totp.verify("07081804", at: Date(timeIntervalSince1970: 1_111_111_109)) == 37_037_036)
        #expect(totp.verify("14050471", at: Self.now) == 37_037_037)
    }

    @Test("The previous and next step are accepted within a window of one, with their own counters")
    func windowOfOne() {
        let totp = TOTP(secret: Self.rfcSecret)
        let current = totp.counter(at: Self.now)
        let previous = totp.code(at: Self.now.addingTimeInterval(-30))
        let next = totp.code(at: Self.now.addingTimeInterval(30))
        #expect(totp.verify(previous, at: Self.now) == current - 1)
        #expect(totp.verify(next, at: Self.now) == current + 1)
    }

    @Test("A code two steps away is refused with a window of one, accepted with a window of two")
    func twoStepsAway() {
        let totp = TOTP(secret: Self.rfcSecret)
        let current = totp.counter(at: Self.now)
        let earlier = totp.code(at: Self.now.addingTimeInterval(-60))
        let later = totp.code(at: Self.now.addingTimeInterval(60))
        #expect(totp.verify(earlier, at: Self.now) == nil)
        #expect(totp.verify(later, at: Self.now) == nil)
        #expect(totp.verify(earlier, at: Self.now, window: 2) == current - 2)
        #expect(totp.verify(later, at: Self.now, window: 2) == current + 2)
    }

    @Test("A window of zero accepts only the current step")
    func windowOfZero() {
        let totp = TOTP(secret: Self.rfcSecret)
        #expect(totp.verify(totp.code(at: Self.now), at: Self.now, window: 0) == totp.counter(at: Self.now))
        #expect(totp.verify(totp.code(at: Self.now.addingTimeInterval(-30)), at: Self.now, window: 0) == nil)
    }

    @Test("A wrong code is refused")
    func wrongCode() {
        let totp = TOTP(secret: Self.rfcSecret)
        let right = totp.code(at: Self.now)
        let windowCodes = [-30.0, 0, 30].map { totp.code(at: Self.now.addingTimeInterval($0)) }
        let wrong = (0..<1_000_000).lazy.map { String(format: "%06d", $0) }.first { !windowCodes.contains($0) }
        #expect(wrong != nil)
        #expect(totp.verify(wrong ?? right, at: Self.now) == nil)
        #expect(TOTP(secret: Array("another secret here!".utf8)).verify(right, at: Self.now) == nil)
    }

    @Test("Spaces and a newline around the code are ignored")
    func surroundingSpaces() {
        let totp = TOTP(secret: Self.rfcSecret)
        let code = totp.code(at: Self.now)
        #expect(totp.verify("  \(code) ", at: Self.now) == totp.counter(at: Self.now))
        #expect(totp.verify("\(code)\n", at: Self.now) == totp.counter(at: Self.now))
    }

    @Test("Codes of the wrong length or with other characters are refused", arguments: [
        "", "050471", "4050471", "140504710", "01405047", "1405047a", "1405 0471", "+4050471", "１４０５０４７１",
    ])
    func malformedCodes(text: String) {
        // The valid code here is "14050471"; "050471" is its 6-digit form, which an 8-digit generator must refuse.
        let totp = TOTP(secret: Self.rfcSecret, digits: 8)
        #expect(totp.verify("14050471", at: Self.now) != nil)
        #expect(totp.verify(text, at: Self.now) == nil)
    }

    @Test("Generated secrets are 20 random bytes")
    func generatedSecrets() {
        let secrets = (0..<5).map { _ in TOTP.generateSecret() }
        #expect(secrets.allSatisfy { $0.count == 20 })
        #expect(Set(secrets.map { Base32.encode($0) }).count == 5)
    }

    @Test("The provisioning URI carries the base32 secret, percent-encoded issuer and account, and the parameters")
    func provisioningURI() throws {
        let secret = Array("12345678901234567890".utf8)
        let uri = TOTP(secret: secret).provisioningURI(account: "张三:zhang@example.edu", issuer: "守护学院")
        let issuer = "%E5%AE%88%E6%8A%A4%E5%AD%A6%E9%99%A2"
        #expect(uri == "otpauth://totp/\(issuer):%E5%BC%A0%E4%B8%89%3Azhang%40example.edu"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30")

        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.path == "/守护学院:张三:zhang@example.edu")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items["issuer"] == "守护学院")
        #expect(items["secret"].flatMap(Base32.decode) == secret)
    }

    @Test("Spaces in the issuer are written as %20, not +")
    func spacesInIssuer() {
        let uri = TOTP(secret: [1, 2, 3]).provisioningURI(account: "admin", issuer: "Shouhu Demo")
        #expect(uri.hasPrefix("otpauth://totp/Shouhu%20Demo:admin?"))
        #expect(uri.contains("&issuer=Shouhu%20Demo&"))
    }

    @Test("The provisioning URI states the digits and period the generator uses")
    func provisioningParameters() {
        let uri = TOTP(secret: [1, 2, 3], digits: 8, period: 60).provisioningURI(account: "a", issuer: "b")
        #expect(uri.hasSuffix("&algorithm=SHA1&digits=8&period=60"))
    }

    @Test("Printing or dumping a generator does not reveal the secret")
    func secretIsRedacted() {
        let secret = Array("very-secret-seed-001".utf8)
        let totp = TOTP(secret: secret)
        var dumped = ""
        dump(totp, to: &dumped)
        for text in [String(describing: totp), String(reflecting: totp), "\(totp)", dumped] {
            #expect(!text.contains("118"))  // the first byte, "v", as a number
            #expect(!text.contains(Base32.encode(secret)))
            #expect(text.contains("digits"))
        }
    }
}
