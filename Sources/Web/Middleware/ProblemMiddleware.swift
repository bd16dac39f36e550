import CampusKit
import Foundation
import Hummingbird
import Logging
import OpenAPIRuntime

/// Turns every error into a problem+json answer: domain errors by kind, decoding errors as 400,
/// framework errors by their status, and anything else as a 500 that reveals nothing but is logged.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ShouhuContext

    /// Names the query parameter behind a decoding failure of a generated handler.
    let parameters: QueryParameterSchemas

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            // Errors from handlers generated from openapi.yaml arrive wrapped; answer for what is inside.
            return response(for: error, context: context)
        } catch let error as DomainError {
            return Problem(error).response(headers: error.kind == .unauthenticated && !context.viaCookie
                                            ? [.wwwAuthenticate: "Bearer"] : [:])
        } catch let error as DecodingError {
            return Problem(DomainError(.malformed, Self.describe(error), fieldErrors: Self.field(of: error))).response()
        } catch let error as Unavailable {
            return Self.unavailable(error, context: context)
        } catch let error as HTTPError {
            let detail = error.body ?? Self.defaultDetail(error.status)
            return Problem(status: error.status, detail: detail).response(headers: error.headers)
        } catch let error as any HTTPResponseError {
            return Problem(status: error.status, detail: Self.defaultDetail(error.status)).response()
        } catch {
            context.logger.error("unhandled error: \(String(reflecting: error))")
            return Problem(status: .internalServerError, detail: "服务器内部错误，已记录 (internal error; it has been logged)").response()
        }
    }

    func response(for error: ServerError, context: Context) -> Response {
        switch error.underlyingError {
        case let inner as DomainError:
            return Problem(inner).response(headers: inner.kind == .unauthenticated && !context.viaCookie ? [.wwwAuthenticate: "Bearer"] : [:])
        case let inner as DecodingError:
            if let query = error.request.path?.split(separator: "?", maxSplits: 1).dropFirst().first,
               let bad = parameters.firstMismatch(operationID: error.operationID, query: String(query)) {
                return Problem(DomainError(.malformed, "参数 \(bad.name) \(bad.message)",
                                           fieldErrors: [FieldError(field: bad.name, message: bad.message)])).response()
            }
            return Problem(DomainError(.malformed, Self.describe(inner), fieldErrors: Self.field(of: inner))).response()
        case let inner as HTTPError:
            return Problem(status: inner.status, detail: inner.body ?? Self.defaultDetail(inner.status)).response()
        case let inner as Unavailable:
            return Self.unavailable(inner, context: context)
        default:
            if (400..<500).contains(error.httpStatus.code) {
                return Problem(status: error.httpStatus, detail: "请求格式错误 (malformed request): \(error.causeDescription)").response()
            }
            context.logger.error("unhandled error in \(error.operationID): \(String(reflecting: error.underlyingError))")
            return Problem(status: .internalServerError, detail: "服务器内部错误，已记录 (internal error; it has been logged)").response()
        }
    }

    /// 503 with Retry-After: the database cannot be reached (or written) just now; the request changed nothing.
    static func unavailable(_ error: Unavailable, context: Context) -> Response {
        context.logger.warning("answered 503: \(error.reason)")
        return Problem(status: .serviceUnavailable, detail: "数据库暂时无法访问，请稍后重试 (the database cannot be reached just now; try again shortly)")
            .response(headers: [.retryAfter: "5"])
    }

    static func defaultDetail(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "没有这个地址 (no such resource)"
        case .contentTooLarge: "请求内容过大 (the request body is too large)"
        case .methodNotAllowed: "不支持此方法 (method not allowed)"
        case .badRequest: "请求格式错误 (malformed request)"
        default: status.reasonPhrase
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let c) where c.codingPath.isEmpty: "请求体不是合法的 JSON (the body is not valid JSON)"
        case .dataCorrupted(let c): "字段 \(path(c.codingPath)) 的值无法读取 (unreadable value)"
        case .keyNotFound(let key, let c): "缺少字段 \(path(c.codingPath + [key])) (missing field)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): "字段 \(path(c.codingPath)) 的类型错误 (wrong type)"
        @unknown default: "请求格式错误 (malformed request)"
        }
    }

    static func field(of error: DecodingError) -> [FieldError] {
        switch error {
        case .keyNotFound(let key, let c): [FieldError(field: path(c.codingPath + [key]), message: "缺少字段 (missing field)")]
        case .typeMismatch(_, let c), .valueNotFound(_, let c): [FieldError(field: path(c.codingPath), message: "类型错误 (wrong type)")]
        case .dataCorrupted(let c) where !c.codingPath.isEmpty: [FieldError(field: path(c.codingPath), message: c.debugDescription)]
        default: []
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }
}
