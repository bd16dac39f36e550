import CampusKit
import Foundation

/// Which room of a site a new placement goes to when the request names none (CONTRACT.md): a room with space; close
/// contacts of different index cases never share a room while another room has space; beyond that, a room already
/// holding the same kind of placement (same reason, same index case) is filled before an empty one, and an empty one
/// before a room of other reasons. Ties go to the room listed first (natural order of codes). Deterministic.
public enum RoomChoice {
    public enum Refusal: Error, Equatable, Sendable {
        /// The named room is unknown or has no space.
        case roomUnknown, roomFull
        /// No room of the site has space.
        case siteFull
    }

    public static func choose(for request: PlacementRequest, rooms: [QuarantineSite.Room], occupants: [Occupant]) -> Result<String, Refusal> {
        Board(rooms: rooms, occupants: occupants).choose(for: request)
    }

    /// A site's rooms in natural order of codes and who is in each, kept up to date while a group is placed (`add`):
    /// the rooms are sorted and the occupants counted once for the group, not again for every student. Chooses
    /// exactly as `choose(for:rooms:occupants:)`.
    public struct Board: Sendable {
        let rooms: [QuarantineSite.Room]
        var byRoom: [String: [Occupant]] = [:]

        public init(rooms: [QuarantineSite.Room], occupants: [Occupant]) {
            self.rooms = rooms.sorted { $0.code.compare($1.code, options: .numeric) == .orderedAscending }
            for o in occupants { byRoom[o.room, default: []].append(o) }
        }

        public func choose(for request: PlacementRequest) -> Result<String, Refusal> {
            if let wanted = request.room {
                guard let room = rooms.first(where: { $0.code == wanted }) else { return .failure(.roomUnknown) }
                return (byRoom[room.code]?.count ?? 0) < room.capacity ? .success(room.code) : .failure(.roomFull)
            }
            // The first room of the lowest rank among those with space (ties to the first code, as `min` keeps).
            var best: (code: String, rank: Int)?
            for room in rooms {
                let inside = byRoom[room.code] ?? []
                guard inside.count < room.capacity else { continue }
                let r = RoomChoice.rank(inside, for: request)
                if r < (best?.rank ?? .max) { best = (room.code, r) }
            }
            guard let best else { return .failure(.siteFull) }
            return .success(best.code)
        }

        /// Everyone the board counts, in no particular order.
        public var occupants: [Occupant] { byRoom.values.flatMap { $0 } }

        /// Records a placement just made, for the next choice.
        public mutating func add(_ occupant: Occupant) {
            byRoom[occupant.room, default: []].append(occupant)
        }
    }

    /// Lower is better: 0 same kind and index case, 1 empty, 2 other reasons without a clash, 3 a clash of index cases
    /// (used only when nothing else has space). `min` keeps the first of equals, so the order of codes breaks ties.
    static func rank(_ occupants: [Occupant], for request: PlacementRequest) -> Int {
        if occupants.isEmpty { return 1 }
        let contact = isContact(request.reason)
        let clash = occupants.contains { o in
            contact && isContact(o.reason) && o.indexStudentNo != request.indexStudentNo
        } || occupants.contains { ($0.reason == .positive) != (request.reason == .positive) }
        if clash { return 3 }
        let same = occupants.allSatisfy { $0.reason == request.reason && $0.indexStudentNo == request.indexStudentNo }
        return same ? 0 : 2
    }

    static func isContact(_ reason: Placement.Reason) -> Bool { reason == .closeContact || reason == .secondaryContact }
}
