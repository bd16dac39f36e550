import Accounts
import CampusKit
import Foundation

extension ShouhuAPI {
    func signIn(_ input: Operations.SignIn.Input) async throws -> Operations.SignIn.Output {
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "需要 JSON 请求体 (a JSON body is required)") }
        let result = try await services.accounts.signIn(school: services.school, username: body.username,
                                                        password: body.password, secondFactor: body.totp,
                                                        kind: .api, ip: RequestActor.ip)
        return .created(.init(body: .json(.init(token: result.token, expiresAt: result.session.expiresAt))))
    }

    func signOut(_ input: Operations.SignOut.Input) async throws -> Operations.SignOut.Output {
        let actor = try RequestActor.require()
        if let token = RequestActor.token { try await services.accounts.signOut(token: token, by: actor) }
        return .noContent
    }

    func createIntegrationToken(_ input: Operations.CreateIntegrationToken.Input) async throws -> Operations.CreateIntegrationToken.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "需要 JSON 请求体 (a JSON body is required)") }
        let token = try await services.accounts.createIntegrationToken(name: body.name, scopes: body.scopes, by: actor)
        return .created(.init(body: .json(.init(token: token, name: body.name, scopes: body.scopes))))
    }
}
