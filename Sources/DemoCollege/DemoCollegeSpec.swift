import Foundation

/// The size and seed of a demo college.
///
/// Two equal specs always produce byte-identical tables. The defaults are the reference college of
/// PRODUCT.md: about 7,600 students in 10 dormitory buildings on two campuses.
public struct DemoCollegeSpec: Sendable, Equatable {
    /// How many students the student table holds (at least 1).
    public var students: Int = 7600
    /// How many dormitory buildings the students live in (at least 1), split between 南校区 and 北校区.
    public var buildings: Int = 10
    /// The seed of every random choice: names, genders, phone and ID numbers, room sizes, statuses.
    public var seed: UInt64 = 42

    public init(students: Int = 7600, buildings: Int = 10, seed: UInt64 = 42) {
        self.students = students
        self.buildings = buildings
        self.seed = seed
    }

    /// The student count the generator uses: never less than one.
    var studentCount: Int { max(1, students) }

    /// The building count the generator uses: never less than one.
    var buildingCount: Int { max(1, buildings) }
}
