import Foundation

/// The query parameters of every operation as `openapi.yaml` declares them (type and allowed values), so a
/// value the generated code could not decode can be named in the problem answer: the generated code reports
/// only that some value had the wrong type.
struct QueryParameterSchemas: Sendable {
    struct Parameter: Sendable {
        let name: String
        let type: String
        let allowed: [String]?
    }

    private let byOperation: [String: [Parameter]]

    /// Reads the parameters from the parsed document (`$ref`s to `#/components/parameters/…` resolved).
    init(document: [String: Any]) {
        let components = (document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]] ?? [:]
        var byOperation: [String: [Parameter]] = [:]
        for case let operations as [String: Any] in (document["paths"] as? [String: Any] ?? [:]).values {
            for case let operation as [String: Any] in operations.values {
                guard let id = operation["operationId"] as? String else { continue }
                let declared = operation["parameters"] as? [[String: Any]] ?? []
                byOperation[id] = declared.compactMap { raw in
                    let p = (raw["$ref"] as? String).flatMap { components[$0.components(separatedBy: "/").last ?? ""] } ?? raw
                    guard p["in"] as? String == "query", let name = p["name"] as? String,
                          let schema = p["schema"] as? [String: Any] else { return nil }
                    return Parameter(name: name, type: schema["type"] as? String ?? "string",
                                     allowed: (schema["enum"] as? [Any])?.map { "\($0)" })
                }
            }
        }
        self.byOperation = byOperation
    }

    /// The first query parameter of `operationID` whose value in `query` does not fit its declared schema,
    /// with a message saying what would.
    func firstMismatch(operationID: String, query: String) -> (name: String, message: String)? {
        let items = URLComponents(string: "/?" + query)?.queryItems ?? []
        for parameter in byOperation[operationID] ?? [] {
            guard let value = items.first(where: { $0.name == parameter.name })?.value else { continue }
            if let allowed = parameter.allowed, !allowed.contains(value) {
                return (parameter.name, "应为 \(allowed.joined(separator: "、")) 之一，而不是 “\(value)” (must be one of \(allowed.joined(separator: ", ")))")
            }
            switch parameter.type {
            case "integer" where Int(value) == nil:
                return (parameter.name, "应为整数，而不是 “\(value)” (must be an integer)")
            case "boolean" where !["true", "false"].contains(value):
                return (parameter.name, "应为 true 或 false，而不是 “\(value)” (must be true or false)")
            default: continue
            }
        }
        return nil
    }
}
