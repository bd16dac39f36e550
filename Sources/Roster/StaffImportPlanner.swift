import Foundation
import CampusKit

/// Decides what a staff import writes, given the staff already on the roster.
public enum StaffImportPlanner {
    public static func plan(_ lines: [StaffTable.Line], against existing: [String: StaffMember]) -> ImportPlan<StaffMember> {
        var plan = ImportPlan<StaffMember>(create: [], update: [], unchanged: 0)
        for line in lines {
            switch existing[line.member.staffNo] {
            case nil: plan.create.append(line.member)
            case line.member: plan.unchanged += 1
            default: plan.update.append(line.member)
            }
        }
        return plan
    }
}
