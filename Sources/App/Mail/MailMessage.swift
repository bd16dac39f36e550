import Foundation

/// One header line added to a message, e.g. `X-Shouhu-Case: 2024-0917`.
public struct MailHeader: Sendable, Hashable {
    /// The field name: printable ASCII without `:`; not one the message writes itself.
    public var name: String
    /// The value: any Unicode text without line breaks (non-ASCII is sent as RFC 2047 encoded-words).
    public var value: String

    /// A header with the given name and value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A plain-text e-mail: sender, recipients, subject and a UTF-8 body, rendered as RFC 5322 with MIME.
public struct MailMessage: Sendable, Hashable {
    /// The sender, used both as `From` and as the envelope sender (`MAIL FROM`).
    public var from: MailAddress
    /// The recipients, each also an envelope recipient (`RCPT TO`); at least one.
    public var to: [MailAddress]
    /// The subject; any Unicode text without line breaks.
    public var subject: String
    /// The plain-text body; line endings are normalised to CRLF and it is sent base64-encoded.
    public var body: String
    /// The `Message-ID` without angle brackets, e.g. `3f2a…@example.edu`.
    public var messageID: String
    /// The `Date` header.
    public var date: Date
    /// Further header lines, written after the standard ones.
    public var headers: [MailHeader]

    /// A message; `messageID` defaults to a random UUID at the sender's domain, `date` to now.
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        body: String,
        messageID: String? = nil,
        date: Date = Date(),
        headers: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        self.messageID = messageID ?? "\(UUID().uuidString.lowercased())@\(domain)"
        self.date = date
        self.headers = headers
    }

    /// Header names the message writes itself, which ``headers`` may not repeat (`Bcc` would leak recipients).
    public static let reservedHeaderNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
        "content-type", "content-transfer-encoding",
    ]

    /// Checks every address and header value; throws the first problem found.
    public func validate() throws(MailValidationError) {
        guard !to.isEmpty else { throw MailValidationError("message without recipients") }
        guard to.count <= 100 else { throw MailValidationError("message with more than 100 recipients") }
        try from.validate()
        for recipient in to { try recipient.validate() }
        try MailAddress.validate(text: subject, what: "subject")
        try MailAddress.validate(text: messageID, what: "Message-ID")
        let idParts = messageID.split(separator: "@", omittingEmptySubsequences: false)
        guard idParts.count == 2, !idParts[0].isEmpty, !idParts[1].isEmpty,
            messageID.utf8.count <= 250,
            messageID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !Array("<>()[]\\\",;:".utf8).contains($0) })
        else { throw MailValidationError("malformed Message-ID: \(MailAddress.printable(messageID))") }
        for header in headers {
            let bytes = Array(header.name.utf8)
            guard !bytes.isEmpty, bytes.count <= 76, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }) else {
                throw MailValidationError("malformed header name: \(MailAddress.printable(header.name))")
            }
            guard !Self.reservedHeaderNames.contains(header.name.lowercased()) else {
                throw MailValidationError("header \(header.name) is written by the message itself")
            }
            try MailAddress.validate(text: header.value, what: "header \(header.name)")
        }
    }

    /// The message as RFC 5322 bytes with CRLF line endings, ready for DATA (before dot-stuffing).
    public func rendered() throws(MailValidationError) -> [UInt8] {
        try validate()
        var text = ""
        text += MessageEncoding.header("From", tokens: MessageEncoding.addressTokens(from, last: true))
        var recipients: [String] = []
        for (index, recipient) in to.enumerated() {
            recipients += MessageEncoding.addressTokens(recipient, last: index == to.count - 1)
        }
        text += MessageEncoding.header("To", tokens: recipients)
        text += MessageEncoding.header("Subject", tokens: MessageEncoding.unstructuredTokens(subject, field: "Subject"))
        text += "Date: \(MessageEncoding.rfc5322Date(date))\r\n"
        text += "Message-ID: <\(messageID)>\r\n"
        for header in headers {
            text += MessageEncoding.header(
                header.name, tokens: MessageEncoding.unstructuredTokens(header.value, field: header.name))
        }
        text += "MIME-Version: 1.0\r\n"
        text += "Content-Type: text/plain; charset=UTF-8\r\n"
        text += "Content-Transfer-Encoding: base64\r\n"
        text += "\r\n"
        var bytes = Array(text.utf8)
        bytes += MessageEncoding.base64Lines(MessageEncoding.normalisedLineEndings(Array(body.utf8)))
        return bytes
    }
}
