import Accounts
import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    struct ActivationForm: Decodable { var _csrf: String?; var className: String? }
    /// An action on one account; `q` is the search the list was showing, to come back to.
    struct AccountActionForm: Decodable { var _csrf: String?; var q: String? }
    struct RolesForm: Decodable { var _csrf: String?; var roles: [String]?; var q: String? }

    /// Administrators: the accounts matching `q` (name, staff or student number), with unlock and password reset.
    @Sendable func accountsPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderAccounts(context.actor, context: context, query: request.uri.queryParameters["q"].map(String.init), reset: nil)
    }

    func renderAccounts(_ actor: Actor, context: SignedInPage, query: String?, reset: AccountsPageModel.Reset?) async throws -> Response {
        guard AccountPermissions.mayAdminister(actor) else { throw PageFailure.forbidden("accounts_forbidden") }
        let (t, lang) = (renderer.strings, context.language)
        let query = query?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let found = try await services.accounts.accounts(containing: query, limit: AccountsPageModel.limit, by: actor)
        let people = try await services.roster.people(numbered: found.accounts.map(\.username), by: actor)
        let rows = found.accounts.map { account in
            let grants = AccountService.grantableRoles.sorted { $0.rawValue < $1.rawValue }.map { role in
                AccountsPageModel.Grant(role: role.rawValue, label: t.text("role_\(role.rawValue)", lang),
                                        on: account.grantedRoles.contains(role))
            }
            let duties = people[account.username].map { person in person.duties.map { dutyText($0, lang) } } ?? []
            return AccountsPageModel.Row(
                username: account.username, displayName: account.displayName, kind: t.text("kind_\(account.kind.rawValue)", lang),
                locked: account.locked, twoFactor: account.twoFactor, mustChange: account.mustChangePassword,
                hasPassword: account.hasPassword, isStaff: account.kind == .staff, duties: duties, hasDuties: !duties.isEmpty,
                grants: grants, encoded: Self.encode(account.username))
        }
        let shown = t.text("accounts_shown", lang).replacingOccurrences(of: "{shown}", with: String(rows.count))
            .replacingOccurrences(of: "{total}", with: String(found.total))
        let model = AccountsPageModel(rows: rows, reset: reset, query: query, searched: !query.isEmpty, shown: shown,
                                      capped: found.total > rows.count, hasRows: !rows.isEmpty)
        return renderer.render(model, title: "accounts_title", context: context)
    }

    /// A roster role as people read it: its name and, for a unit-bound role, the units it covers.
    func dutyText(_ duty: RosterPerson.Duty, _ lang: Language) -> String {
        let t = renderer.strings
        let role = t.text("role_\(duty.role.rawValue)", lang)
        guard !duty.units.isEmpty else { return role }
        return t.text("accounts_duty", lang).replacingOccurrences(of: "{role}", with: role)
            .replacingOccurrences(of: "{units}", with: t.list(duty.units.map { Self.unitLabel($0.level, $0.key, t: t, lang: lang) }, lang))
    }

    /// Where an action on an account comes back to: the list as it was searched.
    private static func accountsList(_ query: String?) -> String {
        guard let query = query?.trimmingCharacters(in: .whitespacesAndNewlines), !query.isEmpty else { return "/admin/accounts" }
        return "/admin/accounts?q=" + encode(query)
    }

    @Sendable func rolesForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(RolesForm.self, request, context) { $0._csrf }
        let roles = Set((form.roles ?? []).compactMap(Role.init(rawValue:)))
        try await services.accounts.grantRoles(roles, to: try context.parameters.require("username"), by: context.actor)
        return Response(status: .seeOther, headers: [.location: Self.accountsList(form.q)])
    }

    @Sendable func unlockForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(AccountActionForm.self, request, context) { $0._csrf }
        let username = try context.parameters.require("username")
        try await services.accounts.unlock(username: username, by: context.actor)
        return Response(status: .seeOther, headers: [.location: Self.accountsList(form.q)])
    }

    @Sendable func resetForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(AccountActionForm.self, request, context) { $0._csrf }
        let credential = try await services.accounts.resetPassword(username: try context.parameters.require("username"), by: context.actor)
        return try await renderAccounts(context.actor, context: context, query: form.q,
                                        reset: .init(username: credential.username, code: credential.code))
    }
}
