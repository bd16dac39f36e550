import Foundation
/// What the roster already holds, as far as an import must check against it.
public struct RosterSnapshot: Sendable {
    /// building → its campus (nil when never given).
    public var buildingCampus: [String: String?]
    /// `BUILDING/ROOM` → the room's floor (nil when never given).
    public var roomFloor: [String: Int?]
    /// class → its college.
    public var classCollege: [String: String]
    /// Staff numbers on the staff roster.
    public var staffNumbers: Set<String>
    /// Students by student number.
    public var students: [String: Student]

    public init(buildingCampus: [String: String?] = [:], roomFloor: [String: Int?] = [:],
                classCollege: [String: String] = [:], staffNumbers: Set<String> = [], students: [String: Student] = [:]) {
        self.buildingCampus = buildingCampus
        self.roomFloor = roomFloor
        self.classCollege = classCollege
        self.staffNumbers = staffNumbers
        self.students = students
    }
}

/// What an import will write: new and changed records, and how many rows already matched.
public struct ImportPlan<Record: Sendable>: Sendable {
    public var create: [Record]
    public var update: [Record]
    public var unchanged: Int

    public init(create: [Record], update: [Record], unchanged: Int) {
        self.create = create
        self.update = update
        self.unchanged = unchanged
    }

    public var counts: ImportCounts { ImportCounts(created: create.count, updated: update.count, unchanged: unchanged) }
}

/// The answer to an import (CONTRACT.md): how many records were created, updated, or already as the file says.
public struct ImportCounts: Sendable, Equatable, Codable {
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public init(created: Int, updated: Int, unchanged: Int) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}
