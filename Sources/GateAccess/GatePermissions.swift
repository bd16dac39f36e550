import CampusKit

/// Who may do what at the gates and with leave (C6): the rules `GateService` and `LeaveService` enforce, and what
/// navigation reads.
public enum GatePermissions {
    /// Who sees presence, alerts and trajectories: staff, within their scope.
    public static func mayFollowPresence(_ actor: Actor) -> Bool { actor.kind == .staff }

    /// Who lists the leave of the students in their scope: staff.
    public static func mayListLeave(_ actor: Actor) -> Bool { actor.kind == .staff }

    /// Who decides a leave (a long one needs a second approver, `LeaveService.secondApprovers`).
    public static func mayDecideLeave(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: LeaveService.firstApprovers)
    }

    /// Who changes the gate policy from a page: administrators and leaders (integrations need the token scope).
    public static func mayManagePolicy(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: policyManagers)
    }

    /// Roles that change the gate policy.
    public static let policyManagers: Set<Role> = [.admin, .leader]

    /// Who asks for leave: a student, for themselves.
    public static func mayAskLeave(_ actor: Actor) -> Bool { actor.kind == .student }
}
