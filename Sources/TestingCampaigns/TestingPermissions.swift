import CampusKit

/// Who may do what with mass testing. The same sets decide `TestingService`'s guards and the pages' menus,
/// so a menu never offers what the service refuses.
public enum TestingPermissions {
    /// Staff roles that follow campaigns (progress, coverage, missing lists) for the students in their scope.
    public static let viewers: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher, .buildingLeader, .clinic]
    /// Staff roles that plan campaigns, rotations and schedules and enter lab results.
    public static let planners: Set<Role> = [.admin, .leader, .clinic]
    /// Staff roles that take samples at a sampling point.
    public static let samplers: Set<Role> = [.admin, .leader, .clinic, .buildingLeader, .counsellor]
    /// Roles that exempt an expected student from a campaign, with a reason.
    public static let exempters: Set<Role> = [.admin, .leader, .clinic, .counsellor, .buildingLeader]
    /// The token scope that reads every campaign.
    public static let readScope = "read:all"

    /// True when `actor` may follow campaigns: staff holding a viewer role, or a token reading everything.
    public static func mayView(_ actor: Actor) -> Bool {
        if actor.kind == .integration { return actor.tokenScopes.contains(readScope) }
        return actor.kind == .staff && !actor.roles.isDisjoint(with: viewers)
    }

    /// True when `actor` is staff holding a planner role (tokens never plan).
    public static func mayPlan(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: planners)
    }

    /// True when `actor` is staff holding a sampler role (tokens with the write scope are checked by the service).
    public static func maySample(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: samplers)
    }

    /// True when `actor` may exempt a student: a viewer who also holds an exempting role.
    public static func mayExempt(_ actor: Actor) -> Bool {
        mayView(actor) && !actor.roles.isDisjoint(with: exempters)
    }
}
