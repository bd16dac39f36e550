import Foundation

/// One teaching class: about 40 students of one college and one grade, named like `信息2101`.
///
/// `layout(studentCount:)` splits a school into classes whose names and student-number prefixes are
/// unique and whose sizes add up to the student count exactly.
struct DemoClass: Sendable, Equatable {
    static let grades = [2021, 2022, 2023, 2024]
    static let targetSize = 40
    /// The fewest students a college is given before another college is opened.
    static let studentsPerCollege = 190

    let college: CollegeProfile
    /// 1-based position of the college, the two digits after the year in a student number.
    let collegeCode: Int
    let grade: Int
    /// 1-based number of the class within its college and grade.
    let sequence: Int
    let size: Int

    /// `信息2101`: the college's short name, the last two digits of the grade, the class number.
    var name: String { college.short + PersonalNumbers.padded(grade % 100, 2) + PersonalNumbers.padded(sequence, 2) }

    /// The student number of the `seat`-th student (1-based): year, college, class, seat — `2021010101`.
    func studentNumber(seat: Int) -> String {
        String(grade) + PersonalNumbers.padded(collegeCode, 2) + PersonalNumbers.padded(sequence, 2)
            + PersonalNumbers.padded(seat, 2)
    }

    /// Classes for `studentCount` students, ordered by grade, college and class (so student numbers ascend).
    static func layout(studentCount: Int) -> [DemoClass] {
        let students = max(1, studentCount)
        let classCount = max(1, Int((Double(students) / Double(targetSize)).rounded()))
        let collegeCount = min(CollegeProfile.all.count, classCount, max(1, students / studentsPerCollege))
        var classes: [DemoClass] = []
        var classIndex = 0
        for c in 0..<collegeCount {
            let first = c * classCount / collegeCount, end = (c + 1) * classCount / collegeCount
            var sequenceInGrade = [Int](repeating: 0, count: grades.count)
            for j in 0..<(end - first) {
                let g = j * grades.count / (end - first)
                sequenceInGrade[g] += 1
                let size = (classIndex + 1) * students / classCount - classIndex * students / classCount
                classes.append(DemoClass(college: CollegeProfile.all[c], collegeCode: c + 1, grade: grades[g],
                                         sequence: sequenceInGrade[g], size: size))
                classIndex += 1
            }
        }
        return classes.sorted { ($0.grade, $0.collegeCode, $0.sequence) < ($1.grade, $1.collegeCode, $1.sequence) }
    }
}
