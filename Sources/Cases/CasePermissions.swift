import CampusKit

/// Who may follow cases. `CaseService`'s guard and the pages' menus read the same set.
public enum CasePermissions {
    /// Staff roles that see, report, annotate and close the cases of the students in their scope.
    public static let followers: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher, .buildingLeader, .clinic]

    /// Staff roles that change the school's response time.
    public static let policyEditors: Set<Role> = [.admin, .leader]

    /// True when `actor` is staff holding a follower role.
    public static func mayFollow(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: followers)
    }
}
