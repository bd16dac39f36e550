import CampusKit
import Cases
import Foundation
import Notifications
import Roster
import Testing

@Suite("Case rules: who hears of a case, what they read, and the timeline entry an entry makes")
struct CaseRulesTests {
    static func student(counsellor: String? = "T001", building: String? = "1号楼") -> Student {
        Student(studentNo: "2024001", name: "张三", college: "计算机学院", className: "计科1班", building: building, counsellor: counsellor)
    }

    static let staff = [
        StaffMember(staffNo: "B001", name: "楼长甲", roles: [.buildingLeader], scope: ["1号楼"]),
        StaffMember(staffNo: "B002", name: "楼长乙", roles: [.buildingLeader], scope: ["2号楼"]),
        StaffMember(staffNo: "B003", name: "两栋楼长", roles: [.buildingLeader, .counsellor], scope: ["2号楼", "1号楼"]),
        StaffMember(staffNo: "S001", name: "书记", roles: [.secretary], scope: ["计算机学院", "1号楼"]),
    ]

    @Test("The counsellor first, then the leaders of the student's building (not other buildings', not other roles')")
    func audience() {
        #expect(CaseAudience.recipients(of: Self.student(), staff: Self.staff, except: nil) == ["T001", "B001", "B003"])
    }

    @Test("The author of the entry is not told; nobody is told twice; a student without counsellor or building has only what is left")
    func audienceEdges() {
        #expect(CaseAudience.recipients(of: Self.student(), staff: Self.staff, except: "T001") == ["B001", "B003"])
        #expect(CaseAudience.recipients(of: Self.student(counsellor: "B001"), staff: Self.staff, except: nil) == ["B001", "B003"])
        #expect(CaseAudience.recipients(of: Self.student(counsellor: nil, building: nil), staff: Self.staff, except: nil).isEmpty)
        #expect(CaseAudience.recipients(of: Self.student(counsellor: "", building: "3号楼"), staff: Self.staff, except: nil).isEmpty)
    }

    @Test("Opening is `opened`; on an open case a further abnormal check-in is `checkin`, anything else a `note`",
          arguments: Case.Source.allCases)
    func entryKind(source: Case.Source) {
        #expect(CaseEvent.Kind.entry(opened: true, source: source) == .opened)
        #expect(CaseEvent.Kind.entry(opened: false, source: source) == (source == .checkin ? .checkin : .note))
    }

    @Test("The notice names the student and number, says whether the case is new, carries the summary and links to the case")
    func notice() {
        let c = Case(id: "c-1", studentNo: "2024001", studentName: "张三", source: .testing, status: .open, openedAt: Date(), summary: "混管阳性")
        let new = CaseNotice.message(c, opened: true, summary: "混管阳性", to: "T001", id: "m1", at: Date(timeIntervalSince1970: 0))
        #expect(new.subject == "新异常个案：张三（2024001）")
        #expect(new.body == "混管阳性")
        #expect(new.link == "/cases/c-1")
        #expect(new.kind == .caseAlert)
        #expect(new.recipient == "T001")
        let more = CaseNotice.message(c, opened: false, summary: "复测 38.5", to: "B001", id: "m2", at: Date())
        #expect(more.subject == "异常个案有新情况：张三（2024001）")
        let nameless = CaseNotice.message(Case(id: "c-2", studentNo: "9", source: .manual, status: .open, openedAt: Date(), summary: "x"),
                                          opened: true, summary: "x", to: "T", id: "m3", at: Date())
        #expect(nameless.subject == "新异常个案：9（9）")
        let staff = [StaffMember(staffNo: "T001", name: "王老师", roles: [.counsellor], scope: ["信息2101"])]
        #expect(CaseNotice.toldDetail(["T001", "B001"], staff: staff) == "王老师、B001", "names where the roster has them, numbers otherwise")
    }

    @Test("A student who reported an abnormal check-in is told it arrived and what to do until someone calls")
    func advice() {
        let advice = CaseNotice.advice(to: "2024001", caseId: "c-1", id: "m1", at: Date(timeIntervalSince1970: 0))
        #expect(advice.recipient == "2024001")
        #expect(advice.subject.contains("辅导员") && advice.body.contains("校医院") && advice.body.contains("120"))
    }
}
