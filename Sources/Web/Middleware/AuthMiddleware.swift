import Accounts
import Foundation
import CampusKit
import Hummingbird

/// Recognises the caller from `Authorization: Bearer …` or the page session cookie, the client's address and the
/// page language. It admits and refuses nothing by itself except an unknown bearer token: `RouteGuard` decides,
/// on the matched route, who may call it. Answers to signed-in requests are never stored by caches.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ShouhuContext
    static let sessionCookie = "shouhu_session"
    static let languageCookie = "shouhu_lang"

    let services: any WebServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let ip = Self.clientIP(forwardedFor: services.site.trustProxy ? request.headers[.init("X-Forwarded-For")!] : nil,
                               peer: context.remoteIP)
        context.clientIP = ip
        context.language = Language(tag: request.uri.queryParameters["lang"].map(String.init) ?? request.cookies[Self.languageCookie]?.value)
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard var actor = try await services.accounts.actor(forToken: token) else {
                throw DomainError(.unauthenticated, "令牌无效或已过期 (the token is unknown or expired)")
            }
            actor.ip = ip
            context.actor = actor
            context.token = token
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty,
                  var actor = try await services.accounts.actor(forToken: cookie) {
            actor.ip = ip
            context.actor = actor
            context.token = cookie
            context.viaCookie = true
        }
        let handlerContext = context
        var response = try await RequestActor.$current.withValue(context.actor) {
            try await RequestActor.$token.withValue(context.token) {
                try await RequestActor.$ip.withValue(ip) {
                    try await RequestActor.$userAgent.withValue(request.headers[.userAgent]) { try await next(request, handlerContext) }
                }
            }
        }
        if context.actor != nil || context.viaCookie || request.cookies[Self.sessionCookie] != nil {
            // Pages with activation codes, exports and personal data must not linger in a shared computer's cache.
            response.headers[.cacheControl] = "no-store"
        }
        if let lang = request.uri.queryParameters["lang"] {
            response.setCookie(Cookie(name: Self.languageCookie, value: Language(tag: String(lang)).rawValue,
                                      maxAge: 365 * 86400, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// The client's address. Behind a trusted proxy it is the last `X-Forwarded-For` hop — the one the proxy itself
    /// appended; the entries before it are whatever the client chose to send. Otherwise the peer's address.
    static func clientIP(forwardedFor: String?, peer: String?) -> String? {
        if let forwardedFor,
           let last = forwardedFor.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        return peer
    }
}
