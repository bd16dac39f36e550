import Accounts
import CampusKit
import Foundation
import Hummingbird

/// `POST /api/v1/sessions` (sign in for a bearer token), `DELETE /api/v1/sessions/current` (sign out),
/// `POST /api/v1/tokens` (integration tokens, admins only).
struct SessionsController {
    let services: WebServices

    struct SignInBody: Decodable { var username: String; var password: String }
    struct SessionBody: ResponseEncodable { var token: String; var expiresAt: String }
    struct TokenRequest: Decodable { var name: String; var scopes: [String] }
    struct TokenBody: ResponseEncodable { var token: String; var name: String; var scopes: [String] }

    func addRoutes(to group: RouterGroup<ShouhuContext>) {
        group.post("sessions", use: signIn)
        group.delete("sessions/current", use: signOut)
        group.post("tokens", use: createToken)
    }

    @Sendable func signIn(_ request: Request, context: ShouhuContext) async throws -> EditedResponse<SessionBody> {
        let body = try await request.decode(as: SignInBody.self, context: context)
        let result = try await services.accounts.signIn(school: services.school, username: body.username,
                                                        password: body.password, kind: .api)
        return EditedResponse(status: .created, response: SessionBody(token: result.token, expiresAt: RFC3339.format(result.session.expiresAt)))
    }

    @Sendable func signOut(_ request: Request, context: ShouhuContext) async throws -> HTTPResponse.Status {
        _ = try context.requireActor()
        if let token = context.token { try await services.accounts.signOut(token: token) }
        return .noContent
    }

    @Sendable func createToken(_ request: Request, context: ShouhuContext) async throws -> EditedResponse<TokenBody> {
        let actor = try context.requireActor()
        let body = try await request.decode(as: TokenRequest.self, context: context)
        let token = try await services.accounts.createIntegrationToken(name: body.name, scopes: body.scopes, by: actor)
        return EditedResponse(status: .created, response: TokenBody(token: token, name: body.name, scopes: body.scopes))
    }
}

/// RFC 3339 with offset, as the contract writes every instant.
enum RFC3339 {
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
    }
}
