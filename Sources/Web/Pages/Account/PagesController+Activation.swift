import Accounts
import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    /// Staff responsible for students print first credentials for a class.
    @Sendable func activationPage(_ request: Request, context: SignedInPage) async throws -> Response {
        renderer.render(ActivationPageModel(), title: "activation_title", context: context)
    }

    @Sendable func activationForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(ActivationForm.self, request, context) { $0._csrf }
        let className = form.className?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !className.isEmpty else {
            return renderer.render(ActivationPageModel(error: renderer.strings.text("activation_need_class", context.language)),
                                   title: "activation_title", context: context, status: .unprocessableContent)
        }
        let issued = try await services.issueActivationCodes(matching: StudentFilter(className: className), by: context.actor)
        let model = ActivationPageModel(className: className,
                                        issued: issued.map { .init(studentNo: $0.username, name: $0.displayName, code: $0.code) },
                                        hasIssued: !issued.isEmpty, none: issued.isEmpty)
        return renderer.render(model, title: "activation_title", context: context)
    }
}
