import Foundation
import Hummingbird

/// Builds the router: middleware first (so unknown routes also answer problem+json), then the API, then pages.
public enum Routes {
    public static func build(services: WebServices) async throws -> Router<ShouhuContext> {
        let openAPI = try SystemController.loadOpenAPI()
        let router = Router(context: ShouhuContext.self)
        router.add(middleware: ProblemMiddleware(parameters: QueryParameterSchemas(document: openAPI.document)))
        router.add(middleware: SignInRateLimiter(limit: services.signInAttemptsPerMinute, clock: services.clock,
                                                 trustProxy: services.trustProxy))
        router.add(middleware: BodyLimitMiddleware())
        router.add(middleware: AuthMiddleware(services: services))

        SystemController(services: services, openAPIDocument: openAPI.json).addRoutes(to: router)
        try ShouhuAPI.register(on: router, services: services)

        let renderer = try await PageRenderer.load().with(schoolName: services.schoolName)
        PagesController(services: services, renderer: renderer).addRoutes(to: router)
        router.add(middleware: FileMiddleware(WebResources.root.appendingPathComponent("public").path,
                                              urlBasePath: "/public", searchForIndexHtml: false))
        return router
    }
}
