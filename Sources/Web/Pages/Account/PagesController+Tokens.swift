import Accounts
import CampusKit
import Foundation
import Hummingbird

extension PagesController {
    struct TokenForm: Decodable { var _csrf: String?; var name: String?; var scopes: [String]? }

    /// Administrators: the integration tokens (gates, labs, scripts) with a revoke button, and a form to create one.
    @Sendable func tokensPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        return try await renderTokens(actor, context: context, extra: [:])
    }

    /// The page; a new token's secret (in `extra`) is shown this once, so the answer is never stored by a cache.
    func renderTokens(_ actor: Actor, context: ShouhuContext, extra: [String: Any],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        guard actor.isAdmin else {
            return renderer.render("message", title: "forbidden_title",
                                   model: ["message": renderer.strings.text("tokens_forbidden", context.language)],
                                   context: context, status: .forbidden)
        }
        let when = Date.FormatStyle(date: .numeric, time: .shortened, locale: Locale(identifier: context.language == .zhCN ? "zh_CN" : "en_GB"),
                                    timeZone: services.timeZone)
        let rows: [[String: Any]] = try await services.accounts.integrationTokens(by: actor).map { token in
            ["id": token.id, "name": token.name, "scopes": token.scopes.sorted().joined(separator: ", "),
             "createdAt": token.createdAt.map { $0.formatted(when) } ?? "", "createdBy": token.createdBy ?? "",
             "revoked": token.revokedAt != nil, "revokedAt": token.revokedAt.map { $0.formatted(when) } ?? ""]
        }
        let scopes: [[String: Any]] = IntegrationToken.knownScopes.sorted().map { ["scope": $0] }
        var model: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty, "scopes": scopes]
        model.merge(extra) { _, new in new }
        var response = renderer.render("tokens", title: "tokens_title", model: model, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func createTokenForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let form = try await form(TokenForm.self, request, context) { $0._csrf }
        let name = form.name?.trimmingCharacters(in: .whitespaces) ?? ""
        let scopes = form.scopes ?? []
        do {
            let secret = try await services.accounts.createIntegrationToken(name: name, scopes: scopes, by: actor)
            return try await renderTokens(actor, context: context, extra: ["created": ["name": name, "token": secret]])
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderTokens(actor, context: context, extra: ["errors": error.fieldErrors.map(\.message)],
                                          status: .unprocessableContent)
        }
    }

    @Sendable func revokeTokenForm(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        try await services.accounts.revokeIntegrationToken(id: try context.parameters.require("id"), by: actor)
        return Response(status: .seeOther, headers: [.location: "/admin/tokens"])
    }
}
