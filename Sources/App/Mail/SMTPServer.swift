import NIOCore
import NIOSSL

/// Where and how to reach an SMTP server, usually parsed from a URL:
/// `smtp://host:587?starttls=required`, `smtps://user:password@host:465`.
public struct SMTPServer: Sendable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: Sendable, Hashable {
        /// TLS from the first byte (`smtps://`, port 465 by default).
        case implicitTLS
        /// Plain TCP (`smtp://`, port 25 by default), upgraded with STARTTLS as the policy says.
        case startTLS(StartTLSPolicy)
    }

    /// Whether a plain connection is upgraded with STARTTLS.
    public enum StartTLSPolicy: String, Sendable, Hashable, CaseIterable {
        /// Upgrade, and fail every message (permanently) when the server does not offer STARTTLS.
        case required
        /// Upgrade when the server offers STARTTLS, else stay plain.
        case optional
        /// Never upgrade.
        case never
    }

    /// A user name and password for AUTH PLAIN, or AUTH LOGIN when the server offers no PLAIN.
    public struct Credentials: Sendable, Hashable, CustomStringConvertible {
        /// The user name.
        public var username: String
        /// The password.
        public var password: String

        /// Credentials with the given user name and password.
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// The user name only: the password never reaches logs.
        public var description: String { "\(username):***" }
    }

    /// The host name or IP address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// Implicit TLS or STARTTLS policy.
    public var security: Security
    /// Credentials for AUTH, if the server needs them.
    public var credentials: Credentials?
    /// The name sent with EHLO/HELO: this machine's fully qualified domain name.
    public var heloName: String
    /// How long to wait for the TCP connection.
    public var connectTimeout: TimeAmount
    /// How long to wait for each reply (including the greeting and the reply to the message content).
    public var commandTimeout: TimeAmount
    /// TLS settings for implicit TLS and STARTTLS (trust roots, minimum version, certificate checks).
    public var tlsConfiguration: TLSConfiguration

    /// A server from its parts.
    public init(
        host: String,
        port: Int,
        security: Security = .startTLS(.optional),
        credentials: Credentials? = nil,
        heloName: String = "localhost",
        connectTimeout: TimeAmount = .seconds(10),
        commandTimeout: TimeAmount = .seconds(60),
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration()
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.tlsConfiguration = tlsConfiguration
    }

    /// A server from a URL: `smtp[s]://[user:password@]host[:port][?starttls=required|optional|never]`.
    ///
    /// User name and password are percent-decoded (write `@` as `%40`); IPv6 hosts go in brackets.
    public init(
        url: String,
        heloName: String = "localhost",
        connectTimeout: TimeAmount = .seconds(10),
        commandTimeout: TimeAmount = .seconds(60),
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration()
    ) throws(SMTPURLError) {
        let parts = try SMTPURLParser.parse(url)
        self.init(
            host: parts.host, port: parts.port, security: parts.security, credentials: parts.credentials,
            heloName: heloName, connectTimeout: connectTimeout, commandTimeout: commandTimeout,
            tlsConfiguration: tlsConfiguration)
    }

    /// The server as a URL, without the password.
    public var description: String {
        let user = credentials.map { "\(SMTPURLParser.percentEncoded($0.username)):***@" } ?? ""
        let shownHost = host.contains(":") ? "[\(host)]" : host
        switch security {
        case .implicitTLS: return "smtps://\(user)\(shownHost):\(port)"
        case .startTLS(let policy): return "smtp://\(user)\(shownHost):\(port)?starttls=\(policy.rawValue)"
        }
    }

    /// The name for SNI and certificate checks: the host, unless it is an IP address (then the peer's address is checked).
    var tlsServerName: String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}

/// A server URL that cannot be used, with what is wrong in words.
public enum SMTPURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL does not have the form `scheme://…`, or has a fragment or path.
    case malformed(String)
    /// The scheme is not `smtp` or `smtps`.
    case unsupportedScheme(String)
    /// No host, or a host with characters a host cannot have.
    case invalidHost(String)
    /// The port is not a number from 1 to 65535.
    case invalidPort(String)
    /// The `user:password@` part is incomplete or badly percent-encoded.
    case invalidUserInfo(String)
    /// A query parameter other than `starttls`, or a bad or repeated value.
    case invalidParameter(String)

    /// What is wrong, in words.
    public var description: String {
        switch self {
        case .malformed(let why): return "malformed SMTP URL: \(why)"
        case .unsupportedScheme(let scheme): return "unsupported scheme \"\(scheme)\": use smtp:// or smtps://"
        case .invalidHost(let host): return "invalid host in SMTP URL: \"\(host)\""
        case .invalidPort(let port): return "invalid port in SMTP URL: \"\(port)\" (1…65535)"
        case .invalidUserInfo(let why): return "invalid user name or password in SMTP URL: \(why)"
        case .invalidParameter(let why): return "invalid parameter in SMTP URL: \(why)"
        }
    }
}
