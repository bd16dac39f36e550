import CampusKit
import Cases
import Foundation
import Hummingbird

/// The handling of a case on its page: the next step, the first response's deadline, and the school's response time.
extension PagesController {
    /// One sentence on the first response: when it came; else when it is due and how long is left; else how long it is
    /// overdue and who has been told.
    func responseSentence(_ c: Case, time: PageTime, language: Language) -> String {
        let t = renderer.strings
        if let answered = c.respondedAt {
            return t.text("case_response_done", language).replacingOccurrences(of: "{at}", with: time.dayAndClock(answered))
        }
        guard c.status == .open, let due = c.respondBy else { return t.text("case_response_none", language) }
        let now = services.clock.now()
        let minutes = Int((abs(due.timeIntervalSince(now)) / 60).rounded(.up))
        guard c.overdue(at: now) else {
            return t.text("case_response_due", language).replacingOccurrences(of: "{at}", with: time.dayAndClock(due))
                .replacingOccurrences(of: "{minutes}", with: String(minutes))
        }
        let late = t.text("case_response_late", language).replacingOccurrences(of: "{at}", with: time.dayAndClock(due))
        return c.escalationLevel == 0 ? late : late + t.text("case_escalated_\(c.escalationLevel)", language)
    }

    @Sendable func advanceCaseForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        let form = try await self.form(CaseForm.self, request, context) { $0._csrf }
        do {
            guard let stage = Case.Stage(rawValue: form.stage ?? "") else {
                throw DomainError.invalid("请选择下一步处置 (choose the next step)", field: "stage")
            }
            _ = try await services.cases.advance(id: id, to: stage, note: form.note, by: actor)
        } catch let error as DomainError where error.kind == .invalid || error.kind == .conflict {
            return try await renderCase(id, actor: actor, context: context, error: error.text(in: context.language),
                                        status: error.kind == .invalid ? .unprocessableContent : .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/cases/\(id)"])
    }

    @Sendable func casePolicyForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(CaseForm.self, request, context) { $0._csrf }
        do {
            let minutes = Int((form.responseMinutes ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
            _ = try await services.cases.setPolicy(CasePolicy(responseMinutes: minutes), by: actor)
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderCases(request, actor: actor, context: context, form: nil, error: nil,
                                         policyError: error.text(in: context.language), status: .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/cases"])
    }
}
