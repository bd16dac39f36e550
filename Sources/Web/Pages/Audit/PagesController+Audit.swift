import Accounts
import Audit
import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    /// The audit search page for administrators: filters in the URL, newest first, worded for people.
    @Sendable func auditPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        guard AccountPermissions.mayAdminister(actor) else { throw PageFailure.forbidden("audit_forbidden") }
        let q = request.uri.queryParameters
        func text(_ name: String) -> String? { q[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        let query = AuditQuery(actor: text("actor"), action: text("action"), subject: text("subject"))
        let records = try await services.audit.search(query, limit: 200, by: actor, at: services.clock.now())
        let when = Date.FormatStyle(date: .numeric, time: .standard, locale: Locale(identifier: context.language == .zhCN ? "zh_CN" : "en_GB"),
                                    timeZone: services.timeZone)
        let table = renderer.strings.table(context.language)
        let people = try await services.roster.people(numbered: AuditWording.numbers(in: records.map(\.entry)), by: actor)
        let wording = AuditWording(strings: renderer.strings, language: context.language,
                                   time: PageTime(timeZone: services.timeZone, language: context.language), people: people)
        let rows = records.map { r in
            let (who, subject, detail) = (wording.actor(r.entry), wording.subject(r.entry), wording.detail(r.entry))
            return AuditPageModel.Row(
                seq: r.seq, at: r.entry.at.formatted(when), actor: who.text, actorName: who.name, actorHref: who.href,
                action: table["audit_action_\(r.entry.action)"] ?? r.entry.action,
                subject: subject.text, subjectName: subject.name, subjectHref: subject.href, subjectStored: subject.stored,
                ip: r.entry.ip ?? "", detail: detail.text, detailHref: detail.href, detailStored: detail.stored,
                failure: r.entry.action.contains("failure") || r.entry.action.contains("lock"))
        }
        let model = AuditPageModel(rows: rows, hasRows: !rows.isEmpty, actor: query.actor ?? "", action: query.action ?? "",
                                   subject: query.subject ?? "", actions: Self.auditActions(table, selected: query.action))
        return renderer.render(model, title: "audit_title", context: context)
    }

    /// Every audit action the catalog names, for the filter: by the reader's name for it.
    static func auditActions(_ table: [String: String], selected: String?) -> [AuditPageModel.Option] {
        let prefix = "audit_action_"
        return table.filter { $0.key.hasPrefix(prefix) }
            .map { AuditPageModel.Option(value: String($0.key.dropFirst(prefix.count)), label: $0.value, selected: selected == String($0.key.dropFirst(prefix.count))) }
            .sorted { $0.value < $1.value }
    }
}
