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
        var used: [String: Int] = [:]
        for o in occupants { used[o.room, default: 0] += 1 }
        if let wanted = request.room {
            guard let room = rooms.first(where: { $0.code == wanted }) else { return .failure(.roomUnknown) }
            return (used[room.code] ?? 0) < room.capacity ? .success(room.code) : .failure(.roomFull)
        }
        let open = rooms.filter { (used[$0.code] ?? 0) < $0.capacity }
            .sorted { $0.code.compare($1.code, options: .numeric) == .orderedAscending }
        guard !open.isEmpty else { return .failure(.siteFull) }
        var byRoom: [String: [Occupant]] = [:]
        for o in occupants { byRoom[o.room, default: []].append(o) }
        let best = open.min { rank(byRoom[$0.code] ?? [], for: request) < rank(byRoom[$1.code] ?? [], for: request) }
        return .success((best ?? open[0]).code)
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
