import CampusKit
import Cases
import Foundation
import Roster
import Testing

@Suite("Case stages, the response time and who an unanswered case goes to")
struct CaseStageTests {
    @Test("The chain: open → observing | isolated → tested → cleared | quarantined | hospitalised; nothing follows a result or the close")
    func chain() {
        #expect(Case.Stage.open.next == [.observing, .isolated])
        #expect(Case.Stage.observing.next == [.isolated, .tested])
        #expect(Case.Stage.isolated.next == [.tested])
        #expect(Case.Stage.tested.next == [.cleared, .quarantined, .hospitalised])
        for end in [Case.Stage.cleared, .quarantined, .hospitalised, .closed] { #expect(end.next.isEmpty) }
        // Every stage but the first is reachable, and every step has its own timeline entry.
        let reachable = Set(Case.Stage.allCases.flatMap(\.next))
        #expect(reachable == Set(Case.Stage.allCases).subtracting([.open, .closed]))
        #expect(Set(reachable.map(\.event)).count == reachable.count)
    }

    @Test("A closed case is in stage closed; an open one starts in open")
    func stageFollowsStatus() {
        #expect(Case(id: "c", studentNo: "s", source: .manual, status: .closed, openedAt: .distantPast, summary: "").stage == .closed)
        #expect(Case(id: "c", studentNo: "s", source: .manual, status: .open, openedAt: .distantPast, summary: "").stage == .open)
    }

    @Test("Overdue: open, unanswered and past its deadline — not before it, not answered, not closed, not without a deadline")
    func overdue() {
        let opened = Date(timeIntervalSince1970: 1_000_000)
        var c = Case(id: "c", studentNo: "s", source: .checkin, status: .open, openedAt: opened, summary: "", respondBy: CasePolicy.standard.deadline(after: opened))
        #expect(c.overdue(at: opened.addingTimeInterval(29 * 60)) == false)
        #expect(c.overdue(at: opened.addingTimeInterval(30 * 60)))
        c.respondedAt = opened.addingTimeInterval(60)
        #expect(c.overdue(at: opened.addingTimeInterval(3600)) == false)
        c.respondedAt = nil
        c.status = .closed
        #expect(c.overdue(at: opened.addingTimeInterval(3600)) == false)
        c.status = .open
        c.respondBy = nil
        #expect(c.overdue(at: opened.addingTimeInterval(3600)) == false)
        c.respondBy = opened.addingTimeInterval(7200)
        c.escalationLevel = 1
        #expect(c.overdue(at: opened.addingTimeInterval(3600)), "escalated and still unanswered, though the next level's deadline is ahead")
    }

    @Test("The response time is 5 to 1,440 minutes; outside that it is refused naming responseMinutes", arguments: [0, 4, 1441, -30])
    func policyBounds(minutes: Int) throws {
        let error = try #require(throws: DomainError.self) { try CasePolicy(responseMinutes: minutes).validated() }
        #expect(error.fieldErrors.map(\.field) == ["responseMinutes"])
        #expect(try CasePolicy(responseMinutes: 5).validated().responseMinutes == 5)
        #expect(try CasePolicy(responseMinutes: 1440).validated().responseMinutes == 1440)
    }

    @Test("Escalation: the secretaries of the student's college first, then the leaders; a level with nobody on it is passed over")
    func escalation() {
        let student = Student(studentNo: "2024001", name: "张三", college: "计算机学院", className: "计科1班", building: "1号楼", counsellor: "T001")
        let staff = [
            StaffMember(staffNo: "S002", name: "书记乙", roles: [.secretary], scope: ["计算机学院"]),
            StaffMember(staffNo: "S001", name: "书记甲", roles: [.secretary, .counsellor], scope: ["计算机学院"]),
            StaffMember(staffNo: "S009", name: "别院书记", roles: [.secretary], scope: ["外语学院"]),
            StaffMember(staffNo: "L001", name: "处长", roles: [.leader]),
        ]
        #expect(CaseEscalation.next(above: 0, student: student, staff: staff)! == (1, ["S001", "S002"]))
        #expect(CaseEscalation.next(above: 1, student: student, staff: staff)! == (2, ["L001"]))
        #expect(CaseEscalation.next(above: 2, student: student, staff: staff) == nil)
        #expect(CaseEscalation.next(above: 0, student: student, staff: staff.filter { $0.staffNo == "S009" || $0.staffNo == "L001" })! == (2, ["L001"]))
        #expect(CaseEscalation.next(above: 0, student: nil, staff: Array(staff.prefix(3))) == nil)
    }
}
