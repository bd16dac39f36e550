/// Who is acting: a signed-in person or an integration (a gate, a lab, a script).
public struct Actor: Sendable, Equatable {
    /// What kind of principal this is.
    public enum Kind: String, Sendable { case staff, student, integration }

    public let school: SchoolID
    public let accountID: String
    public let username: String
    public let displayName: String
    public let kind: Kind
    /// Roles held by a person (empty for integrations).
    public let roles: Set<Role>
    /// Scopes of an integration token (empty for people).
    public let tokenScopes: Set<String>
    /// The students this actor may see.
    public let scope: Scope
    /// Where the request came from, for the audit trail.
    public var ip: String?
    /// What the person must do before anything else (change the password, enrol two-factor sign-in).
    public var restrictions: Set<Restriction> = []

    public init(school: SchoolID, accountID: String, username: String, displayName: String, kind: Kind,
                roles: Set<Role>, tokenScopes: Set<String> = [], scope: Scope) {
        self.school = school
        self.accountID = accountID
        self.username = username
        self.displayName = displayName
        self.kind = kind
        self.roles = roles
        self.tokenScopes = tokenScopes
        self.scope = scope
    }

    public var isAdmin: Bool { roles.contains(.admin) }
}

/// The roles a person can hold. Staff roles come from the staff roster, grid roles of students from the student roster.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin, leader, secretary, counsellor
    case classTeacher = "class_teacher"
    case buildingLeader = "building_leader"
    case vehicleLeader = "vehicle_leader"
    case clinic, psych, aid
    case floorLeader = "floor_leader"
    case roomLeader = "room_leader"
    case student
}
