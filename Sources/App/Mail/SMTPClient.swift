import NIOCore
import NIOPosix

/// Sends e-mail through one SMTP server, a batch over one connection.
///
/// ```swift
/// let client = SMTPClient(server: try SMTPServer(url: "smtp://mail.example.edu:587?starttls=required"))
/// let results = await client.send(messages)   // one DeliveryResult per message, in order
/// ```
public struct SMTPClient: Sendable {
    /// The server and its settings.
    public var server: SMTPServer
    /// The event loops connections run on; never blocked by the client.
    public let eventLoopGroup: any EventLoopGroup

    /// A client for `server`, on the given event loops (by default NIO's shared singleton group).
    public init(server: SMTPServer, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.server = server
        self.eventLoopGroup = eventLoopGroup
    }

    /// Sends one message on a connection of its own.
    public func send(_ message: MailMessage) async -> DeliveryResult {
        await send([message])[0]
    }

    /// Sends the messages over one connection and returns one result per message, in the same order.
    ///
    /// Malformed messages fail permanently before anything is sent and are skipped; when no message is left,
    /// no connection is made. Each message is its own transaction (MAIL FROM, RCPT TO for each recipient,
    /// DATA), followed by RSET when it fails. A message is delivered to all its recipients or to none: when any
    /// recipient is refused, the transaction is abandoned (permanent if any refusal is 5xx, else transient).
    /// When the connection fails or the server closes it (421), the message in flight and all later ones fail
    /// as transient. A message whose content was sent but whose final reply was lost is reported transient
    /// too, so a retry may deliver it twice (SMTP cannot tell).
    public func send(_ messages: [MailMessage]) async -> [DeliveryResult] {
        var results = [DeliveryResult?](repeating: nil, count: messages.count)
        var prepared: [(index: Int, message: PreparedMessage)] = []
        for (index, message) in messages.enumerated() {
            do {
                prepared.append((index, try PreparedMessage(message)))
            } catch {
                results[index] = .failed(.permanent("message refused before sending: \(error.reason)"))
            }
        }
        if !prepared.isEmpty {
            let outcomes = await deliver(prepared.map(\.message))
            for (item, outcome) in zip(prepared, outcomes) { results[item.index] = outcome }
        }
        return results.map { $0! }
    }

    private func deliver(_ messages: [PreparedMessage]) async -> [DeliveryResult] {
        let session: SMTPSession
        do {
            session = try await SMTPSession.open(server, group: eventLoopGroup)
        } catch {
            return Array(repeating: .failed(error), count: messages.count)
        }
        let (results, usable) = await session.deliver(messages)
        if usable { await session.connection.quit() } else { await session.connection.close() }
        return results
    }
}

/// A validated message: envelope addresses and the dot-stuffed DATA payload.
struct PreparedMessage: Sendable {
    var sender: String
    var recipients: [String]
    var payload: [UInt8]

    init(_ message: MailMessage) throws(MailValidationError) {
        payload = MessageEncoding.dotStuffed(try message.rendered())
        sender = message.from.address
        var seen = Set<String>()
        recipients = message.to.map(\.address).filter { seen.insert($0).inserted }
    }
}
