/// What a visit holds (rule 3 of the contract), relative to its start: the route's edges while walked, both ways, and
/// its inner nodes for one minute either side of the group passing, both ways. The facility (`[0, minutes + buffer)`)
/// and the group (`[−walk, minutes + walk)`) are added by `intervals`.
///
/// For a route `n0 … nk` with `D(i)` the minutes from `n0` to `ni` and `w = D(k)`: edge `i` (from `n(i−1)` to `ni`) is
/// held on the way out during `[D(i−1) − w, D(i) − w)` and on the way back during `minutes + [w − D(i), w − D(i−1))`;
/// inner node `ni` out during `[D(i) − w − 1, D(i) − w + 1)` and back during `minutes + [w − D(i) − 1, w − D(i) + 1)`.
struct Footprint: Sendable {
    /// One edge or inner node of the route and when it is held.
    struct Step: Sendable {
        let resource: Int
        let outFrom: Int, outTo: Int
        /// On the way back, before adding the visit's minutes.
        let backFrom: Int, backTo: Int
    }

    /// The route's minutes (`w`).
    let walk: Int
    let steps: [Step]

    /// The footprint of walking `route` (node indices joined by `edges`, one fewer) in `network`.
    init(route: [Int], edges: [Int], network: Network) {
        let minutes = edges.map { network.problem.edges[$0].minutes }
        let walk = minutes.reduce(0, +)
        var steps: [Step] = []
        steps.reserveCapacity(2 * edges.count)
        var before = 0
        for (i, edge) in edges.enumerated() {
            let after = before + minutes[i]
            steps.append(Step(resource: network.edgeResource(edge), outFrom: before - walk, outTo: after - walk,
                              backFrom: walk - after, backTo: walk - before))
            if i + 1 < edges.count {
                steps.append(Step(resource: network.nodeResource(route[i + 1]), outFrom: after - walk - 1, outTo: after - walk + 1,
                                  backFrom: walk - after - 1, backTo: walk - after + 1))
            }
            before = after
        }
        self.walk = walk
        self.steps = steps
    }

    /// Every interval a visit holds: its facility, its group, then the steps out and back.
    func intervals(start: Int, minutes: Int, buffer: Int, facility: Int, group: Int, network: Network) -> [Interval] {
        var held = [Interval(resource: network.facilityResource(facility), from: start, to: start + minutes + buffer),
                    Interval(resource: network.groupResource(group), from: start - walk, to: start + minutes + walk)]
        for step in steps {
            held.append(Interval(resource: step.resource, from: start + step.outFrom, to: start + step.outTo))
            held.append(Interval(resource: step.resource, from: start + minutes + step.backFrom, to: start + minutes + step.backTo))
        }
        return held
    }
}

/// A resource held during `[from, to)`.
struct Interval: Sendable, Hashable {
    let resource: Int
    let from: Int
    let to: Int
}
