/// An e-mail address with an optional display name, as used in `From` and `To`.
///
/// Creating one never fails; ``validate()`` (called for every message before anything is sent) refuses
/// malformed addresses, so one bad address fails its own message only.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address itself, `local@domain`, without angle brackets.
    public var address: String
    /// The name mail readers show, e.g. `学生工作处`; any Unicode text without line breaks.
    public var name: String?

    /// An address with an optional display name.
    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// The address as a header shows it before encoding, e.g. `Name <a@b.edu>`.
    public var description: String {
        guard let name, !name.isEmpty else { return address }
        return "\(name) <\(address)>"
    }

    /// Checks the address (ASCII dot-atom local part, host name or address literal, at most 254 bytes)
    /// and the display name (no line breaks or other control characters).
    public func validate() throws(MailValidationError) {
        try Self.validate(address: address)
        if let name { try Self.validate(text: name, what: "display name of <\(Self.printable(address))>") }
    }

    /// The longest address accepted, in bytes (RFC 5321's path limit less the angle brackets).
    public static let maximumLength = 254

    static func validate(address: String) throws(MailValidationError) {
        let shown = printable(address)
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else { throw MailValidationError("empty e-mail address") }
        guard bytes.count <= maximumLength else {
            throw MailValidationError("e-mail address longer than \(maximumLength) bytes: \(shown)")
        }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw MailValidationError("e-mail address with spaces, control or non-ASCII characters: \(shown)")
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else {
            throw MailValidationError("e-mail address without @: \(shown)")
        }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, isDotAtom(local) else {
            throw MailValidationError("malformed local part in e-mail address: \(shown)")
        }
        guard isDomain(domain) else {
            throw MailValidationError("malformed domain in e-mail address: \(shown)")
        }
    }

    /// Refuses line breaks and other control characters, which would let a value inject header lines.
    static func validate(text: String, what: String) throws(MailValidationError) {
        for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
            let kind = scalar == "\r" || scalar == "\n" ? "line break" : "control character"
            throw MailValidationError("\(what) contains a \(kind): \(printable(text))")
        }
    }

    /// A value made safe to quote in an error message: control characters escaped, long values cut.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            out += scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return text.unicodeScalars.count > 80 ? out + "…" : out
    }

    /// An RFC 5322 `atext` byte: what a dot-atom (and an unquoted display name) may hold.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
        }
    }

    private static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        let dot = UInt8(ascii: ".")
        guard bytes.first != dot, bytes.last != dot else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == dot { if previous == dot { return false } } else if !isAtext(byte) { return false }
            previous = byte
        }
        return true
    }

    private static func isDomain(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        if bytes.first == UInt8(ascii: "[") {
            // An address literal such as [192.0.2.1] or [IPv6:2001:db8::1].
            guard bytes.last == UInt8(ascii: "]"), bytes.count > 2 else { return false }
            return bytes.dropFirst().dropLast().allSatisfy { byte in
                isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            }
        }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63,
                label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }
}

/// Why a message was refused before sending: a malformed address, a header value with a line break, and so on.
/// Such a message fails as a permanent failure; nothing of it reaches the server.
public struct MailValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for logs and dead-letter records.
    public var reason: String

    /// An error with the given reason.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
