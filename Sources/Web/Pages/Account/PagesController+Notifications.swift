import CampusKit
import CheckIns
import Foundation
import Hummingbird
import Notifications

/// The account page's "通知方式": an e-mail address, the kinds not to e-mail (urgent ones always are), quiet hours.
struct NotifySection: Sendable {
    struct Kind: Sendable { var value: String; var label: String; var off: Bool }
    struct Choice: Sendable { var value: String; var label: String; var selected: Bool }
    var email: String
    /// The language e-mails are written in.
    var languages: [Choice]
    var kinds: [Kind]
    var quietFrom: String
    var quietTo: String
    var errors: [String] = []
    var hasErrors = false
    var saved = false
}

extension PagesController {
    struct NotifyForm: Decodable {
        var _csrf: String?; var email: String?; var off: [String]?; var quietFrom: String?; var quietTo: String?; var language: String?
    }

    /// The section as `settings` say, in the reader's language.
    func notifySection(_ settings: NotificationSettings, context: SignedInPage) -> NotifySection {
        let t = renderer.strings
        func clock(_ m: Int?) -> String { m.map(CheckInPolicy.clock) ?? "" }
        return NotifySection(
            email: settings.email ?? "",
            languages: Language.allCases.map {
                .init(value: $0.rawValue, label: t.text("language_\($0 == .zhCN ? "zh" : "en")", context.language), selected: settings.language == $0.rawValue)
            },
            kinds: InboxMessage.Kind.allCases.filter { !$0.isUrgent }.map {
                .init(value: $0.rawValue, label: t.text("notify_kind_\($0.rawValue)", context.language), off: settings.emailOff.contains($0))
            },
            quietFrom: clock(settings.quietFrom), quietTo: clock(settings.quietTo))
    }

    @Sendable func notificationSettingsForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(NotifyForm.self, request, context) { $0._csrf }
        func minutes(_ text: String?) -> Int?? {
            let s = (text ?? "").trimmingCharacters(in: .whitespaces)
            if s.isEmpty { return .some(nil) }
            // The timetable's `HH:MM`, full-width digits and colon (a Chinese keyboard's) read as half-width.
            return CheckInPolicy.minutes(s.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? s).map { .some($0) } ?? nil
        }
        let wanted = NotificationSettings(username: actor.username, email: form.email,
                                          emailOff: Set((form.off ?? []).compactMap(InboxMessage.Kind.init(rawValue:))),
                                          quietFrom: minutes(form.quietFrom) ?? -1, quietTo: minutes(form.quietTo) ?? -1,
                                          language: form.language ?? context.language.rawValue)
        do {
            _ = try await services.notifications.saveSettings(wanted, by: actor)
            return Response(status: .seeOther, headers: [.location: "/account?notify=saved#notify"])
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderAccount(actor, context: context, status: .unprocessableContent) {
                var section = notifySection(wanted, context: context)
                section.email = form.email ?? ""
                section.quietFrom = form.quietFrom ?? ""
                section.quietTo = form.quietTo ?? ""
                section.errors = error.fieldErrors.map { $0.text(in: context.language) }
                section.hasErrors = true
                $0.notify = section
            }
        }
    }
}
