import CampusKit

/// Who may do what with check-ins beyond their own. `CheckInService`'s guards and the pages' menus read these.
public enum CheckInPermissions {
    /// Staff roles that review integrity signals of the students in their scope.
    public static let reviewers: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher]
    /// Roles that change the school's check-in timetable.
    public static let timetableEditors: Set<Role> = [.admin, .leader]
    /// Students' grid roles that follow their floor's or room's completeness.
    public static let gridLeaders: Set<Role> = [.floorLeader, .roomLeader]

    /// True when `actor` is staff holding a reviewer role.
    public static func mayReview(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: reviewers)
    }

    /// True when `actor` holds a role that changes the timetable.
    public static func mayEditTimetable(_ actor: Actor) -> Bool {
        !actor.roles.isDisjoint(with: timetableEditors)
    }

    /// True when `actor` follows completeness (who has not checked in): staff, and students leading a floor or room.
    public static func mayFollowCompleteness(_ actor: Actor) -> Bool {
        actor.kind == .staff || (actor.kind == .student && !actor.roles.isDisjoint(with: gridLeaders))
    }

    /// Who reminds the students in their scope who have not checked in, and exports the list: staff.
    public static func mayRemind(_ actor: Actor) -> Bool { actor.kind == .staff }
}
