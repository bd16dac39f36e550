import CampusKit

/// Who may change the roster and see students' numbers in full. `RosterService`'s guards and the pages read these.
public enum RosterPermissions {
    /// Roles that import the student and staff rosters.
    public static let importers: Set<Role> = [.admin, .leader]
    /// The token scope that imports rosters.
    public static let importScope = "roster:write"
    /// Roles that may see a student's phone and ID numbers in full (each reading is audited).
    public static let unmaskers: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher, .clinic]

    /// True when `actor` may import: an importer role, or a token with the import scope.
    public static func mayImport(_ actor: Actor) -> Bool {
        !actor.roles.isDisjoint(with: importers) || actor.tokenScopes.contains(importScope)
    }

    /// True when `actor` holds a role that unmasks students' numbers.
    public static func mayUnmask(_ actor: Actor) -> Bool {
        !actor.roles.isDisjoint(with: unmaskers)
    }

    /// True when `actor` browses the grid (buildings, floors, rooms and their students): staff within their scope,
    /// and the students who lead a floor or a room. Other students have their own pages.
    public static func mayBrowseGrid(_ actor: Actor) -> Bool {
        actor.kind == .staff || (actor.kind == .student && !actor.roles.isDisjoint(with: [.floorLeader, .roomLeader]))
    }
}
