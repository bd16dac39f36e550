import CampusKit
import Ledgers
import Roster

/// The demo college's key students (重点学生, C5): four students of the README's counsellor flagged by that
/// counsellor, one of them changed since and one cleared, so the ledger and each history have something to show.
struct DemoKeyStudents {
    let app: ShouhuApp

    /// Reasons and categories, in the order the counsellor's students are taken.
    static let flags: [(KeyStudent.Category?, String)] = [
        (.psychological, "近期情绪低落，睡眠差，已转介心理中心，每周谈心一次"),
        (.family, "父亲住院，家庭经济困难，已申请临时困难补助"),
        (.academic, "上学期两门课程不及格，本学期需重修"),
        (.health, "哮喘病史，换季时需关注用药"),
    ]

    func load() async throws {
        let active = try await app.activeStudentsForDemo()
        guard let counsellor = active.first(where: { $0.studentNo == "2021010101" })?.counsellor ?? active.first?.counsellor else { return }
        // The counsellor acts, so the history names a person; their students only (not the README's demo student).
        let students = active.filter { $0.counsellor == counsellor && $0.studentNo != "2021010101" }.prefix(Self.flags.count)
        let actor = Actor(school: app.school, accountID: "demo", username: counsellor, displayName: counsellor, kind: .staff, roles: [.counsellor],
                          scope: .school)
        for (student, (category, reason)) in zip(students, Self.flags) {
            _ = try await app.keyStudents.flag(studentNo: student.studentNo, KeyStudentDraft(reason: reason, category: category?.rawValue), by: actor)
        }
        let flagged = Array(students)
        if flagged.count == Self.flags.count {
            _ = try await app.keyStudents.change(studentNo: flagged[0].studentNo,
                                                 KeyStudentDraft(reason: "情绪低落，已在心理中心咨询两次，情况好转，继续每周谈心", category: "psychological"), by: actor)
            _ = try await app.keyStudents.clear(studentNo: flagged[3].studentNo, reason: "本学期无发作，家长确认已规律用药", by: actor)
        }
    }
}
