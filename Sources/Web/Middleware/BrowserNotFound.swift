import CampusKit
import Hummingbird

/// An address nobody routes, asked for by a browser (it accepts HTML, and it is not under `/api/`), is answered
/// with the HTML "no such page" in the reader's language and menu, not the API's problem+json. Added after
/// `AuthMiddleware`, so the page knows who is reading.
struct BrowserNotFound: RouterMiddleware {
    typealias Context = ShouhuContext

    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && Self.isBrowser(request) {
            return renderer.failure(PageFailure(status: .notFound, title: "error_title_notFound", message: "error_notFound"), context: context)
        }
    }

    static func isBrowser(_ request: Request) -> Bool {
        !request.uri.path.hasPrefix("/api/") && (request.headers[.accept]?.contains("text/html") ?? false)
    }
}
