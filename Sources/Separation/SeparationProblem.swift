/// A day of visits to shared facilities to be separated in space and time (C10): the campus as a graph of nodes and
/// walking edges, the groups that live at its nodes, the facilities they visit, and what each group needs.
///
/// Field names are the contract's JSON. Times are minutes since midnight. Nothing here is checked on construction;
/// `validate()` lists what is wrong, and the verifier and the planner refuse a problem that has anything wrong.
public struct SeparationProblem: Sendable, Equatable, Codable {
    public var name: String
    /// Every start is a multiple of this.
    public var slotMinutes: Int
    public var nodes: [String]
    public var edges: [Edge]
    public var groups: [Group]
    public var facilities: [Facility]
    public var demands: [Demand]

    public init(name: String, slotMinutes: Int, nodes: [String], edges: [Edge], groups: [Group], facilities: [Facility],
                demands: [Demand]) {
        self.name = name
        self.slotMinutes = slotMinutes
        self.nodes = nodes
        self.edges = edges
        self.groups = groups
        self.facilities = facilities
        self.demands = demands
    }

    /// A path between two nodes, walkable both ways in `minutes`.
    public struct Edge: Sendable, Equatable, Codable {
        public var a: String
        public var b: String
        public var minutes: Int

        public init(a: String, b: String, minutes: Int) {
            self.a = a
            self.b = b
            self.minutes = minutes
        }
    }

    /// People who move together (a building, a floor) and live at `home`.
    public struct Group: Sendable, Equatable, Codable {
        public var code: String
        public var home: String
        public var size: Int

        public init(code: String, home: String, size: Int) {
            self.code = code
            self.home = home
            self.size = size
        }
    }

    /// A place groups visit one at a time; after each visit it stays closed for `bufferMinutes` (cleaning).
    public struct Facility: Sendable, Equatable, Codable {
        public var code: String
        public var kind: String
        public var node: String
        public var bufferMinutes: Int

        public init(code: String, kind: String, node: String, bufferMinutes: Int) {
            self.code = code
            self.kind = kind
            self.node = node
            self.bufferMinutes = bufferMinutes
        }
    }

    /// One visit a group needs: at some facility of `kind`, for `minutes`, starting and ending within `window`
    /// (`[from, to]`), ideally starting at `preferred`.
    public struct Demand: Sendable, Equatable, Codable {
        public var group: String
        public var kind: String
        public var minutes: Int
        public var window: [Int]
        public var preferred: Int

        public init(group: String, kind: String, minutes: Int, window: [Int], preferred: Int) {
            self.group = group
            self.kind = kind
            self.minutes = minutes
            self.window = window
            self.preferred = preferred
        }

        /// The window's first minute (the demand must be valid: `window` has two values).
        var from: Int { window[0] }
        /// The window's end: the visit ends at or before it.
        var to: Int { window[1] }
    }
}

/// One planned visit: demand `demand` (its index in `demands`) at facility `facility` (a code) from `start`, walking
/// `route` (node names, from the group's home to the facility's node) there and back.
public struct Visit: Sendable, Hashable, Codable {
    public var demand: Int
    public var facility: String
    public var start: Int
    public var route: [String]

    public init(demand: Int, facility: String, start: Int, route: [String]) {
        self.demand = demand
        self.facility = facility
        self.start = start
        self.route = route
    }
}
