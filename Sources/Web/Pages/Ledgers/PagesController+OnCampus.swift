import CampusKit
import Foundation
import GateAccess
import Hummingbird
import Ledgers
import Quarantine

extension PagesController {
    /// The ledgers (台账) the reader may open: on campus, quarantine, sick leave, key students.
    @Sendable func ledgersPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let all: [(String, String, Bool)] = [
            ("/ledgers/on-campus", "on_campus", LedgerPermissions.mayReadOnCampus(actor)),
            ("/quarantine/ledger", "quarantine", QuarantinePermissions.mayRead(actor)),
            ("/sick-leaves", "sick_leaves", SickLeave.mayFollow(actor)),
            ("/ledgers/key-students", "key_students", LedgerPermissions.mayKeepKeyStudents(actor)),
        ]
        let entries = all.filter(\.2).map {
            LedgersPageModel.Entry(href: $0.0, title: t.text("ledgers_\($0.1)", lang), note: t.text("ledgers_\($0.1)_note", lang))
        }
        return renderer.render(LedgersPageModel(entries: entries), title: "ledgers_title", context: context)
    }

    /// The on-campus ledger (在校学生台账) of a day: every active student of the reader's scope and where they were.
    @Sendable func onCampusPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let filters = LedgerFilters(request, extras: ["status"])
        let status = filters.extra("status").flatMap(OnCampusEntry.Status.init(rawValue:))
        var error: String?
        if filters.date != nil && filters.day == nil { error = t.text("ledger_bad_date", lang) }
        let cursor = request.uri.queryParameters["after"].map(String.init)
        let found: (day: CampusDay, page: Page<OnCampusEntry>)
        do {
            found = try await services.onCampus.ledger(day: filters.day, filter: filters.students, status: status, page: PageRequest(limit: 200, after: cursor), by: actor)
        } catch let e as DomainError where e.kind == .invalid {
            error = e.text(in: lang)
            found = try await services.onCampus.ledger(day: nil, filter: filters.students, status: status, page: PageRequest(limit: 200), by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let query = filters.query
        let model = OnCampusPageModel(
            day: time.day(found.day), items: found.page.items.map { onCampusRow($0, day: found.day, time: time, lang: lang) }, hasItems: !found.page.items.isEmpty,
            units: try await ledgerUnitChoices(filters, context: context),
            statuses: [LedgerChoice(value: "", label: t.text("ledger_any", lang), selected: status == nil)]
                + OnCampusEntry.Status.allCases.map { LedgerChoice(value: $0.rawValue, label: t.text("on_campus_status_\($0.rawValue)", lang), selected: status == $0) },
            query: query,
            next: found.page.next.map { "/ledgers/on-campus?\(query.isEmpty ? "" : query + "&")after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" },
            error: error)
        return renderer.render(model, title: "on_campus_title", context: context)
    }

    func onCampusRow(_ e: OnCampusEntry, day: CampusDay, time: PageTime, lang: Language) -> OnCampusRow {
        let t = renderer.strings
        let gate = e.lastGate.map { "\(time.dayAndClock($0.at)) · \($0.pointName) · \(t.text("direction_\($0.direction.rawValue)", lang))" } ?? ""
        let leave = e.leave.map { "\(time.dayAndClock($0.from)) → \(time.dayAndClock($0.to)) \($0.destination)" } ?? ""
        return OnCampusRow(studentNo: e.studentNo, name: e.name, className: e.className, dwelling: Self.dwelling(building: e.building, floor: e.floor, room: e.room),
                           status: t.text("on_campus_status_\(e.status.rawValue)", lang),
                           tone: e.status == .off ? (e.leave == nil ? "red" : "amber") : e.status == .on ? "green" : "muted",
                           lastGate: gate, leave: leave, trajectory: "/students/\(Self.pathSegment(e.studentNo))/trajectory?date=\(day)")
    }

    /// The on-campus ledger as a table Excel opens (XLSX, or CSV with `format=csv`).
    @Sendable func exportOnCampus(_ request: Request, context: SignedInPage) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let filters = LedgerFilters(request, extras: ["status"])
        let status = filters.extra("status").flatMap(OnCampusEntry.Status.init(rawValue:))
        let time = PageTime(timeZone: services.timeZone, language: lang)
        var rows: [[String]] = [], after: String?, day = services.onCampus.today()
        repeat {
            let found = try await services.onCampus.ledger(day: filters.day, filter: filters.students, status: status, page: PageRequest(limit: 1000, after: after), by: actor)
            day = found.day
            rows += found.page.items.map { e in
                [e.studentNo, e.name, e.college, e.className, Self.dwelling(building: e.building, floor: e.floor, room: e.room),
                 t.text("on_campus_status_\(e.status.rawValue)", lang), e.lastGate.map { time.dayAndClock($0.at) } ?? "", e.lastGate?.pointName ?? "",
                 e.lastGate.map { t.text("direction_\($0.direction.rawValue)", lang) } ?? "",
                 e.leave.map { "\(time.dayAndClock($0.from)) → \(time.dayAndClock($0.to)) \($0.destination)" } ?? ""]
            }
            after = found.page.next
        } while after != nil
        let table = TableExport(name: "on_campus", file: "on-campus", suffix: day.description,
                                columns: ["studentNo", "name", "college", "class", "dwelling", "status", "lastGateAt", "lastGatePoint", "lastGateDirection", "leave"],
                                rows: rows, audit: .record(action: "ledger.on_campus.export", subject: "on_campus", detail: day.description))
        return try await download(table, request, context: context)
    }
}
