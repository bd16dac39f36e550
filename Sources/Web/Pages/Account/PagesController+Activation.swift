import Accounts
import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    /// Staff responsible for students print first credentials for a class, chosen among the classes of their students.
    @Sendable func activationPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderActivation(context, ActivationPageModel())
    }

    @Sendable func activationForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(ActivationForm.self, request, context) { $0._csrf }
        let lang = context.language
        let className = form.className?.trimmingCharacters(in: .whitespaces) ?? ""
        let classes = try await services.roster.classNames(by: context.actor)
        // An unknown class is refused here, before anything is issued or audited: a typo must not look like an empty class.
        guard classes.contains(className) else {
            let key = className.isEmpty ? "activation_need_class" : "activation_unknown_class"
            let error = renderer.strings.text(key, lang).replacingOccurrences(of: "{class}", with: className)
            return try await renderActivation(context, ActivationPageModel(error: error, className: className), classes: classes,
                                              status: .unprocessableContent)
        }
        let issued = try await services.issueActivationCodes(matching: StudentFilter(className: className), by: context.actor)
        let model = ActivationPageModel(className: className,
                                        issued: issued.map { .init(studentNo: $0.username, name: $0.displayName, code: $0.code) },
                                        hasIssued: !issued.isEmpty, none: issued.isEmpty)
        return try await renderActivation(context, model, classes: classes)
    }

    /// The page with the classes to choose from: a list when they are few, a field with suggestions when many.
    private func renderActivation(_ context: SignedInPage, _ model: ActivationPageModel, classes known: [String]? = nil,
                                  status: HTTPResponse.Status = .ok) async throws -> Response {
        var model = model
        let classes: [String]
        if let known { classes = known } else { classes = try await services.roster.classNames(by: context.actor) }
        model.classes = classes.map { .init(name: $0, selected: $0 == model.className) }
        model.hasClasses = !classes.isEmpty
        model.manyClasses = classes.count > ActivationPageModel.selectLimit
        return renderer.render(model, title: "activation_title", context: context, status: status)
    }
}
