import Foundation
/// Which students a list asks for (CONTRACT.md `GET /api/v1/students`); every filter is optional.
public struct StudentFilter: Sendable, Equatable {
    public var building: String?
    /// A floor unit key, `BUILDING/FLOOR`.
    public var floor: String?
    /// A room unit key, `BUILDING/ROOM`.
    public var room: String?
    public var college: String?
    public var className: String?
    public var status: StudentStatus?
    /// Matches the start of the student number or any part of the name.
    public var query: String?

    public init(building: String? = nil, floor: String? = nil, room: String? = nil, college: String? = nil,
                className: String? = nil, status: StudentStatus? = nil, query: String? = nil) {
        self.building = building
        self.floor = floor
        self.room = room
        self.college = college
        self.className = className
        self.status = status
        self.query = query
    }

    /// The floor filter split into building and number, or nil when it is not a floor key.
    public var floorParts: (building: String, floor: Int)? { Self.split(floor).flatMap { b, f in Int(f).map { (b, $0) } } }
    /// The room filter split into building and room.
    public var roomParts: (building: String, room: String)? { Self.split(room) }

    private static func split(_ key: String?) -> (String, String)? {
        guard let key, let slash = key.lastIndex(of: "/") else { return nil }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }
}

/// Head counts of the grid cells a scope can see: one entry a room (students without a room count under their building).
public struct GridCount: Sendable, Equatable {
    public var campus: String?
    public var building: String?
    public var floor: Int?
    public var room: String?
    public var students: Int
    public var active: Int
    public init(campus: String?, building: String?, floor: Int?, room: String?, students: Int, active: Int) {
        self.campus = campus
        self.building = building
        self.floor = floor
        self.room = room
        self.students = students
        self.active = active
    }
}
