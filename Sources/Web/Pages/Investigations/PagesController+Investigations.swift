import Audit
import CampusKit
import ContactTracing
import Foundation
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
    @Sendable func investigationsPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        return try await renderInvestigations(actor: actor, context: context, form: nil, errors: [:])
    }

    func renderInvestigations(actor: Actor, context: ShouhuContext, form: InvestigationForm?, errors: [String: String],
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = context.language
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: InvestigationService.investigatorRoles) else {
            return renderer.render("message", title: "forbidden_title", model: ["message": renderer.strings.text("investigation_forbidden", lang)],
                                   context: context, status: .forbidden)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let now = services.clock.now()
        let saved = try await services.investigations.investigations(by: actor)
        var model: [String: Any] = [
            "items": saved.map { i in
                ["id": i.id, "studentNo": i.indexStudentNo, "name": i.indexName, "from": time.dayAndClock(i.from), "to": time.dayAndClock(i.to),
                 "degree1": i.degree1, "degree2": i.degree2, "by": i.createdBy, "at": time.dayAndClock(i.createdAt)] as [String: Any]
            },
            "hasItems": !saved.isEmpty,
            "formStudentNo": form?.indexStudentNo ?? "",
            "formFrom": form?.from ?? time.field(now.addingTimeInterval(-3 * 86_400)), "formTo": form?.to ?? time.field(now),
            "formMinutes": form?.minOverlapMinutes ?? "15", "floorChecked": form?.includeFloor != nil,
            "depth1": form?.depth == "1",
        ]
        for (field, message) in errors { model["error_\(field)"] = message }
        if !errors.isEmpty { model["hasErrors"] = true }
        return renderer.render("investigations", title: "investigations_title", model: model, context: context, status: status)
    }

    @Sendable func startInvestigationForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
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
                for e in error.fieldErrors where errors[e.field] == nil { errors[e.field] = e.message }
            }
        }
        return try await renderInvestigations(actor: actor, context: context, form: form, errors: errors, status: .unprocessableContent)
    }

    /// One investigation: the contacts by degree with every piece of evidence, follow-up marks, exports.
    @Sendable func investigationPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let lang = context.language
        let t = renderer.strings
        let found: Investigation
        do {
            found = try await services.investigations.investigation(try context.parameters.require("id"), by: actor)
        } catch let e as DomainError where e.kind == .notFound || e.kind == .forbidden {
            return renderer.render("message", title: "investigation_title", model: ["message": t.text("investigation_missing", lang)],
                                   context: context, status: e.kind == .notFound ? .notFound : .forbidden)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        func rows(_ degree: Int) -> [[String: Any]] {
            found.contacts.filter { $0.degree == degree }.map { c in
                ["studentNo": c.studentNo, "name": c.name, "className": c.className,
                 "home": [c.building, c.room].compactMap { $0 }.joined(separator: " "), "marked": found.followUps.contains(c.studentNo),
                 "evidence": c.evidence.map { e in
                     ["rule": t.text("rule_\(e.rule.rawValue)", lang), "place": e.place,
                      "when": e.rule == .coPresence ? "\(time.dayAndClock(e.from))–\(time.clock(e.to))" : "",
                      "minutes": e.minutes.map { "\($0)′" } ?? "", "via": e.via ?? ""] as [String: Any]
                 }] as [String: Any]
            }
        }
        let first = rows(1), second = rows(2)
        let testingStart = TestingService.retestStart(services.clock.now(), timeZone: services.timeZone)
        let model: [String: Any] = [
            "id": found.id, "studentNo": found.request.indexStudentNo, "name": found.indexName,
            "from": time.dayAndClock(found.request.from), "to": time.dayAndClock(found.request.to),
            "minutes": found.request.minOverlapMinutes, "floor": found.request.includeFloor, "depth": found.request.depth,
            "by": found.createdBy, "at": time.dayAndClock(found.createdAt), "elapsed": String(format: "%.1f", found.elapsedMilliseconds),
            "first": first, "second": second, "firstCount": first.count, "secondCount": second.count,
            "hasFirst": !first.isEmpty, "hasSecond": !second.isEmpty, "marked": found.followUps.count,
            // Planners test the contacts at once, one tube each (a targeted campaign).
            "plansTesting": !actor.roles.isDisjoint(with: TestingService.plannerRoles) && !found.contacts.isEmpty,
            "testingName": "\(t.text("investigation_testing_name", lang)) \(found.request.indexStudentNo)",
            "today": testingStart.day.description, "testingStart": CampaignDraft.clock(testingStart.minute),
            "contactNumbers": found.contacts.map(\.studentNo).joined(separator: ","),
        ]
        return renderer.render("investigation", title: "investigation_title", model: model, context: context)
    }

    struct FollowUpForm: Decodable { var _csrf: String?; var studentNo: [String]?; var action: String? }

    @Sendable func followUpForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let id = try context.parameters.require("id")
        let form = try await self.form(FollowUpForm.self, request, context) { $0._csrf }
        let chosen = form.studentNo ?? []
        if !chosen.isEmpty {
            _ = try await services.investigations.setFollowUp(id, studentNos: chosen, marked: form.action != "unmark", by: actor)
        }
        return Response(status: .seeOther, headers: [.location: "/investigations/\(id)"])
    }

    /// The contacts as a table offices open in Excel: one row per piece of evidence.
    @Sendable func exportInvestigation(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let found = try await services.investigations.investigation(try context.parameters.require("id"), by: actor)
        let time = PageTime(timeZone: services.timeZone, language: .zhCN)
        let header = ["学号", "姓名", "班级", "宿舍", "密接等级", "依据", "地点", "开始", "结束", "重叠分钟", "经由", "已标记跟进"]
        let rules = ["roommate": "同寝室", "floormate": "同楼层", "co_presence": "同时空"]
        var rows: [[String]] = []
        for c in found.contacts {
            for e in c.evidence {
                rows.append([c.studentNo, c.name, c.className, [c.building, c.room].compactMap { $0 }.joined(separator: " "),
                             c.degree == 1 ? "密接" : "次密接", rules[e.rule.rawValue] ?? e.rule.rawValue, e.place,
                             time.dayAndClock(e.from), time.dayAndClock(e.to), e.minutes.map(String.init) ?? "", e.via ?? "",
                             found.followUps.contains(c.studentNo) ? "是" : ""])
            }
        }
        let xlsx = request.uri.queryParameters["format"] != "csv"
        let data = xlsx ? try XLSXWriter.document(sheetName: "流调 \(found.request.indexStudentNo)", header: header, rows: rows)
                        : CSVWriter.document(header: header, rows: rows)
        let name = "investigation-\(found.request.indexStudentNo).\(xlsx ? "xlsx" : "csv")"
        try await services.audit.record(AuditEntry(actor, at: services.clock.now(), action: "investigation.export",
                                                   subject: found.request.indexStudentNo, detail: "\(found.id): \(rows.count) rows"))
        return Response(status: .ok, headers: [
            .contentType: xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(name)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
