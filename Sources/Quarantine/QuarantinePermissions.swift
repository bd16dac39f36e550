import CampusKit

/// Who does what with quarantine (CONTRACT.md: sites by admin, leader, clinic).
public enum QuarantinePermissions {
    /// Open sites, place students, set protocols, keep health records as site staff, ask for release.
    public static let managers: Set<Role> = [.admin, .leader, .clinic]
    /// The second person an early release needs.
    public static let approvers: Set<Role> = [.admin, .leader]
    /// Read sites and the ledger (their own students only, by scope).
    public static let readers: Set<Role> = [.admin, .leader, .clinic, .secretary, .counsellor, .classTeacher, .buildingLeader]

    public static func mayManage(_ actor: Actor) -> Bool { actor.kind == .staff && !actor.roles.isDisjoint(with: managers) }
    /// Staff of the reading roles, and integrations holding `read:all`.
    public static func mayRead(_ actor: Actor) -> Bool {
        (actor.kind == .staff && !actor.roles.isDisjoint(with: readers)) || (actor.kind == .integration && actor.tokenScopes.contains("read:all"))
    }
    public static func mayApprove(_ actor: Actor) -> Bool { actor.kind == .staff && !actor.roles.isDisjoint(with: approvers) }
}
