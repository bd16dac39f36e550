import Foundation
import CampusKit

/// A member of staff: their roles and the units those roles cover.
public struct StaffMember: Sendable, Equatable, Codable {
    public var staffNo: String
    public var name: String
    public var roles: [Role]
    public var phone: String?
    /// Names of the classes, colleges or buildings the staff member is responsible for;
    /// which of those a name means follows from the role (see `scopeUnits`).
    public var scope: [String]

    public init(staffNo: String, name: String, roles: [Role], phone: String? = nil, scope: [String] = []) {
        self.staffNo = staffNo
        self.name = name
        self.roles = roles
        self.phone = phone
        self.scope = scope
    }

    /// The units the staff member's roles cover: a counsellor's and class teacher's names are classes,
    /// a secretary's colleges, a building leader's buildings.
    public var scopeUnits: Set<UnitKey> {
        var units = Set<UnitKey>()
        for role in roles {
            guard let level = role.scopeLevel else { continue }
            for name in scope { units.insert(UnitKey(level, name)) }
        }
        return units
    }
}

extension Role {
    /// Staff roles that can be imported from the staff roster.
    public static let staffRoles: [Role] = [.admin, .leader, .secretary, .counsellor, .classTeacher, .buildingLeader,
                                            .vehicleLeader, .clinic, .psych, .aid]

    /// The level at which the names in a staff member's scope column are read for this role.
    public var scopeLevel: UnitKey.Level? {
        switch self {
        case .counsellor, .classTeacher: .class
        case .secretary: .college
        case .buildingLeader, .vehicleLeader: .building
        default: nil
        }
    }
}
