import CampusKit
import Foundation
import Notifications
import Storage
import TestingCampaigns

extension ShouhuApp {
    /// A campaign, and word to each student it names of their slot (`TestingNotices.slots`), in one unit of work.
    public func createCampaign(_ draft: CampaignDraft, by actor: Actor) async throws -> CampaignPlan {
        let (testing, notifications, now) = (self.testing, self.notifications, clock.now())
        return try await database.perform {
            let plan = try await testing.createCampaign(draft, by: actor)
            try await notifications.send(TestingNotices.slots(plan, at: now), school: actor.school)
            return plan
        }
    }

    /// A rotation, and word to each student of their day and slot, in one unit of work.
    public func createRotation(_ draft: RotationDraft, by actor: Actor) async throws -> Rotation {
        let (testing, notifications, now) = (self.testing, self.notifications, clock.now())
        return try await database.perform {
            let (rotation, plans) = try await testing.createRotation(draft, by: actor)
            try await notifications.send(plans.flatMap { TestingNotices.slots($0, at: now) }, school: actor.school)
            return rotation
        }
    }

    /// Today's scheduled campaigns, and word to their students, in one unit of work (a job; safe on many servers).
    func runTestingSchedules(day: CampusDay) async throws -> [CampaignPlan] {
        let (testing, notifications, now, school) = (self.testing, self.notifications, clock.now(), self.school)
        return try await database.perform {
            let plans = try await testing.runSchedules(school: school, day: day)
            try await notifications.send(plans.flatMap { TestingNotices.slots($0, at: now) }, school: school)
            return plans
        }
    }
}
