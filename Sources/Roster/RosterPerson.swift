import CampusKit

/// A number on the roster and the person it stands for, as lists print them beside a student or staff number.
public struct RosterPerson: Sendable, Equatable {
    /// Whether the number is a student number or a staff number.
    public enum Kind: String, Sendable { case student, staff }

    /// A role the roster gives and the units it covers (none for school-wide roles).
    public struct Duty: Sendable, Equatable {
        public var role: Role
        public var units: [UnitKey]
        public init(role: Role, units: [UnitKey]) {
            self.role = role
            self.units = units
        }
    }

    public var number: String
    public var name: String
    public var kind: Kind
    /// The roles the roster gives: a staff member's with their classes, colleges or buildings; a student's grid role
    /// with the room or floor it leads.
    public var duties: [Duty]

    public init(number: String, name: String, kind: Kind, duties: [Duty] = []) {
        self.number = number
        self.name = name
        self.kind = kind
        self.duties = duties
    }

    /// A staff member as the staff roster gives them.
    public init(_ member: StaffMember) {
        let duties = member.roles.map { role in
            Duty(role: role, units: role.scopeLevel.map { level in member.scope.map { UnitKey(level, $0) } } ?? [])
        }
        self.init(number: member.staffNo, name: member.name, kind: .staff, duties: duties)
    }

    /// A student, with the room or floor their grid role leads.
    public init(_ student: Student) {
        var duties: [Duty] = []
        switch (student.gridRole, student.building) {
        case (.roomLeader?, let building?):
            duties.append(Duty(role: .roomLeader, units: student.room.map { [UnitKey.room(building: building, room: $0)] } ?? []))
        case (.floorLeader?, let building?):
            duties.append(Duty(role: .floorLeader, units: student.floor.map { [UnitKey.floor(building: building, floor: $0)] } ?? []))
        case (let role?, nil):
            duties.append(Duty(role: role == .roomLeader ? .roomLeader : .floorLeader, units: []))
        case (nil, _):
            break
        }
        self.init(number: student.studentNo, name: student.name, kind: .student, duties: duties)
    }
}
