import CampusKit
import Roster

/// A small roster: two buildings on two campuses, two colleges, four classes.
enum RosterFixtures {
    static let school = SchoolID.main

    static func student(_ no: String, _ name: String, college: String = "信息工程学院", className: String = "信息2101",
                        campus: String = "南校区", building: String = "1号楼", floor: Int = 1, room: String = "101",
                        status: StudentStatus = .active, gridRole: GridRole? = nil, counsellor: String? = nil) -> Student {
        Student(studentNo: no, name: name, gender: .female, college: college, className: className, campus: campus,
                building: building, floor: floor, room: room, bed: "1", phone: "13812345678", counsellor: counsellor,
                gridRole: gridRole, status: status)
    }

    static let students: [Student] = [
        student("2021000001", "甲", room: "101"),
        student("2021000002", "乙", room: "101", gridRole: .roomLeader),
        student("2021000003", "丙", floor: 2, room: "201", gridRole: .floorLeader),
        student("2021000004", "丁", className: "信息2102", floor: 2, room: "202"),
        student("2021000005", "戊", college: "机电工程学院", className: "机电2101", campus: "北校区", building: "6号楼", floor: 3, room: "301"),
        student("2021000006", "己", college: "机电工程学院", className: "机电2102", campus: "北校区", building: "6号楼", floor: 3, room: "302",
                status: .suspended),
    ]

    /// Plans an import of `students` that creates what is new and updates what changed.
    static func plan(_ students: [Student]) -> @Sendable (RosterSnapshot) throws -> ImportPlan<Student> {
        { snapshot in
            var plan = ImportPlan<Student>(create: [], update: [], unchanged: 0)
            for s in students {
                switch snapshot.students[s.studentNo] {
                case nil: plan.create.append(s)
                case s: plan.unchanged += 1
                default: plan.update.append(s)
                }
            }
            return plan
        }
    }
}
