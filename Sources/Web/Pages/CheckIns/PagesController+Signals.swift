import CampusKit
import CheckIns
import Foundation
import Hummingbird

extension PagesController {
    /// Check-ins that look automated, for review: what was seen and who, never a verdict.
    @Sendable func signalsPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let lang = context.language
        let t = renderer.strings
        let days = request.uri.queryParameters["days"].flatMap { Int(String($0)) } ?? 7
        let signals: [IntegritySignal]
        do {
            signals = try await services.checkIns.integritySignals(days: min(max(days, 1), 31), by: actor)
        } catch let error as DomainError where error.kind == .forbidden {
            return renderer.render("message", title: "forbidden_title", model: ["message": t.text("signals_forbidden", lang)],
                                   context: context, status: .forbidden)
        }
        return renderer.render("signals", title: "signals_title", model: [
            "days": min(max(days, 1), 31), "hasItems": !signals.isEmpty,
            "items": signals.map { s in
                ["studentNo": s.studentNo, "kind": t.text("signal_\(s.kind.rawValue)", lang), "occurrences": s.occurrences, "detail": s.detail] as [String: Any]
            },
        ], context: context)
    }
}
