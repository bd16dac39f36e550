import Hummingbird

/// Refuses, before reading it, any body whose declared length is above the largest limit (413).
/// Handlers still read bodies with `collect(upTo:)`, which catches bodies sent without a length.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = ShouhuContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > BodyLimit.file {
            throw HTTPError(.contentTooLarge, message: "请求内容过大，上限 \(BodyLimit.file >> 20) MB (the request body is too large)")
        }
        return try await next(request, context)
    }
}
