import CampusKit
import Foundation
import GateAccess
import Roster

/// Where a student sleeps, as the roster says.
public struct Resident: Sendable, Equatable, Hashable {
    public var studentNo: String
    public var building: String
    public var floor: Int?
    public var room: String?

    public init(studentNo: String, building: String, floor: Int?, room: String?) {
        self.studentNo = studentNo
        self.building = building
        self.floor = floor
        self.room = room
    }
}

/// What contact tracing reads: stays indexed by student and by place and time, and who lives with whom.
public protocol TracingSource: Sendable {
    /// The co-presence stays of `students` that overlap `window` and last at least `minimum` (shorter ones cannot
    /// overlap anything by that much; a store may still return them).
    func stays(of students: Set<String>, school: SchoolID, window: DateInterval, lasting minimum: TimeInterval) async throws -> [Stay]

    /// Every co-presence stay (of anyone) at the place of one of `sources` that overlaps it by at least `minimum`.
    /// May return more (the sweep applies the exact rule), never less.
    func staysSharingPlaces(with sources: [Stay], school: SchoolID, window: DateInterval,
                            overlapping minimum: TimeInterval) async throws -> [Stay]

    /// `students` themselves and everyone in their rooms, or on their floors when `sameFloor`.
    func residents(sharingWith students: Set<String>, sameFloor: Bool, school: SchoolID) async throws -> [Resident]

    /// The roster entries of `students` (any status), for naming contacts.
    func students(_ numbers: Set<String>, school: SchoolID) async throws -> [Student]
}
