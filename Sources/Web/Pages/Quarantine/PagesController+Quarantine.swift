import CampusKit
import CheckIns
import Foundation
import Hummingbird
import Quarantine

extension PagesController {
    struct PlaceForm: Decodable { var _csrf: String?; var studentNo: String?; var reason: String?; var site: String?; var room: String? }

    /// The sites' room grid, and the placement form for those who place.
    /// `?studentNo=&reason=` fill the placement form in (a case or a positive tube sends its students here).
    @Sendable func quarantinePage(_ request: Request, context: SignedInPage) async throws -> Response {
        let q = request.uri.queryParameters
        let given = PlaceForm(_csrf: nil, studentNo: q["studentNo"].map(String.init), reason: q["reason"].map(String.init), site: nil, room: nil)
        return try await renderQuarantine(context, form: given.studentNo == nil && given.reason == nil ? nil : given, errors: [])
    }

    func renderQuarantine(_ context: SignedInPage, form: PlaceForm?, errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let (t, lang) = (renderer.strings, context.language)
        let sites = try await services.quarantine.sites(by: context.actor)
        let model = QuarantinePageModel(
            sites: sites.map { s in
                .init(code: s.code, name: s.name, occupied: s.occupied, capacity: s.capacity, rooms: s.rooms.map {
                    .init(code: $0.code, occupied: $0.occupied, capacity: $0.capacity, full: $0.occupied >= $0.capacity, empty: $0.occupied == 0)
                })
            },
            hasSites: !sites.isEmpty, mayPlace: QuarantinePermissions.mayManage(context.actor),
            reasons: Placement.Reason.allCases.map {
                .init(value: $0.rawValue, label: t.text("quarantine_reason_\($0.rawValue)", lang), selected: form?.reason == $0.rawValue)
            },
            siteChoices: sites.map { .init(value: $0.code, label: "\($0.name)（\($0.occupied)/\($0.capacity)）", selected: form?.site == $0.code) },
            studentNo: form?.studentNo ?? "", room: form?.room ?? "", errors: errors, hasErrors: !errors.isEmpty)
        return renderer.render(model, title: "quarantine_title", context: context, status: status)
    }

    @Sendable func placeForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(PlaceForm.self, request, context) { $0._csrf }
        guard let reason = Placement.Reason(rawValue: form.reason ?? "") else {
            return try await renderQuarantine(context, form: form, errors: [renderer.strings.text("quarantine_reason_required", context.language)],
                                              status: .unprocessableContent)
        }
        let room = form.room?.trimmingCharacters(in: .whitespaces)
        do {
            let placed = try await services.quarantine.place(
                PlacementRequest(studentNo: (form.studentNo ?? "").trimmingCharacters(in: .whitespaces), reason: reason, site: form.site ?? "",
                                 room: room?.isEmpty == false ? room : nil), by: context.actor)
            return Response(status: .seeOther, headers: [.location: "/quarantine/placements/\(placed.id)?done=placed"])
        } catch let error as DomainError where [.invalid, .notFound, .conflict].contains(error.kind) {
            let words = error.kind == .invalid && !error.fieldErrors.isEmpty
                ? error.fieldErrors.map { $0.text(in: context.language) } : [error.text(in: context.language)]
            return try await renderQuarantine(context, form: form, errors: words, status: .unprocessableContent)
        }
    }

    /// A student's own page: their active placement, or a line saying they are not in quarantine.
    @Sendable func myQuarantinePage(_ request: Request, context: SignedInPage) async throws -> Response {
        guard let mine = try await services.quarantine.myPlacement(by: context.actor) else {
            return renderer.render(MessagePageModel(message: renderer.strings.text("quarantine_mine_none", context.language)),
                                   title: "quarantine_mine_title", context: context)
        }
        return Response(status: .seeOther, headers: [.location: "/quarantine/placements/\(mine.id)"])
    }

    func placementRow(_ p: Placement, time: PageTime, lang: Language) -> PlacementRow {
        let t = renderer.strings
        let today = CampusDay(services.clock.now(), in: services.timeZone)
        var state = t.text("quarantine_status_\(p.status.rawValue)", lang)
        if p.status == .active, p.earlyRequest != nil { state = t.text("quarantine_status_early_pending", lang) }
        let n = p.dayNumber(of: today, in: services.timeZone)
        let day = p.status == .active
            ? t.text("quarantine_day_of", lang).replacingOccurrences(of: "{n}", with: "\(n)")
                .replacingOccurrences(of: "{of}", with: p.protocolRule.days.map(String.init) ?? "—")
            : ""
        return PlacementRow(id: p.id, studentNo: p.studentNo, name: p.studentName, reason: t.text("quarantine_reason_\(p.reason.rawValue)", lang),
                            place: "\(p.site) · \(p.room)", start: time.dayAndClock(p.start), plannedEnd: p.plannedEnd.map(time.day) ?? "—",
                            state: state, active: p.status == .active, day: day)
    }

    /// One placement: the student, site staff, and readers with the student in scope.
    @Sendable func placementPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let notice = request.uri.queryParameters["done"].flatMap { ["placed", "recorded", "released", "asked"].contains(String($0)) ? "quarantine_done_\($0)" : nil }
        return try await renderPlacement(try context.parameters.require("id"), context: context, errors: [], notice: notice)
    }

    /// A placement's first history entry ("site/room reason") with the reason in words.
    func placedDetail(_ after: String, lang: Language) -> String {
        guard let space = after.lastIndex(of: " "), let reason = Placement.Reason(rawValue: String(after[after.index(after: space)...])) else { return after }
        return String(after[..<space]) + " " + renderer.strings.text("quarantine_reason_\(reason.rawValue)", lang)
    }

    func renderPlacement(_ id: String, context: SignedInPage, errors: [String], notice: String? = nil,
                         status: HTTPResponse.Status = .ok) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let p = try await services.quarantine.placement(id, by: actor)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let unmet = p.status == .active ? try await services.quarantine.unmetCriteria(of: p, school: actor.school) : []
        let records = try await services.quarantine.records(of: p.id, by: actor)
        let history = try await services.quarantine.history(of: p.id, by: actor)
        let rule = p.protocolRule
        let tests = (1...(rule.days ?? 14)).filter(rule.isTestDay).map(String.init).joined(separator: "、")
        let protocolText = (rule.days.map { t.text("quarantine_protocol_days", lang).replacingOccurrences(of: "{days}", with: "\($0)") }
            ?? t.text("quarantine_protocol_negatives", lang).replacingOccurrences(of: "{n}", with: "\(rule.negativesRequired)"))
            + " · " + t.text("quarantine_protocol_tests", lang).replacingOccurrences(of: "{days}", with: tests.isEmpty ? "—" : tests)
        let model = PlacementPageModel(
            row: placementRow(p, time: time, lang: lang), protocolText: protocolText,
            criteria: unmet.map { t.text("quarantine_criterion_\($0.rawValue)", lang) }, hasCriteria: !unmet.isEmpty,
            records: records.reversed().map {
                .init(at: time.dayAndClock($0.recordedAt), temperature: String(format: "%.1f℃", $0.temperature),
                      symptoms: $0.symptoms.map { t.text("symptom_\($0.rawValue)", lang) }.joined(separator: "、"), abnormal: $0.abnormal,
                      by: $0.recordedBy == p.studentNo ? t.text("quarantine_by_student", lang) : $0.recordedBy)
            },
            hasRecords: !records.isEmpty,
            history: history.map {
                .init(at: time.dayAndClock($0.at), by: $0.by, action: t.text("quarantine_change_\($0.action.rawValue)", lang),
                      detail: $0.action == .placed ? placedDetail($0.after, lang: lang) : ($0.action == .earlyRequested ? $0.after : ""))
            },
            mayRecord: p.status == .active && (actor.username == p.studentNo || QuarantinePermissions.mayManage(actor)),
            mayRelease: p.status == .active && QuarantinePermissions.mayManage(actor),
            earlyBy: p.earlyRequest?.by, earlyReason: p.earlyRequest?.reason,
            symptoms: Symptom.allCases.map { .init(value: $0.rawValue, label: t.text("symptom_\($0.rawValue)", lang)) },
            errors: errors, hasErrors: !errors.isEmpty, notice: notice.map { t.text($0, lang) },
            source: t.text("quarantine_origin_\(p.origin.rawValue)", lang) + (p.tube.map { " \($0)" } ?? ""),
            sourceLink: p.investigationId.map { "/investigations/\($0)" })
        var response = renderer.render(model, title: "quarantine_placement_title", context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    struct RecordForm: Decodable { var _csrf: String?; var temperature: String?; var symptoms: [String]? }

    @Sendable func healthRecordForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(RecordForm.self, request, context) { $0._csrf }
        let id = try context.parameters.require("id")
        do {
            _ = try await services.quarantine.record(temperature: Double(form.temperature ?? "") ?? .nan, symptoms: form.symptoms ?? [],
                                                    for: id, by: context.actor)
            return Response(status: .seeOther, headers: [.location: "/quarantine/placements/\(id)?done=recorded"])
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderPlacement(id, context: context, errors: error.fieldErrors.map { $0.text(in: context.language) },
                                             status: .unprocessableContent)
        }
    }

    struct ReleaseForm: Decodable { var _csrf: String?; var early: String?; var reason: String? }

    @Sendable func releaseForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(ReleaseForm.self, request, context) { $0._csrf }
        let id = try context.parameters.require("id")
        let (t, lang) = (renderer.strings, context.language)
        do {
            switch try await services.quarantine.release(id, early: form.early == "1", reason: form.reason, by: context.actor) {
            case .released: return Response(status: .seeOther, headers: [.location: "/quarantine/placements/\(id)?done=released"])
            case .awaitingApproval: return Response(status: .seeOther, headers: [.location: "/quarantine/placements/\(id)?done=asked"])
            }
        } catch let error as DomainError where error.kind == .invalid {
            let words = error.fieldErrors.map { e in
                e.field == "criteria" ? t.text("quarantine_criterion_\(e.message)", lang)
                    : e.field == "approver" ? t.text("quarantine_second_approver", lang) : e.text(in: lang)
            }
            return try await renderPlacement(id, context: context, errors: words, status: .unprocessableContent)
        }
    }
}
