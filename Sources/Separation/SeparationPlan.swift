/// What the planner answers (C10): the visits it placed, the demands it could not place, and, when it can prove that
/// no valid plan exists, why.
public struct SeparationPlan: Sendable, Equatable, Codable {
    /// Every demand has a visit and the visits satisfy the contract's rules.
    public var feasible: Bool
    /// The sum over the visits of `|start − preferred|`.
    public var objective: Int
    public var elapsedMs: Int
    /// One per placed demand, in the order of `demands`; valid together (rules 2–4) even when some demands are missing.
    public var visits: [Visit]
    /// The demands without a visit (indices, ascending).
    public var unscheduled: [Int]
    /// Present when infeasibility is proven: then no planner could place every demand.
    public var infeasibility: Infeasibility?
    /// The sum over the demands of the smallest `|start − preferred|` their windows allow: no plan scores below it.
    public var lowerBound: Int
    /// Search iterations run after the first construction.
    public var iterations: Int
    public var stoppedBy: Stop

    /// Why the search ended.
    public enum Stop: String, Sendable, Equatable, Codable {
        /// Every demand is placed at the lower bound: nothing is left to improve.
        case optimal
        /// `patience` moves in a row found nothing better.
        case converged
        /// The most iterations ran.
        case iterations
        /// The time budget ran out first (the plan is then still valid, but may differ between runs).
        case budget
    }

    public init(feasible: Bool, objective: Int, elapsedMs: Int, visits: [Visit], unscheduled: [Int], infeasibility: Infeasibility?,
                lowerBound: Int, iterations: Int, stoppedBy: Stop) {
        self.feasible = feasible
        self.objective = objective
        self.elapsedMs = elapsedMs
        self.visits = visits
        self.unscheduled = unscheduled
        self.infeasibility = infeasibility
        self.lowerBound = lowerBound
        self.iterations = iterations
        self.stoppedBy = stoppedBy
    }
}

/// Why no valid plan exists, as facts.
public struct Infeasibility: Sendable, Equatable, Codable {
    /// Facility kinds whose demands need more minutes than the kind's facilities have open (the capacity argument).
    public var overbooked: [Overbooking]
    /// Demands whose window holds no start that is a multiple of `slotMinutes` (indices, ascending).
    public var noStart: [Int]

    public init(overbooked: [Overbooking], noStart: [Int]) {
        self.overbooked = overbooked
        self.noStart = noStart
    }
}

/// The capacity argument for one facility kind: the demands whose visits must fall within `[from, to)` need
/// `demandMinutes` of the kind's facilities (each visit's minutes plus the smallest buffer of the kind), more than the
/// `openMinutes` those facilities have there (`to − from` plus the facility's own buffer, for each facility).
public struct Overbooking: Sendable, Equatable, Codable {
    public var kind: String
    public var from: Int
    public var to: Int
    public var demands: [Int]
    public var demandMinutes: Int
    public var openMinutes: Int

    public init(kind: String, from: Int, to: Int, demands: [Int], demandMinutes: Int, openMinutes: Int) {
        self.kind = kind
        self.from = from
        self.to = to
        self.demands = demands
        self.demandMinutes = demandMinutes
        self.openMinutes = openMinutes
    }
}
