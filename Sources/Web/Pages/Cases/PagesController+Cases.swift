import CampusKit
import Cases
import Foundation
import Hummingbird
import Notifications
import Quarantine
import Roster

extension PagesController {
    struct CaseForm: Decodable {
        var _csrf: String?; var studentNo: String?; var summary: String?; var outcome: String?; var note: String?; var stage: String?
        var responseMinutes: String?
    }

    /// "Which cases need me now": open cases first, filters in the URL, and a form to report one by hand.
    @Sendable func casesPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        return try await renderCases(request, actor: actor, context: context, form: nil, error: nil)
    }

    func renderCases(_ request: Request, actor: Actor, context: SignedInPage, form: CaseForm?, error: String?,
                     policyError: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard CasePermissions.mayFollow(actor) else { throw PageFailure.forbidden("cases_forbidden") }
        let q = request.uri.queryParameters
        let lang = context.language
        let t = renderer.strings
        let statusFilter = q["status"].flatMap { Case.Status(rawValue: String($0)) }
        let source = q["source"].flatMap { Case.Source(rawValue: String($0)) }
        let page = try await services.cases.cases(matching: CaseFilter(status: statusFilter, source: source), page: PageRequest(limit: 200), by: actor)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let now = services.clock.now()
        let rows = page.items.map { c in
            CasesPageModel.Row(id: c.id, studentNo: c.studentNo, name: c.studentName, source: t.text("case_source_\(c.source.rawValue)", lang),
                               open: c.status == .open, status: t.text("case_status_\(c.status.rawValue)", lang),
                               openedAt: time.dayAndClock(c.openedAt), summary: c.summary, stage: t.text("case_stage_\(c.stage.rawValue)", lang),
                               overdue: c.overdue(at: now))
        }
        let policy = try await services.cases.policy(by: actor)
        let filters = [("", "cases_filter_all"), ("open", "case_status_open"), ("closed", "case_status_closed")].map { value, key in
            PageLink(href: "/cases" + (value.isEmpty ? "" : "?status=\(value)"), label: t.text(key, lang), current: (statusFilter?.rawValue ?? "") == value)
        }
        let model = CasesPageModel(rows: rows, hasRows: !rows.isEmpty, filters: filters, more: page.next != nil,
                                   formStudentNo: form?.studentNo ?? "", formSummary: form?.summary ?? "", error: error,
                                   responseMinutes: policy.responseMinutes, mayEditPolicy: !actor.roles.isDisjoint(with: CasePermissions.policyEditors),
                                   policyError: policyError)
        return renderer.render(model, title: "cases_title", context: context, status: status)
    }

    @Sendable func reportCaseForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(CaseForm.self, request, context) { $0._csrf }
        do {
            let (c, _) = try await services.cases.report(studentNo: (form.studentNo ?? "").trimmingCharacters(in: .whitespaces),
                                                         summary: form.summary ?? "", by: actor)
            return Response(status: .seeOther, headers: [.location: "/cases/\(c.id)"])
        } catch let error as DomainError where error.kind == .invalid || error.kind == .notFound {
            return try await renderCases(request, actor: actor, context: context, form: form, error: error.text(in: context.language),
                                         status: error.kind == .notFound ? .notFound : .unprocessableContent)
        }
    }

    /// One case: who, what, and the timeline; staff add notes and close it with an outcome.
    @Sendable func casePage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        return try await renderCase(try context.parameters.require("id"), actor: actor, context: context, error: nil)
    }

    func renderCase(_ id: String, actor: Actor, context: SignedInPage, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = context.language
        let t = renderer.strings
        let found = try await PageFailure.explaining(title: "case_missing_title", missing: "case_missing") {
            try await services.cases.detail(id: id, by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let c = found.case
        let authors = try await services.cases.authors(of: found.timeline, in: c, school: actor.school)
        let model = CasePageModel(
            id: c.id, studentNo: c.studentNo, name: c.studentName, source: t.text("case_source_\(c.source.rawValue)", lang),
            open: c.status == .open, status: t.text("case_status_\(c.status.rawValue)", lang), summary: c.summary,
            openedAt: time.dayAndClock(c.openedAt), outcome: c.outcome ?? "", closedAt: c.closedAt.map(time.dayAndClock) ?? "",
            timeline: found.timeline.map { e in
                .init(at: time.dayAndClock(e.at), kind: t.text("case_event_\(e.kind.rawValue)", lang), detail: e.detail,
                      by: e.by == "system" ? t.text("by_system", lang) : authors[e.by] ?? e.by,
                      closing: e.kind == .closed)
            },
            error: error, stage: t.text("case_stage_\(c.stage.rawValue)", lang),
            response: responseSentence(c, time: time, language: lang), overdue: c.overdue(at: services.clock.now()),
            steps: c.status == .open ? c.stage.next.map { .init(value: $0.rawValue, label: t.text("case_event_\($0.rawValue)", lang)) } : [],
            hasSteps: c.status == .open && !c.stage.next.isEmpty,
            quarantineLink: c.status == .open && [.isolated, .tested, .quarantined].contains(c.stage) && QuarantinePermissions.mayManage(actor)
                ? "/quarantine?studentNo=\(c.studentNo)&reason=\(c.source == .testing ? "positive" : "symptoms")" : nil)
        return renderer.render(model, title: "case_title", context: context, status: status)
    }

    @Sendable func closeCaseForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        let form = try await self.form(CaseForm.self, request, context) { $0._csrf }
        do {
            _ = try await services.cases.close(id: id, outcome: form.outcome ?? "", by: actor)
        } catch let error as DomainError where error.kind == .invalid || error.kind == .conflict {
            return try await renderCase(id, actor: actor, context: context, error: error.text(in: context.language),
                                        status: error.kind == .invalid ? .unprocessableContent : .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/cases/\(id)"])
    }

    @Sendable func noteCaseForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        let form = try await self.form(CaseForm.self, request, context) { $0._csrf }
        do {
            try await services.cases.addNote(id: id, note: form.note ?? "", by: actor)
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderCase(id, actor: actor, context: context, error: error.text(in: context.language), status: .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/cases/\(id)"])
    }

    /// My notifications, newest first; opening one marks it read.
    @Sendable func inboxPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let time = PageTime(timeZone: services.timeZone, language: context.language)
        let items = try await services.notifications.inbox(of: actor, limit: 100)
        let texts = NoticeTexts(catalog: renderer.strings)
        let model = InboxPageModel(items: items.map { n in
            let words = texts.words(of: n, in: context.language)
            return .init(id: n.id, subject: words.subject, body: words.body, at: time.dayAndClock(n.createdAt), unread: n.readAt == nil,
                         urgent: n.kind.isUrgent, link: n.link)
        }, hasItems: !items.isEmpty)
        return renderer.render(model, title: "inbox_title", context: context)
    }

    @Sendable func readNotificationForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        _ = try await self.form(CaseForm.self, request, context) { $0._csrf }
        try await services.notifications.markRead(id, by: actor)
        let link = try await services.notifications.inbox(of: actor, limit: 500).first { $0.id == id }?.link
        return Response(status: .seeOther, headers: [.location: link.map(Self.safeNext) ?? "/inbox"])
    }
}
