import CampusKit
import CheckIns
import Foundation
import Hummingbird

extension PagesController {
    /// Check-ins that look automated, for review: what was seen and who, never a verdict.
    @Sendable func signalsPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let lang = context.language
        let t = renderer.strings
        let days = min(max(request.uri.queryParameters["days"].flatMap { Int(String($0)) } ?? 7, 1), 31)
        let signals = try await PageFailure.explaining(title: "forbidden_title", missing: "signals_forbidden") {
            try await services.checkIns.integritySignals(days: days, by: context.actor)
        }
        let model = SignalsPageModel(days: days, hasItems: !signals.isEmpty, items: signals.map { s in
            .init(studentNo: s.studentNo, kind: t.text("signal_\(s.kind.rawValue)", lang), occurrences: s.occurrences, detail: s.detail)
        })
        return renderer.render(model, title: "signals_title", context: context)
    }
}
