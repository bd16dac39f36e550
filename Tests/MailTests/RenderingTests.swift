import Foundation
import NIOCore
import Testing

@testable import App

/// The message format, address rules and reply parsing, without a server.
@Suite struct RenderingTests {
    private func render(_ message: MailMessage) throws -> String {
        String(decoding: try message.rendered(), as: UTF8.self)
    }

    @Test func asciiMessageLayout() throws {
        let message = MailMessage(
            from: MailAddress("office@example.edu", name: "Student Affairs"),
            to: [MailAddress("a@example.edu"), MailAddress("b@example.edu", name: "B. \"Bee\"")],
            subject: "Check-in reminder", body: "Hello\nworld",
            messageID: "id-1@example.edu", date: Date(timeIntervalSince1970: 1_700_000_000),
            headers: [MailHeader("X-Shouhu-Case", "42")])
        let text = try render(message)
        let expectedHead = """
            From: Student Affairs <office@example.edu>\r
            To: a@example.edu, "B. \\"Bee\\"" <b@example.edu>\r
            Subject: Check-in reminder\r
            Date: Tue, 14 Nov 2023 22:13:20 +0000\r
            Message-ID: <id-1@example.edu>\r
            X-Shouhu-Case: 42\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=UTF-8\r
            Content-Transfer-Encoding: base64\r
            \r
            SGVsbG8NCndvcmxk\r

            """
        #expect(text == expectedHead)
    }

    @Test func nonASCIISubjectBecomesShortEncodedWordsOnFoldedLines() throws {
        let subject = String(repeating: "疫情防控健康打卡通知", count: 6)
        let text = try render(MailMessage(from: MailAddress("o@example.edu", name: "学生工作处"),
                                          to: [MailAddress("s@example.edu")], subject: subject, body: "正文"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.contains("From: =?UTF-8?B?5a2m55Sf5bel5L2c5aSE?= <o@example.edu>"))
        let subjectLines = lines.drop { !$0.hasPrefix("Subject:") }.prefix { !$0.hasPrefix("Date:") }
        #expect(subjectLines.count > 2)
        #expect(subjectLines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?B?") && $0.hasSuffix("?=") })
        #expect(text.allSatisfy { $0.isASCII })
    }

    @Test func veryLongNamesAndValuesStayWithinTheLineLimit() throws {
        let long = String(repeating: "Office of Student Affairs, ", count: 60)
        let text = try render(MailMessage(from: MailAddress("o@example.edu", name: long), to: [MailAddress("s@example.edu")],
                                          subject: long, body: "", headers: [MailHeader("X-Note", long)]))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
    }

    @Test func bodyIsBase64InLinesOf76WithCRLFOnly() throws {
        let body = String(repeating: "各位同学，请于今日完成健康打卡。\n", count: 40)
        let bytes = try MailMessage(from: MailAddress("o@example.edu"), to: [MailAddress("s@example.edu")],
                                    subject: "s", body: body).rendered()
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let bodyLines = parts[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(bodyLines.dropLast().allSatisfy { $0.utf8.count == 76 })
        #expect(bodyLines.allSatisfy { $0.utf8.count <= 76 })
        let decoded = Data(base64Encoded: bodyLines.joined())
        #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == body.replacingOccurrences(of: "\n", with: "\r\n"))
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D)
        }
    }

    @Test func base64MatchesFoundation() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(String(decoding: MessageEncoding.base64(bytes), as: UTF8.self) == Data(bytes).base64EncodedString())
        }
    }

    @Test func dotStuffingAndLineEndings() {
        let input = Array(".start\nmiddle\r\n..two\rend".utf8)
        let stuffed = String(decoding: MessageEncoding.dotStuffed(input), as: UTF8.self)
        #expect(stuffed == "..start\r\nmiddle\r\n...two\r\nend\r\n.\r\n")
        #expect(String(decoding: MessageEncoding.dotStuffed([]), as: UTF8.self) == ".\r\n")
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (1_700_000_000.9, "Tue, 14 Nov 2023 22:13:20 +0000"),
        (4_133_980_799, "Fri, 31 Dec 2100 23:59:59 +0000"),
        (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
    ])
    func dates(seconds: Double, expected: String) {
        #expect(MessageEncoding.rfc5322Date(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test(arguments: [
        "a@b.edu", "zhang.san+health@mail.example.edu", "x_y-z@localhost", "o'brien@example.edu", "a@[127.0.0.1]",
        String(repeating: "a", count: 64) + "@example.edu",
    ])
    func goodAddresses(address: String) throws {
        try MailAddress(address).validate()
    }

    @Test(arguments: [
        "", "plain", "@example.edu", "a@", "a b@example.edu", "a@exa mple.edu", "a@b.edu\r\n", "a\n@b.edu",
        ".a@b.edu", "a.@b.edu", "a..b@b.edu", "a@-b.edu", "a@b..edu", "a@b.edu.", "张三@example.edu", "a@例子.edu",
        "<a@b.edu>", "a@b.edu>", "a,b@b.edu", "a\"b@b.edu", String(repeating: "a", count: 65) + "@example.edu",
        "a@" + String(repeating: "b", count: 64) + ".edu", "a@" + String(repeating: "abcdefghi.", count: 25) + "edu",
    ])
    func badAddresses(address: String) {
        #expect(throws: MailValidationError.self) { try MailAddress(address).validate() }
    }

    @Test func injectionInValuesIsNamedInTheError() {
        let message = MailMessage(from: MailAddress("o@example.edu"), to: [MailAddress("s@example.edu")],
                                  subject: "Hi\r\nBcc: x@example.edu", body: "")
        #expect(throws: MailValidationError("subject contains a line break: Hi\\r\\nBcc: x@example.edu")) {
            try message.validate()
        }
    }

    @Test func replyDecoderJoinsMultiLineRepliesAcrossReads() throws {
        var decoder = SMTPReplyDecoder()
        var buffer = ByteBuffer(string: "220 sink.test ESMTP\r\n250-sink.test\r\n250-PIPE")
        #expect(try decoder.decode(buffer: &buffer) == SMTPReply(code: 220, lines: ["sink.test ESMTP"]))
        #expect(try decoder.decode(buffer: &buffer) == nil)
        buffer.writeString("LINING\r\n250-AUTH PLAIN LOGIN\n250 HELP\r\n354\r\n")
        let ehlo = try #require(try decoder.decode(buffer: &buffer))
        #expect(ehlo.lines == ["sink.test", "PIPELINING", "AUTH PLAIN LOGIN", "HELP"])
        #expect(SMTPCapabilities(ehlo: ehlo).pipelining)
        #expect(SMTPCapabilities(ehlo: ehlo).authMechanisms == ["PLAIN", "LOGIN"])
        #expect(try decoder.decode(buffer: &buffer) == SMTPReply(code: 354, lines: [""]))
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: ["hello\r\n", "25\r\n", "250x ok\r\n", "650 no\r\n", "250-a\r\n251 b\r\n"])
    func replyDecoderRefusesGarbage(input: String) {
        var decoder = SMTPReplyDecoder()
        var buffer = ByteBuffer(string: input)
        #expect(throws: SMTPProtocolError.self) {
            while try decoder.decode(buffer: &buffer) != nil {}
        }
    }

    @Test func plaintextPasswordsOnlyToLoopbackOrWhenAskedFor() throws {
        #expect(try SMTPServer(url: "smtp://u:p@127.0.0.1").allowsUnencryptedCredentials)
        #expect(try SMTPServer(url: "smtp://u:p@localhost").allowsUnencryptedCredentials)
        #expect(!(try SMTPServer(url: "smtp://u:p@mail.example.edu").allowsUnencryptedCredentials))
        #expect(try SMTPServer(url: "smtp://u:p@mail.example.edu?starttls=never").allowsUnencryptedCredentials)
    }
}
