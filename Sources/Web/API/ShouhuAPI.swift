import CampusKit
import Foundation
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// The `/api/v1` endpoints: implements the protocol generated from `openapi.yaml`, one extension per domain
/// (`API/<Domain>/ShouhuAPI+<Domain>.swift`). Handlers read the actor from `RequestActor`, call the domain
/// services, and throw `DomainError`s that `ProblemMiddleware` turns into problem+json.
struct ShouhuAPI: APIProtocol {
    let services: any WebServices

    /// Adds every generated route under `/api/v1` to `router`.
    static func register(on routes: GuardedRoutes, services: any WebServices) throws {
        let serverURL = try Servers.Server1.url()
        // Compact JSON: a 1,000-class completeness answer is a third smaller than the pretty-printed default.
        try ShouhuAPI(services: services).registerHandlers(on: GuardedTransport(routes: routes, prefix: serverURL.path),
                                                           serverURL: serverURL,
                                                           configuration: Configuration(jsonEncodingOptions: [.sortedKeys]))
    }
}

/// Reads request bodies of generated handlers with a size limit.
enum BodyReader {
    static func data(_ body: HTTPBody, limit: Int) async throws -> Data {
        var data = Data()
        for try await chunk in body {
            data.append(contentsOf: chunk)
            if data.count > limit {
                throw DomainError(.tooLarge, "请求内容过大，上限 \(limit >> 20) MB (the request body is too large)")
            }
        }
        return data
    }
}
