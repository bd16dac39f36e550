/// Parses `smtp[s]://[user:password@]host[:port][?starttls=…]` strictly, so a typo is an error, not a surprise.
enum SMTPURLParser {
    struct Parts {
        var host: String
        var port: Int
        var security: SMTPServer.Security
        var credentials: SMTPServer.Credentials?
    }

    static func parse(_ url: String) throws(SMTPURLError) -> Parts {
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .malformed("spaces, control or non-ASCII characters (percent-encode them)")
        }
        guard let separator = url.firstRange(of: "://") else { throw .malformed("expected smtp://host or smtps://host") }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else { throw .unsupportedScheme(scheme) }
        var rest = url[separator.upperBound...]
        guard !rest.contains("#") else { throw .malformed("a fragment (#…) is not allowed") }

        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" else { throw .malformed("a path (\(rest[slash...])) is not allowed") }
            rest = rest[..<slash]
        }

        var credentials: SMTPServer.Credentials?
        if let at = rest.lastIndex(of: "@") {
            credentials = try parseUserInfo(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        let (host, portText) = try splitHostPort(rest)
        var port = scheme == "smtps" ? 465 : 25
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
                let number = Int(portText), (1...65535).contains(number)
            else { throw .invalidPort(String(portText)) }
            port = number
        }

        var policy: SMTPServer.StartTLSPolicy?
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let fields = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = fields[0].lowercased()
            let value = fields.count > 1 ? fields[1].lowercased() : ""
            guard name == "starttls" else { throw .invalidParameter("unknown parameter \"\(fields[0])\"") }
            guard policy == nil else { throw .invalidParameter("starttls given twice") }
            guard let parsed = SMTPServer.StartTLSPolicy(rawValue: value) else {
                throw .invalidParameter("starttls=\(value): use required, optional or never")
            }
            guard scheme == "smtp" else { throw .invalidParameter("starttls does not apply to smtps:// (TLS from the start)") }
            policy = parsed
        }
        let security: SMTPServer.Security = scheme == "smtps" ? .implicitTLS : .startTLS(policy ?? .optional)
        return Parts(host: host, port: port, security: security, credentials: credentials)
    }

    private static func parseUserInfo(_ text: Substring) throws(SMTPURLError) -> SMTPServer.Credentials {
        guard let colon = text.firstIndex(of: ":") else { throw .invalidUserInfo("expected user:password@") }
        let username = try percentDecoded(text[..<colon])
        let password = try percentDecoded(text[text.index(after: colon)...])
        guard !username.isEmpty else { throw .invalidUserInfo("empty user name") }
        for value in [username, password] where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidUserInfo("control characters are not allowed")
        }
        return SMTPServer.Credentials(username: username, password: password)
    }

    private static func splitHostPort(_ text: Substring) throws(SMTPURLError) -> (String, Substring?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidHost(String(text)) }
            let host = text[text.index(after: text.startIndex)..<close]
            guard !host.isEmpty, host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidHost(String(text))
            }
            let after = text[text.index(after: close)...]
            if after.isEmpty { return (String(host), nil) }
            guard after.first == ":" else { throw .invalidHost(String(text)) }
            return (String(host), after.dropFirst())
        }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { throw .invalidHost(String(text)) }
        let host = pieces[0]
        let hostCharacters = host.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "-._".contains($0) }
        guard !host.isEmpty, hostCharacters, host.count <= 253, !host.hasPrefix("-"), !host.hasPrefix(".") else {
            throw host.isEmpty ? .invalidHost("(none)") : .invalidHost(String(host))
        }
        return (String(host), pieces.count == 2 ? pieces[1] : nil)
    }

    private static func percentDecoded(_ text: Substring) throws(SMTPURLError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .invalidUserInfo("bad percent-encoding")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUserInfo("percent-encoding is not UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Percent-encodes everything but unreserved characters, for showing a user name in a URL.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
