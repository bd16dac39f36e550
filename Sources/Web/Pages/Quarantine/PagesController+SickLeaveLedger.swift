import CampusKit
import Foundation
import Hummingbird
import Quarantine

extension PagesController {
    /// The sick-leave ledger's filters from the URL: the student's unit and a day they were on leave.
    func sickLeaveFilter(_ filters: LedgerFilters) -> SickLeaveFilter {
        SickLeaveFilter(building: filters.building, floor: filters.floor, college: filters.college, className: filters.className, onLeaveOn: filters.day)
    }

    /// The sick-leave ledger as a table Excel opens (XLSX, or CSV with `format=csv`): every matching sick leave.
    @Sendable func exportSickLeaves(_ request: Request, context: SignedInPage) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        guard SickLeave.mayFollow(actor) else { throw PageFailure.forbidden("sick_leaves_forbidden") }
        let filters = LedgerFilters(request)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        var rows: [[String]] = [], after: String?
        repeat {
            let page = try await services.sickLeaves.sickLeaves(sickLeaveFilter(filters), page: PageRequest(limit: 1000, after: after), by: actor)
            rows += page.items.map { l in
                [l.studentNo, l.studentName, l.symptoms, time.day(l.onset), time.day(l.from), l.to.map(time.day) ?? "",
                 t.text("sick_leave_status_\(l.status.rawValue)", lang), l.lastFollowUpDay.map(time.day) ?? "", l.cause ?? "",
                 l.cleared.map { t.text($0 ? "sick_leave_cleared" : "sick_leave_not_cleared", lang) } ?? ""]
            }
            after = page.next
        } while after != nil
        let table = TableExport(name: "sick_leaves", file: "sick-leaves", suffix: filters.day?.description ?? services.sickLeaves.today().description,
                                columns: ["studentNo", "name", "symptoms", "onset", "from", "to", "status", "lastFollowUp", "cause", "cleared"],
                                rows: rows, audit: .record(action: "sickleave.export", subject: "sick_leaves", detail: filters.date ?? "全部 (all)"))
        return try await download(table, request, context: context)
    }
}
