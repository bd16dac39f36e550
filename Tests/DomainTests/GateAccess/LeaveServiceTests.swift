import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuFakes
import Testing

@Suite("LeaveRequest: what a leave request must say")
struct LeaveRequestTests {
    static let now = GateTestData.t(0)

    static func fields(from: Date?, to: Date?, reason: String = "回家", destination: String = "杭州") -> [String] {
        LeaveRequest(studentNo: "2021010101", from: from, to: to, reason: reason, destination: destination)
            .validate(now: now).map(\.field)
    }

    @Test("A complete request in the future has no problems; exactly 30 days is allowed")
    func valid() {
        #expect(Self.fields(from: GateTestData.t(60), to: GateTestData.t(120)).isEmpty)
        #expect(Self.fields(from: GateTestData.t(60), to: GateTestData.t(60 + 30 * 1440)).isEmpty)
        // Leaving earlier (already gone) is fine as long as the return is still ahead.
        #expect(Self.fields(from: GateTestData.t(-60), to: GateTestData.t(1)).isEmpty)
    }

    @Test("Each problem is named by its field")
    func namesFields() {
        #expect(Self.fields(from: nil, to: nil, reason: " ", destination: "\n") == ["from", "to", "reason", "destination"])
        #expect(Self.fields(from: GateTestData.t(120), to: GateTestData.t(60)) == ["to"])
        #expect(Self.fields(from: GateTestData.t(60), to: GateTestData.t(60)) == ["to"])
        #expect(Self.fields(from: GateTestData.t(60), to: GateTestData.t(60 + 30 * 1440 + 1)) == ["to"])
        #expect(Self.fields(from: GateTestData.t(-120), to: GateTestData.t(0)) == ["to"])
        #expect(Self.fields(from: GateTestData.t(60), to: GateTestData.t(120), reason: String(repeating: "因", count: 201)) == ["reason"])
        #expect(Self.fields(from: GateTestData.t(60), to: GateTestData.t(120), destination: String(repeating: "地", count: 101)) == ["destination"])
    }
}

@Suite("LeaveService: asking for leave, one or two approvals, refusing, cancelling, and two approvers at once")
struct LeaveServiceTests {
    static let now = GateTestData.t(0)
    static let studentNo = "2021010101"
    static let counsellor = GateTestData.staff("T100", [.counsellor], scope: Scope(units: [UnitKey(.class, "X班")]))
    static let otherCounsellor = GateTestData.staff("T101", [.counsellor], scope: Scope(units: [UnitKey(.class, "X班")]))
    static let secretary = GateTestData.staff("T200", [.secretary], scope: Scope(units: [UnitKey(.college, "计算机学院")]))
    static let otherSecretary = GateTestData.staff("T201", [.secretary], scope: Scope(units: [UnitKey(.college, "计算机学院")]))
    static let leader = GateTestData.staff("T300", [.leader])

    struct Setup {
        var service: LeaveService
        var store: MemoryLeaveStore
        var clock: FixedClock
    }

    static func setUp(policy: GatePolicy = .normal) -> Setup {
        let roster = MemoryRosterStore([GateTestData.person(studentNo), GateTestData.person("2021010102"),
                                     GateTestData.person("2021020202", className: "Y班")])
        let store = MemoryLeaveStore(roster: roster)
        let clock = FixedClock(now)
        let service = LeaveService(store: store, gates: MemoryGateStore(policy: policy), roster: roster, clock: clock, audit: MemoryAuditLog())
        return Setup(service: service, store: store, clock: clock)
    }

    static func request(hours: Double, for number: String = studentNo, reason: String = "回家看病", destination: String = "杭州") -> LeaveRequest {
        LeaveRequest(studentNo: number, from: GateTestData.t(60), to: GateTestData.t(60 + hours * 60), reason: reason, destination: destination)
    }

    static func error(_ body: () async throws -> Leave) async throws -> DomainError {
        try await #require(throws: DomainError.self) { _ = try await body() }
    }

    // MARK: asking

    @Test("A student asks for themself: the leave is pending, stored, trimmed, with the roster's name")
    func studentAsks() async throws {
        let s = Self.setUp()
        let leave = try await s.service.request(Self.request(hours: 5, reason: "  回家看病 ", destination: " 杭州\n"),
                                                by: GateTestData.student(Self.studentNo))
        #expect(leave.status == .pending)
        #expect(leave.studentNo == Self.studentNo)
        #expect(leave.studentName == "学生\(Self.studentNo)")
        #expect(leave.reason == "回家看病")
        #expect(leave.destination == "杭州")
        #expect(leave.from == GateTestData.t(60))
        #expect(leave.to == GateTestData.t(360))
        #expect(leave.requestedAt == Self.now)
        #expect(leave.requestedBy == Self.studentNo)
        #expect(!leave.needsSecondApproval)
        #expect(leave.firstApprovedBy == nil && leave.decidedBy == nil)
        #expect(s.store.stored(leave.id) == leave)
    }

    @Test("Bad requests are .invalid naming each field, and nothing is stored")
    func invalidRequest() async throws {
        let s = Self.setUp()
        let student = GateTestData.student(Self.studentNo)
        let backwards = LeaveRequest(studentNo: Self.studentNo, from: GateTestData.t(600), to: GateTestData.t(300), reason: "r", destination: "d")
        let e1 = try await Self.error { try await s.service.request(backwards, by: student) }
        #expect(e1.kind == .invalid)
        #expect(e1.fieldErrors.map(\.field) == ["to"])
        let e2 = try await Self.error { try await s.service.request(Self.request(hours: 30 * 24 + 1), by: student) }
        #expect(e2.fieldErrors.map(\.field) == ["to"])
        let e3 = try await Self.error { try await s.service.request(Self.request(hours: 2, reason: "", destination: "  "), by: student) }
        #expect(e3.kind == .invalid)
        #expect(e3.fieldErrors.map(\.field) == ["reason", "destination"])
        #expect(s.store.all.isEmpty)
    }

    @Test("A student may not ask leave for another student, an integration for anyone; nothing is stored")
    func askingForOthersForbidden() async throws {
        let s = Self.setUp()
        let e1 = try await Self.error { try await s.service.request(Self.request(hours: 2, for: "2021010102"), by: GateTestData.student(Self.studentNo)) }
        #expect(e1.kind == .forbidden)
        let e2 = try await Self.error { try await s.service.request(Self.request(hours: 2), by: GateTestData.integration(["access:write"])) }
        #expect(e2.kind == .forbidden)
        #expect(s.store.all.isEmpty)
    }

    @Test("A student asking for another student with a bad request is told they may not, not what is wrong with it")
    func forbiddenBeforeInvalid() async throws {
        let s = Self.setUp()
        let e = try await Self.error {
            try await s.service.request(Self.request(hours: 2, for: "2021010102", reason: "", destination: ""), by: GateTestData.student(Self.studentNo))
        }
        #expect(e.kind == .forbidden)
        #expect(e.fieldErrors.isEmpty)
        #expect(s.store.all.isEmpty)
    }

    @Test("Staff ask for a student in their scope; outside it the student is .notFound naming studentNo")
    func staffAsks() async throws {
        let s = Self.setUp()
        let leave = try await s.service.request(Self.request(hours: 2), by: Self.counsellor)
        #expect(leave.requestedBy == "T100")
        #expect(leave.studentNo == Self.studentNo)
        let e = try await Self.error { try await s.service.request(Self.request(hours: 2, for: "2021020202"), by: Self.counsellor) }
        #expect(e.kind == .notFound)
        #expect(e.fieldErrors.map(\.field) == ["studentNo"])
        #expect(s.store.all.count == 1)
    }

    @Test("A leave needs a second approval only when longer than the policy's secondApprovalHours")
    func secondApprovalThreshold() async throws {
        let normal = Self.setUp(policy: .normal) // 72 hours
        let student = GateTestData.student(Self.studentNo)
        #expect(try await !normal.service.request(Self.request(hours: 72), by: student).needsSecondApproval)
        #expect(try await normal.service.request(Self.request(hours: 72 + 1.0 / 60), by: student).needsSecondApproval)
        let lockdown = Self.setUp(policy: .lockdown) // 24 hours
        #expect(try await !lockdown.service.request(Self.request(hours: 24), by: student).needsSecondApproval)
        #expect(try await lockdown.service.request(Self.request(hours: 25), by: student).needsSecondApproval)
    }

    // MARK: approving

    @Test("A short leave approved by one counsellor is approved, decided by them, now")
    func shortLeaveOneApproval() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        s.clock.advance(by: 600)
        let approved = try await s.service.approve(asked.id, note: " 注意安全 ", by: Self.counsellor)
        #expect(approved.status == .approved)
        #expect(approved.firstApprovedBy == "T100")
        #expect(approved.decidedBy == "T100")
        #expect(approved.decidedAt == Self.now.addingTimeInterval(600))
        #expect(approved.note == "注意安全")
        #expect(s.store.stored(asked.id) == approved)
        #expect(s.store.updates.map(\.expectedStatus) == [.pending])
    }

    @Test("A long leave stays pending after the counsellor, then a secretary's approval (someone else) approves it")
    func longLeaveTwoApprovals() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 100), by: GateTestData.student(Self.studentNo))
        #expect(asked.needsSecondApproval)
        let first = try await s.service.approve(asked.id, note: nil, by: Self.counsellor)
        #expect(first.status == .pending)
        #expect(first.firstApprovedBy == "T100")
        #expect(first.decidedBy == nil && first.decidedAt == nil)
        #expect(first.awaitsSecondApproval)
        #expect(s.store.stored(asked.id) == first)

        let second = try await s.service.approve(asked.id, note: "同意", by: Self.secretary)
        #expect(second.status == .approved)
        #expect(second.firstApprovedBy == "T100")
        #expect(second.decidedBy == "T200")
        #expect(!second.awaitsSecondApproval)
        #expect(s.store.stored(asked.id)?.status == .approved)
        #expect(s.store.updates.map(\.expectedFirst) == [nil, "T100"])
    }

    @Test("A leader may give the second approval too")
    func leaderSecondApproval() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 100), by: GateTestData.student(Self.studentNo))
        _ = try await s.service.approve(asked.id, note: nil, by: Self.counsellor)
        #expect(try await s.service.approve(asked.id, note: nil, by: Self.leader).status == .approved)
    }

    @Test("A counsellor (the same or another) cannot give the second approval: .forbidden, still pending")
    func counsellorCannotSecond() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 100), by: GateTestData.student(Self.studentNo))
        let first = try await s.service.approve(asked.id, note: nil, by: Self.counsellor)
        for actor in [Self.otherCounsellor, Self.counsellor] {
            let e = try await Self.error { try await s.service.approve(asked.id, note: nil, by: actor) }
            #expect(e.kind == .forbidden)
        }
        #expect(s.store.stored(asked.id) == first)
    }

    @Test("The second approval must come from a different person: the same secretary twice is .conflict")
    func samePersonTwiceConflicts() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 100), by: GateTestData.student(Self.studentNo))
        let first = try await s.service.approve(asked.id, note: nil, by: Self.secretary)
        #expect(first.status == .pending)
        #expect(first.firstApprovedBy == "T200")
        let e = try await Self.error { try await s.service.approve(asked.id, note: nil, by: Self.secretary) }
        #expect(e.kind == .conflict)
        #expect(s.store.stored(asked.id) == first)
        #expect(try await s.service.approve(asked.id, note: nil, by: Self.otherSecretary).status == .approved)
    }

    @Test("Students and staff without an approving role may not decide: .forbidden",
          arguments: [GateTestData.student("2021010101"), GateTestData.staff("T900", [.psych]), GateTestData.staff("T901", [.buildingLeader])])
    func nonApproversForbidden(actor: Actor) async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        let e1 = try await Self.error { try await s.service.approve(asked.id, note: nil, by: actor) }
        #expect(e1.kind == .forbidden)
        let e2 = try await Self.error { try await s.service.refuse(asked.id, note: "不行", by: actor) }
        #expect(e2.kind == .forbidden)
        #expect(s.store.stored(asked.id) == asked)
    }

    @Test("A counsellor cannot see, so cannot decide, a leave of a student outside their classes")
    func approverOutsideScope() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5, for: "2021020202"), by: Self.leader)
        let e = try await Self.error { try await s.service.approve(asked.id, note: nil, by: Self.counsellor) }
        #expect(e.kind == .notFound)
        #expect(s.store.stored(asked.id)?.status == .pending)
    }

    // MARK: refusing

    @Test("Refusing needs a note: none or only spaces is .invalid naming note; with one it is refused")
    func refuseNeedsNote() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        for note in [nil, "", "   "] as [String?] {
            let e = try await Self.error { try await s.service.refuse(asked.id, note: note, by: Self.counsellor) }
            #expect(e.kind == .invalid)
            #expect(e.fieldErrors.map(\.field) == ["note"])
        }
        #expect(s.store.stored(asked.id) == asked)
        let refused = try await s.service.refuse(asked.id, note: " 期中考试期间 ", by: Self.counsellor)
        #expect(refused.status == .refused)
        #expect(refused.note == "期中考试期间")
        #expect(refused.decidedBy == "T100")
        #expect(refused.decidedAt == Self.now)
        #expect(s.store.stored(asked.id) == refused)
    }

    @Test("A note over 200 characters is .invalid naming note")
    func noteTooLong() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        let e = try await Self.error { try await s.service.approve(asked.id, note: String(repeating: "长", count: 201), by: Self.counsellor) }
        #expect(e.fieldErrors.map(\.field) == ["note"])
        #expect(s.store.stored(asked.id) == asked)
    }

    @Test("Deciding a leave already decided is .conflict, without a write, and the stored leave does not change")
    func alreadyDecided() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        let approved = try await s.service.approve(asked.id, note: nil, by: Self.counsellor)
        let writes = s.store.updates.count
        let e1 = try await Self.error { try await s.service.approve(asked.id, note: nil, by: Self.otherCounsellor) }
        #expect(e1.kind == .conflict)
        let e2 = try await Self.error { try await s.service.refuse(asked.id, note: "不行", by: Self.otherCounsellor) }
        #expect(e2.kind == .conflict)
        // Known from what was read: no write is even attempted.
        #expect(s.store.updates.count == writes)
        #expect(s.store.stored(asked.id) == approved)

        let other = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        let refused = try await s.service.refuse(other.id, note: "不行", by: Self.counsellor)
        let e3 = try await Self.error { try await s.service.approve(other.id, note: nil, by: Self.leader) }
        #expect(e3.kind == .conflict)
        #expect(s.store.stored(other.id) == refused)
    }

    // MARK: two at once

    @Test("When someone else decides between the read and the write, the compare-and-set fails and the answer is .conflict")
    func compareAndSetStatus() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        s.store.interleave { $0.status = .refused; $0.decidedBy = "T101"; $0.note = "不行" }
        let e = try await Self.error { try await s.service.approve(asked.id, note: nil, by: Self.counsellor) }
        #expect(e.kind == .conflict)
        #expect(s.store.stored(asked.id)?.status == .refused)
        #expect(s.store.stored(asked.id)?.decidedBy == "T101")
    }

    @Test("Two counsellors giving the first approval of a long leave at once: the second to write gets .conflict")
    func compareAndSetFirstApproval() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 100), by: GateTestData.student(Self.studentNo))
        s.store.interleave { $0.firstApprovedBy = "T101" }
        let e = try await Self.error { try await s.service.approve(asked.id, note: nil, by: Self.counsellor) }
        #expect(e.kind == .conflict)
        #expect(s.store.stored(asked.id)?.firstApprovedBy == "T101")
        #expect(s.store.stored(asked.id)?.status == .pending)
    }

    @Test("A refusal racing a decision, and a cancel racing one, also end in .conflict")
    func compareAndSetRefuseAndCancel() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        s.store.interleave { $0.status = .approved }
        let e1 = try await Self.error { try await s.service.refuse(asked.id, note: "不行", by: Self.counsellor) }
        #expect(e1.kind == .conflict)
        s.store.interleave { $0.departedAt = GateTestData.t(1); $0.status = .refused }
        let e2 = try await Self.error { try await s.service.cancel(asked.id, by: GateTestData.student(Self.studentNo)) }
        #expect(e2.kind == .conflict)
        #expect(s.store.stored(asked.id)?.status == .refused)
    }

    // MARK: cancelling

    @Test("The student cancels a pending leave, or an approved one not yet used")
    func cancelUnused() async throws {
        let s = Self.setUp()
        let student = GateTestData.student(Self.studentNo)
        let pending = try await s.service.request(Self.request(hours: 5), by: student)
        s.clock.advance(by: 60)
        let cancelled = try await s.service.cancel(pending.id, by: student)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.decidedBy == Self.studentNo)
        #expect(cancelled.decidedAt == Self.now.addingTimeInterval(60))
        #expect(s.store.stored(pending.id) == cancelled)

        let second = try await s.service.request(Self.request(hours: 5), by: student)
        let approved = try await s.service.approve(second.id, note: nil, by: Self.counsellor)
        #expect(try await s.service.cancel(approved.id, by: student).status == .cancelled)
        #expect(s.store.updates.last?.expectedStatus == .approved)
    }

    @Test("A leave already used (approved and departed), refused or cancelled cannot be cancelled: .conflict")
    func cancelUsedConflicts() async throws {
        let s = Self.setUp()
        let student = GateTestData.student(Self.studentNo)
        let base = Leave(id: "L1", studentNo: Self.studentNo, studentName: "学生", from: GateTestData.t(-60), to: GateTestData.t(600),
                         reason: "r", destination: "d", status: .approved, needsSecondApproval: false, firstApprovedBy: "T100",
                         decidedBy: "T100", decidedAt: GateTestData.t(-90), requestedAt: GateTestData.t(-120), requestedBy: Self.studentNo,
                         departedAt: GateTestData.t(-30))
        var refused = base
        refused.id = "L2"; refused.status = .refused; refused.departedAt = nil
        var cancelled = base
        cancelled.id = "L3"; cancelled.status = .cancelled; cancelled.departedAt = nil
        for leave in [base, refused, cancelled] {
            s.store.put(leave)
            let e = try await Self.error { try await s.service.cancel(leave.id, by: student) }
            #expect(e.kind == .conflict)
            #expect(s.store.stored(leave.id) == leave)
        }
    }

    @Test("Another student cannot cancel a leave: unseen outside their scope, .forbidden when a room leader sees it")
    func cancelOthersLeave() async throws {
        let s = Self.setUp()
        let asked = try await s.service.request(Self.request(hours: 5), by: GateTestData.student(Self.studentNo))
        let e1 = try await Self.error { try await s.service.cancel(asked.id, by: GateTestData.student("2021010102")) }
        #expect(e1.kind == .notFound)
        let roomLeader = GateTestData.student("2021010102", scope: Scope(units: [.room(building: "B1", room: "101")], students: ["2021010102"]))
        let e2 = try await Self.error { try await s.service.cancel(asked.id, by: roomLeader) }
        #expect(e2.kind == .forbidden)
        #expect(s.store.stored(asked.id) == asked)
    }

    @Test("isOverdue: approved, departed, not back and past its end")
    func overdue() {
        let leave = Leave(id: "L1", studentNo: "s", studentName: "n", from: GateTestData.t(0), to: GateTestData.t(60), reason: "r",
                          destination: "d", status: .approved, needsSecondApproval: false, requestedAt: GateTestData.t(-10),
                          requestedBy: "s", departedAt: GateTestData.t(5))
        #expect(leave.isOverdue(at: GateTestData.t(61)))
        #expect(!leave.isOverdue(at: GateTestData.t(60)))
        var back = leave
        back.returnedAt = GateTestData.t(50)
        #expect(!back.isOverdue(at: GateTestData.t(61)))
        var notGone = leave
        notGone.departedAt = nil
        #expect(!notGone.isOverdue(at: GateTestData.t(61)))
        var cancelled = leave
        cancelled.status = .cancelled
        #expect(!cancelled.isOverdue(at: GateTestData.t(61)))
    }
}
