import CampusKit

/// Who may administer accounts and hand out credentials. `AccountService`'s guards and the pages' menus read these.
public enum AccountPermissions {
    /// Roles that issue students' first credentials (activation codes) for the students in their scope.
    public static let activators: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher]
    /// Roles that administer accounts, integration tokens and read the audit trail.
    public static let administrators: Set<Role> = [.admin]

    /// True when `actor` holds a role that issues activation codes.
    public static func mayActivate(_ actor: Actor) -> Bool {
        !actor.roles.isDisjoint(with: activators)
    }

    /// True when `actor` is a person holding an administrator role.
    public static func mayAdminister(_ actor: Actor) -> Bool {
        actor.kind != .integration && !actor.roles.isDisjoint(with: administrators)
    }
}
