import CampusKit

/// Plans the visits of a separation problem (C10): a valid plan with a small `Σ |start − preferred|`, found within a
/// time budget, the same for the same input.
///
/// The algorithm:
/// 1. **Preparation.** The problem is validated and resolved; Dijkstra from each group's home gives one shortest
///    route to every node (ties go to the lower-numbered previous node, so routes depend only on the input). A visit
///    always walks that route, so a (demand, facility) pair has one footprint: the intervals of rule 3 relative to its
///    start (`Footprint`), built when first needed. Each demand's allowed starts are the multiples of
///    `slotMinutes` within its window (`StartRange`).
/// 2. **Proofs.** A demand whose window holds no allowed start, and the capacity argument per facility kind
///    (`CapacityBound`), are reported as `infeasibility`; the search still places what it can.
/// 3. **Construction.** Demands in order of urgency (fewest start × facility choices first, then by index) are each
///    put at their cheapest free choice: starts outwards from the preferred one (the earlier of two equally far),
///    facilities nearest first. "Free" is checked against a timetable of every resource's held intervals (sorted,
///    disjoint, binary-searched), so the partial plan is valid at every moment.
/// 4. **Descent.** Each visit in turn is lifted and put back at its cheapest free choice, until no visit moves.
/// 5. **Large-neighbourhood search.** Up to `iterations` moves, chosen by a seeded SplitMix64 generator: *repair*
///    (an unplaced demand takes the choice that displaces the fewest visits; those go back to their cheapest free
///    choices), *relocate* (a visit off its preferred start moves to a cheaper choice held by at most 1–3 others,
///    which are put back), *ruin* (2–15 visits of the same kind or group within 90 minutes of one another are lifted
///    and put back in a random order). Moves are accepted by *late acceptance*: a move is kept when the plan's score
///    (unplaced demands first, then the objective) is no worse than before it or than `lateAcceptance` moves ago,
///    otherwise it is undone exactly; so the search may pass through slightly worse plans to leave a local optimum.
///    The best plan seen is kept aside and returned.
/// 6. **Stop.** At the lower bound (every demand at its cheapest allowed start: nothing can improve), after
///    `patience` moves in a row without a new best plan, after `iterations` moves, or at 95% of the budget (the rest
///    is for writing the answer). The clock is read between moves and every 64 candidate checks inside a move, so no
///    step runs unbounded.
///
/// On the benchmark's seeded campuses (docs/PERFORMANCE.md, section 9) the defaults end 0–1 % above the optimum an
/// exact solver proves for 10 buildings × 5 needs, within about half a second; for 40 × 5, where the exact solver
/// finds no plan in a minute, they stop at the budget.
///
/// Determinism: every order above is fixed by the input (arrays, never a dictionary's order) and the generator by
/// `seed`, so two runs that do not stop by `budget` return equal plans (apart from `elapsedMs`). A run cut by
/// the budget returns a valid plan whose quality depends on how far it got; `stoppedBy` says which happened.
public struct Planner: Sendable {
    /// The most time a plan may take, preparation included.
    public var budget: Duration
    /// The most moves of the large-neighbourhood search after construction and descent.
    public var iterations: Int
    /// The search ends after this many moves in a row without a better plan.
    public var patience: Int
    /// Late acceptance: a move is kept when the plan's score is no worse than before it or than it was this many
    /// moves ago, so the search can climb out of a local optimum; the best plan seen is returned. 1 keeps only moves
    /// that do not make the plan worse.
    public var lateAcceptance: Int
    public var seed: UInt64
    /// A monotonic clock reading (any origin); tests inject one.
    public var now: @Sendable () -> Duration

    public init(budget: Duration = .seconds(1), iterations: Int = 200_000, patience: Int = 20_000, lateAcceptance: Int = 20, seed: UInt64 = 0,
                now: (@Sendable () -> Duration)? = nil) {
        self.budget = budget
        self.iterations = iterations
        self.patience = patience
        self.lateAcceptance = lateAcceptance
        self.seed = seed
        if let now {
            self.now = now
        } else {
            let origin = ContinuousClock.now
            self.now = { origin.duration(to: .now) }
        }
    }

    /// A plan for `problem`, or the problem refused with every issue `validate()` finds.
    public func plan(_ problem: SeparationProblem) throws(DomainError) -> SeparationPlan {
        let started = now()
        let network = try Network.resolve(problem)
        // The search stops at 95% of the budget: the rest is for writing the answer (routes, names).
        var search = Search(network: network, seed: seed, deadline: Deadline(now: now, end: started + budget * 0.95))
        let infeasibility = CapacityBound.infeasibility(network, starts: search.starts)
        search.construct()
        search.descend()
        var moves = 0, lastGain = 0
        var best = (score: search.score, placement: search.placement)
        var history = Array(repeating: search.score, count: max(1, lateAcceptance))
        while moves < iterations, moves - lastGain < patience, !search.isOptimal, !search.deadline.expired() {
            let slot = moves % history.count
            search.step(allowing: history[slot])
            history[slot] = search.score
            moves += 1
            if search.score < best.score {
                best = (search.score, search.placement)
                lastGain = moves
            }
        }
        if search.score > best.score { search.restore(best.placement) }
        let stop: SeparationPlan.Stop = search.isOptimal ? .optimal : search.deadline.passed ? .budget
            : moves < iterations ? .converged : .iterations
        let visits = search.placement.enumerated().compactMap { d, placement in
            placement.map { visit(d, $0, network: network) }
        }
        let unscheduled = search.placement.indices.filter { search.placement[$0] == nil }
        let elapsed = (now() - started).components
        return SeparationPlan(feasible: unscheduled.isEmpty, objective: search.objective,
                              elapsedMs: Int(elapsed.seconds) * 1000 + Int(elapsed.attoseconds / 1_000_000_000_000_000),
                              visits: visits, unscheduled: unscheduled, infeasibility: infeasibility,
                              lowerBound: search.lowerBound, iterations: moves, stoppedBy: stop)
    }

    private func visit(_ d: Int, _ placement: Placement, network: Network) -> Visit {
        let home = network.home[network.demandGroup[d]]
        let route = network.walks[home]?.route(to: network.facilityNode[placement.facility]) ?? []
        return Visit(demand: d, facility: network.problem.facilities[placement.facility].code, start: placement.start,
                     route: route.map { network.problem.nodes[$0] })
    }
}
