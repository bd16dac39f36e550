/// A unit of the grid or of the teaching structure, named by the keys the contract fixes:
/// building = its name; floor = `BUILDING/FLOOR`; room = `BUILDING/ROOM`; college, class and campus = their names.
public struct UnitKey: Hashable, Sendable, CustomStringConvertible {
    /// The levels at which students are grouped.
    public enum Level: String, Sendable, CaseIterable, Codable {
        case campus, building, floor, room, college, `class`
    }

    public let level: Level
    public let key: String

    public init(_ level: Level, _ key: String) {
        self.level = level
        self.key = key
    }

    public static func floor(building: String, floor: Int) -> UnitKey { UnitKey(.floor, "\(building)/\(floor)") }
    public static func room(building: String, room: String) -> UnitKey { UnitKey(.room, "\(building)/\(room)") }

    public var description: String { "\(level.rawValue):\(key)" }
}

extension UnitKey {
    /// The units a list's filter names — a building, a floor (`BUILDING/FLOOR`), a class, a college — leaving out
    /// those not given or empty.
    public static func named(building: String?, floor: String?, className: String?, college: String?) -> [UnitKey] {
        [(Level.building, building), (.floor, floor), (.class, className), (.college, college)].compactMap { level, value in
            value.flatMap { $0.isEmpty ? nil : UnitKey(level, $0) }
        }
    }
}
