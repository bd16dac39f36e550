import CampusKit
import Foundation
import Hummingbird
import Logging

/// What every request carries through the router: who is acting, and how they proved it.
public struct ShouhuContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person or integration, once `AuthMiddleware` has recognised the token.
    public var actor: Actor?
    /// The secret the actor presented (to sign out).
    public var token: String?
    /// True when the token came in the session cookie rather than the Authorization header.
    public var viaCookie: Bool = false
    /// The page language (`zh-CN` by default).
    public var language: Language = .zhCN

    /// The peer's address; behind a proxy, see `WebServices.trustProxy`.
    public let remoteIP: String?
    /// The client's address as `AuthMiddleware` determined it (the peer, or the proxy's last hop when trusted).
    public var clientIP: String?
    /// The request's path in its one canonical spelling (set by `CanonicalPath`).
    public var path: String = "/"

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteIP = source.channel.remoteAddress?.ipAddress
    }

    /// Answers with keys in a stable order, so the same data always reads the same.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// JSON bodies are small; files have their own, larger limit (see `BodyLimit`).
    public var maxUploadSize: Int { BodyLimit.json }

    /// The actor, or `.unauthenticated` when nobody signed in.
    public func requireActor() throws -> Actor {
        guard let actor else { throw DomainError(.unauthenticated, "请先登录 (sign in first)") }
        return actor
    }
}

/// Request size limits; larger bodies are answered 413.
public enum BodyLimit {
    public static let json = 1 << 20
    public static let file = 32 << 20
}
