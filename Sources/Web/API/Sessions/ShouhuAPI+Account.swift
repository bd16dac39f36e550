import Accounts
import CampusKit
import Foundation

extension ShouhuAPI {
    func getAccount(_ input: Operations.GetAccount.Input) async throws -> Operations.GetAccount.Output {
        let actor = try RequestActor.require()
        let enrolled = try await services.accounts.hasTwoFactor(actor)
        return .ok(.init(body: .json(.init(
            username: actor.username, displayName: actor.displayName, roles: actor.roles.map(\.rawValue).sorted(),
            restrictions: actor.restrictions.map(\.rawValue).sorted().compactMap { .init(rawValue: $0) }, twoFactor: enrolled))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "需要 JSON 请求体 (a JSON body is required)") }
        try await services.accounts.changePassword(current: body.currentPassword, new: body.newPassword, by: actor,
                                                   keepingSession: RequestActor.token)
        return .noContent
    }

    func beginTwoFactor(_ input: Operations.BeginTwoFactor.Input) async throws -> Operations.BeginTwoFactor.Output {
        let actor = try RequestActor.require()
        var proof: (password: String?, code: String?) = (nil, nil)
        if case .json(let body)? = input.body { proof = (body.password, body.code) }
        let (secret, uri) = try await services.accounts.beginTwoFactor(by: actor, issuer: services.site.schoolName,
                                                                       password: proof.password, code: proof.code)
        return .created(.init(body: .json(.init(secret: secret, uri: uri))))
    }

    func confirmTwoFactor(_ input: Operations.ConfirmTwoFactor.Input) async throws -> Operations.ConfirmTwoFactor.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "需要 JSON 请求体 (a JSON body is required)") }
        let codes = try await services.accounts.confirmTwoFactor(code: body.code, by: actor, password: body.password,
                                                                 currentCode: body.currentCode)
        return .ok(.init(body: .json(.init(recoveryCodes: codes))))
    }
}
