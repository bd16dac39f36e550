import CampusKit
import CheckIns
import Foundation
import Hummingbird

extension PagesController {
    struct TimetableForm: Decodable { var _csrf: String?; var opensAt: String?; var cutoff: String?; var reminders: String?; var reportDeadline: String? }

    /// The school's check-in timetable, for administrators and the student-affairs office.
    @Sendable func timetablePage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let policy = try await services.checkIns.policy(school: actor.school)
        return try renderTimetable(actor: actor, context: context, values: [
            "opensAt": CheckInPolicy.clock(policy.opensAt), "cutoff": CheckInPolicy.clock(policy.cutoff),
            "reminders": policy.reminders.map(CheckInPolicy.clock).joined(separator: ", "), "reportDeadline": CheckInPolicy.clock(policy.reportDeadline),
        ], errors: [:], saved: request.uri.queryParameters["saved"] != nil)
    }

    func renderTimetable(actor: Actor, context: SignedInPage, values: [String: String], errors: [String: String], saved: Bool,
                         status: HTTPResponse.Status = .ok) throws -> Response {
        guard CheckInPermissions.mayEditTimetable(actor) else { throw PageFailure.forbidden("timetable_forbidden") }
        let model = TimetablePageModel(values: values, errors: errors, hasErrors: !errors.isEmpty, saved: saved)
        return renderer.render(model, title: "timetable_title", context: context, status: status)
    }

    @Sendable func timetableForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(TimetableForm.self, request, context) { $0._csrf }
        let reminders = (form.reminders ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " }).map(String.init)
        let values = ["opensAt": form.opensAt ?? "", "cutoff": form.cutoff ?? "", "reminders": form.reminders ?? "", "reportDeadline": form.reportDeadline ?? ""]
        do {
            let policy = try CheckInPolicy.parse(opensAt: values["opensAt"]!, cutoff: values["cutoff"]!, reminders: reminders,
                                                 reportDeadline: values["reportDeadline"]!)
            try await services.checkIns.setPolicy(policy, by: actor)
        } catch let error as DomainError where error.kind == .invalid {
            var errors: [String: String] = [:]
            for e in error.fieldErrors { errors[e.field.hasPrefix("reminders") ? "reminders" : e.field, default: ""] += e.text(in: context.language) + " " }
            return try renderTimetable(actor: actor, context: context, values: values, errors: errors, saved: false, status: .unprocessableContent)
        } catch let error as DomainError where error.kind == .forbidden {
            return try renderTimetable(actor: actor, context: context, values: values, errors: [:], saved: false)
        }
        return Response(status: .seeOther, headers: [.location: "/admin/checkins?saved=1"])
    }
}
