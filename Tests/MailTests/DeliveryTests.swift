import Foundation
import ShouhuTestSupport
import App
import NIOCore
import NIOPosix
import Testing

/// Sending to a real SMTP server (aiosmtpd, see `SMTPSink`), including its failure replies.
@Suite(.timeLimit(.minutes(2)))
struct DeliveryTests {
    @Test func chineseSubjectBodyAndNamesArriveIntact() async throws {
        let sink = try await SMTPSink(["--pipelining"])
        defer { sink.stop() }
        let subject = "【疫情防控】关于今日健康打卡与核酸检测安排的紧急通知——请全体同学务必于今晚十点前完成"
        let body = "各位同学：\n\n请于今日 22:00 前完成健康打卡。\r\n.这一行以句点开头。\n..\n\n学生工作处\n"
        let message = MailMessage(
            from: MailAddress("office@example.edu", name: "学生工作处"),
            to: [MailAddress("zhang.san@example.edu", name: "张三"), MailAddress("li.si@example.edu", name: "Li \"Si\", Jr.")],
            subject: subject, body: body, headers: [MailHeader("X-Shouhu-Case", "个案 2024-0917")])
        let client = SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup)

        let result = await client.send(message)

        #expect(result.isDelivered, "\(result)")
        let files = sink.storedFiles()
        try #require(files.count == 1)
        let decoded = try await DecodedMessage.decode(files[0], headers: ["X-Shouhu-Case", "X-Sink-Rcpt-To", "MIME-Version"])
        #expect(decoded.subject == subject)
        #expect(decoded.body.replacingOccurrences(of: "\r\n", with: "\n") == body.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(decoded.fromName == "学生工作处")
        #expect(decoded.fromAddress == "office@example.edu")
        #expect(decoded.toNames == ["张三", "Li \"Si\", Jr."])
        #expect(decoded.toAddresses == ["zhang.san@example.edu", "li.si@example.edu"])
        #expect(decoded.contentType == "text/plain")
        #expect(decoded.charset?.lowercased() == "utf-8")
        #expect(decoded.transferEncoding == "base64")
        #expect(decoded.messageID == "<\(message.messageID)>")
        #expect(decoded.headers["X-Shouhu-Case"] == "个案 2024-0917")
        #expect(decoded.headers["MIME-Version"] == "1.0")
        #expect(decoded.headers["X-Sink-Rcpt-To"] == "zhang.san@example.edu, li.si@example.edu")
        #expect(decoded.defects.isEmpty)
        let raw = try String(contentsOf: files[0], encoding: .utf8)
        #expect(raw.split(whereSeparator: { $0.isNewline }).allSatisfy { $0.utf8.count <= 78 })
        #expect(raw.allSatisfy { $0.isASCII })
        if case .delivered(let receipt) = result { #expect(receipt.hasPrefix("OK queued as ")) }
    }

    @Test(arguments: [true, false])
    func batchOf100ArrivesExactlyOnce(pipelining: Bool) async throws {
        let sink = try await SMTPSink(pipelining ? ["--pipelining"] : [])
        defer { sink.stop() }
        let messages = (0..<100).map { testMessage(to: "student\($0)@example.edu", subject: "Batch \($0)") }
        let client = SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup)

        let results = await client.send(messages)

        #expect(results.count == 100)
        #expect(results.allSatisfy { $0.isDelivered })
        let receipts = Set(results.compactMap { if case .delivered(let receipt) = $0 { receipt } else { nil } })
        #expect(receipts.count == 100)
        let stored = try sink.storedMessages()
        #expect(stored.count == 100)
        let ids = stored.compactMap { headerValue("Message-ID", in: $0) }
        #expect(ids.sorted() == messages.map { "<\($0.messageID)>" }.sorted())
    }

    @Test(arguments: [true, false])
    func replyCodesClassifyOnlyTheirOwnMessages(pipelining: Bool) async throws {
        let sink = try await SMTPSink(pipelining ? ["--pipelining"] : [])
        defer { sink.stop() }
        var mixed = testMessage(to: "ok-in-mixed@example.edu", subject: "mixed")
        mixed.to.append(MailAddress("temp-fail-2@example.edu"))
        var hardMixed = testMessage(to: "temp-fail-3@example.edu", subject: "hard mixed")
        hardMixed.to.append(MailAddress("perm-fail-3@example.edu"))
        let messages = [
            testMessage(to: "a@example.edu", subject: "one"),
            testMessage(to: "temp-fail@example.edu", subject: "temp"),
            testMessage(to: "b@example.edu", subject: "two"),
            testMessage(to: "perm-fail@example.edu", subject: "perm"),
            mixed,
            hardMixed,
            testMessage(to: "c@example.edu", subject: "three"),
        ]
        let client = SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup)

        let results = await client.send(messages)

        #expect(results.map(\.isDelivered) == [true, false, true, false, false, false, true])
        #expect(results[1].failure?.kind == .transient)
        #expect(results[1].failure?.replyCode == 451)
        #expect(results[1].failure?.reason.contains("temp-fail@example.edu") == true)
        #expect(results[3].failure?.kind == .permanent)
        #expect(results[3].failure?.replyCode == 550)
        #expect(results[4].failure?.kind == .transient)
        #expect(results[5].failure?.kind == .permanent)
        let stored = try sink.storedMessages()
        #expect(stored.compactMap { headerValue("X-Sink-Rcpt-To", in: $0) }.sorted()
            == ["a@example.edu", "b@example.edu", "c@example.edu"])
    }

    @Test func malformedMessagesAreRefusedAndNothingOfThemIsSent() async throws {
        let sink = try await SMTPSink(["--pipelining"])
        defer { sink.stop() }
        let office = MailAddress("office@example.edu")
        func message(to: String = "good@example.edu", subject: String = "Hi", from: MailAddress = office,
                     headers: [MailHeader] = []) -> MailMessage {
            MailMessage(from: from, to: [MailAddress(to)], subject: subject, body: "x", headers: headers)
        }
        let bad: [MailMessage] = [
            message(to: "no-at-sign.example.edu"),
            message(to: "has space@example.edu"),
            message(to: "evil@example.edu>\r\nRCPT TO:<victim@example.edu"),
            message(to: "victim@example.edu\nBcc: attacker@example.edu"),
            message(to: String(repeating: "a", count: 64) + "@" + String(repeating: "b.", count: 95) + "edu"),
            message(subject: "Hi\r\nBcc: attacker@example.edu"),
            message(subject: "Hi\nX-Injected: yes"),
            message(from: MailAddress("office@example.edu", name: "Office\r\nBcc: attacker@example.edu")),
            message(from: MailAddress("office@example.edu\r\n")),
            message(headers: [MailHeader("X-Case", "1\r\nBcc: attacker@example.edu")]),
            message(headers: [MailHeader("Bcc", "attacker@example.edu")]),
            message(headers: [MailHeader("Bad Name", "x")]),
            MailMessage(from: office, to: [], subject: "nobody", body: "x"),
        ]
        let messages = [message(to: "first@example.edu")] + bad + [message(to: "last@example.edu")]
        let client = SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup)

        let results = await client.send(messages)

        #expect(results.first?.isDelivered == true)
        #expect(results.last?.isDelivered == true)
        for (index, result) in results.dropFirst().dropLast().enumerated() {
            #expect(result.failure?.kind == .permanent, "bad message \(index): \(result)")
            #expect(result.failure?.replyCode == nil)
        }
        let stored = try sink.storedMessages()
        #expect(stored.count == 2)
        #expect(!stored.joined().contains("attacker"))
        #expect(!stored.joined().contains("victim"))
        #expect(!stored.joined().contains("Injected"))
    }

    @Test func onlyMalformedMessagesMeansNoConnectionAtAll() async throws {
        let port = try await unusedPort()
        let client = SMTPClient(server: try SMTPServer(url: "smtp://127.0.0.1:\(port)"), eventLoopGroup: mailTestGroup)
        let results = await client.send([testMessage(to: "nobody"), testMessage(to: "a@b@c d")])
        #expect(results.allSatisfy { $0.failure?.kind == .permanent })
    }

    @Test func aBadHeloNameFailsPermanentlyWithoutConnecting() async throws {
        let port = try await unusedPort()
        let client = SMTPClient(server: try SMTPServer(url: "smtp://127.0.0.1:\(port)", heloName: "shouhu\r\nMAIL FROM:<x@y>"), eventLoopGroup: mailTestGroup)
        let result = await client.send(testMessage())
        #expect(result.failure?.kind == .permanent)
        #expect(result.failure?.reason.contains("invalid HELO name") == true, "\(result)")
    }

    @Test func aServerThatIsNotListeningFailsEverythingTransient() async throws {
        let port = try await unusedPort()
        let client = SMTPClient(server: try SMTPServer(url: "smtp://127.0.0.1:\(port)"), eventLoopGroup: mailTestGroup)

        let results = await client.send((0..<5).map { testMessage(subject: "\($0)") } + [testMessage(to: "bad address")])

        #expect(results.prefix(5).allSatisfy { $0.failure?.kind == .transient })
        #expect(results[0].failure?.reason.lowercased().contains("refused") == true, "\(results[0])")
        #expect(results[5].failure?.kind == .permanent)
    }

    @Test func aServerThatStopsMidBatchLeavesTheRestTransient() async throws {
        let sink = try await SMTPSink(["--pipelining", "--exit-after", "5"])
        defer { sink.stop() }
        let messages = (0..<12).map { testMessage(to: "s\($0)@example.edu", subject: "\($0)") }
        let client = SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup)

        let results = await client.send(messages)

        #expect(results.prefix(5).allSatisfy { $0.isDelivered })
        #expect(results.dropFirst(5).allSatisfy { $0.failure?.kind == .transient })
        #expect(try sink.storedMessages().count == 5)
        #expect(!sink.isRunning)
    }

    @Test(arguments: [true, false])
    func a421ClosingReplyLeavesTheRestTransient(pipelining: Bool) async throws {
        let sink = try await SMTPSink(pipelining ? ["--pipelining"] : [])
        defer { sink.stop() }
        let messages = [testMessage(to: "a@example.edu"), testMessage(to: "shutdown@example.edu"), testMessage(to: "c@example.edu")]
        let results = await SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup).send(messages)
        #expect(results[0].isDelivered)
        #expect(results[1].failure?.kind == .transient)
        #expect(results[1].failure?.replyCode == 421, "\(results[1])")
        #expect(results[2].failure?.kind == .transient)
        #expect(try sink.storedMessages().count == 1)
    }

    /// At 0 ms the greeting's timeout closes the channel before the connection code can look at it: still a timeout.
    @Test(arguments: [300, 0])
    func aSilentServerTimesOutTransient(milliseconds: Int64) async throws {
        // A real TCP listener that accepts and never says a word.
        // On the tests' own loop: on the suite's busy shared loop the accept itself could wait past the connect timeout.
        let listener = try await ServerBootstrap(group: mailTestGroup)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = listener.localAddress!.port!
        let server = try SMTPServer(url: "smtp://127.0.0.1:\(port)", connectTimeout: .seconds(30), commandTimeout: .milliseconds(milliseconds))

        let results = await SMTPClient(server: server, eventLoopGroup: mailTestGroup).send([testMessage(), testMessage()])

        try await listener.close().get()
        #expect(results.allSatisfy { $0.failure?.kind == .transient })
        #expect(results[0].failure?.reason.contains("no reply within \(milliseconds) ms") == true, "\(results[0])")
    }

    @Test func anOwnEventLoopGroupIsUsedAndOneMessageWorks() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let client = SMTPClient(server: try SMTPServer(url: sink.url("?starttls=never")), eventLoopGroup: group)

        let result = await client.send(testMessage(body: ".\n..\nend"))

        #expect(result.isDelivered)
        let decoded = try await DecodedMessage.decode(try #require(sink.storedFiles().first))
        #expect(decoded.body == ".\r\n..\r\nend" || decoded.body == ".\n..\nend")
        try await group.shutdownGracefully()
    }
}
