import CampusKit
import CheckIns
import Foundation
import Hummingbird

extension PagesController {
    /// The form as the browser sends it; everything is text so a wrong value can be shown back as typed.
    struct CheckInForm: Decodable {
        var _csrf: String?
        var temperature: String?
        var symptoms: [String]?
        var onCampus: String?
        var city: String?
        var healthCode: String?
        var riskContact: String?
        var remark: String?
        /// When the page was shown (ms since 1970), to tell a person's pace from a script's.
        var shownAt: String?
    }

    /// A student's one screen: today's status at the top, the form, "same as yesterday", the last two weeks.
    @Sendable func checkInPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        guard actor.kind == .student else { return Response(status: .seeOther, headers: [.location: "/dashboard"]) }
        return try await renderCheckIn(actor, context: context, form: nil, errors: [:],
                                       submitted: request.uri.queryParameters["done"] != nil)
    }

    @Sendable func submitCheckInForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        guard actor.kind == .student else { return Response(status: .seeOther, headers: [.location: "/dashboard"]) }
        let form = try await self.form(CheckInForm.self, request, context) { $0._csrf }
        let t = renderer.strings
        guard let temperature = TemperatureText.parse(form.temperature ?? "") else {
            return try await renderCheckIn(actor, context: context, form: form,
                                           errors: ["temperature": t.text("checkin_error_temperature", context.language)], status: .unprocessableContent)
        }
        let submission = Submission(studentNo: actor.username, temperature: temperature, symptoms: form.symptoms ?? [],
                                    onCampus: form.onCampus != "no", city: form.city, healthCode: form.healthCode ?? "green",
                                    riskContact: form.riskContact == "yes", remark: form.remark)
        let shownAt = form.shownAt.flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
        let seconds = shownAt.map { services.clock.now().timeIntervalSince($0) }.flatMap { $0 >= 0 && $0 < 86_400 ? $0 : nil }
        let client = ClientInfo(address: RequestActor.ip ?? context.remoteIP, userAgent: request.headers[.userAgent], formSeconds: seconds)
        do {
            _ = try await services.checkIns.submit(submission, by: actor, client: client, viaPage: true)
        } catch let error as DomainError where error.kind == .invalid {
            var errors: [String: String] = [:]
            for e in error.fieldErrors {
                let field = e.field.hasPrefix("symptoms") ? "symptoms" : e.field
                errors[field] = t.text("checkin_error_\(field)", context.language)
            }
            return try await renderCheckIn(actor, context: context, form: form, errors: errors, status: .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/checkin?done=1"])
    }

    func renderCheckIn(_ actor: Actor, context: SignedInPage, form: CheckInForm?, errors: [String: String], submitted: Bool = false,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.strings
        let lang = context.language
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let (today, policy) = try await services.checkIns.status(of: actor.username, by: actor)
        let history = try await services.checkIns.history(of: actor.username, days: 14, by: actor)
        let previous = history.first { $0.counted && $0.day < services.checkIns.today }
        let cutoff = CheckInPolicy.clock(policy.cutoff)
        var model = CheckInPageModel(
            cutoff: cutoff, window: "\(CheckInPolicy.clock(policy.opensAt))–\(cutoff)",
            shownAt: String(Int(services.clock.now().timeIntervalSince1970 * 1000)),
            submitted: submitted, errors: errors, hasErrors: !errors.isEmpty)
        // The summary at the top lists the errors in the form's order, each linking to its field.
        model.errorList = ["temperature", "symptoms", "city", "healthCode", "remark", "studentNo"].compactMap { field in
            errors[field].map { .init(field: field == "studentNo" ? "checkin-form" : field, message: $0) }
        }
        if let today {
            model.done = true
            model.doneAt = time.clock(today.submittedAt)
            model.doneLate = today.late
            model.doneAbnormal = today.abnormal
        } else {
            model.pastCutoff = policy.isLate(services.clock.now(), in: services.timeZone)
        }
        // What the form shows: what was just typed, or else today's answers (to change them), or else the last
        // answers, or else the usual ones.
        let base = today?.answers ?? previous?.answers
        let chosenSymptoms = Set(form?.symptoms ?? base?.symptoms.map(\.rawValue) ?? [])
        let onCampus = form.map { $0.onCampus != "no" } ?? base?.onCampus ?? true
        let code = form?.healthCode ?? base?.healthCode.rawValue ?? "green"
        let risk = form.map { $0.riskContact == "yes" } ?? base?.riskContact ?? false
        model.temperature = form?.temperature ?? today.map { String(format: "%.1f", $0.answers.temperature) } ?? ""
        model.city = form?.city ?? base?.city ?? ""
        model.remark = form?.remark ?? today?.answers.remark ?? ""
        model.onCampus = onCampus
        model.offCampus = !onCampus
        model.risk = risk
        model.noRisk = !risk
        model.symptoms = Symptom.allCases.map { s in
            .init(value: s.rawValue, label: t.text("symptom_\(s.rawValue)", lang), checked: chosenSymptoms.contains(s.rawValue))
        }
        model.codes = HealthCode.allCases.map { c in
            .init(value: c.rawValue, label: t.text("code_\(c.rawValue)", lang), checked: c.rawValue == code)
        }
        if let previous, today == nil {
            let a = previous.answers
            model.same = .init(temperature: String(format: "%.1f", a.temperature), symptoms: a.symptoms.map(\.rawValue),
                               onCampus: a.onCampus ? "yes" : "no", city: a.city ?? "", healthCode: a.healthCode.rawValue,
                               riskContact: a.riskContact ? "yes" : "no", summary: Self.answerSummary(a, t: t, lang: lang))
        }
        model.history = history.map { c in
            .init(when: time.dayAndClock(c.submittedAt), summary: Self.answerSummary(c.answers, t: t, lang: lang),
                  abnormal: c.abnormal, late: c.late, replaced: !c.counted)
        }
        model.hasHistory = !history.isEmpty
        return renderer.render(model, title: "checkin_title", context: context, status: status)
    }

    /// `36.5℃ · 在校 · 绿码` plus symptoms and risk contact when present.
    static func answerSummary(_ a: Answers, t: StringCatalog, lang: Language) -> String {
        var parts = [String(format: "%.1f℃", a.temperature)]
        parts.append(a.onCampus ? t.text("checkin_on_campus", lang) : (a.city ?? t.text("checkin_off_campus", lang)))
        parts.append(t.text("code_\(a.healthCode.rawValue)", lang))
        if !a.symptoms.isEmpty { parts.append(a.symptoms.map { t.text("symptom_\($0.rawValue)", lang) }.joined(separator: "、")) }
        if a.riskContact { parts.append(t.text("checkin_risk_yes", lang)) }
        return parts.joined(separator: " · ")
    }
}
