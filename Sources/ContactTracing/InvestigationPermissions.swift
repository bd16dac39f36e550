import CampusKit

/// Who may run contact investigations. `InvestigationService`'s guard and the pages' menus read the same set.
public enum InvestigationPermissions {
    /// Staff roles that start, read, mark and export investigations of the students in their scope.
    public static let investigators: Set<Role> = [.admin, .leader, .secretary, .counsellor, .clinic]

    /// True when `actor` is staff holding an investigator role.
    public static func mayInvestigate(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: investigators)
    }
}
