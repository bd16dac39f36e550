/// Where a placed demand's visit is: a facility and a start (the route is the facility's shortest walk).
struct Placement: Sendable, Equatable {
    /// The facility's place in the demand's `choices`, and the facility itself.
    let choice: Int
    let facility: Int
    let start: Int
}

/// When the planner must stop: a reading of a monotonic clock and the reading it must not pass.
struct Deadline {
    let now: @Sendable () -> Duration
    let end: Duration
    private(set) var passed = false

    /// Reads the clock (once passed, it stays passed).
    mutating func expired() -> Bool {
        if !passed, now() >= end { passed = true }
        return passed
    }
}

/// The planner's working state: the placements, the timetable they fill, and the moves of the search (see
/// `Planner`). Every placement is checked against the timetable before it is made, so the state is always a valid
/// partial plan; a move that leaves fewer demands placed, or as many at a higher objective, is undone.
struct Search {
    let network: Network
    let starts: [StartRange?]
    /// The demands, most constrained first (fewest start-and-facility choices), for construction and reinsertion.
    let urgency: [Int]
    private let rank: [Int]
    private(set) var placement: [Placement?]
    private(set) var objective = 0
    /// The sum over the demands of their cheapest allowed start: no plan scores below it.
    let lowerBound: Int
    private(set) var unscheduledCount: Int
    var deadline: Deadline
    private var timetable: Timetable
    /// Each demand's footprint at each of its choices, made when first needed.
    private var footprints: [[Footprint?]]
    private var random: SplitMix64
    /// Each change since the last commit, with the placement it replaced.
    private var journal: [(demand: Int, before: Placement?)] = []
    private var checks = 0

    init(network: Network, seed: UInt64, deadline: Deadline) {
        self.network = network
        let problem = network.problem
        starts = problem.demands.map { StartRange($0, slot: problem.slotMinutes) }
        let starts = starts
        let flexibility = problem.demands.indices.map { (starts[$0]?.count ?? 0) * network.choices[$0].count }
        urgency = problem.demands.indices.sorted { (flexibility[$0], $0) < (flexibility[$1], $1) }
        var rank = Array(repeating: 0, count: problem.demands.count)
        for (position, d) in urgency.enumerated() { rank[d] = position }
        self.rank = rank
        placement = Array(repeating: nil, count: problem.demands.count)
        unscheduledCount = problem.demands.count
        self.deadline = deadline
        timetable = Timetable(resources: network.resourceCount)
        footprints = network.choices.map { Array(repeating: nil, count: $0.count) }
        lowerBound = problem.demands.indices.reduce(0) { sum, d in sum + (starts[d]?.cheapest(problem.demands[d].preferred) ?? 0) }
        random = SplitMix64(seed: seed)
    }

    var isOptimal: Bool { unscheduledCount == 0 && objective == lowerBound }

    func cost(_ d: Int, _ start: Int) -> Int { abs(start - network.problem.demands[d].preferred) }

    // MARK: placing and removing

    private mutating func footprint(_ d: Int, _ p: Placement) -> Footprint {
        if let known = footprints[d][p.choice] { return known }
        let route = network.walks[network.home[network.demandGroup[d]]]?.route(to: network.facilityNode[p.facility]) ?? []
        let edges = route.indices.dropFirst().compactMap { network.edge(route[$0 - 1], route[$0]) }
        let made = Footprint(route: route, edges: edges, network: network)
        footprints[d][p.choice] = made
        return made
    }

    /// Calls `body` with every interval demand `d` holds when placed at `p`, walking `print`.
    private static func forEachInterval(_ network: Network, _ d: Int, _ p: Placement, _ print: Footprint,
                                        _ body: (Int, Int, Int) -> Void) {
        let m = network.problem.demands[d].minutes, s = p.start
        body(network.facilityResource(p.facility), s, s + m + network.problem.facilities[p.facility].bufferMinutes)
        body(network.groupResource(network.demandGroup[d]), s - print.walk, s + m + print.walk)
        for step in print.steps {
            body(step.resource, s + step.outFrom, s + step.outTo)
            body(step.resource, s + m + step.backFrom, s + m + step.backTo)
        }
    }

    private mutating func fits(_ d: Int, _ p: Placement) -> Bool {
        let print = footprint(d, p)
        var free = true
        Self.forEachInterval(network, d, p, print) { r, from, to in
            if free, !timetable.isFree(r, from, to) { free = false }
        }
        return free
    }

    /// The demands whose visits hold something `d` would hold at `p`, ascending; nil when there are more than `limit`.
    private mutating func blockers(_ d: Int, _ p: Placement, atMost limit: Int) -> [Int]? {
        let print = footprint(d, p)
        var found: [Int] = []
        Self.forEachInterval(network, d, p, print) { r, from, to in
            if found.count <= limit { timetable.holders(r, from, to, into: &found) }
        }
        return found.count <= limit ? found.sorted() : nil
    }

    mutating func place(_ d: Int, _ p: Placement) {
        let print = footprint(d, p)
        Self.forEachInterval(network, d, p, print) { r, from, to in timetable.add(r, from, to, demand: d) }
        journal.append((d, placement[d]))
        placement[d] = p
        objective += cost(d, p.start)
        unscheduledCount -= 1
    }

    mutating func unplace(_ d: Int) {
        guard let p = placement[d] else { return }
        let print = footprint(d, p)
        Self.forEachInterval(network, d, p, print) { r, from, to in timetable.remove(r, from, to, demand: d) }
        journal.append((d, p))
        placement[d] = nil
        objective -= cost(d, p.start)
        unscheduledCount += 1
    }

    /// The clock, read once every 64 checks.
    private mutating func outOfTime() -> Bool {
        checks += 1
        return deadline.passed || (checks % 64 == 0 && deadline.expired())
    }

    /// Every allowed (facility, start) of demand `d`, cheapest first: by start outwards from the preferred one, then by
    /// facility, nearest first. Stops when `body` returns true or time runs out.
    private mutating func scan(_ d: Int, _ body: (inout Search, Placement) -> Bool) {
        guard let range = starts[d] else { return }
        for start in range.byDistance(from: network.problem.demands[d].preferred) {
            for (choice, f) in network.choices[d].enumerated() {
                if outOfTime() || body(&self, Placement(choice: choice, facility: f, start: start)) { return }
            }
        }
    }

    /// Places `d` at its cheapest free (facility, start); false when none is free (or time ran out).
    @discardableResult
    mutating func insertBest(_ d: Int) -> Bool {
        var chosen: Placement?
        scan(d) { search, p in
            guard search.fits(d, p) else { return false }
            chosen = p
            return true
        }
        guard let chosen else { return false }
        place(d, chosen)
        return true
    }

    // MARK: the search

    /// The first plan: each demand in order of urgency at its cheapest free place.
    mutating func construct() {
        for d in urgency where placement[d] == nil {
            if deadline.expired() { break }
            insertBest(d)
        }
        commit()
    }

    /// Moves single visits to cheaper free places until none moves (or time runs out).
    mutating func descend() {
        var improved = true
        while improved, !deadline.expired() {
            improved = false
            for d in placement.indices {
                guard let p = placement[d], cost(d, p.start) > 0 else { continue }
                unplace(d)
                if !insertBest(d) { place(d, p) }
                if let now = placement[d], cost(d, now.start) < cost(d, p.start) { improved = true }
            }
        }
        commit()
    }

    /// The plan's score for comparing plans: each unplaced demand outweighs any objective, then the objective.
    var score: Int { unscheduledCount * Self.unplacedWeight + objective }
    static let unplacedWeight = 1 << 40

    /// One move of the large-neighbourhood search, kept when it leaves the score at most `allowed` or no worse than
    /// before (late acceptance: the caller passes an earlier score), undone exactly otherwise.
    mutating func step(allowing allowed: Int) {
        let before = score
        let roll = random.below(8)
        if unscheduledCount > 0, roll < 5 { repair() } else if roll % 2 == 0 { relocate() } else { ruin() }
        if score > max(before, allowed) { revert() }
        commit()
    }

    /// Puts every demand back where `snapshot` has it (the best plan seen, when the search ended elsewhere).
    mutating func restore(_ snapshot: [Placement?]) {
        let changed = placement.indices.filter { placement[$0] != snapshot[$0] }
        changed.forEach { unplace($0) }
        for d in changed { if let p = snapshot[d] { place(d, p) } }
        commit()
    }

    /// An unplaced demand goes where it displaces the fewest visits, which are then put back wherever is cheapest.
    private mutating func repair() {
        let unplaced = placement.indices.filter { placement[$0] == nil && starts[$0] != nil }
        guard !unplaced.isEmpty else { return }
        let u = unplaced[random.below(unplaced.count)]
        var best: [(Placement, [Int])] = []
        scan(u) { search, p in
            guard let found = search.blockers(u, p, atMost: best.first?.1.count ?? Int.max) else { return false }
            if best.isEmpty || found.count < best[0].1.count { best = [(p, found)] } else { best.append((p, found)) }
            return false
        }
        guard !best.isEmpty else { return }
        let (target, displaced) = best[random.below(best.count)]
        displaced.forEach { unplace($0) }
        place(u, target)
        reinsert(displaced.sorted { rank[$0] < rank[$1] })
    }

    /// A visit moves to a cheaper place held by at most a few others, which are then put back wherever is cheapest.
    private mutating func relocate() {
        let costly = placement.indices.filter { d in placement[d].map { cost(d, $0.start) > 0 } ?? false }
        guard !costly.isEmpty else { return }
        let v = costly[random.below(costly.count)]
        guard let old = placement[v] else { return }
        let limit = 1 + random.below(3)
        unplace(v)
        var move: (Placement, [Int])?
        var looked = 0
        scan(v) { search, p in
            looked += 1
            guard search.cost(v, p.start) < search.cost(v, old.start), looked <= 400 else { return true }
            move = search.blockers(v, p, atMost: limit).map { (p, $0) }
            return move != nil
        }
        guard let (target, displaced) = move else {
            place(v, old)
            return
        }
        displaced.forEach { unplace($0) }
        place(v, target)
        reinsert(displaced.sorted { rank[$0] < rank[$1] })
    }

    /// 2–15 visits close in time to one another (same kind or same group) are removed and put back in a random order
    /// (fewer than about ten left the search stuck 3–8 % above the optimum on the benchmark's 10-building campuses).
    private mutating func ruin() {
        let placed = placement.indices.filter { placement[$0] != nil }
        guard !placed.isEmpty else { return }
        let v = placed[random.below(placed.count)]
        guard let centre = placement[v]?.start else { return }
        let demands = network.problem.demands
        let near = placed.compactMap { d -> (demand: Int, distance: Int)? in
            guard let start = placement[d]?.start, abs(start - centre) <= 90,
                  demands[d].kind == demands[v].kind || network.demandGroup[d] == network.demandGroup[v] else { return nil }
            return (d, abs(start - centre))
        }.sorted { ($0.distance, $0.demand) < ($1.distance, $1.demand) }
        var removed = near.prefix(2 + random.below(14)).map(\.demand)
        removed.forEach { unplace($0) }
        for k in removed.indices.reversed() where k > 0 { removed.swapAt(k, random.below(k + 1)) }
        reinsert(removed)
    }

    private mutating func reinsert(_ demands: [Int]) {
        for d in demands { insertBest(d) }
    }

    private mutating func commit() { journal.removeAll(keepingCapacity: true) }

    /// Undoes every change since the last commit.
    private mutating func revert() {
        var original: [Int: Placement?] = [:]
        for (d, before) in journal where original[d] == nil { original[d] = .some(before) }
        let changed = original.keys.sorted()
        changed.forEach { unplace($0) }
        for d in changed { if let p = original[d] ?? nil { place(d, p) } }
    }
}
