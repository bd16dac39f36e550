import NIOCore

/// One reply from an SMTP server: a three-digit code and its text, one or more lines (`250-…` / `250 …`).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, 200…599.
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    /// A reply with the given code and text lines.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The text lines joined by newlines, e.g. `2.0.0 OK queued as 4XbQ1`.
    public var text: String { lines.joined(separator: "\n") }

    /// True for 2xx and 3xx replies.
    public var isPositive: Bool { (200..<400).contains(code) }

    /// True for 4xx replies: the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }

    /// True for 5xx replies: the command will not succeed as it is.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// `250 text` (multi-line replies joined by ` / `).
    public var description: String { "\(code) \(lines.joined(separator: " / "))" }
}

/// The server sent something that is not an SMTP reply.
struct SMTPProtocolError: Error, CustomStringConvertible {
    var description: String
}

/// Splits the byte stream into replies, joining the lines of multi-line replies.
struct SMTPReplyDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// Longest reply line accepted (RFC 5321 allows 512 bytes; servers sometimes send more).
    static let maximumLineLength = 4096
    /// Most lines accepted in one reply.
    static let maximumLines = 256

    private var code: Int?
    private var lines: [String] = []

    mutating func decode(buffer: inout ByteBuffer) throws -> SMTPReply? {
        while let newline = buffer.readableBytesView.firstIndex(of: 0x0A) {
            let length = newline - buffer.readerIndex
            guard length <= Self.maximumLineLength else { throw SMTPProtocolError(description: "reply line too long") }
            var line = buffer.readBytes(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if line.last == 0x0D { line.removeLast() }
            if let reply = try accept(line) { return reply }
        }
        guard buffer.readableBytes <= Self.maximumLineLength else {
            throw SMTPProtocolError(description: "reply line too long")
        }
        return nil
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SMTPReply? {
        try decode(buffer: &buffer)
    }

    /// Takes one line; returns the reply once its last line has arrived.
    private mutating func accept(_ line: [UInt8]) throws -> SMTPReply? {
        let digits = line.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            (0x32...0x35).contains(digits.first!)
        else {
            throw SMTPProtocolError(description: "malformed reply line: \(String(decoding: line.prefix(80), as: UTF8.self))")
        }
        let lineCode = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let separator: UInt8? = line.count > 3 ? line[3] : nil
        guard separator == nil || separator == 0x20 || separator == 0x2D else {
            throw SMTPProtocolError(description: "malformed reply line: \(String(decoding: line.prefix(80), as: UTF8.self))")
        }
        if let code, code != lineCode {
            throw SMTPProtocolError(description: "reply lines with different codes: \(code) and \(lineCode)")
        }
        lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard lines.count <= Self.maximumLines else { throw SMTPProtocolError(description: "reply with too many lines") }
        if separator == 0x2D {
            code = lineCode
            return nil
        }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}
