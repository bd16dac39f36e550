import CampusKit

/// Checks a plan against the contract's validity rules (C10, rules 1–4) and lists every problem it finds.
///
/// Rules 1 and 2 are checked visit by visit, then each demand is checked to have exactly one visit. Rule 4 compares
/// what the visits hold (rule 3, see `Footprint`) as half-open intervals: two visits overlap on a resource when one
/// starts before the other ends. A visit enters that comparison when its demand and facility are known, its route
/// runs over edges from the group's home to the facility's node (shortest or not: `w` is its length) and its start
/// lies within its window; a visit outside that is already reported under rule 1 or 2.
public enum Verifier {
    /// Every problem of `visits` for `problem`, in this order: visit by visit (rules 1 and 2), demand by demand
    /// (missing and extra visits), then overlaps by resource (facilities, groups, edges, nodes, each in the order
    /// listed) and by visit. Empty when the plan is valid. Refuses a problem that is not valid itself.
    public static func verify(_ problem: SeparationProblem, visits: [Visit]) throws(DomainError) -> [PlanProblem] {
        verify(try Network.resolve(problem), visits: visits)
    }

    static func verify(_ network: Network, visits: [Visit]) -> [PlanProblem] {
        let problem = network.problem
        var problems: [PlanProblem] = []
        var visitsOf = Array(repeating: [Int](), count: problem.demands.count)
        var held: [(visit: Int, interval: Interval)] = []
        for (i, visit) in visits.enumerated() {
            guard problem.demands.indices.contains(visit.demand) else {
                problems.append(PlanProblem(.unknownDemand, demands: [], visits: [i]))
                continue
            }
            visitsOf[visit.demand].append(i)
            let (found, footprint) = check(visit, index: i, network: network)
            problems += found
            guard let footprint, let f = network.facilityIndex[visit.facility] else { continue }
            let demand = problem.demands[visit.demand]
            guard visit.start >= demand.from, visit.start <= demand.to - demand.minutes else { continue }
            let intervals = footprint.intervals(start: visit.start, minutes: demand.minutes, buffer: problem.facilities[f].bufferMinutes,
                                                facility: f, group: network.demandGroup[visit.demand], network: network)
            held += intervals.map { (i, $0) }
        }
        for (d, indices) in visitsOf.enumerated() {
            if indices.isEmpty { problems.append(PlanProblem(.missingVisit, demands: [d], visits: [])) }
            if indices.count > 1 { problems.append(PlanProblem(.extraVisit, demands: [d], visits: indices)) }
        }
        return problems + overlaps(held, visits: visits, network: network)
    }

    /// Rules 1 and 2 for one visit whose demand exists; the route's footprint when it joins the home to the facility
    /// over edges.
    private static func check(_ visit: Visit, index i: Int, network: Network) -> ([PlanProblem], Footprint?) {
        let problem = network.problem
        let d = visit.demand
        let demand = problem.demands[d]
        var problems: [PlanProblem] = []
        func report(_ kind: PlanProblem.Kind, _ resource: Resource? = nil) {
            problems.append(PlanProblem(kind, demands: [d], visits: [i], resource: resource))
        }
        let facility = network.facilityIndex[visit.facility]
        if let facility, problem.facilities[facility].kind != demand.kind { report(.wrongKind, Resource(.facility, visit.facility)) }
        if facility == nil { report(.unknownFacility, Resource(.facility, visit.facility)) }
        if visit.start % problem.slotMinutes != 0 { report(.offSlot) }
        if visit.start < demand.from { report(.beforeWindow) }
        if visit.start > demand.to - demand.minutes { report(.afterWindow) }

        let group = network.demandGroup[d]
        let home = network.home[group]
        if visit.route.first.flatMap({ network.nodeIndex[$0] }) != home { report(.routeNotFromHome, Resource(.group, problem.groups[group].code)) }
        if let facility, visit.route.last.flatMap({ network.nodeIndex[$0] }) != network.facilityNode[facility] {
            report(.routeNotToFacility, Resource(.facility, visit.facility))
        }
        var nodes: [Int] = []
        var edges: [Int] = []
        for (k, name) in visit.route.enumerated() {
            let node = network.nodeIndex[name]
            if k > 0 {
                if let node, let previous = network.nodeIndex[visit.route[k - 1]], let edge = network.edge(previous, node) {
                    edges.append(edge)
                } else {
                    report(.notAnEdge, Resource(.edge, visit.route[k - 1], to: name))
                }
            }
            if let node { nodes.append(node) }
        }
        guard let facility, problems.allSatisfy({ ![.routeNotFromHome, .routeNotToFacility, .notAnEdge].contains($0.kind) }) else {
            return (problems, nil)
        }
        let footprint = Footprint(route: nodes, edges: edges, network: network)
        if footprint.walk != network.distance(demand: d, facility: facility) { report(.notShortest, Resource(.facility, visit.facility)) }
        return (problems, footprint)
    }

    /// Every pair of distinct visits holding one resource at overlapping times, once per resource.
    private static func overlaps(_ held: [(visit: Int, interval: Interval)], visits: [Visit], network: Network) -> [PlanProblem] {
        var byResource = Array(repeating: [(from: Int, to: Int, visit: Int)](), count: network.resourceCount)
        for (visit, interval) in held where interval.from < interval.to {
            byResource[interval.resource].append((interval.from, interval.to, visit))
        }
        var problems: [PlanProblem] = []
        for (r, intervals) in byResource.enumerated() where intervals.count > 1 {
            let sorted = intervals.sorted { ($0.from, $0.to, $0.visit) < ($1.from, $1.to, $1.visit) }
            var pairs: Set<[Int]> = []
            for (k, first) in sorted.enumerated() {
                for second in sorted[(k + 1)...] {
                    guard second.from < first.to else { break }
                    if first.visit != second.visit { pairs.insert([first.visit, second.visit].sorted()) }
                }
            }
            problems += pairs.sorted { $0.lexicographicallyPrecedes($1) }.map { pair in
                PlanProblem(.overlap, demands: pair.map { visits[$0].demand }, visits: pair, resource: network.resource(r))
            }
        }
        return problems
    }
}
