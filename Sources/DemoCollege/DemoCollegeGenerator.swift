import Foundation

/// Generates the roster of a whole demo college from a `DemoCollegeSpec`.
///
/// Guarantees, for every spec:
/// - the same spec gives byte-identical tables (one seeded SplitMix64; no system randomness, no
///   dictionary or set order in the output);
/// - exactly `spec.students` students (at least 1) in `spec.buildings` buildings (at least 1; every building
///   is used when there are at least as many rooms as buildings);
/// - the tables pass `StaffTable.parse`, `StudentTable.parse` and `StudentImportPlanner.plan` against the
///   staff numbers of the staff table: a building lies on one campus, a room on one floor, a class in one
///   college, and every student's 辅导员 is a staff number of a 辅导员 whose scope names their class;
/// - rooms of 4–6 students of one gender (outside tiny schools), one 寝室长 per room, one 层长 per floor.
public enum DemoCollegeGenerator {
    public static func generate(_ spec: DemoCollegeSpec) -> DemoTables {
        var rng = SplitMix64(seed: spec.seed)
        let classes = DemoClass.layout(studentCount: spec.studentCount)
        var students = DemoStudent.enrol(classes, &rng)
        let dormitory = Dormitory(buildingCount: spec.buildingCount)
        dormitory.house(&students, &rng)
        let staff = StaffPlan(classes: classes, dormitory: dormitory, studentCount: students.count, &rng)
        for index in students.indices {
            students[index].counsellor = staff.counsellorOfClass[students[index].demoClass.name] ?? ""
        }
        return DemoTables(
            staff: [DemoTables.staffHeader] + staff.members.map(\.row),
            students: [DemoTables.studentHeader] + students.map(\.row),
            accounts: DemoAccount.signIns(staff: staff.members, students: students))
    }
}
