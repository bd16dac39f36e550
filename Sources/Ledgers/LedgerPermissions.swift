import CampusKit

/// Who keeps and reads the ledgers (C5): the rules the services enforce and what navigation reads.
public enum LedgerPermissions {
    /// Staff who flag key students (重点学生) and read the flags, each within their scope: the people who answer for a
    /// student's care. A building leader answers for rooms, not for a student's health or family, so is not among them.
    public static let keyStudentKeepers: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher]

    /// True when `actor` is staff holding a keeper role.
    public static func mayKeepKeyStudents(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: keyStudentKeepers)
    }

    /// Who reads the on-campus ledger: staff, within their scope (as presence: `GatePermissions.mayFollowPresence`).
    public static func mayReadOnCampus(_ actor: Actor) -> Bool { actor.kind == .staff }

    /// Who opens the ledgers' index: anyone who reads at least one ledger.
    public static func mayReadAny(_ actor: Actor) -> Bool { mayReadOnCampus(actor) }
}
