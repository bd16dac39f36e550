import CampusKit
import Foundation
import Hummingbird

/// Applies a route's `RouteRule` on the matched route, before anything reads the body: sign-in throttling,
/// who may call it, what a restricted person may still reach, the CSRF header on cookie-authenticated API writes,
/// and the body's size limit (413 past it, whether or not a length was declared).
struct RouteGuard: RouterMiddleware {
    typealias Context = ShouhuContext

    let rule: RouteRule
    let limiter: SignInRateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if rule.throttled { try await limiter.admit(context.clientIP ?? "unknown") }
        guard rule.admits(context.actor) else {
            if context.actor == nil {
                if rule.page { return PagesController.signInRedirect(request) }
                throw DomainError(.unauthenticated, "请先登录 (sign in first)")
            }
            throw DomainError.forbidden("您无权访问此功能 (you may not use this)")
        }
        if let actor = context.actor, !actor.restrictions.isEmpty, !rule.whileRestricted {
            if rule.page { return Response(status: .seeOther, headers: [.location: "/account"]) }
            throw DomainError.forbidden(actor.restrictions.contains(.mustChangePassword)
                ? "请先修改密码 (change your password first: POST /api/v1/account/password)"
                : "请先开启两步验证 (enrol two-factor sign-in first: POST /api/v1/account/two-factor)")
        }
        let changesState = ![.get, .head, .options].contains(request.method)
        if changesState, !rule.page, context.viaCookie, let cookie = context.token,
           !CSRF.isValid(request.headers[.init("X-CSRF-Token")!], for: cookie) {
            throw DomainError.forbidden("缺少或错误的 CSRF 令牌 (missing or wrong CSRF token)")
        }
        guard changesState else { return try await next(request, context) }
        let limit = rule.body == .file ? BodyLimit.file : BodyLimit.json
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw Self.tooLarge(limit) }
        var request = request
        do {
            let buffer = try await request.body.collect(upTo: limit)
            // The whole body is read: say its length, so handlers generated from openapi.yaml see an empty body as
            // none (an operation whose body is optional) instead of as JSON that fails to parse.
            var head = request.head
            head.headerFields[.contentLength] = String(buffer.readableBytes)
            request = Request(head: head, body: .init(buffer: buffer))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(limit)
        }
        return try await next(request, context)
    }

    static func tooLarge(_ limit: Int) -> HTTPError {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit >> 10) KB"
        return HTTPError(.contentTooLarge, message: "请求内容过大，上限 \(size) (the request body is too large; the limit is \(size))")
    }
}
