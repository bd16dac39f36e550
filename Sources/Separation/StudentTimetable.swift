import CampusKit

/// What a student is told for a day (C10): each visit of their building or floor in the published plan, with the
/// place and the route by the names people know.
public struct StudentTimetable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var group: String
        public var facility: String
        public var kind: String
        /// Leave home at `leave`, be at the facility `[from, to)`, minutes since midnight.
        public var leave: Int
        public var from: Int
        public var to: Int
        /// Node names from home to the facility.
        public var route: [String]
    }

    public var day: CampusDay
    /// The published plan's id and name; nil when nothing is published for the day.
    public var planId: String?
    public var planName: String?
    public var entries: [Entry]

    /// The visits of `units` (a student's building and floor keys) in `plan`, by start.
    public static func of(units: [String], plan: SavedPlan?, day: CampusDay) -> StudentTimetable {
        guard let plan else { return StudentTimetable(day: day, planId: nil, planName: nil, entries: []) }
        let mine = Set(units)
        let entries = plan.result.visits.compactMap { visit -> Entry? in
            let demand = plan.problem.demands[visit.demand]
            guard mine.contains(demand.group) else { return nil }
            let walk = plan.problem.walkMinutes(visit.route)
            return Entry(group: demand.group, facility: plan.label(visit.facility), kind: demand.kind, leave: visit.start - walk,
                         from: visit.start, to: visit.start + demand.minutes, route: visit.route.map(plan.label))
        }.sorted { ($0.from, $0.facility) < ($1.from, $1.facility) }
        return StudentTimetable(day: day, planId: plan.id, planName: plan.problem.name, entries: entries)
    }
}

extension SeparationProblem {
    /// The minutes of walking `route` over the problem's edges (a pair with no edge counts 0).
    public func walkMinutes(_ route: [String]) -> Int {
        var total = 0
        for (a, b) in zip(route, route.dropFirst()) {
            total += edges.first { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) }?.minutes ?? 0
        }
        return total
    }
}
