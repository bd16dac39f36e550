import Foundation

/// The dormitory grid as a tree — campus → building → floor → room — with head counts at every level.
public struct GridTree: Sendable, Equatable {
    /// One node of the tree. `key` is the unit key at its level (CONTRACT.md): a floor is `BUILDING/FLOOR`.
    public struct Node: Sendable, Equatable {
        public var level: String
        public var name: String
        public var key: String
        public var students: Int
        public var active: Int
        public var children: [Node]
    }

    public var students: Int
    public var active: Int
    public var campuses: [Node]

    /// The name of the node that holds students without a campus, building, floor or room.
    public static let unassigned = "未分配"

    /// Builds the tree from per-room counts; students without a campus, building or floor sit under "未分配".
    public init(counts: [GridCount]) {
        let unassigned = Self.unassigned
        var tree: [String: [String: [String: [String: (Int, Int)]]]] = [:]
        var floorNumbers: [String: Int?] = [:]
        for c in counts {
            let campus = c.campus ?? unassigned
            let building = c.building ?? unassigned
            let floorKey = c.floor.map(String.init) ?? unassigned
            floorNumbers[floorKey] = c.floor
            let room = c.room ?? unassigned
            let old = tree[campus, default: [:]][building, default: [:]][floorKey, default: [:]][room] ?? (0, 0)
            tree[campus, default: [:]][building, default: [:]][floorKey, default: [:]][room] = (old.0 + c.students, old.1 + c.active)
        }
        func sum(_ nodes: [Node]) -> (Int, Int) { nodes.reduce((0, 0)) { ($0.0 + $1.students, $0.1 + $1.active) } }
        var campuses: [Node] = []
        for (campus, buildings) in tree {
            var buildingNodes: [Node] = []
            for (building, floors) in buildings {
                var floorNodes: [Node] = []
                for (floor, rooms) in floors {
                    let roomNodes = rooms.map { room, n in
                        Node(level: "room", name: room, key: "\(building)/\(room)", students: n.0, active: n.1, children: [])
                    }.sorted { Self.naturalLess($0.name, $1.name) }
                    let t = sum(roomNodes)
                    floorNodes.append(Node(level: "floor", name: floor, key: "\(building)/\(floor)", students: t.0, active: t.1, children: roomNodes))
                }
                floorNodes.sort { Self.naturalLess($0.name, $1.name) }
                let t = sum(floorNodes)
                buildingNodes.append(Node(level: "building", name: building, key: building, students: t.0, active: t.1, children: floorNodes))
            }
            buildingNodes.sort { Self.naturalLess($0.name, $1.name) }
            let t = sum(buildingNodes)
            campuses.append(Node(level: "campus", name: campus, key: campus, students: t.0, active: t.1, children: buildingNodes))
        }
        self.campuses = campuses.sorted { Self.naturalLess($0.name, $1.name) }
        let total = sum(self.campuses)
        (students, active) = total
    }

    /// Orders "2号楼" before "10号楼" and "302" before "1001".
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: .numeric) == .orderedAscending
    }
}
