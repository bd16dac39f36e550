import Accounts
import CampusKit
import Foundation
import Hummingbird

extension PagesController {
    struct TokenForm: Decodable { var _csrf: String?; var name: String?; var scopes: [String]? }

    /// Administrators: the integration tokens (gates, labs, scripts) with a revoke button, and a form to create one.
    @Sendable func tokensPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderTokens(context.actor, context: context)
    }

    /// The page; a new token's secret (`created`) is shown this once, so the answer is never stored by a cache.
    func renderTokens(_ actor: Actor, context: SignedInPage, created: TokensPageModel.Created? = nil, errors: [String]? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        guard AccountPermissions.mayAdminister(actor) else { throw PageFailure.forbidden("tokens_forbidden") }
        let when = Date.FormatStyle(date: .numeric, time: .shortened, locale: Locale(identifier: context.language == .zhCN ? "zh_CN" : "en_GB"),
                                    timeZone: services.timeZone)
        let rows = try await services.accounts.integrationTokens(by: actor).map { token in
            TokensPageModel.Row(id: token.id, name: token.name, scopes: token.scopes.sorted().map { Self.scopeName($0, t: renderer.strings, lang: context.language) }.joined(separator: "、"),
                                createdAt: token.createdAt.map { $0.formatted(when) } ?? "", createdBy: token.createdBy ?? "",
                                revoked: token.revokedAt != nil, revokedAt: token.revokedAt.map { $0.formatted(when) } ?? "")
        }
        let model = TokensPageModel(rows: rows, hasRows: !rows.isEmpty, scopes: IntegrationToken.knownScopes.sorted().map { .init(scope: $0, label: Self.scopeName($0, t: renderer.strings, lang: context.language)) },
                                    created: created, errors: errors)
        var response = renderer.render(model, title: "tokens_title", context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func createTokenForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await form(TokenForm.self, request, context) { $0._csrf }
        let name = form.name?.trimmingCharacters(in: .whitespaces) ?? ""
        let scopes = form.scopes ?? []
        do {
            let secret = try await services.accounts.createIntegrationToken(name: name, scopes: scopes, by: context.actor)
            return try await renderTokens(context.actor, context: context, created: .init(name: name, token: secret))
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderTokens(context.actor, context: context, errors: error.fieldErrors.map { $0.text(in: context.language) }, status: .unprocessableContent)
        }
    }

    @Sendable func revokeTokenForm(_ request: Request, context: SignedInPage) async throws -> Response {
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        try await services.accounts.revokeIntegrationToken(id: try context.parameters.require("id"), by: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/tokens"])
    }

    /// What a token scope lets an integration do, in the reader's words.
    static func scopeName(_ scope: String, t: StringCatalog, lang: Language) -> String {
        t.table(lang)["token_scope_" + scope.replacingOccurrences(of: ":", with: "_")] ?? scope
    }
}
