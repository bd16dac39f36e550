import NIOCore
import NIOPosix
import NIOSSL

/// One open connection to an SMTP server: sends commands, awaits their replies, upgrades to TLS, closes.
struct SMTPConnection: Sendable {
    let channel: any Channel

    /// Connects (TLS first when `tls` is given) and returns the connection with the server's greeting.
    static func connect(
        to server: SMTPServer,
        group: any EventLoopGroup,
        tls: NIOSSLContext?
    ) async throws -> (SMTPConnection, SMTPReply) {
        let timeout = server.commandTimeout
        let serverName = server.tlsServerName
        // The initializer may run for several racing connections (happy eyeballs), so each gets its own handler;
        // it hands back the winner's greeting at once, so a greeting timeout that closes the channel (and removes
        // the handler) before we look is still reported as the timeout it was.
        let (channel, greeting) = try await ClientBootstrap(group: group)
            .connectTimeout(server.connectTimeout)
            .connect(host: server.host, port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    let handler = SMTPClientHandler(timeout: timeout, eventLoop: channel.eventLoop)
                    try pipeline.addHandler(handler)
                    return (channel, handler.greeting)
                }
            }
        let connection = SMTPConnection(channel: channel)
        do {
            return (connection, try await greeting.get()[0])
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Sends the command lines in one write (pipelined when there are several) and returns one reply for each.
    func send(_ commands: [String]) async throws -> [SMTPReply] {
        try await send(bytes: buffer(commands), replies: commands.count)
    }

    /// Sends one command line and returns its reply.
    func send(_ command: String) async throws -> SMTPReply {
        try await send([command])[0]
    }

    /// Writes raw bytes (e.g. message content) and returns the given number of replies.
    func send(bytes: ByteBuffer, replies: Int) async throws -> [SMTPReply] {
        try await start(bytes: bytes, replies: replies).get()
    }

    /// Writes raw bytes now and returns the future of their replies, so more can be written before waiting.
    /// Requests written one after another complete one after another, each on its own.
    func start(bytes: ByteBuffer, replies: Int) -> EventLoopFuture<[SMTPReply]> {
        let promise = channel.eventLoop.makePromise(of: [SMTPReply].self)
        // A write that never reaches the handler (channel already closed) must still fail the request.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail($0) }
        channel.writeAndFlush(SMTPRequest(bytes: bytes, replyCount: replies, promise: promise), promise: written)
        return promise.futureResult
    }

    /// Command lines as one buffer, each ending in CRLF.
    func buffer(_ commands: [String]) -> ByteBuffer {
        var bytes = channel.allocator.buffer(capacity: commands.reduce(0) { $0 + $1.utf8.count + 2 })
        for command in commands {
            bytes.writeString(command)
            bytes.writeStaticString("\r\n")
        }
        return bytes
    }

    /// Puts TLS under the reply decoder, after the server said 220 to STARTTLS; the handshake starts at once.
    func startTLS(_ context: NIOSSLContext, serverName: String?) async throws {
        let channel = self.channel
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// Sends QUIT (best effort, bounded by the command timeout) and closes the channel.
    func quit() async {
        _ = try? await send("QUIT")
        await close()
    }

    /// Closes the channel; closing an already closed channel is fine.
    func close() async {
        try? await channel.close().get()
    }
}
