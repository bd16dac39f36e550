import CampusKit
import Foundation

extension AccountService {
    /// Every integration token of the actor's school, revoked ones included, newest first (administrators;
    /// audited). Carries no secret: only digests are stored, and they are not shown either.
    public func integrationTokens(by actor: Actor) async throws -> [IntegrationToken] {
        guard actor.isAdmin else {
            throw DomainError.forbidden("只有管理员可以查看集成令牌 (only administrators see integration tokens)")
        }
        let tokens = try await store.integrationTokens(school: actor.school)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "token.list", subject: "\(tokens.count) tokens"))
        return tokens
    }

    /// Revokes an integration token (administrators; audited): from now on it signs nothing in on this server,
    /// and on others once their 30-second token cache lapses. Revoking a revoked token changes nothing.
    public func revokeIntegrationToken(id: String, by actor: Actor) async throws {
        guard actor.isAdmin else {
            throw DomainError.forbidden("只有管理员可以吊销集成令牌 (only administrators revoke integration tokens)")
        }
        let entry = AuditEntry(actor, at: clock.now(), action: "token.revoke", subject: id)
        try await audit.recording(entry) {
            guard try await store.revokeIntegrationToken(id: id, school: actor.school, at: clock.now()) != nil else {
                throw DomainError.notFound("没有这个集成令牌 (no such integration token)")
            }
        }
    }
}
