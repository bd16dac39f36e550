/// Proofs that no valid plan exists, found before any search.
///
/// The capacity argument, for each facility kind and each span `[a, b)` where `a` is some demand's first allowed start
/// and `b` some demand's latest allowed end: every demand of the kind whose allowed starts lie in `[a, b − minutes]`
/// holds one facility of the kind during `[start, start + minutes + buffer)`, which lies in `[a, b + buffer)`, and a
/// facility is held by one visit at a time. So those demands need at least `Σ (minutes + smallest buffer)` facility
/// minutes, and the facilities have at most `Σ (b − a + buffer)`; more needed than open proves infeasibility. The span
/// with the largest excess is reported for each kind.
enum CapacityBound {
    static func infeasibility(_ network: Network, starts: [StartRange?]) -> Infeasibility? {
        let noStart = starts.indices.filter { starts[$0] == nil }
        let overbooked = kinds(network).compactMap { overbooking(kind: $0, network: network, starts: starts) }
        return noStart.isEmpty && overbooked.isEmpty ? nil : Infeasibility(overbooked: overbooked, noStart: noStart)
    }

    /// The facility kinds in the order they first appear.
    private static func kinds(_ network: Network) -> [String] {
        var seen: Set<String> = []
        return network.problem.facilities.map(\.kind).filter { seen.insert($0).inserted }
    }

    private static func overbooking(kind: String, network: Network, starts: [StartRange?]) -> Overbooking? {
        let problem = network.problem
        let buffers = problem.facilities.filter { $0.kind == kind }.map(\.bufferMinutes)
        guard let smallest = buffers.min() else { return nil }
        let totalBuffer = buffers.reduce(0, +)
        // (demand, earliest start, latest end, minutes needed), by latest end.
        let items = problem.demands.indices.compactMap { d -> (demand: Int, from: Int, to: Int, need: Int)? in
            guard problem.demands[d].kind == kind, let range = starts[d] else { return nil }
            let minutes = problem.demands[d].minutes
            return (d, range.first, range.last + minutes, minutes + smallest)
        }.sorted { ($0.to, $0.demand) < ($1.to, $1.demand) }
        var best: (excess: Int, from: Int, to: Int, need: Int, open: Int)?
        for a in Set(items.map(\.from)).sorted() {
            var need = 0
            let inside = items.filter { $0.from >= a }
            for (k, item) in inside.enumerated() {
                need += item.need
                guard k + 1 == inside.count || inside[k + 1].to != item.to else { continue }
                let open = buffers.count * (item.to - a) + totalBuffer
                if need > open, need - open > best?.excess ?? 0 { best = (need - open, a, item.to, need, open) }
            }
        }
        guard let best else { return nil }
        let demands = items.filter { $0.from >= best.from && $0.to <= best.to }.map(\.demand).sorted()
        return Overbooking(kind: kind, from: best.from, to: best.to, demands: demands, demandMinutes: best.need, openMinutes: best.open)
    }
}
