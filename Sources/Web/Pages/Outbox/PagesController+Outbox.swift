import CampusKit
import Foundation
import Hummingbird
import Notifications
import Reports

extension PagesController {
    struct WebhookForm: Decodable {
        var _csrf: String?; var name: String?; var url: String?; var format: String?; var unit: String?; var kinds: [String]?; var language: String?
    }
    struct OutboxActionForm: Decodable { var _csrf: String? }

    @Sendable func outboxPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let notice = request.uri.queryParameters["done"].flatMap { ["added", "removed", "resent"].contains(String($0)) ? "outbox_done_\($0)" : nil }
        return try await renderOutbox(context, notice: notice)
    }

    /// The page; `draft` and `errors` when an added group was refused.
    func renderOutbox(_ context: SignedInPage, draft: WebhookTarget? = nil, errors: [String] = [], notice: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.actor
        guard OutboxAdministration.mayManage(actor) else { throw PageFailure.forbidden("outbox_forbidden") }
        let (t, lang) = (renderer.strings, context.language)
        let targets = try await services.outboxAdmin.webhooks(by: actor)
        let dead = try await services.outboxAdmin.deliveries(.dead, by: actor, limit: 200)
        let pending = try await services.outboxAdmin.deliveries(.pending, by: actor, limit: 1000).count
        let today = CampusDay(services.site.clock.now(), in: services.timeZone)
        let units = try await services.reports.schoolReport(on: today, deadlineMinutes: 24 * 60, by: actor).lines.map(\.unit)
        func unitName(_ key: String?) -> String { key ?? t.text("outbox_whole_school", lang) }
        func kindName(_ k: InboxMessage.Kind) -> String { t.text("outbox_kind_\(k.rawValue)", lang) }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let texts = NoticeTexts(catalog: t)
        let wanted = draft ?? WebhookTarget(id: "", name: "", url: "", format: .wecom, language: lang.rawValue)
        let model = OutboxPageModel(
            targets: targets.map {
                .init(id: $0.id, name: $0.name, url: WebhookTarget.shown($0.url), format: t.text("outbox_format_\($0.format.rawValue)", lang),
                      unit: unitName($0.unit), kinds: $0.kinds.sorted { $0.rawValue < $1.rawValue }.map(kindName).joined(separator: "、"),
                      language: t.text($0.language == "en" ? "language_en" : "language_zh", lang))
            },
            hasTargets: !targets.isEmpty,
            formats: WebhookFormat.allCases.map { .init(value: $0.rawValue, label: t.text("outbox_format_\($0.rawValue)", lang), selected: $0 == wanted.format) },
            units: [.init(value: "", label: unitName(nil), selected: wanted.unit == nil)] + units.map {
                .init(value: $0.key, label: t.text("outbox_level_\($0.level.rawValue)", lang) + " " + $0.key, selected: wanted.unit == $0.key)
            },
            kinds: InboxMessage.Kind.allCases.map { .init(value: $0.rawValue, label: kindName($0), selected: wanted.kinds.contains($0)) },
            languages: Language.allCases.map {
                .init(value: $0.rawValue, label: t.text($0 == .zhCN ? "language_zh" : "language_en", lang), selected: wanted.language == $0.rawValue)
            },
            name: wanted.name, url: wanted.url, errors: errors, hasErrors: !errors.isEmpty,
            dead: dead.map { d in
                .init(id: d.id, at: time.dayAndClock(d.createdAt), channel: t.text("outbox_channel_\(d.channel.rawValue)", lang),
                      recipient: d.channel == .webhook ? (targets.first { $0.recipient == d.recipient }?.name ?? WebhookTarget.shown(d.address)) : d.recipient,
                      subject: texts.words(of: d).subject, attempts: d.attempts, error: d.lastError ?? "")
            },
            hasDead: !dead.isEmpty, pending: pending, notice: notice.map { t.text($0, lang) })
        var response = renderer.render(model, title: "outbox_title", context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func addWebhookForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(WebhookForm.self, request, context) { $0._csrf }
        let draft = WebhookTarget(id: "", name: form.name ?? "", url: form.url ?? "", format: WebhookFormat(rawValue: form.format ?? "") ?? .json,
                                  unit: form.unit, kinds: Set((form.kinds ?? []).compactMap(InboxMessage.Kind.init(rawValue:))),
                                  language: form.language ?? context.language.rawValue)
        do {
            _ = try await services.outboxAdmin.addWebhook(draft, by: context.actor)
            return Response(status: .seeOther, headers: [.location: "/admin/outbox?done=added"])
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderOutbox(context, draft: draft, errors: error.fieldErrors.map { $0.text(in: context.language) }, status: .unprocessableContent)
        }
    }

    @Sendable func removeWebhookForm(_ request: Request, context: SignedInPage) async throws -> Response {
        _ = try await form(OutboxActionForm.self, request, context) { $0._csrf }
        try await services.outboxAdmin.removeWebhook(try context.parameters.require("id"), by: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/outbox?done=removed"])
    }

    @Sendable func resendForm(_ request: Request, context: SignedInPage) async throws -> Response {
        _ = try await form(OutboxActionForm.self, request, context) { $0._csrf }
        try await services.outboxAdmin.resend(try context.parameters.require("id"), by: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/outbox?done=resent"])
    }
}
