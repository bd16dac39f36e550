import Foundation

/// The staff of the demo college, scaled to its size, and which counsellor looks after which class.
///
/// Guarantees: one 书记 per college; counsellors within one college, each covering whole classes that
/// total about `studentsPerCounsellor` students, and every class has exactly one counsellor; one 班主任
/// (one class each) per college; one 楼长 per building; 学工处, 校医 and 心理中心 (two each from 3,000
/// students, else one), one 资助中心, and a 车长 per campus (one in all below 3,000 students).
struct StaffPlan: Sendable {
    static let studentsPerCounsellor = 190
    static let largeSchool = 3000

    private(set) var members: [DemoStaffMember] = []
    /// Class name → the staff number of its counsellor.
    private(set) var counsellorOfClass: [String: String] = [:]

    init(classes: [DemoClass], dormitory: Dormitory, studentCount: Int, _ rng: inout SplitMix64) {
        let large = studentCount >= Self.largeSchool
        let colleges = classes.map(\.collegeCode).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
        let byCollege = colleges.map { code in
            classes.filter { $0.collegeCode == code }.sorted { ($0.grade, $0.sequence) < ($1.grade, $1.sequence) }
        }
        add("学工处", [], count: large ? 2 : 1, &rng)
        for collegeClasses in byCollege { add("书记", [collegeClasses[0].college.name], &rng) }
        for collegeClasses in byCollege {
            for group in Self.counsellorGroups(collegeClasses) {
                add("辅导员", group.map(\.name), &rng)
                for demoClass in group { counsellorOfClass[demoClass.name] = members[members.count - 1].staffNo }
            }
        }
        for collegeClasses in byCollege {
            let newest = collegeClasses.filter { $0.grade == collegeClasses[collegeClasses.count - 1].grade }
            add("班主任", [newest[0].name], &rng)
        }
        for building in dormitory.buildings { add("楼长", [building.name], &rng) }
        add("校医", [], count: large ? 2 : 1, &rng)
        add("心理中心", [], count: large ? 2 : 1, &rng)
        add("资助中心", [], &rng)
        let campuses = dormitory.buildings.map(\.campus).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if large {
            for campus in campuses { add("车长", dormitory.buildings.filter { $0.campus == campus }.map(\.name), &rng) }
        } else {
            add("车长", dormitory.buildings.map(\.name), &rng)
        }
    }

    private mutating func add(_ role: String, _ scope: [String], count: Int = 1, _ rng: inout SplitMix64) {
        for _ in 0..<count {
            members.append(DemoStaffMember(
                staffNo: "T" + PersonalNumbers.padded(members.count + 1, 4),
                name: NameBook.fullName(male: rng.chance(0.5), &rng),
                role: role, phone: PersonalNumbers.phone(&rng), scope: scope))
        }
    }

    /// The classes of one college cut, in order, into runs of about `studentsPerCounsellor` students.
    static func counsellorGroups(_ classes: [DemoClass]) -> [[DemoClass]] {
        let total = classes.reduce(0) { $0 + $1.size }
        let groups = max(1, Int((Double(total) / Double(studentsPerCounsellor)).rounded()))
        var result = [[DemoClass]](repeating: [], count: groups)
        var before = 0
        for demoClass in classes {
            let g = min(groups - 1, (before + demoClass.size / 2) * groups / max(1, total))
            result[g].append(demoClass)
            before += demoClass.size
        }
        return result.filter { !$0.isEmpty }
    }
}
