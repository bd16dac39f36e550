/// Generated campuses for tests and benchmarks: the same seed gives the same problem.
public enum SeparationInstances {
    /// The facility kinds a generated campus has.
    public static let kinds = ["canteen_pickup", "nucleic_test", "supply_pickup"]

    /// A campus of `groups` buildings in clusters of five, each cluster around two junctions with a canteen, a testing
    /// site and a shop (facility kinds: `kinds`). Junctions form a ring with a chord per cluster; each building
    /// hangs off one junction and is linked to the previous building of its cluster, so routes cross and share edges and inner
    /// nodes. With 10 groups: 20 nodes, 31 edges, 6 facilities of 3 kinds; with 40 groups: 80 nodes, 128
    /// edges, 24 facilities.
    ///
    /// A group's demands cycle through breakfast pickup (window 06:30–09:00), a test (08:00–11:30), lunch pickup
    /// (11:00–13:30), a shop visit (14:00–17:00) and dinner pickup (17:00–19:30); minutes grow with the group's size
    /// (300–900) and preferred starts fall early in each window. Up to five demands per group fit the facilities'
    /// capacity; more repeat the cycle and may not.
    public static func campus(groups: Int, demandsPerGroup: Int, seed: UInt64) -> SeparationProblem {
        var random = SplitMix64(seed: seed)
        let groups = max(1, groups)
        let clusters = (groups + 4) / 5
        let junctions = (1...(2 * clusters)).map { "J\($0)" }
        var edges: [SeparationProblem.Edge] = []
        func link(_ a: String, _ b: String, _ minutes: ClosedRange<Int>) {
            edges.append(SeparationProblem.Edge(a: a, b: b, minutes: random.within(minutes)))
        }
        for k in junctions.indices where k + 1 < junctions.count || junctions.count > 2 {
            link(junctions[k], junctions[(k + 1) % junctions.count], 3...6)
        }
        var nodes = junctions
        var facilities: [SeparationProblem.Facility] = []
        for c in 0..<clusters {
            let first = junctions[2 * c], second = junctions[2 * c + 1]
            // A chord from this cluster's second junction across the ring (two clusters have room for one only).
            if clusters > 2 { link(second, junctions[(2 * c + 4) % junctions.count], 5...8) }
            if clusters == 2, c == 0 { link(first, junctions[2], 5...8) }
            let canteen = "C\(c + 1)", site = "T\(c + 1)", shop = "S\(c + 1)"
            nodes += [canteen, site, shop]
            link(canteen, first, 1...1)
            link(canteen, second, 2...3)
            link(site, second, 1...1)
            link(shop, first, 1...1)
            facilities.append(SeparationProblem.Facility(code: "canteen-\(c + 1)", kind: kinds[0], node: canteen, bufferMinutes: 5))
            facilities.append(SeparationProblem.Facility(code: "test-\(c + 1)", kind: kinds[1], node: site, bufferMinutes: 10))
            facilities.append(SeparationProblem.Facility(code: "shop-\(c + 1)", kind: kinds[2], node: shop, bufferMinutes: 5))
        }
        var members: [SeparationProblem.Group] = []
        for i in 0..<groups {
            let building = "B\(i + 1)"
            nodes.append(building)
            link(building, junctions[2 * (i / 5) + i % 2], 2...4)
            if i % 5 > 0 { link(building, "B\(i)", 2...5) }
            members.append(SeparationProblem.Group(code: "building-\(i + 1)", home: building, size: 300 + 10 * random.within(0...60)))
        }
        var demands: [SeparationProblem.Demand] = []
        for group in members {
            for j in 0..<max(0, demandsPerGroup) {
                demands.append(demand(j % 5, group: group, random: &random))
            }
        }
        return SeparationProblem(name: "campus-\(groups)x\(demandsPerGroup)-\(seed)", slotMinutes: 5, nodes: nodes, edges: edges,
                                 groups: members, facilities: facilities, demands: demands)
    }

    private static func demand(_ template: Int, group: SeparationProblem.Group, random: inout SplitMix64) -> SeparationProblem.Demand {
        let pickup = 10 + group.size / 150
        switch template {
        case 0: return SeparationProblem.Demand(group: group.code, kind: kinds[0], minutes: pickup, window: [390, 540],
                                                preferred: 420 + 5 * random.within(0...6))
        case 1: return SeparationProblem.Demand(group: group.code, kind: kinds[1], minutes: 5 + group.size / 90, window: [480, 690],
                                                preferred: 480 + 10 * random.within(0...15))
        case 2: return SeparationProblem.Demand(group: group.code, kind: kinds[0], minutes: pickup, window: [660, 810],
                                                preferred: 690 + 5 * random.within(0...8))
        case 3: return SeparationProblem.Demand(group: group.code, kind: kinds[2], minutes: 10, window: [840, 1020],
                                                preferred: 870 + 10 * random.within(0...9))
        default: return SeparationProblem.Demand(group: group.code, kind: kinds[0], minutes: pickup, window: [1020, 1170],
                                                 preferred: 1050 + 5 * random.within(0...8))
        }
    }
}
