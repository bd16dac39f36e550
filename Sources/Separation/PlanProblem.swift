/// Something that two visits may not hold at once: a facility, a group, an edge (named by its two ends as listed),
/// or a node.
public struct Resource: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case facility, group, edge, node
    }

    public var kind: Kind
    /// The facility's or group's code, the node, or the edge's first end.
    public var code: String
    /// The edge's other end.
    public var to: String?

    public init(_ kind: Kind, _ code: String, to: String? = nil) {
        self.kind = kind
        self.code = code
        self.to = to
    }
}

/// One way a plan breaks the contract's rules, as facts: which rule, the demands and visits (indices) involved and the
/// resource concerned. The web layer words them.
public struct PlanProblem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        // Rule 1: one visit per demand, at a facility of its kind, on a slot, within the window.
        /// A visit names a demand index that does not exist.
        case unknownDemand
        /// A demand has no visit.
        case missingVisit
        /// A demand has more than one visit (all of them are listed).
        case extraVisit
        case unknownFacility
        /// The facility is not of the demand's kind.
        case wrongKind
        /// The start is not a multiple of `slotMinutes`.
        case offSlot
        /// The start is before `window[0]`.
        case beforeWindow
        /// The visit ends after `window[1]`.
        case afterWindow
        // Rule 2: the route.
        /// The route does not begin at the group's home.
        case routeNotFromHome
        /// The route does not end at the facility's node.
        case routeNotToFacility
        /// Two consecutive nodes of the route are not joined by an edge (the resource names them).
        case notAnEdge
        /// The route is longer than the shortest walk.
        case notShortest
        // Rules 3 and 4.
        /// Two visits hold the resource at overlapping times.
        case overlap
    }

    public var kind: Kind
    public var demands: [Int]
    public var visits: [Int]
    public var resource: Resource?

    public init(_ kind: Kind, demands: [Int], visits: [Int], resource: Resource? = nil) {
        self.kind = kind
        self.demands = demands
        self.visits = visits
        self.resource = resource
    }
}
