import CampusKit
import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// Limits sign-in answers per client address (`POST /api/v1/sessions`, `POST /signin`): past the limit within
/// a minute the answer is 429 with `Retry-After`. Only sign-in is throttled: gate events, check-in imports and
/// every other integration call never are. Counts live in this process; each server limits on its own.
final class SignInRateLimiter: RouterMiddleware, Sendable {
    typealias Context = ShouhuContext

    private let limit: Int
    private let clock: any Clock
    private let trustProxy: Bool
    private let attempts = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int, clock: any Clock, trustProxy: Bool) {
        self.limit = limit
        self.clock = clock
        self.trustProxy = trustProxy
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, request.uri.path == "/api/v1/sessions" || request.uri.path == "/signin" else {
            return try await next(request, context)
        }
        let key = (trustProxy ? request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").first.map(String.init) : nil)
            ?? context.remoteIP ?? "unknown"
        let now = clock.now()
        let retryAfter: Int? = attempts.withLockedValue { table in
            var recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < 60 }
            if recent.count >= limit {
                table[key] = recent
                return max(1, Int((60 - now.timeIntervalSince(recent[0])).rounded(.up)))
            }
            recent.append(now)
            table[key] = recent
            if table.count > 10_000 { table = table.filter { !($0.value.last.map { now.timeIntervalSince($0) >= 60 } ?? true) } }
            return nil
        }
        if let retryAfter {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(retryAfter)],
                            message: "登录尝试过于频繁，请 \(retryAfter) 秒后再试 (too many sign-in attempts; retry in \(retryAfter) s)")
        }
        return try await next(request, context)
    }
}
