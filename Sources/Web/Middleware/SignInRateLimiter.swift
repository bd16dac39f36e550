import CampusKit
import Foundation
import Hummingbird

/// Limits sign-in answers per client address: past the limit within a minute (a window that starts at the address's
/// first attempt) the answer is 429 with `Retry-After` until the window ends. Applied by `RouteGuard` to the routes whose rule is `throttled` (the API's and the page's
/// sign-in), on the matched route, so no spelling of the path escapes it. Gate events, check-in imports and every
/// other integration call are never throttled. The counts are in the database (`SignInAttempts`), so the limit holds
/// across every server of the school.
struct SignInRateLimiter: Sendable {
    let school: SchoolID
    let limit: Int
    let clock: any Clock
    let attempts: any SignInAttempts

    /// Counts one sign-in answer for `client`, or throws 429 when it is over the limit.
    func admit(_ client: String) async throws {
        let now = clock.now()
        let counted = try await attempts.count(school: school, client: client, at: now, window: 60)
        guard counted.attempts > limit else { return }
        let retryAfter = max(1, Int((60 - now.timeIntervalSince(counted.windowStart)).rounded(.up)))
        throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(retryAfter)],
                        message: "登录尝试过于频繁，请 \(retryAfter) 秒后再试 (too many sign-in attempts; retry in \(retryAfter) s)")
    }
}
