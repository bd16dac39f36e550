import Accounts
import CampusKit
import Foundation
import Hummingbird
import Notifications

extension PagesController {
    struct PasswordForm: Decodable { var _csrf: String?; var currentPassword: String?; var newPassword: String?; var confirmPassword: String? }
    struct CodeForm: Decodable { var _csrf: String?; var code: String? }
    /// Two-factor enrolment; `currentPassword` is asked for when two-factor sign-in is already on.
    struct TwoFactorForm: Decodable { var _csrf: String?; var code: String?; var currentPassword: String? }

    /// My account: change the password, enrol two-factor sign-in. Also where restricted sessions land.
    @Sendable func accountPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let changed = request.uri.queryParameters["changed"] != nil
        return try await renderAccount(actor, context: context) {
            $0.changed = changed
            $0.notify?.saved = request.uri.queryParameters["notify"] == "saved"
            $0.home = Menu(renderer.menuEntries, reader: actor, path: "/account") { $0 }.home ?? "/"
        }
    }

    /// The page for `actor`; `adjust` adds what a form's answer shows (errors, a new secret, recovery codes).
    func renderAccount(_ actor: Actor, context: SignedInPage, status: HTTPResponse.Status = .ok,
                       adjust: (inout AccountPageModel) -> Void = { _ in }) async throws -> Response {
        var model = AccountPageModel(
            username: actor.username, displayName: actor.displayName,
            mustChange: actor.restrictions.contains(.mustChangePassword),
            mustEnrol: actor.restrictions.contains(.mustEnrolTwoFactor),
            twoFactor: try await services.accounts.hasTwoFactor(actor),
            initialCredential: try await services.accounts.holdsInitialCredential(actor),
            isStaff: actor.kind == .staff,
            policyHint: renderer.strings.text("account_policy_\(services.accounts.passwordPolicy.profile.rawValue)", context.language))
        model.notify = notifySection(try await services.notifications.settings(of: actor), context: context)
        adjust(&model)
        return renderer.render(model, title: "account_title", context: context, status: status)
    }

    @Sendable func changePasswordForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await form(PasswordForm.self, request, context) { $0._csrf }
        guard form.newPassword == form.confirmPassword else {
            return try await renderAccount(actor, context: context, status: .unprocessableContent) {
                $0.passwordErrors = [renderer.strings.text("account_mismatch", context.language)]
            }
        }
        do {
            try await services.accounts.changePassword(current: form.currentPassword ?? "", new: form.newPassword ?? "", by: actor,
                                                       keepingSession: context.token)
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderAccount(actor, context: context, status: .unprocessableContent) {
                $0.passwordErrors = error.fieldErrors.map { $0.text(in: context.language) }
            }
        }
        return Response(status: .seeOther, headers: [.location: "/account?changed=1"])
    }

    @Sendable func beginTwoFactorForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await form(TwoFactorForm.self, request, context) { $0._csrf }
        let secret: String, uri: String
        do {
            (secret, uri) = try await services.accounts.beginTwoFactor(by: actor, issuer: services.site.schoolName, password: form.currentPassword)
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderAccount(actor, context: context, status: .unprocessableContent) { $0.codeError = error.text(in: context.language) }
        }
        let grouped = stride(from: 0, to: secret.count, by: 4).map { i -> String in
            let start = secret.index(secret.startIndex, offsetBy: i)
            return String(secret[start..<secret.index(start, offsetBy: min(4, secret.count - i))])
        }.joined(separator: " ")
        return try await renderAccount(actor, context: context) {
            $0.pendingSecret = grouped
            $0.pendingURI = uri
        }
    }

    @Sendable func confirmTwoFactorForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await form(TwoFactorForm.self, request, context) { $0._csrf }
        do {
            let codes = try await services.accounts.confirmTwoFactor(code: form.code ?? "", by: actor, password: form.currentPassword)
            var refreshed = actor
            refreshed.restrictions.remove(.mustEnrolTwoFactor)
            return try await renderAccount(refreshed, context: context) {
                $0.recoveryCodes = codes
                $0.hasRecoveryCodes = true
                $0.twoFactor = true
                $0.mustEnrol = false
            }
        } catch let error as DomainError where error.kind == .invalid || error.kind == .conflict {
            return try await renderAccount(actor, context: context, status: .unprocessableContent) { $0.codeError = error.text(in: context.language) }
        }
    }
}
