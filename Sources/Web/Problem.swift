import CampusKit
import Foundation
import Hummingbird

/// An RFC 9457 problem document, the body of every error answer.
struct Problem: Encodable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [ProblemError]?

    /// A field error (`field`) or a file error (`row`, `column`).
    struct ProblemError: Encodable, Sendable {
        var field: String?
        var row: Int?
        var column: String?
        var message: String
    }

    init(status: HTTPResponse.Status, detail: String, errors: [ProblemError]? = nil) {
        // RFC 9457 §4.2.1: with no problem-type document of our own, "about:blank" and the status phrase as title.
        self.type = "about:blank"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    init(_ error: DomainError) {
        let status = Self.status(of: error.kind)
        var list: [ProblemError] = error.fieldErrors.map { ProblemError(field: $0.field, message: $0.message) }
        list += error.rowErrors.map { ProblemError(row: $0.row, column: $0.column, message: $0.message) }
        self.init(status: status, detail: error.message, errors: list.isEmpty ? nil : list)
    }

    static func status(of kind: DomainError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalid: .unprocessableContent
        case .malformed: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        case .rateLimited: .tooManyRequests
        case .tooLarge: .contentTooLarge
        case .unavailable: .serviceUnavailable
        }
    }

    /// The problem as a response with `application/problem+json`.
    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{\"status\":\(status)}".utf8)
        var headers = extra
        headers[.contentType] = "application/problem+json"
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
