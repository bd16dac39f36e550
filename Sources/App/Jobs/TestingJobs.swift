import CampusKit
import Foundation
import Storage
import TestingCampaigns

/// Mass testing's scheduled work (C8): once a day, each recurring plan whose day of the week it is ("twice weekly full")
/// creates that day's full campaign. The day is claimed once across servers, and each campaign's origin
/// (`schedule:<id>:<day>`) is unique, so a second server or a retried tick never creates a second one.
struct TestingJobs: ScheduledJobs {
    let app: ShouhuApp
    let runs: SQLJobRuns

    @discardableResult
    func runDue() async throws -> [String] {
        let now = app.clock.now()
        let day = CampusDay(now, in: app.config.timeZone)
        guard try await runs.claim(school: app.school, job: "testing.schedules", slot: "\(day)", at: now) else { return [] }
        do {
            let created = try await app.runTestingSchedules(day: day)
            try await runs.finish(school: app.school, job: "testing.schedules", slot: "\(day)", detail: "\(created.count) campaigns")
            return created.isEmpty ? [] : ["testing.schedules \(day) \(created.count)"]
        } catch {
            try? await runs.release(school: app.school, job: "testing.schedules", slot: "\(day)")
            throw error
        }
    }
}
