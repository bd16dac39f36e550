import Foundation

/// One generated student, before and after they are given a bed and a counsellor.
///
/// `row` lists the cells in the order of `DemoTables.studentHeader`.
struct DemoStudent: Sendable {
    let number: String
    let name: String
    let male: Bool
    let demoClass: DemoClass
    let phone: String
    let idNumber: String
    let guardianName: String
    let guardianPhone: String
    /// 在校, 离校 or 休学.
    let status: String
    var campus = ""
    var building = ""
    var floor = 0
    var room = ""
    var bed = 0
    var counsellor = ""
    /// 寝室长, 层长, or empty.
    var gridRole = ""

    var isActive: Bool { status == "在校" }

    var row: [String] {
        [number, name, male ? "男" : "女", demoClass.college.name, demoClass.name, String(demoClass.grade),
         campus, building, String(floor), room, String(bed), phone, idNumber, guardianName, guardianPhone,
         counsellor, gridRole, status]
    }

    /// Every student of `classes`, in class order and seat order, with names, genders, numbers and statuses.
    static func enrol(_ classes: [DemoClass], _ rng: inout SplitMix64) -> [DemoStudent] {
        var students: [DemoStudent] = []
        students.reserveCapacity(classes.reduce(0) { $0 + $1.size })
        for demoClass in classes {
            for seat in 1..<(demoClass.size + 1) {
                let male = rng.chance(demoClass.college.maleShare)
                let surname = NameBook.surname(&rng)
                let age = rng.chance(0.2) ? 19 : (rng.chance(0.1) ? 17 : 18)
                let roll = rng.unit()
                students.append(DemoStudent(
                    number: demoClass.studentNumber(seat: seat),
                    name: surname + NameBook.givenName(male: male, &rng),
                    male: male,
                    demoClass: demoClass,
                    phone: PersonalNumbers.phone(&rng),
                    idNumber: PersonalNumbers.idNumber(birthYear: demoClass.grade - age, male: male, &rng),
                    guardianName: surname + NameBook.givenName(male: true, &rng),
                    guardianPhone: PersonalNumbers.phone(&rng),
                    status: roll < 0.01 ? "离校" : (roll < 0.014 ? "休学" : "在校")))
            }
        }
        return students
    }
}
