import CampusKit
import Foundation
import GateAccess
import Hummingbird
import Roster

extension PagesController {
    struct LeaveForm: Decodable { var _csrf: String?; var from: String?; var to: String?; var reason: String?; var destination: String?; var note: String? }

    /// The student's leave: ask for one, see each request's state (and what the gate saw), withdraw one not yet used.
    @Sendable func leavePage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        guard actor.kind == .student else { return Response(status: .seeOther, headers: [.location: "/leaves"]) }
        return try await renderLeave(actor: actor, context: context, form: nil, errors: [:])
    }

    func renderLeave(actor: Actor, context: SignedInPage, form: LeaveForm?, errors: [String: String],
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = context.language
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let now = services.clock.now()
        let mine = try await services.leaves.leaves(LeaveFilter(studentNo: actor.username), page: PageRequest(limit: 50), by: actor)
        let model = LeavePageModel(
            items: mine.items.map { leaveRow($0, time: time, lang: lang, now: now) }, hasItems: !mine.items.isEmpty,
            formFrom: form?.from ?? time.field(now.addingTimeInterval(3600)),
            formTo: form?.to ?? time.field(now.addingTimeInterval(6 * 3600)),
            formReason: form?.reason ?? "", formDestination: form?.destination ?? "",
            error_from: errors["from"], error_to: errors["to"], error_reason: errors["reason"], error_destination: errors["destination"],
            hasErrors: !errors.isEmpty)
        return renderer.render(model, title: "leave_title", context: context, status: status)
    }

    func leaveRow(_ l: Leave, time: PageTime, lang: Language, now: Date) -> LeaveRow {
        let t = renderer.strings
        var state = t.text("leave_status_\(l.status.rawValue)", lang)
        if l.awaitsSecondApproval { state = t.text("leave_awaits_second", lang) }
        return LeaveRow(
            id: l.id, studentNo: l.studentNo, name: l.studentName, from: time.dayAndClock(l.from), to: time.dayAndClock(l.to),
            reason: l.reason, destination: l.destination, state: state, pending: l.status == .pending,
            approved: l.status == .approved, refused: l.status == .refused, overdue: l.isOverdue(at: now),
            long: l.needsSecondApproval,
            cancellable: l.status == .pending || (l.status == .approved && l.departedAt == nil),
            note: l.note, departed: l.departedAt.map(time.dayAndClock), returned: l.returnedAt.map(time.dayAndClock))
    }

    @Sendable func requestLeaveForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(LeaveForm.self, request, context) { $0._csrf }
        let time = PageTime(timeZone: services.timeZone, language: context.language)
        var errors: [String: String] = [:]
        let from = time.parseField(form.from), to = time.parseField(form.to)
        do {
            _ = try await services.requestLeave(LeaveRequest(studentNo: actor.username, from: from, to: to, reason: form.reason ?? "",
                                                             destination: form.destination ?? ""), by: actor)
            return Response(status: .seeOther, headers: [.location: "/leave"])
        } catch let error as DomainError where error.kind == .invalid {
            for e in error.fieldErrors where errors[e.field] == nil { errors[e.field] = e.text(in: context.language) }
            return try await renderLeave(actor: actor, context: context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    @Sendable func cancelLeaveForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        _ = try await self.form(LeaveForm.self, request, context) { $0._csrf }
        _ = try await services.decideLeave(try context.parameters.require("id"), decision: .cancel, note: nil, by: actor)
        return Response(status: .seeOther, headers: [.location: actor.kind == .student ? "/leave" : "/leaves"])
    }

    /// Staff: leave waiting for me first, then the recent decisions of my students.
    @Sendable func leavesPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        guard actor.kind == .staff else { return Response(status: .seeOther, headers: [.location: "/leave"]) }
        return try await renderLeaves(actor: actor, context: context, error: nil)
    }

    func renderLeaves(actor: Actor, context: SignedInPage, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = context.language
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let now = services.clock.now()
        let pending = try await services.leaves.leaves(LeaveFilter(status: .pending), page: PageRequest(limit: 200), by: actor).items
        let recent = try await services.leaves.leaves(LeaveFilter(), page: PageRequest(limit: 100), by: actor).items.filter { $0.status != .pending }
        let model = LeavesPageModel(
            pending: pending.map { leaveRow($0, time: time, lang: lang, now: now) }, hasPending: !pending.isEmpty,
            decides: GatePermissions.mayDecideLeave(actor),
            pendingTitle: renderer.strings.text(GatePermissions.mayDecideLeave(actor) ? "leaves_pending" : "leaves_pending_others", lang),
            recent: recent.map { leaveRow($0, time: time, lang: lang, now: now) }, hasRecent: !recent.isEmpty, error: error)
        return renderer.render(model, title: "leaves_title", context: context, status: status)
    }

    @Sendable func decideLeaveForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(LeaveForm.self, request, context) { $0._csrf }
        let id = try context.parameters.require("id")
        do {
            _ = try await services.decideLeave(id, decision: try context.parameters.require("decision") == "refuse" ? .refuse : .approve, note: form.note, by: actor)
        } catch let error as DomainError where error.kind == .invalid || error.kind == .conflict || error.kind == .forbidden {
            let status: HTTPResponse.Status = switch error.kind {
            case .invalid: .unprocessableContent
            case .conflict: .conflict
            default: .forbidden
            }
            return try await renderLeaves(actor: actor, context: context, error: error.text(in: context.language), status: status)
        }
        return Response(status: .seeOther, headers: [.location: "/leaves"])
    }
}
