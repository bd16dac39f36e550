import CampusKit
import Hummingbird

/// One spelling per address: a path with an empty segment (`//api`, `/signin/`), a `.` or `..` segment, or an
/// encoded slash or backslash is not routed. Reading pages (GET, HEAD) are redirected to the canonical spelling;
/// anything else is answered 404. Together with rules decided on the matched route (`RouteGuard`) this leaves
/// no second spelling under which a route escapes its checks.
struct CanonicalPath: RouterMiddleware {
    typealias Context = ShouhuContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let canonical = Self.canonical(path) else {
            throw DomainError.notFound("没有这个地址 (no such resource)")
        }
        guard canonical == path else {
            guard request.method == .get || request.method == .head else {
                throw DomainError.notFound("没有这个地址 (no such resource)")
            }
            let query = request.uri.query.map { "?" + $0 } ?? ""
            return Response(status: .permanentRedirect, headers: [.location: canonical + query])
        }
        var context = context
        context.path = canonical
        return try await next(request, context)
    }

    /// The canonical spelling of `path`, or nil when it has no acceptable one (dot segments, encoded separators,
    /// control characters, not starting with `/`).
    static func canonical(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        let lowered = path.lowercased()
        if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%2e") || lowered.contains("%00")
            || path.contains("\\") || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return nil
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return nil }
        return "/" + segments.joined(separator: "/")
    }
}
