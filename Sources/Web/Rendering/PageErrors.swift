import CampusKit
import Hummingbird
import Logging

/// The pages' one error path: whatever a page route throws (its rule's refusal, a form's CSRF check, a domain
/// error, a `PageFailure`) is answered as the HTML `message` page with its status, never as JSON; a missing
/// sign-in goes to the sign-in page and back.
struct PageErrors: RouterMiddleware {
    typealias Context = ShouhuContext

    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let stale as StaleForm {
            let model = StaleFormPageModel(action: stale.action, fields: stale.fields.map { .init(name: $0.name, value: $0.value) },
                                           back: stale.back ?? stale.action)
            return renderer.render(model, title: "stale_title", context: context, status: .forbidden)
        } catch let failure as PageFailure {
            return renderer.failure(failure, context: context)
        } catch let error as DomainError where error.kind == .unauthenticated && context.actor == nil {
            return PagesController.signInRedirect(request)
        } catch let error as DomainError {
            return renderer.failure(error, context: context)
        } catch is DecodingError {
            return renderer.failure(PageFailure(status: .badRequest, title: "error_title_malformed", message: "error_form"), context: context)
        } catch let error as HTTPError {
            // The error's own headers (`Retry-After` on a throttled sign-in) stay on the page.
            var response = renderer.failure(PageFailure(status: error.status, title: "error_title", message: Self.message(for: error.status)),
                                            context: context)
            for field in error.headers { response.headers[field.name] = field.value }
            return response
        } catch {
            context.logger.error("unhandled error on a page: \(String(reflecting: error))")
            return renderer.failure(PageFailure(status: .internalServerError, title: "error_title", message: "error_internal"), context: context)
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status {
        case .contentTooLarge: "error_tooLarge"
        case .tooManyRequests: "error_rateLimited"
        case .notFound: "error_notFound"
        case .badRequest: "error_form"
        default: "error_internal"
        }
    }
}
