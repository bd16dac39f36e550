import CampusKit
import Foundation
import Hummingbird
import Quarantine
import Roster

extension PagesController {
    struct SickLeaveForm: Decodable {
        var _csrf: String?; var symptoms: String?; var onset: String?; var from: String?; var to: String?; var clinicVisited: String?
        var note: String?; var cause: String?; var cleared: String?
    }

    /// The student's sick leave on the phone: ask for one, see each one's state. Staff go to their list.
    @Sendable func sickLeavePage(_ request: Request, context: SignedInPage) async throws -> Response {
        guard context.actor.kind == .student else { return Response(status: .seeOther, headers: [.location: "/sick-leaves"]) }
        return try await renderSickLeave(context: context, form: nil, errors: [:])
    }

    func renderSickLeave(context: SignedInPage, form: SickLeaveForm?, errors: [String: String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.actor
        let service = services.sickLeaves
        let today = service.today()
        let mine = try await service.sickLeaves(SickLeaveFilter(studentNo: actor.username), page: PageRequest(limit: 50), by: actor)
        let time = PageTime(timeZone: services.timeZone, language: context.language)
        let model = SickLeavePageModel(
            items: mine.items.map { sickLeaveRow($0, today: today, time: time, lang: context.language) }, hasItems: !mine.items.isEmpty,
            formSymptoms: form?.symptoms ?? "", formOnset: form?.onset ?? today.description, formFrom: form?.from ?? today.description,
            formTo: form?.to ?? "", formClinic: form.map { $0.clinicVisited != nil } ?? false, today: today.description,
            error_symptoms: errors["symptoms"], error_onset: errors["onset"], error_from: errors["from"], error_to: errors["to"],
            hasErrors: !errors.isEmpty)
        return renderer.render(model, title: "sick_leave_title", context: context, status: status)
    }

    @Sendable func requestSickLeaveForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(SickLeaveForm.self, request, context) { $0._csrf }
        guard actor.kind == .student else { return Response(status: .seeOther, headers: [.location: "/sick-leaves"]) }
        do {
            _ = try await services.sickLeaves.request(SickLeaveRequest(studentNo: actor.username, symptoms: form.symptoms, onset: form.onset,
                                                                       clinicVisited: form.clinicVisited != nil, from: form.from, to: form.to), by: actor)
            return Response(status: .seeOther, headers: [.location: "/sick-leave"])
        } catch let error as DomainError where error.kind == .invalid {
            var errors: [String: String] = [:]
            for e in error.fieldErrors where errors[e.field] == nil { errors[e.field] = e.text(in: context.language) }
            return try await renderSickLeave(context: context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    /// "Which sick students need me today": open sick leaves without today's follow-up first and highlighted, then the
    /// other open ones, then the recently closed.
    @Sendable func sickLeavesPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderSickLeaves(request, context: context, form: nil, errors: [:])
    }

    func renderSickLeaves(_ request: Request, context: SignedInPage, form: StaffSickLeaveForm?, errors: [String: String],
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.actor
        guard actor.kind == .staff else { return Response(status: .seeOther, headers: [.location: "/sick-leave"]) }
        guard SickLeave.mayFollow(actor) else { throw PageFailure.forbidden("sick_leaves_forbidden") }
        let service = services.sickLeaves
        let today = service.today()
        let time = PageTime(timeZone: services.timeZone, language: context.language)
        let filters = LedgerFilters(request)
        var filter = sickLeaveFilter(filters)
        filter.status = .open
        let open = try await service.sickLeaves(filter, page: PageRequest(limit: 500), by: actor).items
            .map { sickLeaveRow($0, today: today, time: time, lang: context.language) }
        let sorted = open.filter(\.needsFollowUp) + open.filter { !$0.needsFollowUp }
        filter.status = .closed
        let closed = try await service.sickLeaves(filter, page: PageRequest(limit: 50), by: actor).items
            .map { sickLeaveRow($0, today: today, time: time, lang: context.language) }
        let badDate = filters.date != nil && filters.day == nil
        let model = SickLeavesPageModel(open: sorted, hasOpen: !sorted.isEmpty, waiting: open.filter(\.needsFollowUp).count, hasWaiting: open.contains(where: \.needsFollowUp),
                                        closed: closed, hasClosed: !closed.isEmpty, units: try await ledgerUnitChoices(filters, context: context),
                                        query: filters.query, filtered: !filters.query.isEmpty,
                                        error: badDate ? renderer.strings.text("ledger_bad_date", context.language) : nil,
                                        form: staffSickLeaveForm(form, errors: errors, today: today))
        return renderer.render(model, title: "sick_leaves_title", context: context, status: status)
    }

    /// One sick leave: who, what, since when, its follow-ups; staff note on it and close it. Outside scope it is missing.
    @Sendable func sickLeaveDetailPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderSickLeaveDetail(try context.parameters.require("id"), context: context, form: nil, errors: [:])
    }

    func renderSickLeaveDetail(_ id: String, context: SignedInPage, form: SickLeaveForm?, errors: [String: String],
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.actor
        let lang = context.language
        let found = try await PageFailure.explaining(title: "sick_leave_missing_title", missing: "sick_leave_missing", hideForbidden: true) {
            try await services.sickLeaves.detail(id, by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let row = sickLeaveRow(found.leave, today: services.sickLeaves.today(), time: time, lang: lang)
        let changes = found.leave.history(found.followUps)
        let authors = try await services.roster.people(numbered: Array(Set(changes.map(\.by))), by: actor)
        let t = renderer.strings
        func state(_ s: SickLeave.Status?) -> String { s.map { t.text("sick_leave_status_\($0.rawValue)", lang) } ?? "—" }
        let model = SickLeaveDetailPageModel(
            leave: row, followUps: found.followUps.map { .init(at: time.dayAndClock($0.at), note: $0.note, by: authors[$0.by]?.name ?? $0.by) },
            hasFollowUps: !found.followUps.isEmpty,
            history: changes.reversed().map {
                .init(at: time.dayAndClock($0.at), by: authors[$0.by]?.name ?? $0.by, action: t.text("sick_leave_action_\($0.action.rawValue)", lang),
                      before: state($0.before), after: state($0.after), note: $0.note)
            },
            writable: row.open && SickLeave.mayFollow(actor), staff: actor.kind == .staff,
            formNote: form?.note ?? "", formCause: form?.cause ?? "", formCleared: form.map { $0.cleared != nil } ?? false,
            error_note: errors["note"], error_cause: errors["cause"], error: errors[""])
        return renderer.render(model, title: "sick_leave_detail_title", context: context, status: status)
    }

    @Sendable func followUpSickLeaveForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await self.form(SickLeaveForm.self, request, context) { $0._csrf }
        return try await sickLeaveAction(id, form: form, context: context) {
            _ = try await services.sickLeaves.followUp(id, note: form.note ?? "", by: context.actor)
        }
    }

    @Sendable func closeSickLeaveForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await self.form(SickLeaveForm.self, request, context) { $0._csrf }
        return try await sickLeaveAction(id, form: form, context: context) {
            _ = try await services.sickLeaves.close(id, cause: form.cause, cleared: form.cleared != nil, by: context.actor)
        }
    }

    /// Runs a form's action on one sick leave; a refusal comes back on its page next to the field, with what was typed.
    private func sickLeaveAction(_ id: String, form: SickLeaveForm, context: SignedInPage, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await PageFailure.explaining(title: "sick_leave_missing_title", missing: "sick_leave_missing", hideForbidden: true) {
                try await action()
            }
        } catch let error as DomainError where error.kind == .invalid || error.kind == .conflict {
            var errors: [String: String] = [:]
            for e in error.fieldErrors where errors[e.field] == nil { errors[e.field] = e.text(in: context.language) }
            if errors.isEmpty { errors[""] = error.text(in: context.language) }
            return try await renderSickLeaveDetail(id, context: context, form: form, errors: errors,
                                                   status: error.kind == .invalid ? .unprocessableContent : .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/sick-leaves/\(id)"])
    }

    func sickLeaveRow(_ l: SickLeave, today: CampusDay, time: PageTime, lang: Language) -> SickLeaveRow {
        let t = renderer.strings
        let period = time.day(l.from) + " → " + (l.to.map(time.day) ?? t.text("sick_leave_until_better", lang))
        return SickLeaveRow(id: l.id, studentNo: l.studentNo, name: l.studentName, symptoms: l.symptoms, onset: time.day(l.onset), period: period,
                            clinicVisited: l.clinicVisited, open: l.status == .open, status: t.text("sick_leave_status_\(l.status.rawValue)", lang),
                            needsFollowUp: l.needsFollowUp(on: today), lastFollowUp: l.lastFollowUpDay.map(time.day), cause: l.cause,
                            cleared: l.cleared ?? false)
    }
}
