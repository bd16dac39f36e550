import CampusKit
import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// Limits sign-in answers per client address: past the limit within a minute the answer is 429 with
/// `Retry-After`. Applied by `RouteGuard` to the routes whose rule is `throttled` (the API's and the page's
/// sign-in), on the matched route, so no spelling of the path escapes it. Gate events, check-in imports and every
/// other integration call are never throttled. Counts live in this process; each server limits on its own.
final class SignInRateLimiter: Sendable {
    private let limit: Int
    private let clock: any Clock
    private let attempts = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int, clock: any Clock) {
        self.limit = limit
        self.clock = clock
    }

    /// Counts one sign-in answer for `client`, or throws 429 when it is over the limit.
    func admit(_ client: String) throws {
        let now = clock.now()
        let retryAfter: Int? = attempts.withLockedValue { table in
            var recent = (table[client] ?? []).filter { now.timeIntervalSince($0) < 60 }
            if recent.count >= limit {
                table[client] = recent
                return max(1, Int((60 - now.timeIntervalSince(recent[0])).rounded(.up)))
            }
            recent.append(now)
            table[client] = recent
            if table.count > 10_000 { table = table.filter { !($0.value.last.map { now.timeIntervalSince($0) >= 60 } ?? true) } }
            return nil
        }
        if let retryAfter {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(retryAfter)],
                            message: "登录尝试过于频繁，请 \(retryAfter) 秒后再试 (too many sign-in attempts; retry in \(retryAfter) s)")
        }
    }
}
