import Foundation
import Hummingbird

/// Builds the router: middleware first (so unknown routes also answer problem+json), then the API, then pages.
/// Every route is registered through `GuardedRoutes` with the rule that says who may call it.
public enum Routes {
    public static func build(services: any WebServices) async throws -> Router<ShouhuContext> {
        let openAPI = try SystemController.loadOpenAPI()
        let router = Router(context: ShouhuContext.self)
        // Counts and times every request by its matched route (the route's pattern, not the raw path) for /metrics.
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware(parameters: QueryParameterSchemas(document: openAPI.document)))
        router.add(middleware: CanonicalPath())
        router.add(middleware: AuthMiddleware(services: services))
        let renderer = try await PageRenderer.load().with(schoolName: services.site.schoolName, menu: PagesController.menuEntries,
                                                             background: services.site.background)
        router.add(middleware: BrowserNotFound(renderer: renderer))

        let routes = GuardedRoutes(router: router,
                                   limiter: SignInRateLimiter(school: services.site.school, limit: services.site.signInAttemptsPerMinute, clock: services.clock,
                                                              attempts: services.signInAttempts))
        SystemController(services: services, openAPIDocument: openAPI.json).addRoutes(to: routes)
        try ShouhuAPI.register(on: routes, services: services)

        PagesController(services: services, renderer: renderer).addRoutes(to: routes)
        router.add(middleware: PublicFiles())
        return router
    }
}
