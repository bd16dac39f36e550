import CampusKit

/// Who does what with separation plans (C10): the office plans and publishes, staff read, a student reads only the
/// published timetable of their own building or floor.
public enum SeparationPermissions {
    /// Plan, verify, publish.
    public static let planners: Set<Role> = [.admin, .leader]

    public static func mayPlan(_ actor: Actor) -> Bool { actor.kind == .staff && !actor.roles.isDisjoint(with: planners) }
    /// Every staff member, and integrations holding `read:all`.
    public static func mayRead(_ actor: Actor) -> Bool {
        actor.kind == .staff || (actor.kind == .integration && actor.tokenScopes.contains("read:all"))
    }
}
