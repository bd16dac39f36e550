import Accounts
import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    struct ActivationForm: Decodable { var _csrf: String?; var className: String? }

    /// Administrators: every account, with unlock and password reset.
    @Sendable func accountsPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderAccounts(context.actor, context: context, reset: nil)
    }

    func renderAccounts(_ actor: Actor, context: SignedInPage, reset: AccountsPageModel.Reset?) async throws -> Response {
        guard AccountPermissions.mayAdminister(actor) else { throw PageFailure.forbidden("accounts_forbidden") }
        let t = renderer.strings
        let rows = try await services.accounts.accounts(by: actor).map { account in
            let grants = AccountService.grantableRoles.sorted { $0.rawValue < $1.rawValue }.map { role in
                AccountsPageModel.Grant(role: role.rawValue, label: t.text("role_\(role.rawValue)", context.language),
                                        on: account.grantedRoles.contains(role))
            }
            return AccountsPageModel.Row(
                username: account.username, displayName: account.displayName, kind: t.text("kind_\(account.kind.rawValue)", context.language),
                locked: account.locked, twoFactor: account.twoFactor, mustChange: account.mustChangePassword,
                hasPassword: account.hasPassword, isStaff: account.kind == .staff, grants: grants,
                encoded: account.username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? account.username)
        }
        return renderer.render(AccountsPageModel(rows: rows, reset: reset), title: "accounts_title", context: context)
    }

    struct RolesForm: Decodable { var _csrf: String?; var roles: [String]? }

    @Sendable func rolesForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(RolesForm.self, request, context) { $0._csrf }
        let roles = Set((form.roles ?? []).compactMap(Role.init(rawValue:)))
        try await services.accounts.grantRoles(roles, to: try context.parameters.require("username"), by: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/accounts"])
    }

    @Sendable func unlockForm(_ request: Request, context: SignedInPage) async throws -> Response {
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        let username = try context.parameters.require("username")
        try await services.accounts.unlock(username: username, by: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/accounts"])
    }

    @Sendable func resetForm(_ request: Request, context: SignedInPage) async throws -> Response {
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        let credential = try await services.accounts.resetPassword(username: try context.parameters.require("username"), by: context.actor)
        return try await renderAccounts(context.actor, context: context, reset: .init(username: credential.username, code: credential.code))
    }

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
