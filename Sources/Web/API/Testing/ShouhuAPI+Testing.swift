import CampusKit
import Foundation
import OpenAPIRuntime
import Roster
import Tabular
import TestingCampaigns

extension ShouhuAPI {
    func listTestingCampaigns(_ input: Operations.ListTestingCampaigns.Input) async throws -> Operations.ListTestingCampaigns.Output {
        let items = try await services.testing.campaigns(limit: input.query.limit ?? 50, by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: items.map(Self.summary)))))
    }

    static func summary(_ s: CampaignSummary) -> Components.Schemas.TestingCampaignSummary {
        .init(id: s.campaign.id, name: s.campaign.name, date: s.campaign.day.description, kind: s.campaign.kind.rawValue,
              purpose: s.campaign.purpose.rawValue, poolSize: s.campaign.poolSize, status: s.campaign.status.rawValue,
              expected: s.counts.expected, sampled: s.counts.sampled, negative: s.counts.negative, positive: s.counts.positive,
              pending: s.counts.pending, tubes: s.tubes)
    }

    func createTestingCampaign(_ input: Operations.CreateTestingCampaign.Input) async throws -> Operations.CreateTestingCampaign.Output {
        let actor = try RequestActor.require()
        guard case .json(let b) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let draft = CampaignDraft(name: b.name, day: b.date, kind: b.kind, poolSize: b.poolSize ?? Campaign.defaultPoolSize,
                                  buildings: b.scope?.buildings ?? [], students: b.students ?? [],
                                  sites: (b.sites ?? []).map { Site(name: $0.name, capacityPerHour: $0.capacityPerHour) },
                                  capacityPerHour: b.capacityPerHour ?? Site.defaultCapacity, startTime: b.startTime ?? "07:00")
        let plan = try await services.createCampaign(draft, by: actor)
        return .created(.init(body: .json(Self.campaign(plan.campaign, sites: plan.sites, slots: plan.slots, expected: plan.expected.count))))
    }

    static func campaign(_ c: Campaign, sites: [Site], slots: [Slot], expected: Int) -> Components.Schemas.TestingCampaign {
        .init(id: c.id, name: c.name, date: c.day.description, kind: c.kind.rawValue, purpose: c.purpose.rawValue, poolSize: c.poolSize,
              status: c.status.rawValue, buildings: c.buildings, origin: c.origin, startTime: CampaignDraft.clock(c.startMinute), expected: expected,
              sites: sites.map { .init(name: $0.name, building: $0.building, capacityPerHour: $0.capacityPerHour) },
              slots: slots.map { .init(site: $0.site, building: $0.building, floor: $0.floor, from: CampaignDraft.clock($0.startMinute),
                                       to: CampaignDraft.clock($0.endMinute), students: $0.students) })
    }

    func getTestingCampaign(_ input: Operations.GetTestingCampaign.Input) async throws -> Operations.GetTestingCampaign.Output {
        let (c, sites, slots) = try await services.testing.campaign(input.path.id, by: try RequestActor.require())
        return .ok(.init(body: .json(Self.campaign(c, sites: sites, slots: slots, expected: slots.reduce(0) { $0 + $1.students }))))
    }

    func getTestingCoverage(_ input: Operations.GetTestingCoverage.Input) async throws -> Operations.GetTestingCoverage.Output {
        let groupBy = Coverage.GroupBy(rawValue: input.query.groupBy?.rawValue ?? "building") ?? .building
        let c = try await services.testing.coverage(of: input.path.id, groupBy: groupBy, by: try RequestActor.require())
        return .ok(.init(body: .json(.init(
            expected: c.total.expected, sampled: c.total.sampled, negative: c.total.negative, positive: c.total.positive,
            pending: c.total.pending, exempt: c.total.exempt,
            groups: c.groups.map { .init(key: $0.key, expected: $0.counts.expected, sampled: $0.counts.sampled, negative: $0.counts.negative,
                                         positive: $0.counts.positive, pending: $0.counts.pending) }))))
    }

    func getTestingMissing(_ input: Operations.GetTestingMissing.Input) async throws -> Operations.GetTestingMissing.Output {
        let items = try await services.testing.missing(of: input.path.id, by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: items.map {
            .init(studentNo: $0.studentNo, name: $0.name, _class: $0.className, building: $0.building, floor: $0.floor, room: $0.room,
                  reason: $0.reason?.rawValue, note: $0.note)
        }))))
    }

    func getTestingPools(_ input: Operations.GetTestingPools.Input) async throws -> Operations.GetTestingPools.Output {
        let pools = try await services.testing.pools(of: input.path.id, by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: pools.map { .init(building: $0.building, floor: $0.floor, rooms: $0.rooms, students: $0.students) }))))
    }

    func listTestingTubes(_ input: Operations.ListTestingTubes.Input) async throws -> Operations.ListTestingTubes.Output {
        let status = input.query.status.flatMap { TubeStatus(rawValue: $0.rawValue) }
        let tubes = try await services.testing.tubes(of: input.path.id, status: status, by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: tubes.map(Self.tube)))))
    }

    static func tube(_ t: Tube) -> Components.Schemas.TestingTube {
        .init(code: t.code, campaignId: t.campaignId, poolSize: t.poolSize, filled: t.filled, status: t.status.rawValue, members: t.members)
    }

    func getTestingTube(_ input: Operations.GetTestingTube.Input) async throws -> Operations.GetTestingTube.Output {
        .ok(.init(body: .json(Self.tube(try await services.testing.tube(input.path.code, by: try RequestActor.require())))))
    }

    func exemptFromTesting(_ input: Operations.ExemptFromTesting.Input) async throws -> Operations.ExemptFromTesting.Output {
        let actor = try RequestActor.require()
        guard case .json(let b) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        try await services.testing.exempt(b.studentNo, from: input.path.id, reason: b.reason, by: actor)
        return .noContent(.init())
    }

    func closeTestingCampaign(_ input: Operations.CloseTestingCampaign.Input) async throws -> Operations.CloseTestingCampaign.Output {
        try await services.testing.close(input.path.id, by: try RequestActor.require())
        return .noContent(.init())
    }

    func createTestingRotation(_ input: Operations.CreateTestingRotation.Input) async throws -> Operations.CreateTestingRotation.Output {
        let actor = try RequestActor.require()
        guard case .json(let b) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let draft = RotationDraft(startDate: b.startDate, days: b.days ?? 5, buildings: b.scope?.buildings ?? [],
                                  poolSize: b.poolSize ?? Campaign.defaultPoolSize, capacityPerHour: b.capacityPerHour ?? Site.defaultCapacity,
                                  startTime: b.startTime ?? "07:00")
        let rotation = try await services.createRotation(draft, by: actor)
        return .created(.init(body: .json(.init(id: rotation.id, days: rotation.days.map {
            .init(date: $0.day.description, campaignId: $0.campaignId, count: $0.students.count, students: $0.students)
        }))))
    }

    func recordTestingSample(_ input: Operations.RecordTestingSample.Input) async throws -> Operations.RecordTestingSample.Output {
        let actor = try RequestActor.require()
        guard case .json(let b) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let r = try await services.testing.sample(SampleScan(campaignId: b.campaignId, tubeCode: b.tubeCode, studentNo: b.studentNo), by: actor)
        return .created(.init(body: .json(.init(tubeCode: r.tubeCode, position: r.position, tubeFull: r.tubeFull, poolSize: r.poolSize,
                                                name: r.studentName))))
    }

    func applyTestingResults(_ input: Operations.ApplyTestingResults.Input) async throws -> Operations.ApplyTestingResults.Output {
        let actor = try RequestActor.require()
        let results: [LabResult]
        switch input.body {
        case .json(let b):
            var errors: [FieldError] = []
            var parsed: [LabResult] = []
            for (i, r) in b.results.enumerated() {
                if let result = TubeResult(rawValue: r.result) {
                    parsed.append(LabResult(tubeCode: r.tubeCode, result: result))
                } else {
                    errors.append(FieldError(field: "results[\(i)].result", message: "应为 negative、positive 或 invalid (must be negative, positive or invalid)"))
                }
            }
            guard errors.isEmpty else { throw DomainError(.invalid, "结果有误，未导入任何结果 (bad results; nothing applied)", fieldErrors: errors) }
            results = parsed
        case .csv(let body):
            results = try LabResult.parse(rows: try await Self.table(from: body, as: .csv))
        }
        let o = try await services.testing.apply(results, by: actor)
        return .ok(.init(body: .json(.init(applied: o.applied, unknown: o.unknown, conflicts: o.conflicts, flagged: o.flagged, resample: o.resample,
                                           retestCampaigns: o.retestCampaigns, cleared: o.cleared, confirmed: o.confirmed))))
    }

    func listTestingSchedules(_ input: Operations.ListTestingSchedules.Input) async throws -> Operations.ListTestingSchedules.Output {
        let items = try await services.testing.schedules(by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: items.map(Self.schedule)))))
    }

    static func schedule(_ s: TestingSchedule) -> Components.Schemas.TestingSchedule {
        .init(id: s.id, name: s.name, weekdays: s.weekdays, scope: .init(buildings: s.buildings), poolSize: s.poolSize,
              capacityPerHour: s.capacityPerHour, startTime: CampaignDraft.clock(s.startMinute), active: s.active)
    }

    func saveTestingSchedule(_ input: Operations.SaveTestingSchedule.Input) async throws -> Operations.SaveTestingSchedule.Output {
        let actor = try RequestActor.require()
        guard case .json(let b) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        guard let start = CampaignDraft.minutes(b.startTime ?? "07:00") else {
            throw DomainError.invalid("应为 HH:MM (must be HH:MM)", field: "startTime")
        }
        let schedule = TestingSchedule(id: b.id ?? "", name: b.name, weekdays: b.weekdays, buildings: b.scope?.buildings ?? [],
                                       poolSize: b.poolSize ?? Campaign.defaultPoolSize, capacityPerHour: b.capacityPerHour ?? Site.defaultCapacity,
                                       startMinute: start, active: b.active ?? true)
        return .ok(.init(body: .json(Self.schedule(try await services.testing.saveSchedule(schedule, by: actor)))))
    }

    func getMyTesting(_ input: Operations.GetMyTesting.Input) async throws -> Operations.GetMyTesting.Output {
        let items = try await services.testing.myTesting(by: try RequestActor.require())
        return .ok(.init(body: .json(.init(items: items.map {
            .init(campaignId: $0.campaign.id, name: $0.campaign.name, date: $0.campaign.day.description, site: $0.site?.name,
                  from: $0.slot.map { CampaignDraft.clock($0.startMinute) }, to: $0.slot.map { CampaignDraft.clock($0.endMinute) },
                  status: $0.status.rawValue)
        }))))
    }
}
