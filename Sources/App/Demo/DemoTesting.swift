import Cases
import CampusKit
import Foundation
import Roster
import Storage
import TestingCampaigns

/// The demo college's mass testing: a finished full round four days ago (7,600 swabs in 760 tubes, one tube positive, its
/// ten students retested individually that evening, all negative, their cases closed by the clinic) and a five-day 20 %
/// rotation that started two days ago (two days done with two exemptions each, today filling slot by slot up to now).
///
/// Everything goes through the testing service (with its clock set to the moment each step happened) except the
/// thousands of swabs, which are written in bulk.
struct DemoTesting {
    let app: ShouhuApp

    func load() async throws {
        let tz = app.config.timeZone
        let now = app.clock.now()
        let today = CampusDay(now, in: tz)
        let store = SQLTestingStore(database: app.database)
        let actor = app.systemActor
        func service(_ day: CampusDay, _ minute: Int) -> TestingService {
            TestingService(store: store, roster: app.rosterStore, work: app.database, followUp: LabReportCases(cases: app.cases), audit: app.audit,
                           clock: FixedClock(day.instant(minutes: minute, in: tz)), timeZone: tz)
        }

        // The full round, its lab report with one positive tube, the individual retests.
        let roundDay = today.adding(days: -4)
        let round = try await service(roundDay, 6 * 60).createCampaign(
            CampaignDraft(name: "全员核酸检测 \(roundDay)", day: roundDay.description, kind: "full"), by: actor)
        let swabs = Self.swabs(round, day: roundDay, timeZone: tz, prefix: "Q\(Self.compact(roundDay))-")
        try await store.importHistory(swabs.samples, campaignId: round.campaign.id, poolSize: round.campaign.poolSize, school: app.school, by: "system")
        let positive = swabs.tubes.first { $0.members.count == round.campaign.poolSize && $0.index >= 100 }?.code ?? swabs.tubes[0].code
        let outcome = try await service(roundDay, 19 * 60 + 30).apply(
            swabs.tubes.map { LabResult(tubeCode: $0.code, result: $0.code == positive ? .positive : .negative) }, by: actor)
        if let retest = outcome.retestCampaigns.first {
            let sampler = service(roundDay, 20 * 60 + 10)
            for (i, student) in outcome.flagged.enumerated() {
                _ = try await sampler.sample(SampleScan(campaignId: retest, tubeCode: "R\(Self.compact(roundDay))-\(Self.padded(i + 1, 2))", studentNo: student), by: actor)
            }
            _ = try await service(roundDay.adding(days: 1), 2 * 60).apply(
                outcome.flagged.indices.map { LabResult(tubeCode: "R\(Self.compact(roundDay))-\(Self.padded($0 + 1, 2))", result: .negative) }, by: actor)
            try await service(roundDay.adding(days: 1), 8 * 60).close(retest, by: actor)
        }
        try await service(roundDay.adding(days: 1), 8 * 60).close(round.campaign.id, by: actor)
        let testingCases = try await app.cases.cases(matching: CaseFilter(status: .open, source: .testing), page: PageRequest(limit: 100), by: actor)
        for c in testingCases.items {
            _ = try await app.cases.close(id: c.id, outcome: "单管复检阴性，混管阳性系假阳性，解除管控 (individual retest negative)", by: actor)
        }

        // The rotation: two days done, today in progress.
        let start = today.adding(days: -2)
        let (rotation, _) = try await service(start.adding(days: -1), 18 * 60).createRotation(RotationDraft(startDate: start.description, days: 5), by: actor)
        for (n, day) in rotation.days.prefix(3).enumerated() {
            guard let (campaign, sites, slots) = try await store.campaign(school: app.school, id: day.campaignId) else { continue }
            let expected = try await store.expected(school: app.school, campaignId: campaign.id, scope: .school)
            let plan = CampaignPlan(campaign: campaign, sites: sites, slots: slots, expected: expected)
            let isToday = day.day == today
            // A few students are exempted by the clinic on the days already done.
            var exempted: Set<String> = []
            if !isToday {
                for k in Set([expected.count / 3, 2 * expected.count / 3]) where expected.indices.contains(k) {
                    try await service(day.day, 6 * 60 + 30).exempt(expected[k].studentNo, from: campaign.id, reason: "病假在医院治疗", by: actor)
                    exempted.insert(expected[k].studentNo)
                }
            }
            let cutoff = isToday ? Int(now.timeIntervalSince(today.instant(minutes: 0, in: tz)) / 60) : nil
            let swabs = Self.swabs(plan, day: day.day, timeZone: tz, prefix: "L\(Self.compact(day.day))-", skipping: exempted, before: cutoff)
            guard !swabs.samples.isEmpty else { continue }
            try await store.importHistory(swabs.samples, campaignId: campaign.id, poolSize: campaign.poolSize, school: app.school, by: "system")
            if !isToday {
                _ = try await service(day.day, 19 * 60).apply(swabs.tubes.map { LabResult(tubeCode: $0.code, result: .negative) }, by: actor)
                try await service(day.day, 22 * 60).close(campaign.id, by: actor)
            }
            _ = n
        }
    }

    struct Swabs {
        var samples: [SQLTestingStore.HistoricSample] = []
        var tubes: [(code: String, index: Int, members: [String])] = []
    }

    /// The swabs of a campaign as its sampling points would have taken them: suggested pools in order, each student at
    /// their floor's slot, one swab every 60/capacity minutes; only those before `before` (minutes of the day) when given.
    static func swabs(_ plan: CampaignPlan, day: CampusDay, timeZone: TimeZone, prefix: String, skipping: Set<String> = [],
                      before: Int? = nil) -> Swabs {
        let slots = Dictionary(plan.slots.map { ($0.groupKey, $0) }, uniquingKeysWith: { a, _ in a })
        var taken: [String: Int] = [:]
        var result = Swabs()
        let pools = PoolPlanner.pools(plan.expected.filter { !skipping.contains($0.studentNo) }, poolSize: plan.campaign.poolSize)
        for (i, pool) in pools.enumerated() {
            let code = prefix + padded(i + 1, 4)
            var members: [String] = []
            for student in pool.students {
                let key = Slot.groupKey(building: pool.building, floor: pool.floor)
                guard let slot = slots[key] else { continue }
                let capacity = plan.sites.indices.contains(slot.site) ? plan.sites[slot.site].capacityPerHour : Site.defaultCapacity
                let k = taken[key, default: 0]
                taken[key] = k + 1
                let seconds = Double(slot.startMinute * 60) + Double(k) * 3600 / Double(capacity)
                if let before, Int(seconds / 60) >= before { continue }
                result.samples.append(.init(tubeCode: code, studentNo: student, at: day.instant(minutes: 0, in: timeZone).addingTimeInterval(seconds)))
                members.append(student)
            }
            if !members.isEmpty { result.tubes.append((code, i, members)) }
        }
        return result
    }

    static func compact(_ day: CampusDay) -> String { day.description.replacingOccurrences(of: "-", with: "") }
    static func padded(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
}
