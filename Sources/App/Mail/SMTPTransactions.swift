import NIOCore

extension SMTPSession {
    /// Delivers the messages one transaction after another and says whether the connection is still usable.
    ///
    /// With PIPELINING, a message's envelope (MAIL FROM, RCPT TO…, and DATA when it has one recipient) goes in one
    /// write, and its content goes out together with the next message's envelope: about one round trip a message.
    func deliver(_ messages: [PreparedMessage]) async -> (results: [DeliveryResult], usable: Bool) {
        var results: [DeliveryResult] = []
        results.reserveCapacity(messages.count)
        // The envelope replies of messages[results.count], when its envelope went out with the previous content.
        var early: EventLoopFuture<[SMTPReply]>?
        func giveUp(_ failure: DeliveryFailure) -> (results: [DeliveryResult], usable: Bool) {
            results.append(.failed(failure))
            let rest = DeliveryResult.failed(.transient("not sent, the connection was lost: \(failure.reason)"))
            return (results + Array(repeating: rest, count: messages.count - results.count), false)
        }
        do {
            while results.count < messages.count {
                let message = messages[results.count]
                let commands = envelope(message)
                let replies: [SMTPReply]
                if let early {
                    replies = try await early.get()
                } else {
                    replies = try await sendEnvelope(commands)
                }
                early = nil
                switch check(message, commands: commands, replies: replies) {
                case .lost(let failure):
                    return giveUp(failure)
                case .refused(let failure):
                    guard await reset() else { return giveUp(failure) }
                    results.append(.failed(failure))
                    continue
                case .accepted(dataAccepted: false):
                    let data = try await connection.send("DATA")
                    guard data.code == 354 else {
                        guard await reset() else { return giveUp(.reply(data, to: "DATA")) }
                        results.append(.failed(.reply(data, to: "DATA")))
                        continue
                    }
                case .accepted(dataAccepted: true):
                    break
                }
                let final = connection.start(bytes: ByteBuffer(bytes: message.payload), replies: 1)
                if capabilities.pipelining, results.count + 1 < messages.count {
                    let next = envelope(messages[results.count + 1])
                    early = connection.start(bytes: connection.buffer(next), replies: next.count)
                }
                let reply = try await final.get()[0]
                results.append(reply.code / 100 == 2 ? .delivered(receipt: reply.text) : .failed(.reply(reply, to: "the message content")))
            }
        } catch {
            return giveUp(.connection(error, during: "connection lost"))
        }
        return (results, true)
    }

    /// Ends a failed transaction; false when the connection cannot go on (the failure itself stays as it was).
    private func reset() async -> Bool {
        (try? await connection.send("RSET"))?.code == 250
    }

    /// MAIL FROM, one RCPT TO per recipient, and DATA when pipelining a message with one recipient (with more,
    /// DATA waits: a refused recipient must not leave DATA accepted for the others).
    private func envelope(_ message: PreparedMessage) -> [String] {
        var commands = ["MAIL FROM:<\(message.sender)>"] + message.recipients.map { "RCPT TO:<\($0)>" }
        if capabilities.pipelining && message.recipients.count == 1 { commands.append("DATA") }
        return commands
    }

    /// Sends an envelope in one write when pipelining, else command by command, stopping after a refused MAIL FROM.
    private func sendEnvelope(_ commands: [String]) async throws -> [SMTPReply] {
        if capabilities.pipelining { return try await connection.send(commands) }
        var replies: [SMTPReply] = []
        for command in commands {
            replies.append(try await connection.send(command))
            if replies[0].code / 100 != 2 { break }
        }
        return replies
    }

    private enum EnvelopeCheck {
        /// Sender and every recipient accepted; `dataAccepted` when a pipelined DATA got 354.
        case accepted(dataAccepted: Bool)
        /// The message fails; RSET and go on.
        case refused(DeliveryFailure)
        /// The message fails and the connection cannot go on (DATA open after a refusal).
        case lost(DeliveryFailure)
    }

    /// Classifies the envelope replies. A message goes to all its recipients or none: any refused recipient fails it,
    /// permanently if any refusal is 5xx, else transiently.
    private func check(_ message: PreparedMessage, commands: [String], replies: [SMTPReply]) -> EnvelopeCheck {
        let dataReply = commands.last == "DATA" && replies.count == commands.count ? replies.last : nil
        var failure: DeliveryFailure?
        if replies[0].code / 100 != 2 {
            failure = .reply(replies[0], to: "MAIL FROM:<\(message.sender)>")
        } else {
            let refusals = zip(message.recipients, replies.dropFirst()).filter { $0.1.code / 100 != 2 }
            if !refusals.isEmpty {
                let permanent = refusals.first { $0.1.isPermanentFailure }
                failure = DeliveryFailure(
                    kind: permanent == nil ? .transient : .permanent,
                    reason: refusals.map { "RCPT TO:<\($0.0)> refused: \($0.1)" }.joined(separator: "; "),
                    replyCode: (permanent ?? refusals[0]).1.code)
            } else if let dataReply, dataReply.code != 354 {
                failure = .reply(dataReply, to: "DATA")
            }
        }
        guard let failure else { return .accepted(dataAccepted: dataReply != nil) }
        // A server that opened DATA although the transaction failed: only closing the connection ends it safely.
        return dataReply?.code == 354 ? .lost(failure) : .refused(failure)
    }
}
