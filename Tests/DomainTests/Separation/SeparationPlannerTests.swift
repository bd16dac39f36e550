import Foundation
import Separation
import Testing

@Suite("Planner: valid, deterministic plans within a budget, and proven infeasibility")
struct SeparationPlannerTests {
    typealias F = SeparationFixture

    /// The planner's visits break no rule; the only problems are the missing visits of the demands it lists unscheduled.
    static func expectVerified(_ plan: SeparationPlan, _ problem: SeparationProblem) throws {
        let problems = try Verifier.verify(problem, visits: plan.visits)
        #expect(problems == plan.unscheduled.map { PlanProblem(.missingVisit, demands: [$0], visits: []) })
        #expect(plan.feasible == plan.unscheduled.isEmpty)
        let objective = plan.visits.reduce(0) { $0 + abs($1.start - problem.demands[$1.demand].preferred) }
        #expect(plan.objective == objective)
    }

    /// A planner with a frozen clock (the budget never runs out) and a search short enough for debug builds.
    static let planner = Planner(iterations: 4000, patience: 1000, now: F.frozen)

    @Test("On the hand-checked problem the plan is the optimum: the two canteen visits 21 minutes apart, the others on time")
    func optimumOnFixture() throws {
        let plan = try Self.planner.plan(F.problem)
        try Self.expectVerified(plan, F.problem)
        #expect(plan.feasible)
        #expect(plan.objective == 21)
        #expect(plan.visits.map(\.route) == [["H1", "J", "C"], ["H2", "J", "C"], ["H1", "T"], ["H1", "T"]])
        #expect(plan.infeasibility == nil)
    }

    @Test("Generated 10 × 5 and 40 × 5 campuses get feasible plans that verify, the same on a second run",
          arguments: [(10, 11 as UInt64), (40, 12 as UInt64)])
    func generatedCampuses(groups: Int, seed: UInt64) throws {
        let problem = SeparationInstances.campus(groups: groups, demandsPerGroup: 5, seed: seed)
        let plan = try Self.planner.plan(problem)
        try Self.expectVerified(plan, problem)
        #expect(plan.feasible)
        #expect(plan.visits.count == groups * 5)
        #expect(plan.infeasibility == nil)
        #expect(plan.stoppedBy != .budget)
        #expect(try Self.planner.plan(problem) == plan)
        print("campus \(groups)×5 seed \(seed): objective \(plan.objective), \(plan.iterations) moves, \(plan.stoppedBy)")
    }

    @Test("Late acceptance lets the search pass through worse plans; the plan returned is the best one seen, so more moves never return a worse plan")
    func bestSeenIsReturned() throws {
        let problem = SeparationInstances.campus(groups: 10, demandsPerGroup: 5, seed: 3)
        var previous = Int.max
        // The same seed makes each run the start of the next one's search.
        for moves in [25, 50, 100, 200, 400, 800, 1600] {
            let plan = try Planner(iterations: moves, patience: 100_000, lateAcceptance: 200, now: F.frozen).plan(problem)
            try Self.expectVerified(plan, problem)
            #expect(plan.objective <= previous, "after \(moves) moves \(plan.objective), after fewer \(previous)")
            previous = plan.objective
        }
    }

    @Test("More minutes of one kind than its facilities are open is proven infeasible by the capacity argument")
    func capacityArgument() throws {
        let problem = SeparationProblem(
            name: "overbooked", slotMinutes: 5, nodes: ["H1", "H2", "H3", "C"],
            edges: [.init(a: "H1", b: "C", minutes: 2), .init(a: "H2", b: "C", minutes: 2), .init(a: "H3", b: "C", minutes: 2)],
            groups: [.init(code: "g1", home: "H1", size: 1), .init(code: "g2", home: "H2", size: 1), .init(code: "g3", home: "H3", size: 1)],
            facilities: [.init(code: "canteen-1", kind: "canteen_pickup", node: "C", bufferMinutes: 5)],
            demands: ["g1", "g2", "g3"].map { .init(group: $0, kind: "canteen_pickup", minutes: 15, window: [390, 420], preferred: 400) })
        let plan = try Self.planner.plan(problem)
        try Self.expectVerified(plan, problem)
        #expect(!plan.feasible)
        #expect(plan.infeasibility == Infeasibility(overbooked: [
            Overbooking(kind: "canteen_pickup", from: 390, to: 420, demands: [0, 1, 2], demandMinutes: 60, openMinutes: 35),
        ], noStart: []))
        #expect(plan.visits.count == 1)
        #expect(plan.unscheduled.count == 2)
    }

    @Test("A window holding no start on the slot grid is proven infeasible for that demand; the others are planned")
    func noStartInWindow() throws {
        var problem = F.problem
        problem.slotMinutes = 5
        problem.demands[3].window = [421, 434]   // starts 421…424: none a multiple of 5
        let plan = try Self.planner.plan(problem)
        try Self.expectVerified(plan, problem)
        #expect(plan.unscheduled == [3])
        #expect(plan.infeasibility == Infeasibility(overbooked: [], noStart: [3]))
    }

    @Test("Of two equally short routes, the one through the node listed first is walked")
    func shortestRouteTies() throws {
        func route(nodes: [String]) throws -> [String] {
            let problem = SeparationProblem(
                name: "tie", slotMinutes: 5, nodes: nodes,
                edges: [.init(a: "H", b: "A", minutes: 2), .init(a: "H", b: "B", minutes: 3), .init(a: "A", b: "F", minutes: 3),
                        .init(a: "B", b: "F", minutes: 2)],
                groups: [.init(code: "g", home: "H", size: 1)],
                facilities: [.init(code: "f", kind: "k", node: "F", bufferMinutes: 0)],
                demands: [.init(group: "g", kind: "k", minutes: 10, window: [0, 60], preferred: 30)])
            return try #require(try Self.planner.plan(problem).visits.first).route
        }
        #expect(try route(nodes: ["H", "A", "B", "F"]) == ["H", "A", "F"])
        #expect(try route(nodes: ["H", "B", "A", "F"]) == ["H", "B", "F"])
    }

    @Test("A budget that runs out stops the search between moves; what it returns still verifies")
    func budgetStops() throws {
        let clock = SteppingClock()
        let problem = SeparationInstances.campus(groups: 10, demandsPerGroup: 5, seed: 11)
        let plan = try Planner(budget: .seconds(500), now: { clock.tick() }).plan(problem)
        #expect(plan.stoppedBy == .budget)
        try Self.expectVerified(plan, problem)
        #expect(plan.iterations < 50_000)
    }

    @Test("A 500-demand campus is planned or declared infeasible within a 2 s budget, and what it returns verifies")
    func fiveHundredDemands() throws {
        let problem = SeparationInstances.campus(groups: 100, demandsPerGroup: 5, seed: 5)
        #expect(problem.demands.count == 500)
        let plan = try Planner(budget: .seconds(2)).plan(problem)
        try Self.expectVerified(plan, problem)
        print("campus 100×5: feasible \(plan.feasible), objective \(plan.objective), \(plan.elapsedMs) ms, \(plan.stoppedBy)")
    }
}

/// A clock that moves one second each time it is read.
private final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Int64 = 0

    func tick() -> Duration {
        lock.withLock {
            seconds += 1
            return .seconds(seconds)
        }
    }
}
