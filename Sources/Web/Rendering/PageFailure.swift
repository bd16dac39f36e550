import CampusKit
import Hummingbird

/// Why a page cannot be shown, said in the reader's words: the status, and catalog keys for the title and the
/// message. Thrown by a page handler (or made from a `DomainError`) and rendered by `PageErrors` as the
/// `message` page, the one HTML path for every page's failures.
struct PageFailure: Error, Sendable {
    var status: HTTPResponse.Status
    /// Catalog key of the page title.
    var title: String
    /// Catalog key of the sentence shown.
    var message: String?
    /// A sentence already meant for the reader (a domain error's own), used when `message` is nil.
    var detail: String?

    /// The reader may not open this page; `message` says who may.
    static func forbidden(_ message: String, title: String = "forbidden_title") -> PageFailure {
        PageFailure(status: .forbidden, title: title, message: message)
    }

    /// `error` as a page: the status its kind answers everywhere, and a generic sentence for that kind unless the
    /// error is about what the reader sent (invalid, malformed, conflict), which the error's message names.
    init(_ error: DomainError) {
        status = Problem.status(of: error.kind)
        title = "error_title_\(error.kind.rawValue)"
        switch error.kind {
        case .invalid, .malformed, .conflict: detail = error.message
        default: message = "error_\(error.kind.rawValue)"
        }
    }

    init(status: HTTPResponse.Status, title: String, message: String?, detail: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.detail = detail
    }
}

extension PageFailure {
    /// Runs `body`; a not-found or forbidden `DomainError` from it becomes this page's failure with catalog keys:
    /// `title`, `missing` for what is not there, `forbidden` (default `missing`) for what the reader may not see.
    /// A forbidden subject answers 403, or 404 when `hideForbidden` (it then looks missing).
    static func explaining<T>(title: String, missing: String, forbidden: String? = nil, hideForbidden: Bool = false,
                              _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DomainError where error.kind == .notFound {
            throw PageFailure(status: .notFound, title: title, message: missing)
        } catch let error as DomainError where error.kind == .forbidden {
            throw PageFailure(status: hideForbidden ? .notFound : .forbidden, title: title, message: forbidden ?? missing)
        }
    }
}
