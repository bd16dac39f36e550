import CampusKit
import Foundation
import GateAccess
import Ledgers
import Quarantine
import Testing

/// The ledgers' rules without a database: what a key-student flag accepts, the on-campus status as the gates' rule
/// gives it, a sick leave's history from what is stored of it.
@Suite("Ledger rules")
struct LedgerRulesTests {
    @Test("A flag needs a reason of 1–200 characters (trimmed) and, when given, a known category; every wrong field is named")
    func draft() throws {
        #expect(try KeyStudentDraft(reason: "  失眠 ", category: "psychological").validated() == KeyStudentMark(category: .psychological, reason: "失眠"))
        #expect(try KeyStudentDraft(reason: "x", category: " ").validated() == KeyStudentMark(category: nil, reason: "x"))
        #expect(try KeyStudentDraft(reason: String(repeating: "字", count: 200), category: nil).validated().reason.count == 200)
        let cases: [(KeyStudentDraft, [String])] = [
            (KeyStudentDraft(reason: nil, category: nil), ["reason"]),
            (KeyStudentDraft(reason: " \n ", category: nil), ["reason"]),
            (KeyStudentDraft(reason: String(repeating: "字", count: 201), category: nil), ["reason"]),
            (KeyStudentDraft(reason: "x", category: "Psychological"), ["category"]),
            (KeyStudentDraft(reason: "", category: "bad"), ["reason", "category"]),
        ]
        for (draft, fields) in cases {
            #expect(throws: DomainError.self) { try draft.validated() }
            do { _ = try draft.validated() } catch let e as DomainError {
                #expect(e.kind == .invalid && e.fieldErrors.map(\.field) == fields, "\(draft)")
            }
        }
    }

    @Test("On campus is the gates' rule: out through a gate and not seen inside since is off; seen after is on; never seen is unknown")
    func onCampusStatus() {
        let t = Date(timeIntervalSince1970: 1_795_700_000)
        #expect(OnCampusEntry.status(of: nil) == .unknown)
        #expect(OnCampusEntry.status(of: LastPassages()) == .unknown)
        #expect(OnCampusEntry.status(of: LastPassages(gateDirection: .out, gateAt: t)) == .off)
        #expect(OnCampusEntry.status(of: LastPassages(gateDirection: .out, gateAt: t, insideAt: t + 60)) == .on, "tailgated back in, seen at the canteen")
        #expect(OnCampusEntry.status(of: LastPassages(gateDirection: .in, gateAt: t)) == .on)
    }

    @Test("A sick leave's history: created, each follow-up oldest first, closed with its cause — who, when, before and after")
    func sickLeaveHistory() {
        let t = Date(timeIntervalSince1970: 1_795_700_000)
        var leave = SickLeave(id: "l", studentNo: "s", symptoms: "发热", onset: CampusDay("2026-11-26")!, clinicVisited: true,
                              from: CampusDay("2026-11-26")!, to: nil, createdBy: "T001", createdAt: t)
        let notes = [SickLeaveFollowUp(sickLeaveId: "l", note: "二", by: "T002", at: t + 200, day: CampusDay("2026-11-27")!),
                     SickLeaveFollowUp(sickLeaveId: "l", note: "一", by: "T001", at: t + 100, day: CampusDay("2026-11-26")!)]
        #expect(leave.history(notes).map(\.action) == [.created, .followedUp, .followedUp])
        #expect(leave.history(notes).map(\.note) == ["发热", "一", "二"])
        leave.status = .closed
        leave.closedAt = t + 300
        leave.closedBy = "T003"
        leave.cause = "感冒"
        let closed = leave.history(notes).last
        #expect(closed == SickLeaveChange(at: t + 300, by: "T003", action: .closed, before: .open, after: .closed, note: "感冒"))
        #expect(leave.history([]).first?.before == nil && leave.history([]).first?.after == .open)
    }
}
