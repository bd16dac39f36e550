import CampusKit
import Crypto
import Foundation
import Hummingbird

/// Serves `/public/NAME` — the style sheet and the small scripts — from the resources the binary carries, with a
/// content type, an entity tag (a hash of the bytes) and 304 for a browser that already has them.
struct PublicFiles<Context: RequestContext>: RouterMiddleware {
    struct File: Sendable {
        let bytes: ByteBuffer
        let type: String
        let tag: String
    }

    let files: [String: File]

    init() {
        var files: [String: File] = [:]
        for (name, data) in WebResources.files(under: "Resources/public") {
            let type = switch (name as NSString).pathExtension {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            case "svg": "image/svg+xml"
            case "png": "image/png"
            case "ico": "image/x-icon"
            default: "application/octet-stream"
            }
            let tag = "\"" + Hex.lowercase(SHA256.hash(data: data).prefix(12)) + "\""
            files["/public/" + name] = File(bytes: ByteBuffer(bytes: Array(data)), type: type, tag: tag)
        }
        self.files = files
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let file = files[request.uri.path] else {
            return try await next(request, context)
        }
        var headers: HTTPFields = [.contentType: file.type, .eTag: file.tag, .cacheControl: "no-cache"]
        if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == file.tag }) == true {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: file.bytes))
    }
}
