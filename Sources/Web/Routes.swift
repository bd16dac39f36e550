import Foundation
import Hummingbird

/// Builds the router: middleware first (so unknown routes also answer problem+json), then the API, then pages.
public enum Routes {
    public static func build(services: WebServices) async throws -> Router<ShouhuContext> {
        let router = Router(context: ShouhuContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: BodyLimitMiddleware())
        router.add(middleware: AuthMiddleware(services: services))

        SystemController(services: services, openAPIDocument: try SystemController.loadOpenAPI()).addRoutes(to: router)
        let api = router.group("api/v1")
        SessionsController(services: services).addRoutes(to: api)
        RosterController(services: services).addRoutes(to: api)

        let renderer = try await PageRenderer.load().with(schoolName: services.schoolName)
        PagesController(services: services, renderer: renderer).addRoutes(to: router)
        router.add(middleware: FileMiddleware(WebResources.root.appendingPathComponent("public").path,
                                              urlBasePath: "/public", searchForIndexHtml: false))
        return router
    }
}
