import CampusKit

/// A valid problem with every name resolved to an index, and the shortest walks from every group's home.
///
/// Resources (what two visits may not hold at once) are numbered in one range: facilities first, then groups, edges
/// and nodes, so a timetable is one array.
struct Network: Sendable {
    let problem: SeparationProblem
    let nodeIndex: [String: Int]
    let facilityIndex: [String: Int]
    /// For each node, its neighbours and the edge to each, in the order the edges are listed.
    let adjacency: [[(node: Int, edge: Int)]]
    let edgeEnds: [(a: Int, b: Int)]
    /// Each group's home node; each facility's node; each demand's group.
    let home: [Int]
    let facilityNode: [Int]
    let demandGroup: [Int]
    /// For each demand, the facilities of its kind, nearest first (ties: the order they are listed).
    let choices: [[Int]]
    /// The shortest walks from each node that is a group's home (nil for other nodes).
    let walks: [ShortestWalks?]

    /// Resolves a problem, or refuses it with every issue `validate()` finds.
    static func resolve(_ problem: SeparationProblem) throws(DomainError) -> Network {
        let issues = problem.validate()
        guard issues.isEmpty, let network = Network(valid: problem) else { throw .invalidSeparationProblem(issues) }
        return network
    }

    private init?(valid problem: SeparationProblem) {
        self.problem = problem
        let nodeIndex = Dictionary(problem.nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let groupIndex = Dictionary(problem.groups.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.nodeIndex = nodeIndex
        facilityIndex = Dictionary(problem.facilities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        var adjacency = Array(repeating: [(node: Int, edge: Int)](), count: problem.nodes.count)
        var ends: [(a: Int, b: Int)] = []
        for (e, edge) in problem.edges.enumerated() {
            guard let a = nodeIndex[edge.a], let b = nodeIndex[edge.b] else { return nil }
            adjacency[a].append((b, e))
            adjacency[b].append((a, e))
            ends.append((a, b))
        }
        self.adjacency = adjacency
        edgeEnds = ends
        let home = problem.groups.compactMap { nodeIndex[$0.home] }
        let facilityNode = problem.facilities.compactMap { nodeIndex[$0.node] }
        let demandGroup = problem.demands.compactMap { groupIndex[$0.group] }
        guard home.count == problem.groups.count, facilityNode.count == problem.facilities.count,
              demandGroup.count == problem.demands.count else { return nil }
        self.home = home
        self.facilityNode = facilityNode
        self.demandGroup = demandGroup
        let minutes = problem.edges.map(\.minutes)
        var walks = [ShortestWalks?](repeating: nil, count: problem.nodes.count)
        for g in Set(demandGroup).sorted() where walks[home[g]] == nil {
            walks[home[g]] = ShortestWalks(from: home[g], adjacency: adjacency, minutes: minutes)
        }
        self.walks = walks
        choices = problem.demands.enumerated().map { d, demand in
            guard let tree = walks[home[demandGroup[d]]] else { return [] }
            return problem.facilities.indices.filter { problem.facilities[$0].kind == demand.kind }
                .sorted { (tree.distance[facilityNode[$0]], $0) < (tree.distance[facilityNode[$1]], $1) }
        }
    }

    var facilityCount: Int { problem.facilities.count }
    var groupCount: Int { problem.groups.count }
    var resourceCount: Int { problem.facilities.count + problem.groups.count + problem.edges.count + problem.nodes.count }

    func facilityResource(_ f: Int) -> Int { f }
    func groupResource(_ g: Int) -> Int { problem.facilities.count + g }
    func edgeResource(_ e: Int) -> Int { problem.facilities.count + problem.groups.count + e }
    func nodeResource(_ n: Int) -> Int { problem.facilities.count + problem.groups.count + problem.edges.count + n }

    /// The resource a number stands for, by the codes people gave.
    func resource(_ r: Int) -> Resource {
        var r = r
        if r < problem.facilities.count { return Resource(.facility, problem.facilities[r].code) }
        r -= problem.facilities.count
        if r < problem.groups.count { return Resource(.group, problem.groups[r].code) }
        r -= problem.groups.count
        if r < problem.edges.count { return Resource(.edge, problem.edges[r].a, to: problem.edges[r].b) }
        return Resource(.node, problem.nodes[r - problem.edges.count])
    }

    /// The edge joining two nodes, if any (at most one: duplicates are refused).
    func edge(_ a: Int, _ b: Int) -> Int? {
        adjacency[a].first { $0.node == b }?.edge
    }

    /// The shortest distance from the home of demand `d`'s group to facility `f`.
    func distance(demand d: Int, facility f: Int) -> Int {
        walks[home[demandGroup[d]]]?.distance[facilityNode[f]] ?? ShortestWalks.unreachable
    }
}

/// Dijkstra from one node over edges of positive minutes. Ties are broken deterministically: of two equally short
/// walks, the one whose last step comes from the lower-numbered node (the order of `nodes`) is kept.
struct ShortestWalks: Sendable {
    static let unreachable = Int.max

    let source: Int
    /// Minutes from the source to each node (`unreachable` when no walk exists).
    let distance: [Int]
    /// The node before each node on its shortest walk, and the edge taken from it (-1 for the source and unreachable).
    let previous: [(node: Int, edge: Int)]

    init(from source: Int, adjacency: [[(node: Int, edge: Int)]], minutes: [Int]) {
        self.source = source
        var distance = Array(repeating: Self.unreachable, count: adjacency.count)
        var previous = Array(repeating: (node: -1, edge: -1), count: adjacency.count)
        var done = Array(repeating: false, count: adjacency.count)
        var queue = MinQueue()
        distance[source] = 0
        queue.push(0, source)
        while let (d, u) = queue.pop() {
            guard !done[u], d == distance[u] else { continue }
            done[u] = true
            for (v, e) in adjacency[u] where !done[v] {
                let through = d + minutes[e]
                if through < distance[v] || (through == distance[v] && u < previous[v].node) {
                    if through < distance[v] { queue.push(through, v) }
                    distance[v] = through
                    previous[v] = (u, e)
                }
            }
        }
        self.distance = distance
        self.previous = previous
    }

    /// The nodes of the shortest walk to `target`, from the source; empty when it cannot be reached.
    func route(to target: Int) -> [Int] {
        guard distance[target] != Self.unreachable else { return [] }
        var nodes = [target]
        var node = target
        while node != source {
            node = previous[node].node
            nodes.append(node)
        }
        return nodes.reversed()
    }
}

/// A binary heap of (minutes, node), smallest first; ties by the lower node.
private struct MinQueue {
    private var items: [(Int, Int)] = []

    mutating func push(_ key: Int, _ node: Int) {
        items.append((key, node))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i] < items[parent] else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return top }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < items.count, items[l] < items[smallest] { smallest = l }
            if r < items.count, items[r] < items[smallest] { smallest = r }
            guard smallest != i else { return top }
            items.swapAt(i, smallest)
            i = smallest
        }
    }
}
