import CampusKit
import CheckIns
import Foundation
import Hummingbird
import Roster

extension PagesController {
    struct RemindForm: Decodable { var _csrf: String? }

    /// "提醒全部未打卡的学生": every student in the reader's scope still missing today gets a reminder.
    @Sendable func remindMissingForm(_ request: Request, context: SignedInPage) async throws -> Response {
        _ = try await form(RemindForm.self, request, context) { $0._csrf }
        do {
            let reminded = try await PageFailure.explaining(title: "dashboard_title", missing: "error_forbidden", forbidden: "dashboard_remind_forbidden") {
                try await services.remindMissing(by: context.actor)
            }
            return Response(status: .seeOther, headers: [.location: "/dashboard?reminded=\(reminded)"])
        } catch let error as DomainError where error.kind == .rateLimited {
            return Response(status: .seeOther, headers: [.location: "/dashboard?reminded=wait"])
        }
    }

    /// The missing list of a day (today by default) for the reader's scope, as XLSX or CSV; one unit when `unit` and
    /// `groupBy` name one, as on the dashboard. Audited once.
    @Sendable func exportMissingCheckIns(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        guard CheckInPermissions.mayRemind(actor) else { throw PageFailure.forbidden("dashboard_remind_forbidden") }
        let q = request.uri.queryParameters
        let lang = context.language
        let t = renderer.strings
        let day = q["date"].flatMap { CampusDay(String($0)) } ?? services.checkIns.today
        var filter = StudentFilter()
        if let level = q["groupBy"].flatMap({ UnitKey.Level(rawValue: String($0)) }), let unit = q["unit"].map(String.init), !unit.isEmpty {
            filter = Self.filter(level: level, unit: unit)
        }
        var missing: [MissingStudent] = []
        var after: String?
        repeat {
            let page = try await services.checkIns.missing(on: day, filter: filter, page: PageRequest(limit: 1000, after: after), actor: actor)
            missing += page.items
            after = page.next
        } while after != nil   // every missing student: a list cut short without saying so would hide the rest
        let rows = missing.map { m in
            [m.studentNo, m.name, m.className, m.building ?? "", m.floor.map(String.init) ?? "", m.room ?? "",
             m.gridRole.map { t.text("grid_role_\($0)", lang) } ?? ""]
        }
        let table = TableExport(name: "checkin_missing", file: "not-checked-in", suffix: day.description,
                                columns: ["studentNo", "name", "className", "building", "floor", "room", "leader"], rows: rows,
                                audit: .record(action: "checkin.missing.export", subject: day.description, detail: "未打卡名单 (missing list)"))
        return try await download(table, request, context: context)
    }
}
