import Separation

/// A hand-checked campus: homes H1 (groups g1, g3) and H2 (g2), a junction J, a canteen at C and a testing site and a
/// shop at T. Shortest routes: H1→C via J (5 min), H2→C via J (4), H1→T direct (6; via J is 7).
///
/// The valid plan, interval by interval (rule 3):
/// - v0 (g1 canteen, 420, H1 J C, w 5): canteen [420,440) g1 [415,440) H1–J [415,418) [437,440) J–C [418,420)
///   [435,437) J [417,419) [436,438)
/// - v1 (g2 canteen, 445, H2 J C, w 4): canteen [445,465) g2 [441,464) H2–J [441,443) [462,464) J–C [443,445)
///   [460,462) J [442,444) [461,463)
/// - v2 (g1 test, 480, H1 T, w 6): test-1 [480,490) g1 [474,496) H1–T [474,480) [490,496)
/// - v3 (g3 shop, 510, H1 T, w 6): shop-1 [510,520) g3 [504,526) H1–T [504,510) [520,526)
enum SeparationFixture {
    static let problem = SeparationProblem(
        name: "fixture", slotMinutes: 1,
        nodes: ["H1", "H2", "J", "C", "T"],
        edges: [.init(a: "H1", b: "J", minutes: 3), .init(a: "H2", b: "J", minutes: 2), .init(a: "J", b: "C", minutes: 2),
                .init(a: "J", b: "T", minutes: 4), .init(a: "H1", b: "T", minutes: 6)],
        groups: [.init(code: "g1", home: "H1", size: 720), .init(code: "g2", home: "H2", size: 500), .init(code: "g3", home: "H1", size: 300)],
        facilities: [.init(code: "canteen-1", kind: "canteen_pickup", node: "C", bufferMinutes: 5),
                     .init(code: "test-1", kind: "nucleic_test", node: "T", bufferMinutes: 0),
                     .init(code: "shop-1", kind: "supply_pickup", node: "T", bufferMinutes: 0)],
        demands: [.init(group: "g1", kind: "canteen_pickup", minutes: 15, window: [390, 540], preferred: 420),
                  .init(group: "g2", kind: "canteen_pickup", minutes: 15, window: [390, 540], preferred: 420),
                  .init(group: "g1", kind: "nucleic_test", minutes: 10, window: [420, 600], preferred: 480),
                  .init(group: "g3", kind: "supply_pickup", minutes: 10, window: [420, 600], preferred: 510)])

    static let valid = [
        Visit(demand: 0, facility: "canteen-1", start: 420, route: ["H1", "J", "C"]),
        Visit(demand: 1, facility: "canteen-1", start: 445, route: ["H2", "J", "C"]),
        Visit(demand: 2, facility: "test-1", start: 480, route: ["H1", "T"]),
        Visit(demand: 3, facility: "shop-1", start: 510, route: ["H1", "T"]),
    ]

    /// The valid plan with visit `index` changed.
    static func plan(changing index: Int, _ change: (inout Visit) -> Void) -> [Visit] {
        var visits = valid
        change(&visits[index])
        return visits
    }

    static func verify(_ visits: [Visit], problem: SeparationProblem = problem) throws -> [PlanProblem] {
        try Verifier.verify(problem, visits: visits)
    }

    /// A clock that never moves, so that no budget runs out and two runs can be compared whole.
    static let frozen: @Sendable () -> Duration = { .zero }
}
