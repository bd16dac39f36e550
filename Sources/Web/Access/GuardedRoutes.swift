import CampusKit
import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// Registers every route with its `RouteRule`: a route is added inside a group whose only middleware is the
/// rule's `RouteGuard`, so the rule runs on the route the router matched, after the caller is recognised and
/// before the body is read.
struct GuardedRoutes {
    let router: Router<ShouhuContext>
    let limiter: SignInRateLimiter

    /// Adds `handler` at `path` for `method`, admitted by `rule`.
    func on(_ method: HTTPRequest.Method, _ path: RouterPath, _ rule: RouteRule,
            use handler: @escaping @Sendable (Request, ShouhuContext) async throws -> some ResponseGenerator) {
        router.group().add(middleware: RouteGuard(rule: rule, limiter: limiter)).on(path, method: method, use: handler)
    }

    /// The group a route admitted by `rule` is added to when `outer` must see everything the guard does (the
    /// pages' HTML error path): `outer` first, then the rule's `RouteGuard`.
    func group<Outer: RouterMiddleware>(_ rule: RouteRule, behind outer: Outer) -> RouterGroup<ShouhuContext>
    where Outer.Context == ShouhuContext {
        router.group().add(middleware: outer).add(middleware: RouteGuard(rule: rule, limiter: limiter))
    }

    func get(_ path: RouterPath, _ rule: RouteRule,
             use handler: @escaping @Sendable (Request, ShouhuContext) async throws -> some ResponseGenerator) {
        on(.get, path, rule, use: handler)
    }

    func post(_ path: RouterPath, _ rule: RouteRule,
              use handler: @escaping @Sendable (Request, ShouhuContext) async throws -> some ResponseGenerator) {
        on(.post, path, rule, use: handler)
    }
}

/// The transport the generated `/api/v1` handlers register on: each operation is guarded by its rule from
/// `APIRouteRules`, and an operation without one stops the server from starting.
struct GuardedTransport: ServerTransport {
    let routes: GuardedRoutes
    /// The path prefix of the API (`/api/v1`), which `APIRouteRules` leaves out.
    let prefix: String

    struct MissingRule: Error, CustomStringConvertible {
        let operation: String
        var description: String { "no RouteRule for \(operation): add it to APIRouteRules" }
    }

    func register(_ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
                  method: HTTPRequest.Method, path: String) throws {
        let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        guard let rule = APIRouteRules.rule(method: method.rawValue, path: relative) else {
            throw MissingRule(operation: "\(method.rawValue) \(relative)")
        }
        routes.router.group().add(middleware: RouteGuard(rule: rule, limiter: routes.limiter))
            .register({ request, body, metadata in
                // An empty body is no body: an operation whose body is optional is then called without one.
                try await handler(request, body.flatMap { $0.length == .known(0) ? nil : $0 }, metadata)
            }, method: method, path: path)
    }
}
