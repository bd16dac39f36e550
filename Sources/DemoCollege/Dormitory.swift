import Foundation

/// The dormitory grid of the demo college: buildings `1号楼`…`N号楼` on two campuses, six floors each.
///
/// `house` gives every student a campus, building, floor, room and bed. The first half of the buildings
/// (rounded up) lie on 南校区, the rest on 北校区; rooms are spread evenly over buildings and floors and
/// numbered floor × 100 + k (`301`; floor × 1000 + k once a floor has 100 rooms), so a room lies on one floor. Each room gets one 寝室长 and each floor
/// with students one 层长, chosen among students who are 在校 when there are any.
struct Dormitory: Sendable {
    static let floors = 6

    struct Building: Sendable, Equatable {
        let name: String
        let campus: String
    }

    let buildings: [Building]

    init(buildingCount: Int) {
        let count = max(1, buildingCount)
        let south = (count + 1) / 2
        buildings = (1...count).map { Building(name: "\($0)号楼", campus: $0 <= south ? "南校区" : "北校区") }
    }

    /// Places every student in a bed and names the room and floor leaders.
    func house(_ students: inout [DemoStudent], _ rng: inout SplitMix64) {
        let rooms = RoomPlan.rooms(for: students, &rng)
        for (b, building) in buildings.enumerated() {
            let first = b * rooms.count / buildings.count
            let count = (b + 1) * rooms.count / buildings.count - first
            let width = (count + Self.floors - 1) / Self.floors < 100 ? 100 : 1000
            for floor in 1...Self.floors {
                let floorRooms = (first + (floor - 1) * count / Self.floors)..<(first + floor * count / Self.floors)
                for (k, room) in floorRooms.enumerated() {
                    for (bed, index) in rooms[room].enumerated() {
                        students[index].campus = building.campus
                        students[index].building = building.name
                        students[index].floor = floor
                        students[index].room = String(floor * width + k + 1)
                        students[index].bed = bed + 1
                    }
                    if let leader = Self.choose(from: rooms[room], in: students, &rng) {
                        students[leader].gridRole = "寝室长"
                    }
                }
                let others = rooms[floorRooms].flatMap { $0 }.filter { students[$0].gridRole.isEmpty }
                if let leader = Self.choose(from: others, in: students, &rng) {
                    students[leader].gridRole = "层长"
                }
            }
        }
    }

    /// One of `candidates`, preferring students who are 在校; nil when there are none.
    private static func choose(from candidates: [Int], in students: [DemoStudent], _ rng: inout SplitMix64) -> Int? {
        let active = candidates.filter { students[$0].isActive }
        let pool = active.isEmpty ? candidates : active
        return pool.isEmpty ? nil : rng.pick(pool)
    }
}
