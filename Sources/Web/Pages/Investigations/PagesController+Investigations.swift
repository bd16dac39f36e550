import Audit
import CampusKit
import ContactTracing
import Foundation
import Quarantine
import GateAccess
import Hummingbird
import Roster
import Tabular
import TestingCampaigns

extension PagesController {
    struct InvestigationForm: Decodable {
        var _csrf: String?; var indexStudentNo: String?; var from: String?; var to: String?
        var minOverlapMinutes: String?; var includeFloor: String?; var depth: String?
    }

    /// Start an investigation (index student and window) and find the saved ones.
    @Sendable func investigationsPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        return try await renderInvestigations(actor: actor, context: context, form: nil, errors: [:])
    }

    func renderInvestigations(actor: Actor, context: SignedInPage, form: InvestigationForm?, errors: [String: String],
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = context.language
        guard InvestigationPermissions.mayInvestigate(actor) else { throw PageFailure.forbidden("investigation_forbidden") }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let now = services.clock.now()
        let saved = try await services.investigations.investigations(by: actor)
        let model = InvestigationsPageModel(
            items: saved.map { i in
                .init(id: i.id, studentNo: i.indexStudentNo, name: i.indexName, from: time.dayAndClock(i.from), to: time.dayAndClock(i.to),
                      degree1: i.degree1, degree2: i.degree2, by: i.createdBy, at: time.dayAndClock(i.createdAt))
            },
            hasItems: !saved.isEmpty,
            formStudentNo: form?.indexStudentNo ?? "",
            formFrom: form?.from ?? time.field(now.addingTimeInterval(-3 * 86_400)), formTo: form?.to ?? time.field(now),
            formMinutes: form?.minOverlapMinutes ?? "15", floorChecked: form?.includeFloor != nil, depth1: form?.depth == "1",
            error_indexStudentNo: errors["indexStudentNo"], error_from: errors["from"], error_to: errors["to"],
            error_minOverlapMinutes: errors["minOverlapMinutes"], error_depth: errors["depth"], hasErrors: !errors.isEmpty)
        return renderer.render(model, title: "investigations_title", context: context, status: status)
    }

    @Sendable func startInvestigationForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(InvestigationForm.self, request, context) { $0._csrf }
        let time = PageTime(timeZone: services.timeZone, language: context.language)
        var errors: [String: String] = [:]
        let from = time.parseField(form.from), to = time.parseField(form.to)
        if from == nil { errors["from"] = renderer.strings.text("field_time_invalid", context.language) }
        if to == nil { errors["to"] = renderer.strings.text("field_time_invalid", context.language) }
        let minutes = Int(form.minOverlapMinutes ?? "15")
        if minutes == nil { errors["minOverlapMinutes"] = renderer.strings.text("field_number_invalid", context.language) }
        if errors.isEmpty, let from, let to, let minutes {
            do {
                let done = try await services.investigations.investigate(
                    InvestigationRequest(indexStudentNo: (form.indexStudentNo ?? "").trimmingCharacters(in: .whitespaces), from: from, to: to,
                                         minOverlapMinutes: minutes, includeFloor: form.includeFloor != nil, depth: form.depth == "1" ? 1 : 2),
                    by: actor)
                return Response(status: .seeOther, headers: [.location: "/investigations/\(done.id)"])
            } catch let error as DomainError where error.kind == .invalid {
                for e in error.fieldErrors where errors[e.field] == nil { errors[e.field] = e.text(in: context.language) }
            }
        }
        return try await renderInvestigations(actor: actor, context: context, form: form, errors: errors, status: .unprocessableContent)
    }

    /// One investigation: the contacts by degree with every piece of evidence, follow-up marks, exports.
    @Sendable func investigationPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let lang = context.language
        let t = renderer.strings
        let id = try context.parameters.require("id")
        let found = try await PageFailure.explaining(title: "investigation_title", missing: "investigation_missing") {
            try await services.investigations.investigation(id, by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let places = PlaceNames(try await services.gates.points(by: actor))
        let people = Self.contactNames(found)
        let q = request.uri.queryParameters
        let view = InvestigationView(query: q["q"].map(String.init), degree: q["degree"].flatMap { Int(String($0)) },
                                     show: q["show"].map(String.init), page: q["page"].flatMap { Int(String($0)) })
        let shown = view.select(found.contacts, marked: found.followUps)
        func rows(_ degree: Int) -> [InvestigationPageModel.Contact] {
            shown.contacts.filter { $0.degree == degree }.map { c in
                .init(studentNo: c.studentNo, name: c.name, className: c.className,
                      home: [c.building, c.room].compactMap { $0 }.joined(separator: " "), marked: found.followUps.contains(c.studentNo),
                      evidence: c.evidence.map { e in
                          .init(rule: t.text("rule_\(e.rule.rawValue)", lang), place: places.place(e.place),
                                when: e.rule == .coPresence ? "\(time.dayAndClock(e.from))–\(time.clock(e.to))" : "",
                                minutes: e.minutes.map { "\($0)′" } ?? "", via: e.via.map { people[$0] ?? $0 } ?? "")
                      })
            }
        }
        let first = rows(1), second = rows(2)
        let firstTotal = found.contacts.count { $0.degree == 1 }, secondTotal = found.contacts.count { $0.degree == 2 }
        let testingStart = TestingService.retestStart(services.clock.now(), timeZone: services.timeZone)
        let model = InvestigationPageModel(
            id: found.id, studentNo: found.request.indexStudentNo, name: found.indexName,
            from: time.dayAndClock(found.request.from), to: time.dayAndClock(found.request.to),
            minutes: found.request.minOverlapMinutes, floor: found.request.includeFloor, depth: found.request.depth,
            by: found.createdBy, at: time.dayAndClock(found.createdAt), elapsed: String(format: "%.1f", found.elapsedMilliseconds),
            first: first, second: second, firstCount: firstTotal, secondCount: secondTotal,
            hasFirst: !first.isEmpty, hasSecond: !second.isEmpty, marked: found.followUps.count,
            // Planners test the contacts at once, one tube each (a targeted campaign).
            plansTesting: TestingPermissions.mayPlan(actor) && !found.contacts.isEmpty,
            placesContacts: QuarantinePermissions.mayManage(actor) && !found.contacts.isEmpty,
            testingName: "\(t.text("investigation_testing_name", lang)) \(found.request.indexStudentNo)",
            today: testingStart.day.description, testingStart: CampaignDraft.clock(testingStart.minute),
            contactNumbers: found.contacts.map(\.studentNo).joined(separator: ","),
            filter: view.form(matching: shown.total, of: found.contacts.count, t: t, lang: lang),
            pages: view.pageLinks(total: shown.total, base: "/investigations/\(found.id)"),
            shownNumbers: (first + second).map(\.studentNo))
        return renderer.render(model, title: "investigation_title", context: context)
    }

    struct FollowUpForm: Decodable { var _csrf: String?; var studentNo: [String]?; var shown: [String]?; var action: String?; var back: String? }

    @Sendable func followUpForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        let form = try await self.form(FollowUpForm.self, request, context) { $0._csrf }
        // "Mark everyone on this page" takes the page's rows; the other buttons the ticked ones.
        let chosen = (form.action == "mark_page" ? form.shown : form.studentNo) ?? []
        if !chosen.isEmpty {
            _ = try await services.investigations.setFollowUp(id, studentNos: chosen, marked: form.action != "unmark", by: actor)
        }
        // Back to the same filtered view, rebuilt from its known parameters (nothing sent is copied into the address).
        let back = URLComponents(string: form.back ?? "")?.queryItems ?? []
        func value(_ name: String) -> String? { back.first { $0.name == name }?.value }
        let view = InvestigationView(query: value("q"), degree: value("degree").flatMap { Int($0) }, show: value("show"),
                                     page: value("page").flatMap { Int($0) })
        return Response(status: .seeOther, headers: [.location: "/investigations/\(id)\(view.queryString())"])
    }

    /// The contacts as a table offices open in Excel: one row per piece of evidence.
    @Sendable func exportInvestigation(_ request: Request, context: SignedInPage) async throws -> Response {
        let lang = context.language
        let t = renderer.strings
        let found = try await services.investigations.investigation(try context.parameters.require("id"), by: context.actor)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let places = PlaceNames(try await services.gates.points(by: context.actor))
        let people = Self.contactNames(found)
        var rows: [[String]] = []
        for c in found.contacts {
            for e in c.evidence {
                rows.append([c.studentNo, c.name, c.className, [c.building, c.room].compactMap { $0 }.joined(separator: " "),
                             t.text("export_investigation_degree_\(c.degree)", lang), t.text("export_investigation_rule_\(e.rule.rawValue)", lang),
                             places.place(e.place), time.dayAndClock(e.from), time.dayAndClock(e.to), e.minutes.map(String.init) ?? "",
                             e.via.map { people[$0] ?? $0 } ?? "",
                             found.followUps.contains(c.studentNo) ? t.text("export_yes", lang) : ""])
            }
        }
        let table = TableExport(name: "investigation", file: "investigation", suffix: found.request.indexStudentNo,
                                columns: ["studentNo", "name", "className", "home", "degree", "rule", "place", "from", "to", "minutes", "via", "followUp"],
                                rows: rows,
                                audit: .record(action: "investigation.export", subject: found.request.indexStudentNo, detail: found.id))
        return try await download(table, request, context: context)
    }

    /// "Name（number）" of everyone an investigation names — its index student and contacts — for the `via` of a
    /// second-degree contact.
    static func contactNames(_ found: Investigation) -> [String: String] {
        var names = [found.request.indexStudentNo: "\(found.indexName)（\(found.request.indexStudentNo)）"]
        for c in found.contacts { names[c.studentNo] = c.name.isEmpty ? c.studentNo : "\(c.name)（\(c.studentNo)）" }
        return names
    }
}
