import Audit
import CampusKit
import Foundation

extension ShouhuAPI {
    func searchAudit(_ input: Operations.SearchAudit.Input) async throws -> Operations.SearchAudit.Output {
        let actor = try RequestActor.require()
        let q = input.query
        if let limit = q.limit, !(1...1000).contains(limit) {
            throw DomainError.invalid("limit 应为 1 到 1000 的整数 (limit must be 1–1000)", field: "limit")
        }
        func text(_ v: String?) -> String? { v.flatMap { $0.isEmpty ? nil : $0 } }
        let query = AuditQuery(actor: text(q.actor), action: text(q.action), subject: text(q.subject), from: q.from, to: q.to)
        let records = try await services.audit.search(query, limit: q.limit ?? 200, by: actor, at: services.clock.now())
        return .ok(.init(body: .json(.init(items: records.map { r in
            .init(seq: r.seq, at: r.entry.at, actor: r.entry.actorName, action: r.entry.action, subject: r.entry.subject,
                  ip: r.entry.ip, detail: r.entry.detail, hash: r.hash)
        }))))
    }
}

extension ShouhuAPI {
    func getAuditHead(_ input: Operations.GetAuditHead.Input) async throws -> Operations.GetAuditHead.Output {
        let actor = try RequestActor.require()
        let now = services.clock.now()
        let head = try await services.audit.head(by: actor, at: now)
            ?? AuditHead(school: actor.school, seq: 0, hash: AuditChain.genesis, at: now)
        return .ok(.init(body: .json(.init(school: head.school.rawValue, seq: Int64(head.seq), hash: head.hash, at: head.at))))
    }
}
