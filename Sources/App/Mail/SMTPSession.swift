import NIOCore
import NIOSSL

/// What the server announced in its EHLO reply.
struct SMTPCapabilities: Sendable {
    /// Keywords (upper-cased) and their parameters, e.g. `AUTH: [PLAIN, LOGIN]`.
    var keywords: [String: [String]] = [:]

    /// No extensions (the server only understood HELO).
    init() {}

    /// Capabilities from the lines after the first of a 250 EHLO reply.
    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            keywords[keyword, default: []] += words.dropFirst()
        }
    }

    var pipelining: Bool { keywords["PIPELINING"] != nil }
    var startTLS: Bool { keywords["STARTTLS"] != nil }
    var authMechanisms: Set<String> { Set(keywords["AUTH"] ?? []) }
}

/// A greeted connection, upgraded to TLS and authenticated as the server configuration asks.
struct SMTPSession: Sendable {
    let connection: SMTPConnection
    let capabilities: SMTPCapabilities

    /// Connects, reads the greeting, says EHLO (HELO if EHLO is refused), does STARTTLS and AUTH as configured.
    /// Failures are classified: refused/reset/timed out connections and 4xx replies are transient, 5xx permanent.
    static func open(_ server: SMTPServer, group: any EventLoopGroup) async throws(DeliveryFailure) -> SMTPSession {
        guard isValidHeloName(server.heloName) else {
            throw .permanent("invalid HELO name \"\(MailAddress.printable(server.heloName))\"")
        }
        var tls: NIOSSLContext?
        if case .implicitTLS = server.security { tls = try makeTLSContext(server) }
        let (connection, greeting) = try await io("connecting to \(server.host):\(server.port)") {
            try await SMTPConnection.connect(to: server, group: group, tls: tls)
        }
        do {
            return try await negotiate(connection, greeting: greeting, server: server)
        } catch {
            await connection.quit()
            throw error
        }
    }

    private static func negotiate(
        _ connection: SMTPConnection, greeting: SMTPReply, server: SMTPServer
    ) async throws(DeliveryFailure) -> SMTPSession {
        guard greeting.code == 220 else { throw .reply(greeting, to: "greeting") }
        var capabilities = try await hello(connection, server: server)
        var encrypted = server.security == .implicitTLS
        if case .startTLS(let policy) = server.security, policy != .never {
            if capabilities.startTLS {
                let reply = try await io("STARTTLS") { try await connection.send("STARTTLS") }
                if reply.code == 220 {
                    let context = try makeTLSContext(server)
                    try await io("TLS handshake") { try await connection.startTLS(context, serverName: server.tlsServerName) }
                    capabilities = try await hello(connection, server: server)
                    encrypted = true
                } else if policy == .required {
                    throw .reply(reply, to: "STARTTLS")
                }
            } else if policy == .required {
                throw .permanent("the server does not offer STARTTLS, and the URL says starttls=required")
            }
        }
        if let credentials = server.credentials {
            guard encrypted || server.allowsUnencryptedCredentials else {
                throw .permanent(
                    "refusing to send the password unencrypted to \(server.host): the server offers no STARTTLS "
                        + "(use smtps://, or starttls=never to allow it)")
            }
            try await authenticate(connection, capabilities: capabilities, credentials: credentials)
        }
        return SMTPSession(connection: connection, capabilities: capabilities)
    }

    private static func hello(_ connection: SMTPConnection, server: SMTPServer) async throws(DeliveryFailure) -> SMTPCapabilities {
        let reply = try await io("EHLO") { try await connection.send("EHLO \(server.heloName)") }
        if reply.code == 250 { return SMTPCapabilities(ehlo: reply) }
        guard reply.isPermanentFailure else { throw .reply(reply, to: "EHLO") }
        let helo = try await io("HELO") { try await connection.send("HELO \(server.heloName)") }
        guard helo.code == 250 else { throw .reply(helo, to: "HELO") }
        return SMTPCapabilities()
    }

    private static func authenticate(
        _ connection: SMTPConnection, capabilities: SMTPCapabilities, credentials: SMTPServer.Credentials
    ) async throws(DeliveryFailure) {
        let mechanisms = capabilities.authMechanisms
        func base64(_ text: String) -> String { String(decoding: MessageEncoding.base64(Array(text.utf8)), as: UTF8.self) }
        if mechanisms.contains("PLAIN") {
            let token = base64("\u{0}\(credentials.username)\u{0}\(credentials.password)")
            let reply = try await io("AUTH PLAIN") { try await connection.send("AUTH PLAIN \(token)") }
            guard reply.code == 235 else { throw .reply(reply, to: "AUTH PLAIN") }
        } else if mechanisms.contains("LOGIN") {
            let start = try await io("AUTH LOGIN") { try await connection.send("AUTH LOGIN") }
            guard start.code == 334 else { throw .reply(start, to: "AUTH LOGIN") }
            let user = try await io("AUTH LOGIN") { try await connection.send(base64(credentials.username)) }
            guard user.code == 334 else { throw .reply(user, to: "AUTH LOGIN (user name)") }
            let done = try await io("AUTH LOGIN") { try await connection.send(base64(credentials.password)) }
            guard done.code == 235 else { throw .reply(done, to: "AUTH LOGIN") }
        } else if mechanisms.isEmpty {
            throw .permanent("credentials are configured but the server offers no AUTH")
        } else {
            throw .permanent("the server offers AUTH \(mechanisms.sorted().joined(separator: " ")), not PLAIN or LOGIN")
        }
    }

    private static func makeTLSContext(_ server: SMTPServer) throws(DeliveryFailure) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: server.tlsConfiguration)
        } catch {
            throw .permanent("unusable TLS configuration: \(error)")
        }
    }

    /// A host name or address literal without spaces or control characters.
    private static func isValidHeloName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

/// Runs a network step, turning any error (refused, reset, timed out, closed) into a transient failure.
func io<T>(_ step: String, _ body: () async throws -> T) async throws(DeliveryFailure) -> T {
    do {
        return try await body()
    } catch {
        throw .connection(error, during: step)
    }
}

extension DeliveryFailure {
    /// The failure a broken connection means: transient, with the 421 reply when the server said it is closing.
    static func connection(_ error: any Error, during step: String) -> DeliveryFailure {
        if let closing = error as? SMTPServiceClosing {
            return .transient("\(step): \(closing)", replyCode: closing.reply.code)
        }
        return .transient("\(step): \(error)")
    }
}

extension SMTPServer {
    /// Whether a password may cross an unencrypted connection: to a loopback host, or when `starttls=never` says so.
    var allowsUnencryptedCredentials: Bool {
        if security == .startTLS(.never) { return true }
        let lower = host.lowercased()
        return lower == "localhost" || lower == "::1" || lower.hasPrefix("127.")
    }
}
