import Accounts
import CampusKit
import Foundation

extension ShouhuAPI {
    func listIntegrationTokens(_ input: Operations.ListIntegrationTokens.Input) async throws -> Operations.ListIntegrationTokens.Output {
        let tokens = try await services.accounts.integrationTokens(by: try RequestActor.require())
        let items = tokens.map {
            Operations.ListIntegrationTokens.Output.Ok.Body.JsonPayload.ItemsPayloadPayload(
                id: $0.id, name: $0.name, scopes: $0.scopes.sorted(), createdAt: $0.createdAt, createdBy: $0.createdBy,
                revokedAt: $0.revokedAt)
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func revokeIntegrationToken(_ input: Operations.RevokeIntegrationToken.Input) async throws -> Operations.RevokeIntegrationToken.Output {
        try await services.accounts.revokeIntegrationToken(id: input.path.id, by: try RequestActor.require())
        return .noContent
    }
}
