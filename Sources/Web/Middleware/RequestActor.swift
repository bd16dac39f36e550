import CampusKit

/// The actor of the request being handled, for handlers generated from openapi.yaml (they receive typed
/// input, not the router context). Set by `AuthMiddleware` for the duration of the request.
enum RequestActor {
    @TaskLocal static var current: Actor?
    @TaskLocal static var token: String?
    /// The client's address, also for requests nobody has signed in to (sign-in itself).
    @TaskLocal static var ip: String?
    /// The client's `User-Agent`, kept with check-ins for integrity review.
    @TaskLocal static var userAgent: String?

    /// The actor, or `.unauthenticated` when nobody signed in.
    static func require() throws -> Actor {
        guard let current else { throw DomainError(.unauthenticated, "请先登录 (sign in first)") }
        return current
    }
}
