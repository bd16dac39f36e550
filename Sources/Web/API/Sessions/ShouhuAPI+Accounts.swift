import Accounts
import CampusKit
import Foundation
import Roster

extension ShouhuAPI {
    func listAccounts(_ input: Operations.ListAccounts.Input) async throws -> Operations.ListAccounts.Output {
        let actor = try RequestActor.require()
        let items = try await services.accounts.accounts(by: actor).map {
            Operations.ListAccounts.Output.Ok.Body.JsonPayload.ItemsPayloadPayload(
                username: $0.username, displayName: $0.displayName, kind: .init(rawValue: $0.kind.rawValue) ?? .staff,
                locked: $0.locked, twoFactor: $0.twoFactor, mustChangePassword: $0.mustChangePassword, hasPassword: $0.hasPassword,
                grantedRoles: $0.grantedRoles.map(\.rawValue).sorted())
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func setAccountRoles(_ input: Operations.SetAccountRoles.Input) async throws -> Operations.SetAccountRoles.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "需要 JSON 请求体 (a JSON body is required)") }
        var roles = Set<Role>()
        for name in body.roles {
            guard let role = Role(rawValue: name) else {
                throw DomainError.invalid("未知角色 “\(name)” (unknown role)", field: "roles")
            }
            roles.insert(role)
        }
        try await services.accounts.grantRoles(roles, to: input.path.username, by: actor)
        return .noContent
    }

    func unlockAccount(_ input: Operations.UnlockAccount.Input) async throws -> Operations.UnlockAccount.Output {
        try await services.accounts.unlock(username: input.path.username, by: try RequestActor.require())
        return .noContent
    }

    func resetAccountPassword(_ input: Operations.ResetAccountPassword.Input) async throws -> Operations.ResetAccountPassword.Output {
        let credential = try await services.accounts.resetPassword(username: input.path.username, by: try RequestActor.require())
        return .created(.init(body: .json(.init(username: credential.username, displayName: credential.displayName, code: credential.code))))
    }

    func issueActivationCodes(_ input: Operations.IssueActivationCodes.Input) async throws -> Operations.IssueActivationCodes.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "需要 JSON 请求体 (a JSON body is required)") }
        func text(_ v: String?) -> String? { v.flatMap { $0.isEmpty ? nil : $0 } }
        let filter = StudentFilter(building: text(body.building), room: text(body.room), className: text(body._class))
        guard filter.className != nil || filter.building != nil || filter.room != nil else {
            throw DomainError.invalid("请指定班级、楼栋或寝室 (name a class, building or room)", field: "class")
        }
        let issued = try await services.issueActivationCodes(matching: filter, by: actor)
        return .created(.init(body: .json(.init(items: issued.map { .init(username: $0.username, displayName: $0.displayName, code: $0.code) }))))
    }
}
