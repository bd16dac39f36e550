import Foundation
import CampusKit

/// The one place that turns who someone is into what they may see (C2).
///
/// Administrators and the student-affairs office see the school; staff see the units their roles cover;
/// a student sees themself, and a floor or room leader also their floor or room.
public enum ScopeResolver {
    public static func scope(roles: Set<Role>, staff: StaffMember?, student: Student?, tokenScopes: Set<String> = []) -> Scope {
        if !roles.isDisjoint(with: [.admin, .leader]) || tokenScopes.contains("read:all") { return .school }
        var scope = Scope.nothing
        if let staff { scope = scope.union(Scope(units: staff.scopeUnits)) }
        if let student {
            scope = scope.union(Scope(students: [student.studentNo]))
            if let building = student.building {
                if student.gridRole == .floorLeader, let floor = student.floor {
                    scope = scope.union(Scope(units: [.floor(building: building, floor: floor)]))
                }
                if student.gridRole == .roomLeader, let room = student.room {
                    scope = scope.union(Scope(units: [.room(building: building, room: room)]))
                }
            }
        }
        return scope
    }
}
