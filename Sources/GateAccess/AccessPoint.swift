import CampusKit
import Foundation

/// A reader at a door or gate (门禁点). Points of one place (the several doors of a canteen) share the place's key.
public struct AccessPoint: Sendable, Equatable, Codable {
    /// What sort of place a point belongs to. Every point of one place has the same kind.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case campusGate = "campus_gate"
        case buildingDoor = "building_door"
        case canteen, bathhouse, clinic, classroom, library, venue

        /// Places where being together counts as contact (rule 1 of the contract): not gates or dormitory doors.
        public var countsForCoPresence: Bool {
            switch self {
            case .canteen, .bathhouse, .clinic, .classroom, .library, .venue: true
            case .campusGate, .buildingDoor: false
            }
        }

        public static let coPresenceKinds: [Kind] = allCases.filter(\.countsForCoPresence)
        /// Points within the campus: a passage there means the student is inside.
        public static let insideCampus: Set<Kind> = Set(allCases.filter { $0 != .campusGate })
    }

    public var code: String
    public var name: String
    public var kind: Kind
    /// The key of the place the point belongs to; for a building door, the building's name.
    public var place: String

    public init(code: String, name: String, kind: Kind, place: String) {
        self.code = code
        self.name = name
        self.kind = kind
        self.place = place
    }

    /// A point from what a client sent: `place` defaults to `code`; every problem is named by its field.
    public static func validated(code: String, name: String, kind: String, place: String?) throws -> AccessPoint {
        var errors: [FieldError] = []
        let code = code.trimmingCharacters(in: .whitespaces)
        let name = name.trimmingCharacters(in: .whitespaces)
        if !Self.isKey(code) { errors.append(FieldError(field: "code", message: "1–64 个字母、数字、- _ . / (1–64 letters, digits, - _ . /)")) }
        if name.isEmpty || name.count > 100 { errors.append(FieldError(field: "name", message: "请填写名称（最多 100 字）(1–100 characters)")) }
        let parsedKind = Kind(rawValue: kind)
        if parsedKind == nil {
            errors.append(FieldError(field: "kind", message: "应为 \(Kind.allCases.map(\.rawValue).joined(separator: ", ")) 之一 (unknown kind)"))
        }
        let place = place.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? code
        if place.count > 100 { errors.append(FieldError(field: "place", message: "最多 100 字 (at most 100 characters)")) }
        guard errors.isEmpty, let parsedKind else { throw DomainError(.invalid, "门禁点信息有误 (the access point is invalid)", fieldErrors: errors) }
        return AccessPoint(code: code, name: name, kind: parsedKind, place: place)
    }

    static func isKey(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_./".unicodeScalars.contains($0)
        }
    }
}
