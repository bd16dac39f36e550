import CampusKit
import CheckIns
import Foundation
import OpenAPIRuntime
import Quarantine

extension ShouhuAPI {
    func listQuarantineSites(_ input: Operations.ListQuarantineSites.Input) async throws -> Operations.ListQuarantineSites.Output {
        let actor = try RequestActor.require()
        return .ok(.init(body: .json(.init(items: try await services.quarantine.sites(by: actor).map(Self.siteItem)))))
    }

    func createQuarantineSite(_ input: Operations.CreateQuarantineSite.Input) async throws -> Operations.CreateQuarantineSite.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let draft = QuarantineSite(code: body.code, name: body.name, rooms: body.rooms.map { QuarantineSite.Room(code: $0.code, capacity: $0.capacity) })
        return .created(.init(body: .json(Self.siteItem(try await services.quarantine.createSite(draft, by: actor)))))
    }

    func getQuarantineProtocols(_ input: Operations.GetQuarantineProtocols.Input) async throws -> Operations.GetQuarantineProtocols.Output {
        let actor = try RequestActor.require()
        return .ok(.init(body: .json(Self.protocolItems(try await services.quarantine.protocols(by: actor)))))
    }

    func setQuarantineProtocols(_ input: Operations.SetQuarantineProtocols.Input) async throws -> Operations.SetQuarantineProtocols.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        var items: [QuarantineProtocol] = []
        for (i, item) in body.items.enumerated() {
            guard let reason = Placement.Reason(rawValue: item.reason) else { throw Self.unknownReason(field: "items[\(i)].reason") }
            items.append(QuarantineProtocol(reason: reason, days: item.days, testDays: item.testDays, dailyTestsFrom: item.dailyTestsFrom,
                                            negativesRequired: item.negativesRequired ?? 0, negativeGapHours: item.negativeGapHours ?? 24))
        }
        return .ok(.init(body: .json(Self.protocolItems(try await services.quarantine.setProtocols(items, by: actor)))))
    }

    func listPlacements(_ input: Operations.ListPlacements.Input) async throws -> Operations.ListPlacements.Output {
        let actor = try RequestActor.require()
        let q = input.query
        var activeOn: CampusDay?
        if let text = q.date, !text.isEmpty {
            guard let day = CampusDay(text) else { throw DomainError.invalid("日期格式应为 YYYY-MM-DD (a date like 2026-12-06)", field: "date") }
            activeOn = day
        }
        let filter = PlacementFilter(status: q.status.flatMap { Placement.Status(rawValue: $0.rawValue) }, site: q.site.flatMap { $0.isEmpty ? nil : $0 },
                                     studentNo: q.studentNo.flatMap { $0.isEmpty ? nil : $0 }, activeOn: activeOn,
                                     units: UnitKey.named(building: q.building, floor: q.floor, className: q._class, college: q.college))
        let page = try await services.quarantine.ledger(filter, page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        return .ok(.init(body: .json(.init(items: page.items.map(Self.placementItem), nextCursor: next))))
    }

    func createPlacement(_ input: Operations.CreatePlacement.Input) async throws -> Operations.CreatePlacement.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        guard let reason = Placement.Reason(rawValue: body.reason) else { throw Self.unknownReason(field: "reason") }
        let request = PlacementRequest(studentNo: body.studentNo, reason: reason, site: body.site, room: body.room.flatMap { $0.isEmpty ? nil : $0 },
                                       start: body.start, investigationId: body.investigationId.flatMap { $0.isEmpty ? nil : $0 })
        return .created(.init(body: .json(Self.placementItem(try await services.quarantine.place(request, by: actor)))))
    }

    func getPlacement(_ input: Operations.GetPlacement.Input) async throws -> Operations.GetPlacement.Output {
        let actor = try RequestActor.require()
        let found = try await services.quarantine.placement(input.path.id, by: actor)
        let unmet = found.status == .active ? try await services.quarantine.unmetCriteria(of: found, school: actor.school) : []
        let history = try await services.quarantine.history(of: found.id, by: actor)
        return .ok(.init(body: .json(.init(placement: Self.placementItem(found), unmetCriteria: unmet.map(\.rawValue), history: history.map {
            .init(at: $0.at, by: $0.by, action: $0.action.rawValue, before: $0.before, after: $0.after)
        }))))
    }

    func listHealthRecords(_ input: Operations.ListHealthRecords.Input) async throws -> Operations.ListHealthRecords.Output {
        let actor = try RequestActor.require()
        return .ok(.init(body: .json(.init(items: try await services.quarantine.records(of: input.path.id, by: actor).map(Self.recordItem)))))
    }

    func addHealthRecord(_ input: Operations.AddHealthRecord.Input) async throws -> Operations.AddHealthRecord.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let record = try await services.quarantine.record(temperature: body.temperature, symptoms: body.symptoms ?? [], for: input.path.id, by: actor)
        return .created(.init(body: .json(Self.recordItem(record))))
    }

    func releasePlacement(_ input: Operations.ReleasePlacement.Input) async throws -> Operations.ReleasePlacement.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        switch try await services.quarantine.release(input.path.id, early: body.early ?? false, reason: body.reason, by: actor) {
        case .released(let placement):
            return .ok(.init(body: .json(.init(status: .released, placement: Self.placementItem(placement)))))
        case .awaitingApproval(let placement):
            return .accepted(.init(body: .json(.init(status: .active, approvalPending: true, requestedBy: placement.earlyRequest?.by))))
        }
    }

    func placeInvestigationContacts(_ input: Operations.PlaceInvestigationContacts.Input) async throws -> Operations.PlaceInvestigationContacts.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let (placed, skipped) = try await services.quarantine.placeContacts(of: input.path.id, studentNos: body.studentNos, site: body.site, by: actor)
        return .created(.init(body: .json(.init(placed: placed.map(Self.placementItem), skipped: skipped.map { .init(studentNo: $0.studentNo, reason: $0.why) }))))
    }

    func placeTubeMembers(_ input: Operations.PlaceTubeMembers.Input) async throws -> Operations.PlaceTubeMembers.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let (placed, skipped) = try await services.quarantine.placeMembers(ofTube: input.path.code, studentNos: body.studentNos, site: body.site, by: actor)
        return .created(.init(body: .json(.init(placed: placed.map(Self.placementItem), skipped: skipped.map { .init(studentNo: $0.studentNo, reason: $0.why) }))))
    }

    static func unknownReason(field: String) -> DomainError {
        DomainError.invalid("原因应为 \(Placement.Reason.allCases.map(\.rawValue).joined(separator: "、")) 之一 (unknown reason)", field: field)
    }

    static func siteItem(_ s: QuarantineSite) -> Components.Schemas.QuarantineSite {
        .init(code: s.code, name: s.name, capacity: s.capacity, occupied: s.occupied,
              rooms: s.rooms.map { .init(code: $0.code, capacity: $0.capacity, occupied: $0.occupied) })
    }

    static func protocolItems(_ items: [QuarantineProtocol]) -> Components.Schemas.QuarantineProtocols {
        .init(items: items.map {
            .init(reason: $0.reason.rawValue, days: $0.days, testDays: $0.testDays, dailyTestsFrom: $0.dailyTestsFrom,
                  negativesRequired: $0.negativesRequired, negativeGapHours: $0.negativeGapHours)
        })
    }

    static func placementItem(_ p: Placement) -> Components.Schemas.Placement {
        .init(id: p.id, studentNo: p.studentNo, name: p.studentName, reason: p.reason.rawValue, site: p.site, room: p.room, start: p.start,
              plannedEnd: p.plannedEnd?.description, status: .init(rawValue: p.status.rawValue) ?? .active, _protocol: p.protocolRule.reason.rawValue,
              origin: .init(rawValue: p.origin.rawValue) ?? .manual, investigationId: p.investigationId, tube: p.tube, releasedAt: p.releasedAt,
              earlyReleaseRequestedBy: p.earlyRequest?.by)
    }

    static func recordItem(_ r: HealthRecord) -> Components.Schemas.HealthRecord {
        .init(temperature: r.temperature, symptoms: r.symptoms.map(\.rawValue), abnormal: r.abnormal, recordedBy: r.recordedBy, recordedAt: r.recordedAt)
    }
}
