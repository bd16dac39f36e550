import CampusKit

/// Who may call one route at all, and what its body may be. Every route of the server is registered with one
/// (`GuardedRoutes`), so the decision is made once, on the route the router matched (whatever the path's
/// spelling), before its body is read. Services still decide scope: which students, which cases.
struct RouteRule: Sendable {
    /// Who the route admits.
    enum Audience: Sendable, Equatable {
        /// Nobody needs to be signed in (sign-in itself, health checks, the API document).
        case anyone
        /// Any signed-in person or integration token; the service decides what each may do.
        case signedIn
        /// Signed-in people (students and staff); integration tokens are refused.
        case people
        /// Staff, or integration tokens holding one of `scopes`.
        case staff(tokenScopes: Set<String>)
        /// People holding one of `roles`, or integration tokens holding one of `scopes`.
        case roles(Set<Role>, tokenScopes: Set<String>)
        /// Administrators only: account administration, the audit trail, integration tokens.
        case administrators
    }

    /// How much body the route reads.
    enum Body: Sendable, Equatable {
        /// Forms and JSON, up to `BodyLimit.json`.
        case small
        /// Roster files, up to `BodyLimit.file`, read only after the caller is admitted.
        case file
    }

    var audience: Audience
    var body: Body = .small
    /// Reachable by a person who must first change their password or enrol two-factor sign-in.
    var whileRestricted = false
    /// Sign-in: answers per client address are limited (`SignInRateLimiter`).
    var throttled = false
    /// A page (HTML): the unauthenticated are sent to the sign-in page instead of answered 401.
    var page = false

    static let anyone = RouteRule(audience: .anyone)
    static let signedIn = RouteRule(audience: .signedIn)
    static let people = RouteRule(audience: .people)
    static let administrators = RouteRule(audience: .administrators)
    static func staff(_ scopes: Set<String> = []) -> RouteRule { RouteRule(audience: .staff(tokenScopes: scopes)) }
    static func roles(_ roles: Set<Role>, tokens scopes: Set<String> = []) -> RouteRule {
        RouteRule(audience: .roles(roles, tokenScopes: scopes))
    }

    /// The same rule for a page.
    var asPage: RouteRule { var rule = self; rule.page = true; return rule }
    /// The same rule, also for people who must first change their password or enrol two-factor sign-in.
    var evenWhileRestricted: RouteRule { var rule = self; rule.whileRestricted = true; return rule }

    /// Whether `actor` (nil: nobody signed in) may call the route.
    func admits(_ actor: Actor?) -> Bool {
        switch audience {
        case .anyone: return true
        case .signedIn: return actor != nil
        case .people: return actor.map { $0.kind != .integration } ?? false
        case .staff(let scopes):
            guard let actor else { return false }
            return actor.kind == .integration ? !actor.tokenScopes.isDisjoint(with: scopes) : actor.kind == .staff
        case .roles(let roles, let scopes):
            guard let actor else { return false }
            return actor.kind == .integration ? !actor.tokenScopes.isDisjoint(with: scopes) : !actor.roles.isDisjoint(with: roles)
        case .administrators:
            return actor.map { $0.kind != .integration && $0.isAdmin } ?? false
        }
    }
}
