import Accounts
import Foundation
import CampusKit
import Hummingbird

/// Recognises the caller from `Authorization: Bearer …` or the page session cookie, and the page language.
/// It never rejects by itself: handlers that need an actor ask for one. Cookie-authenticated API writes must
/// carry the `X-CSRF-Token` header (pages' forms carry it as a field, checked by their handlers).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ShouhuContext
    static let sessionCookie = "shouhu_session"
    static let languageCookie = "shouhu_lang"

    let services: WebServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let ip = clientIP(request, context)
        context.language = Language(tag: request.uri.queryParameters["lang"].map(String.init) ?? request.cookies[Self.languageCookie]?.value)
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard var actor = try await services.accounts.actor(forToken: token) else {
                throw DomainError(.unauthenticated, "令牌无效或已过期 (the token is unknown or expired)")
            }
            actor.ip = ip
            context.actor = actor
            context.token = token
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty {
            if var actor = try await services.accounts.actor(forToken: cookie) {
                actor.ip = ip
                context.actor = actor
                context.token = cookie
                context.viaCookie = true
                let unsafe = ![.get, .head, .options].contains(request.method)
                if unsafe, request.uri.path.hasPrefix("/api/"),
                   !CSRF.isValid(request.headers[.init("X-CSRF-Token")!], for: cookie) {
                    throw DomainError.forbidden("缺少或错误的 CSRF 令牌 (missing or wrong CSRF token)")
                }
            }
        }
        if let actor = context.actor, !actor.restrictions.isEmpty, !Self.allowedWhileRestricted(request.uri.path) {
            if request.uri.path.hasPrefix("/api/") {
                throw DomainError.forbidden(actor.restrictions.contains(.mustChangePassword)
                    ? "请先修改密码 (change your password first: POST /api/v1/account/password)"
                    : "请先开启两步验证 (enrol two-factor sign-in first: POST /api/v1/account/two-factor)")
            }
            return Response(status: .seeOther, headers: [.location: "/account"])
        }
        let handlerContext = context
        var response = try await RequestActor.$current.withValue(context.actor) {
            try await RequestActor.$token.withValue(context.token) {
                try await RequestActor.$ip.withValue(ip) {
                    try await RequestActor.$userAgent.withValue(request.headers[.userAgent]) { try await next(request, handlerContext) }
                }
            }
        }
        if let lang = request.uri.queryParameters["lang"] {
            response.setCookie(Cookie(name: Self.languageCookie, value: Language(tag: String(lang)).rawValue,
                                      maxAge: 365 * 86400, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// The client's address: the first `X-Forwarded-For` hop when the deployment trusts its proxy, else the peer.
    func clientIP(_ request: Request, _ context: Context) -> String? {
        if services.trustProxy, let forwarded = request.headers[.init("X-Forwarded-For")!] {
            return forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return context.remoteIP
    }

    /// What a person who must first change their password or enrol two-factor sign-in may still reach.
    static func allowedWhileRestricted(_ path: String) -> Bool {
        path.hasPrefix("/account") || path.hasPrefix("/api/v1/account") || path.hasPrefix("/public/")
            || ["/signout", "/api/v1/sessions/current", "/healthz", "/readyz", "/openapi.json"].contains(path)
    }
}
