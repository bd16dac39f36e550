import CampusKit
import Foundation

/// A suggested tube: whom the sampler calls together so one tube holds one room, or one floor.
public struct SuggestedPool: Sendable, Equatable, Codable {
    public var building: String?
    public var floor: Int?
    /// The rooms in the tube, in order.
    public var rooms: [String]
    public var students: [String]

    public init(building: String?, floor: Int?, rooms: [String], students: [String]) {
        self.building = building
        self.floor = floor
        self.rooms = rooms
        self.students = students
    }
}

/// Forms tubes so a positive tube points at as few rooms as possible — roommates together, then floor-mates — without
/// using more tubes than the floor needs.
///
/// Tubes never mix floors. Per floor, rooms are first packed whole into tubes of `poolSize`, first-fit decreasing (a
/// room larger than a tube fills whole tubes first). When that needs no more tubes than ⌈students / poolSize⌉, it is
/// the answer: every room is in one tube. Otherwise (rooms of 4 in tubes of 10 leave two places empty in each) the
/// floor is cut in room order into full tubes, so a room is split between at most two neighbouring tubes and a
/// positive tube still names two or three neighbouring rooms of one floor. Tubes cost reagent and lab time; 10-in-1
/// only pays off when tubes are full.
public enum PoolPlanner {
    public static func pools(_ students: [Examinee], poolSize: Int) -> [SuggestedPool] {
        precondition(poolSize > 0)
        let ordered = students.sorted(by: Examinee.planningOrder)
        var result: [SuggestedPool] = []
        var start = 0
        while start < ordered.count {
            var end = start
            while end < ordered.count, ordered[end].building == ordered[start].building, ordered[end].floor == ordered[start].floor { end += 1 }
            result += floorPools(ordered[start..<end], poolSize: poolSize)
            start = end
        }
        return result
    }

    private static func floorPools(_ floor: ArraySlice<Examinee>, poolSize: Int) -> [SuggestedPool] {
        let building = floor.first?.building, level = floor.first?.floor
        // Rooms in order of first appearance (planning order sorts by room).
        var rooms: [(room: String, students: [String])] = []
        for e in floor {
            let room = e.room ?? ""
            if let last = rooms.last, last.room == room { rooms[rooms.count - 1].students.append(e.studentNo) } else { rooms.append((room, [e.studentNo])) }
        }
        var pools: [SuggestedPool] = []
        var pieces: [(room: String, students: [String])] = []
        for r in rooms {
            var rest = r.students[...]
            while rest.count >= poolSize {
                pools.append(SuggestedPool(building: building, floor: level, rooms: [r.room], students: Array(rest.prefix(poolSize))))
                rest = rest.dropFirst(poolSize)
            }
            if !rest.isEmpty { pieces.append((r.room, Array(rest))) }
        }
        // First fit decreasing; a stable sort keeps rooms of equal size in room order.
        var bins: [(rooms: [String], students: [String])] = []
        for piece in pieces.enumerated().sorted(by: { $0.element.students.count != $1.element.students.count
            ? $0.element.students.count > $1.element.students.count : $0.offset < $1.offset }).map(\.element) {
            if let i = bins.firstIndex(where: { $0.students.count + piece.students.count <= poolSize }) {
                bins[i].rooms.append(piece.room)
                bins[i].students += piece.students
            } else {
                bins.append(([piece.room], piece.students))
            }
        }
        let packed = pools + bins.map { SuggestedPool(building: building, floor: level, rooms: $0.rooms, students: $0.students) }
        let minimal = (floor.count + poolSize - 1) / poolSize
        if packed.count <= minimal { return packed }
        var cut: [SuggestedPool] = []
        for start in stride(from: floor.startIndex, to: floor.endIndex, by: poolSize) {
            let chunk = floor[start..<min(start + poolSize, floor.endIndex)]
            var rooms: [String] = []
            for e in chunk where rooms.last != (e.room ?? "") { rooms.append(e.room ?? "") }
            cut.append(SuggestedPool(building: building, floor: level, rooms: rooms, students: chunk.map(\.studentNo)))
        }
        return cut
    }
}
