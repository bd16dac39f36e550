import Audit
import CampusKit
import Foundation
import Hummingbird

extension PagesController {
    /// The audit search page for administrators: filters in the URL, newest first.
    @Sendable func auditPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        guard actor.isAdmin else {
            return renderer.render("message", title: "forbidden_title",
                                   model: ["message": renderer.strings.text("audit_forbidden", context.language)],
                                   context: context, status: .forbidden)
        }
        let q = request.uri.queryParameters
        func text(_ name: String) -> String? { q[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        let query = AuditQuery(actor: text("actor"), action: text("action"), subject: text("subject"))
        let records = try await services.audit.search(query, limit: 200, by: actor, at: services.clock.now())
        let when = Date.FormatStyle(date: .numeric, time: .standard, locale: Locale(identifier: context.language == .zhCN ? "zh_CN" : "en_GB"),
                                    timeZone: services.timeZone)
        let rows: [[String: Any]] = records.map { r in
            ["seq": r.seq, "at": r.entry.at.formatted(when), "actor": r.entry.actorName, "action": r.entry.action,
             "subject": r.entry.subject, "ip": r.entry.ip ?? "", "detail": r.entry.detail,
             "failure": r.entry.action.contains("failure") || r.entry.action.contains("lock")]
        }
        return renderer.render("audit", title: "audit_title",
                               model: ["rows": rows, "hasRows": !rows.isEmpty, "actor": query.actor ?? "",
                                       "action": query.action ?? "", "subject": query.subject ?? ""],
                               context: context)
    }
}
