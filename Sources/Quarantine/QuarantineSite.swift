import CampusKit
import Foundation

/// A place students are quarantined in (集中隔离点): rooms, each holding at most `capacity` active placements.
public struct QuarantineSite: Sendable, Equatable {
    public var code: String
    public var name: String
    public var rooms: [Room]

    public struct Room: Sendable, Equatable {
        public var code: String
        public var capacity: Int
        /// Active placements in the room now.
        public var occupied: Int

        public init(code: String, capacity: Int, occupied: Int = 0) {
            self.code = code
            self.capacity = capacity
            self.occupied = occupied
        }

        public var free: Int { max(0, capacity - occupied) }
    }

    public init(code: String, name: String, rooms: [Room]) {
        self.code = code
        self.name = name
        self.rooms = rooms
    }

    public var capacity: Int { rooms.reduce(0) { $0 + $1.capacity } }
    public var occupied: Int { rooms.reduce(0) { $0 + $1.occupied } }

    /// The site as a request describes it, checked: a code and a name, at least one room, room codes unique,
    /// capacities 1–50. Every problem is named by its field.
    public func validated() throws -> QuarantineSite {
        var errors: [FieldError] = []
        let code = code.trimmingCharacters(in: .whitespaces), name = name.trimmingCharacters(in: .whitespaces)
        if !Self.isCode(code) {
            errors.append(FieldError(field: "code", message: "编号为 1–40 个字母、数字、-、_ (a code of 1–40 letters, digits, - or _)"))
        }
        if name.isEmpty || name.count > 100 { errors.append(FieldError(field: "name", message: "请填写名称（最多 100 字）(a name of up to 100 characters)")) }
        if rooms.isEmpty || rooms.count > 2000 { errors.append(FieldError(field: "rooms", message: "至少一个房间，最多 2000 个 (1–2,000 rooms)")) }
        var seen: Set<String> = []
        for (i, room) in rooms.enumerated() {
            if !Self.isCode(room.code) {
                errors.append(FieldError(field: "rooms[\(i)].code", message: "房间号为 1–40 个字母、数字、-、_ (a room code of 1–40 letters, digits, - or _)"))
            } else if !seen.insert(room.code).inserted {
                errors.append(FieldError(field: "rooms[\(i)].code", message: "房间号 \(room.code) 重复 (room \(room.code) is listed twice)"))
            }
            if !(1...50).contains(room.capacity) {
                errors.append(FieldError(field: "rooms[\(i)].capacity", message: "容量应为 1–50 (capacity must be 1–50)"))
            }
        }
        guard errors.isEmpty else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        return QuarantineSite(code: code, name: name, rooms: rooms.map { Room(code: $0.code, capacity: $0.capacity) })
    }

    static func isCode(_ text: String) -> Bool {
        (1...40).contains(text.count) && text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
