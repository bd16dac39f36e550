import Foundation
import CampusKit
import Roster
import DemoCollege

/// The demo colleges the tests read, generated once, and the roster's own reading of their tables.
enum DemoCollegeFixture {
    /// The reference college: 7,600 students, 10 buildings, seed 42.
    static let standard = DemoCollegeGenerator.generate(DemoCollegeSpec())
    /// A small college: 200 students in 2 buildings.
    static let small = DemoCollegeGenerator.generate(DemoCollegeSpec(students: 200, buildings: 2, seed: 7))

    /// The students as `StudentTable.parse` reads them.
    static func students(_ tables: DemoTables) throws -> [Student] {
        try StudentTable.parse(tables.students).map(\.student)
    }

    /// The staff as `StaffTable.parse` reads them.
    static func staff(_ tables: DemoTables) throws -> [StaffMember] {
        try StaffTable.parse(tables.staff).map(\.member)
    }

    /// Students grouped by a key, in first-seen order of the key.
    static func grouped(_ students: [Student], by key: (Student) -> String) -> [(key: String, members: [Student])] {
        var order: [String] = []
        var groups: [String: [Student]] = [:]
        for student in students {
            let k = key(student)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(student)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    static func roomKey(_ s: Student) -> String { "\(s.building ?? "")/\(s.room ?? "")" }
    static func floorKey(_ s: Student) -> String { "\(s.building ?? "")/\(s.floor.map(String.init) ?? "")" }
}
