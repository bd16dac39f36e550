import Cases
import CampusKit
import CheckIns
import Foundation
import GateAccess
import TestingCampaigns

/// The parts of a student's page beyond their record: the last 14 days of check-ins, their cases, leave and tests.
/// Each part is read through its domain's service as the reader (so scoped and audited there) and left out when the
/// reader may not read it — a room leader sees a roommate's record, not their health.
extension PagesController {
    func studentRecord(_ studentNo: String, context: SignedInPage) async throws -> StudentPageModel.Record {
        let actor = context.actor
        let lang = context.language
        let t = renderer.strings
        let time = PageTime(timeZone: services.timeZone, language: lang)
        var record = StudentPageModel.Record()

        if let history = try await Self.readable({ try await services.checkIns.history(of: studentNo, days: 14, by: actor) }) {
            let today = services.checkIns.today
            let counted = Dictionary(history.filter(\.counted).map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
            record.days = (0..<14).reversed().map { back in
                let day = today.adding(days: -back)
                let label = String(day.description.suffix(5))
                guard let c = counted[day] else {
                    return .init(date: label, text: t.text("student_day_missing", lang), tone: day == today ? "muted" : "red")
                }
                let degrees = String(format: "%.1f℃", c.answers.temperature)
                if c.abnormal { return .init(date: label, text: t.text("student_day_abnormal", lang) + " " + degrees, tone: "red") }
                if c.late { return .init(date: label, text: t.text("checkin_late", lang) + " " + degrees, tone: "amber") }
                return .init(date: label, text: degrees, tone: "green")
            }
            record.showsDays = true
        }
        if CasePermissions.mayFollow(actor),
           let cases = try await Self.readable({ try await services.cases.cases(matching: CaseFilter(studentNo: studentNo), page: PageRequest(limit: 20), by: actor) }) {
            record.cases = cases.items.map { c in
                .init(id: c.id, openedAt: time.dayAndClock(c.openedAt), source: t.text("case_source_\(c.source.rawValue)", lang),
                      summary: c.summary, status: t.text("case_status_\(c.status.rawValue)", lang), open: c.status == .open)
            }
            record.showsCases = true
            record.hasCases = !record.cases.isEmpty
        }
        if GatePermissions.mayListLeave(actor),
           let leaves = try await Self.readable({ try await services.leaves.leaves(LeaveFilter(studentNo: studentNo), page: PageRequest(limit: 10), by: actor) }) {
            let now = services.clock.now()
            record.leaves = leaves.items.map { leaveRow($0, time: time, lang: lang, now: now) }
            record.showsLeaves = true
            record.hasLeaves = !record.leaves.isEmpty
        }
        if TestingPermissions.mayView(actor), let tests = try await Self.readable({ try await services.testing.testing(of: studentNo, by: actor) }) {
            record.tests = tests.map { i in
                .init(name: i.campaign.name, date: i.campaign.day.description,
                      status: t.text("testing_mine_\(i.status.rawValue)\(i.status == .positive && i.campaign.poolSize > 1 ? "_pool" : "")", lang),
                      alert: i.status == .positive || i.status == .resample)
            }
            record.showsTests = true
            record.hasTests = !record.tests.isEmpty
        }
        if GatePermissions.mayFollowPresence(actor) {
            record.trajectory = "/students/\(studentNo)/trajectory"
            if let p = try await Self.readable({ try await services.gates.presence(of: studentNo, by: actor) }) {
                switch p.onCampus {
                case true?:
                    record.whereabouts = t.text("access_on_campus", lang) + (p.inBuilding.map { " · " + t.text("student_in_building", lang).replacingOccurrences(of: "{b}", with: $0) } ?? "")
                    record.whereaboutsTone = "green"
                case false?:
                    record.whereabouts = t.text("access_off_campus", lang) + (p.lastGateAt.map { " · " + t.text("access_since", lang) + " " + time.dayAndClock($0) } ?? "")
                    record.whereaboutsTone = "amber"
                case nil:
                    record.whereabouts = t.text("access_unknown", lang)
                    record.whereaboutsTone = "muted"
                }
            }
        }
        return record
    }

    /// What `read` returns, or nil when the reader may not read it (forbidden, or outside their scope).
    static func readable<T>(_ read: () async throws -> T) async throws -> T? {
        do {
            return try await read()
        } catch let error as DomainError where error.kind == .forbidden || error.kind == .notFound {
            return nil
        }
    }
}
