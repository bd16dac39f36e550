import CampusKit
import Foundation
import Hummingbird
import Yams

/// `/healthz` (the process is up), `/readyz` (the database answers) and `/openapi.json` (the API document).
struct SystemController {
    let services: any WebServices
    let openAPIDocument: ByteBuffer

    /// Reads `openapi.yaml`, the one description of `/api/v1` (the server code is generated from it), as JSON
    /// for `/openapi.json` and as a parsed object for `QueryParameterSchemas`.
    static func loadOpenAPI() throws -> (json: ByteBuffer, document: [String: Any]) {
        let data = try openAPIJSON.get()
        return (ByteBuffer(bytes: data), try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
    }

    /// The YAML is parsed once per process: Yams' tag resolver uses `NSRegularExpression`, which is not safe to run
    /// from several threads at once on Linux (several apps starting together, as in the tests, crashed in it).
    private static let openAPIJSON = Result<Data, any Error> {
        let yaml = WebResources.openAPIDocument
        let document = try Yams.load(yaml: yaml) as? [String: Any] ?? [:]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    func addRoutes(to router: GuardedRoutes) {
        router.get("healthz", RouteRule.anyone.evenWhileRestricted) { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("readyz", RouteRule.anyone.evenWhileRestricted) { _, _ in
            await services.isReady()
                ? Self.json(#"{"status":"ready"}"#)
                : Problem(status: .serviceUnavailable, detail: "数据库未就绪 (the database does not answer)").response()
        }
        // Administrators, and the monitoring host with a token holding read:metrics (Prometheus' bearer credentials).
        router.get("metrics", RouteRule.roles([.admin], tokens: ["read:metrics"])) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: try await services.metricsText())))
        }
        router.get("openapi.json", RouteRule.anyone.evenWhileRestricted) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: openAPIDocument))
        }
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
