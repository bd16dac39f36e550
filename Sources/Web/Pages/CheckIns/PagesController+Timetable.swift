import CampusKit
import CheckIns
import Foundation
import Hummingbird

extension PagesController {
    struct TimetableForm: Decodable { var _csrf: String?; var opensAt: String?; var cutoff: String?; var reminders: String?; var reportDeadline: String? }

    /// The school's check-in timetable, for administrators and the student-affairs office.
    @Sendable func timetablePage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let policy = try await services.checkIns.policy(school: actor.school)
        return renderTimetable(actor: actor, context: context, values: [
            "opensAt": CheckInPolicy.clock(policy.opensAt), "cutoff": CheckInPolicy.clock(policy.cutoff),
            "reminders": policy.reminders.map(CheckInPolicy.clock).joined(separator: ", "), "reportDeadline": CheckInPolicy.clock(policy.reportDeadline),
        ], errors: [:], saved: request.uri.queryParameters["saved"] != nil)
    }

    func renderTimetable(actor: Actor, context: ShouhuContext, values: [String: String], errors: [String: String], saved: Bool,
                         status: HTTPResponse.Status = .ok) -> Response {
        guard actor.isAdmin || actor.roles.contains(.leader) else {
            return renderer.render("message", title: "forbidden_title",
                                   model: ["message": renderer.strings.text("timetable_forbidden", context.language)], context: context, status: .forbidden)
        }
        var model: [String: Any] = ["values": values, "errors": errors, "saved": saved]
        if !errors.isEmpty { model["hasErrors"] = true }
        return renderer.render("timetable", title: "timetable_title", model: model, context: context, status: status)
    }

    @Sendable func timetableForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let form = try await self.form(TimetableForm.self, request, context) { $0._csrf }
        let reminders = (form.reminders ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " }).map(String.init)
        let values = ["opensAt": form.opensAt ?? "", "cutoff": form.cutoff ?? "", "reminders": form.reminders ?? "", "reportDeadline": form.reportDeadline ?? ""]
        do {
            let policy = try CheckInPolicy.parse(opensAt: values["opensAt"]!, cutoff: values["cutoff"]!, reminders: reminders,
                                                 reportDeadline: values["reportDeadline"]!)
            try await services.checkIns.setPolicy(policy, by: actor)
        } catch let error as DomainError where error.kind == .invalid {
            var errors: [String: String] = [:]
            for e in error.fieldErrors { errors[e.field.hasPrefix("reminders") ? "reminders" : e.field, default: ""] += e.message + " " }
            return renderTimetable(actor: actor, context: context, values: values, errors: errors, saved: false, status: .unprocessableContent)
        } catch let error as DomainError where error.kind == .forbidden {
            return renderTimetable(actor: actor, context: context, values: values, errors: [:], saved: false)
        }
        return Response(status: .seeOther, headers: [.location: "/admin/checkins?saved=1"])
    }
}
