import CampusKit
import HTTPTypes
import Hummingbird

/// Registers the HTML pages. Each route is guarded by its `RouteRule` (made a page rule here: the signed-out are
/// sent to sign in) inside `PageErrors`, so every refusal and error of a page is an HTML page. Signed-in pages
/// run with a `SignedInPage` context: the rule has admitted a person, and the handler gets them non-optional.
struct PageRoutes {
    let routes: GuardedRoutes
    let renderer: PageRenderer

    /// Adds a page for signed-in people. `rule` must refuse the signed-out (checked when the route is added).
    func on(_ method: HTTPRequest.Method, _ path: RouterPath, _ rule: RouteRule,
            use handler: @escaping @Sendable (Request, SignedInPage) async throws -> Response) {
        precondition(!rule.admits(nil), "a signed-in page needs a rule that refuses the signed-out: \(path)")
        routes.group(rule.asPage, behind: PageErrors(renderer: renderer))
            .group(context: SignedInPage.self)
            .on(path, method: method, use: handler)
    }

    func get(_ path: RouterPath, _ rule: RouteRule, use handler: @escaping @Sendable (Request, SignedInPage) async throws -> Response) {
        on(.get, path, rule, use: handler)
    }

    func post(_ path: RouterPath, _ rule: RouteRule, use handler: @escaping @Sendable (Request, SignedInPage) async throws -> Response) {
        on(.post, path, rule, use: handler)
    }

    /// Adds a page anyone may open (sign-in, sign-out, the home redirect), with the request's own context.
    func open(_ method: HTTPRequest.Method, _ path: RouterPath, _ rule: RouteRule,
              use handler: @escaping @Sendable (Request, ShouhuContext) async throws -> Response) {
        routes.group(rule.asPage, behind: PageErrors(renderer: renderer)).on(path, method: method, use: handler)
    }
}
