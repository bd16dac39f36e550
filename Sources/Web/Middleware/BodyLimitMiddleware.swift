import Hummingbird

/// Reads every request body up to its limit before routing: a roster file may be up to `BodyLimit.file`,
/// anything else up to `BodyLimit.json`. Larger bodies are answered 413, whether or not they declared a length.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = ShouhuContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = Self.isFileUpload(request) ? BodyLimit.file : BodyLimit.json
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Self.tooLarge(limit)
        }
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        do {
            request.body = .init(buffer: try await request.body.collect(upTo: limit))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(limit)
        }
        return try await next(request, context)
    }

    /// Roster imports carry files; everything else is a small form or JSON body.
    static func isFileUpload(_ request: Request) -> Bool {
        request.uri.path.hasPrefix("/api/v1/roster/")
    }

    static func tooLarge(_ limit: Int) -> HTTPError {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit >> 10) KB"
        return HTTPError(.contentTooLarge, message: "请求内容过大，上限 \(size) (the request body is too large; the limit is \(size))")
    }
}
