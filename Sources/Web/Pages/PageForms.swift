import CampusKit
import Foundation
import HTTPTypes
import Hummingbird

extension PagesController {
    /// Reads a form and checks its CSRF token against the session cookie. A form from one of our own pages whose
    /// token belongs to an earlier session (the person signed in again in another tab, or the page stayed open past
    /// a sign-out and sign-in) is a `StaleForm`: it is shown again with every answer kept, to be sent once more.
    func form<T: Decodable>(_ type: T.Type, _ request: Request, _ context: SignedInPage, csrf: (T) -> String?) async throws -> T {
        let buffer = try await request.body.collect(upTo: BodyLimit.json)
        let body = String(buffer: buffer)
        let form = try URLEncodedFormDecoder().decode(T.self, from: body)
        guard let token = context.token, CSRF.isValid(csrf(form), for: token) else {
            if context.viaCookie, StaleForm.isOwnPage(request) {
                throw StaleForm(action: context.path, fields: StaleForm.fields(of: body), back: StaleForm.back(request))
            }
            throw DomainError.forbidden("缺少或错误的 CSRF 令牌 (missing or wrong CSRF token)")
        }
        return form
    }
}

/// A form sent from one of our pages with the token of an earlier session. Nothing was done; `PageErrors` shows the
/// answers again in a form with the current session's token.
struct StaleForm: Error, Sendable {
    /// Where the form was sent.
    let action: String
    /// What was typed, in order, without the old token.
    let fields: [(name: String, value: String)]
    /// The page the form was on (same site only), to go back to instead.
    let back: String?

    /// True when the browser says the form came from a page of this site (`Origin`, else `Referer`, names our
    /// host). A form posted from another site is never offered again: that would let it borrow the person's session.
    static func isOwnPage(_ request: Request) -> Bool {
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return false }
        let from = request.headers[.origin] ?? request.headers[.referer]
        guard let from, let url = URL(string: from), let fromHost = url.host else { return false }
        // The same origin: host and port exactly as the request was addressed (another port is another site).
        return fromHost + (url.port.map { ":\($0)" } ?? "") == host
    }

    /// The path of the page the form was on, when it was one of ours.
    static func back(_ request: Request) -> String? {
        guard let referer = request.headers[.referer], let url = URL(string: referer), isOwnPage(request) else { return nil }
        let path = url.path.isEmpty ? "/" : url.path
        return CanonicalPath.canonical(path).map { $0 + (url.query.map { "?" + $0 } ?? "") }
    }

    /// The pairs of a URL-encoded body, decoded, without the CSRF token.
    static func fields(of body: String) -> [(name: String, value: String)] {
        body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            let name = decode(parts[0])
            guard !name.isEmpty, name != "_csrf" else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// `stale.mustache`: the answers of a form that came with an old session's token, ready to be sent again.
struct StaleFormPageModel: PageModel {
    static let template = "stale"
    struct Field: Sendable { var name: String; var value: String }
    var action: String
    var fields: [Field]
    var back: String
}
