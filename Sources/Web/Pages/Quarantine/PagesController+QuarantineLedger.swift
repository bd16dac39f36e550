import CampusKit
import ContactTracing
import Foundation
import Hummingbird
import Quarantine

extension PagesController {
    /// The ledger's filters from the URL: status, site, a grid unit, a day the placements were active on; and the
    /// same filters as a query string for the export links and the next page.
    func ledgerFilter(_ request: Request) -> (PlacementFilter, String, LedgerFilters) {
        let f = LedgerFilters(request, extras: ["status", "site"])
        let filter = PlacementFilter(status: f.extra("status").flatMap(Placement.Status.init(rawValue:)), site: f.extra("site"), activeOn: f.day,
                                     units: UnitKey.named(building: f.building, floor: f.floor, className: f.className, college: f.college))
        return (filter, f.query, f)
    }

    /// The ledger (台账) of placements within the reader's scope.
    @Sendable func quarantineLedgerPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let (t, lang) = (renderer.strings, context.language)
        let (filter, query, filters) = ledgerFilter(request)
        let cursor = request.uri.queryParameters["after"].map(String.init)
        let page = try await services.quarantine.ledger(filter, page: PageRequest(limit: 100, after: cursor), by: context.actor)
        let sites = try await services.quarantine.sites(by: context.actor)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let model = QuarantineLedgerPageModel(
            items: page.items.map { placementRow($0, time: time, lang: lang) }, hasItems: !page.items.isEmpty,
            statuses: [.init(value: "", label: t.text("quarantine_status_any", lang), selected: filter.status == nil)]
                + Placement.Status.allCases.map { .init(value: $0.rawValue, label: t.text("quarantine_status_\($0.rawValue)", lang), selected: filter.status == $0) },
            sites: [.init(value: "", label: t.text("quarantine_site_any", lang), selected: filter.site == nil)]
                + sites.map { .init(value: $0.code, label: $0.name, selected: filter.site == $0.code) },
            units: try await ledgerUnitChoices(filters, context: context), query: query,
            next: page.next.map { "/quarantine/ledger?\(query.isEmpty ? "" : query + "&")after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" })
        return renderer.render(model, title: "quarantine_ledger_title", context: context)
    }

    /// The ledger as a table Excel opens (XLSX, or CSV with `format=csv`): every matching placement, page by page.
    @Sendable func exportQuarantineLedger(_ request: Request, context: SignedInPage) async throws -> Response {
        let (t, lang) = (renderer.strings, context.language)
        let (filter, _, _) = ledgerFilter(request)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        var rows: [[String]] = [], after: String?
        repeat {
            let page = try await services.quarantine.ledger(filter, page: PageRequest(limit: 1000, after: after), by: context.actor)
            rows += page.items.map { p in
                [p.studentNo, p.studentName, t.text("quarantine_reason_\(p.reason.rawValue)", lang), p.site, p.room, time.dayAndClock(p.start),
                 p.plannedEnd.map(time.day) ?? "", t.text("quarantine_status_\(p.status.rawValue)", lang), p.releasedAt.map(time.dayAndClock) ?? "",
                 p.releaseReason ?? ""]
            }
            after = page.next
        } while after != nil
        let table = TableExport(name: "quarantine", file: "quarantine-ledger", suffix: filter.activeOn?.description ?? CampusDay(services.clock.now(), in: services.timeZone).description,
                                columns: ["studentNo", "name", "reason", "site", "room", "start", "plannedEnd", "status", "releasedAt", "releaseReason"],
                                rows: rows, audit: .record(action: "quarantine.ledger.export", subject: filter.site ?? "placements", detail: filter.status.map { "状态 \($0.rawValue) (status)" } ?? "全部 (all)"))
        return try await download(table, request, context: context)
    }

    struct ContactsForm: Decodable { var _csrf: String?; var investigation: String?; var site: String?; var students: [String]? }

    /// An investigation's contacts with boxes to tick, to place them at a site in one action.
    @Sendable func placeContactsPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderPlaceContacts(request.uri.queryParameters["investigation"].map(String.init) ?? "", context: context, errors: [])
    }

    func renderPlaceContacts(_ id: String, context: SignedInPage, errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let found = try await services.investigations.investigation(id, by: actor)
        let placed = try await services.quarantine.inQuarantine(found.contacts.map(\.studentNo), by: actor)
        let sites = try await services.quarantine.sites(by: actor)
        let model = PlaceContactsPageModel(
            investigation: found.id, index: "\(found.indexName)（\(found.request.indexStudentNo)）",
            contacts: found.contacts.map {
                .init(studentNo: $0.studentNo, name: $0.name, degree: t.text("export_investigation_degree_\($0.degree)", lang), placed: placed.contains($0.studentNo))
            },
            hasContacts: !found.contacts.isEmpty,
            sites: sites.map { .init(value: $0.code, label: "\($0.name)（\($0.occupied)/\($0.capacity)）", selected: false) },
            errors: errors, hasErrors: !errors.isEmpty)
        return renderer.render(model, title: "quarantine_contacts_title", context: context, status: status)
    }

    @Sendable func placeContactsForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(ContactsForm.self, request, context) { $0._csrf }
        let id = form.investigation ?? ""
        let chosen = form.students ?? []
        guard !chosen.isEmpty else {
            return try await renderPlaceContacts(id, context: context, errors: [renderer.strings.text("quarantine_contacts_none", context.language)],
                                                 status: .unprocessableContent)
        }
        do {
            _ = try await services.quarantine.placeContacts(of: id, studentNos: chosen, site: form.site ?? "", by: context.actor)
            let site = (form.site ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return Response(status: .seeOther, headers: [.location: "/quarantine/ledger?status=active&site=\(site)"])
        } catch let error as DomainError where [.invalid, .notFound, .conflict].contains(error.kind) {
            return try await renderPlaceContacts(id, context: context, errors: [error.text(in: context.language)], status: .unprocessableContent)
        }
    }
}
