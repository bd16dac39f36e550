import Foundation
import CampusKit

/// Checks parsed student rows against each other and against the stored roster, and decides what to write.
///
/// The grid must stay a tree: a building lies on one campus, a room on one floor, a class in one college.
/// Any row that would break that, or names an unknown counsellor, is reported with its row and column.
public enum StudentImportPlanner {
    public static func plan(_ lines: [StudentTable.Line], against snapshot: RosterSnapshot) throws(DomainError) -> ImportPlan<Student> {
        var errors: [RowError] = []
        var campusOf: [String: (campus: String, row: Int)] = [:]
        var floorOf: [String: (floor: Int, row: Int)] = [:]
        var collegeOf: [String: (college: String, row: Int)] = [:]
        for line in lines {
            let s = line.student
            if let building = s.building, let campus = s.campus {
                if case .some(.some(let stored)) = snapshot.buildingCampus[building], stored != campus {
                    errors.append(RowError(row: line.row, column: line.column("campus"),
                        message: "楼栋 \(building) 已登记在 \(stored)，不能同时在 \(campus) (building is on another campus)"))
                } else if let seen = campusOf[building], seen.campus != campus {
                    errors.append(RowError(row: line.row, column: line.column("campus"),
                        message: "第 \(seen.row) 行写明楼栋 \(building) 在 \(seen.campus)，本行却为 \(campus) (building is on another campus in row \(seen.row))"))
                } else if campusOf[building] == nil {
                    campusOf[building] = (campus, line.row)
                }
            }
            if let building = s.building, let room = s.room, let floor = s.floor {
                let key = "\(building)/\(room)"
                if case .some(.some(let stored)) = snapshot.roomFloor[key], stored != floor {
                    errors.append(RowError(row: line.row, column: line.column("floor"),
                        message: "寝室 \(key) 已登记在 \(stored) 层 (room is on floor \(stored))"))
                } else if let seen = floorOf[key], seen.floor != floor {
                    errors.append(RowError(row: line.row, column: line.column("floor"),
                        message: "第 \(seen.row) 行写明寝室 \(key) 在 \(seen.floor) 层 (room is on another floor in row \(seen.row))"))
                } else if floorOf[key] == nil {
                    floorOf[key] = (floor, line.row)
                }
            }
            if let stored = snapshot.classCollege[s.className], stored != s.college {
                errors.append(RowError(row: line.row, column: line.column("college"),
                    message: "班级 \(s.className) 属于 \(stored) (class belongs to another college)"))
            } else if let seen = collegeOf[s.className], seen.college != s.college {
                errors.append(RowError(row: line.row, column: line.column("college"),
                    message: "第 \(seen.row) 行写明班级 \(s.className) 属于 \(seen.college) (class is in another college in row \(seen.row))"))
            } else if collegeOf[s.className] == nil {
                collegeOf[s.className] = (s.college, line.row)
            }
            if let counsellor = s.counsellor, !snapshot.staffNumbers.contains(counsellor) {
                errors.append(RowError(row: line.row, column: line.column("counsellor"),
                    message: "工号 \(counsellor) 不在教职工名册中 (unknown staff number; import staff first)"))
            }
        }
        if !errors.isEmpty {
            throw DomainError(.invalid, "导入文件有 \(errors.count) 处错误，未做任何更改 (the file has errors; nothing was changed)",
                              rowErrors: errors.sorted { ($0.row, $0.column ?? "") < ($1.row, $1.column ?? "") })
        }
        var plan = ImportPlan<Student>(create: [], update: [], unchanged: 0)
        for line in lines {
            switch snapshot.students[line.student.studentNo] {
            case nil: plan.create.append(line.student)
            case line.student: plan.unchanged += 1
            default: plan.update.append(line.student)
            }
        }
        return plan
    }
}
