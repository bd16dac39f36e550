import Accounts
import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    struct ActivationForm: Decodable { var _csrf: String?; var className: String? }

    /// Administrators: every account, with unlock and password reset.
    @Sendable func accountsPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        return try await renderAccounts(actor, context: context, extra: [:])
    }

    func renderAccounts(_ actor: Actor, context: ShouhuContext, extra: [String: Any]) async throws -> Response {
        guard actor.isAdmin else {
            return renderer.render("message", title: "forbidden_title",
                                   model: ["message": renderer.strings.text("accounts_forbidden", context.language)],
                                   context: context, status: .forbidden)
        }
        let t = renderer.strings
        let rows: [[String: Any]] = try await services.accounts.accounts(by: actor).map { account in
            let grants: [[String: Any]] = AccountService.grantableRoles.sorted { $0.rawValue < $1.rawValue }.map { role in
                ["role": role.rawValue, "label": t.text("role_\(role.rawValue)", context.language), "on": account.grantedRoles.contains(role)]
            }
            return ["username": account.username, "displayName": account.displayName, "kind": t.text("kind_\(account.kind.rawValue)", context.language),
                    "locked": account.locked, "twoFactor": account.twoFactor, "mustChange": account.mustChangePassword,
                    "hasPassword": account.hasPassword, "isStaff": account.kind == .staff, "grants": grants,
                    "encoded": account.username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? account.username]
        }
        var model: [String: Any] = ["rows": rows]
        model.merge(extra) { _, new in new }
        return renderer.render("accounts", title: "accounts_title", model: model, context: context)
    }

    struct RolesForm: Decodable { var _csrf: String?; var roles: [String]? }

    @Sendable func rolesForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let form = try await form(RolesForm.self, request, context) { $0._csrf }
        let roles = Set((form.roles ?? []).compactMap(Role.init(rawValue:)))
        try await services.accounts.grantRoles(roles, to: try context.parameters.require("username"), by: actor)
        return Response(status: .seeOther, headers: [.location: "/admin/accounts"])
    }

    @Sendable func unlockForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        let username = try context.parameters.require("username")
        try await services.accounts.unlock(username: username, by: actor)
        return Response(status: .seeOther, headers: [.location: "/admin/accounts"])
    }

    @Sendable func resetForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        let credential = try await services.accounts.resetPassword(username: try context.parameters.require("username"), by: actor)
        return try await renderAccounts(actor, context: context, extra: ["reset": ["username": credential.username, "code": credential.code]])
    }

    /// Staff responsible for students print first credentials for a class.
    @Sendable func activationPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard context.actor != nil else { return Self.signInRedirect(request) }
        return renderer.render("activation", title: "activation_title", model: [:], context: context)
    }

    @Sendable func activationForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let form = try await form(ActivationForm.self, request, context) { $0._csrf }
        let className = form.className?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !className.isEmpty else {
            return renderer.render("activation", title: "activation_title",
                                   model: ["error": renderer.strings.text("activation_need_class", context.language)],
                                   context: context, status: .unprocessableContent)
        }
        let issued = try await services.issueActivationCodes(StudentFilter(className: className), actor)
        return renderer.render("activation", title: "activation_title",
                               model: ["className": className, "issued": issued.map { ["studentNo": $0.username, "name": $0.displayName, "code": $0.code] },
                                       "hasIssued": !issued.isEmpty, "none": issued.isEmpty],
                               context: context)
    }
}
