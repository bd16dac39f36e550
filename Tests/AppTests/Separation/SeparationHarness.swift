import CampusKit
import Foundation
import HummingbirdTesting
import Separation
import ShouhuTestSupport

/// Separation problems and calls for the separation suites, on the fixture college (1号楼 and 6号楼).
extension AppHarness {
    /// The fixture's two buildings around a west junction, a canteen and a bathhouse; each building fetches lunch and
    /// bathes once. Demand 0: 1号楼 lunch, 1: 6号楼 lunch, 2: 1号楼 bath, 3: 6号楼 bath.
    static let separationProblem = SeparationProblem(
        name: "11月26日", slotMinutes: 5,
        nodes: ["1号楼", "6号楼", "西路口", "食堂", "浴室"],
        edges: [.init(a: "1号楼", b: "西路口", minutes: 3), .init(a: "6号楼", b: "西路口", minutes: 2),
                .init(a: "西路口", b: "食堂", minutes: 2), .init(a: "西路口", b: "浴室", minutes: 4)],
        groups: [.init(code: "1号楼", home: "1号楼", size: 4), .init(code: "6号楼", home: "6号楼", size: 3)],
        facilities: [.init(code: "canteen-1", kind: "canteen_pickup", node: "食堂", bufferMinutes: 5),
                     .init(code: "bath-1", kind: "bath", node: "浴室", bufferMinutes: 10)],
        demands: [.init(group: "1号楼", kind: "canteen_pickup", minutes: 15, window: [660, 810], preferred: 690),
                  .init(group: "6号楼", kind: "canteen_pickup", minutes: 15, window: [660, 810], preferred: 690),
                  .init(group: "1号楼", kind: "bath", minutes: 20, window: [1080, 1260], preferred: 1110),
                  .init(group: "6号楼", kind: "bath", minutes: 20, window: [1080, 1260], preferred: 1110)])

    /// `problem` as the contract's JSON, with `extra` members (`"labels":{…}`) added.
    static func json(_ problem: SeparationProblem, extra: String = "") throws -> String {
        var text = String(decoding: try JSONEncoder().encode(problem), as: UTF8.self)
        if !extra.isEmpty { text = String(text.dropLast()) + "," + extra + "}" }
        return text
    }

    func createPlan(_ problem: SeparationProblem = AppHarness.separationProblem, extra: String = "", token: String) async throws -> TestResponse {
        try await post("/api/v1/separation/plans", token: token, body: try Self.json(problem, extra: extra))
    }

    /// Plans and returns the plan's JSON; fails unless 201.
    func planned(_ problem: SeparationProblem = AppHarness.separationProblem, token: String) async throws -> [String: Any] {
        let r = try await createPlan(problem, extra: #""labels":{"canteen-1":"一食堂","bath-1":"公共浴室"}"#, token: token)
        guard r.status == .created else { throw HarnessError("plan: \(r.status) \(r.text)") }
        return try r.json()
    }

    /// The plans' ids, newest first, as the office sees them.
    func planIds(token: String) async throws -> [String] {
        let r = try await get("/api/v1/separation/plans", token: token)
        guard r.status == .ok else { throw HarnessError("plans: \(r.status) \(r.text)") }
        return try r.json().objects("items").compactMap { $0["id"] as? String }
    }
}
