import Cases
import Foundation

/// Cases' scheduled work (C9): on every tick, each open case nobody answered by its deadline goes one level up
/// (`CaseService.escalateOverdue`: the college's secretaries, then the school's leaders), once across servers.
struct CaseJobs: ScheduledJobs {
    let app: ShouhuApp

    @discardableResult
    func runDue() async throws -> [String] {
        let escalated = try await app.cases.escalateOverdue(school: app.school)
        return escalated.isEmpty ? [] : ["case.escalate \(escalated.count)"]
    }
}
