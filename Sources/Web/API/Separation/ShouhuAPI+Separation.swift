import CampusKit
import Foundation
import OpenAPIRuntime
import Separation

extension ShouhuAPI {
    func listSeparationPlans(_ input: Operations.ListSeparationPlans.Input) async throws -> Operations.ListSeparationPlans.Output {
        let actor = try RequestActor.require()
        let plans = try await services.separation.plans(by: actor)
        return .ok(.init(body: .json(.init(items: plans.map { p in
            .init(id: p.id, name: p.name, feasible: p.feasible, objective: p.objective, demands: p.demands,
                  publishedOn: p.publishedOn?.description, createdBy: p.createdBy, createdAt: p.createdAt)
        }))))
    }

    func createSeparationPlan(_ input: Operations.CreateSeparationPlan.Input) async throws -> Operations.CreateSeparationPlan.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let saved = try await services.separation.plan(Self.problem(body.value1), labels: body.value2.labels?.additionalProperties ?? [:],
                                                       by: actor)
        return .created(.init(body: .json(Self.planItem(saved, detail: false))))
    }

    func verifySeparationPlan(_ input: Operations.VerifySeparationPlan.Input) async throws -> Operations.VerifySeparationPlan.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let visits = body.value2.visits.map { Visit(demand: $0.demand, facility: $0.facility, start: $0.start, route: $0.route) }
        let problems = try services.separation.verify(Self.problem(body.value1), visits: visits, by: actor)
        return .ok(.init(body: .json(.init(valid: problems.isEmpty, problems: problems.map { p in
            .init(kind: p.kind.rawValue, message: p.words, demands: p.demands, visits: p.visits,
                  resource: p.resource.map { .init(kind: .init(rawValue: $0.kind.rawValue) ?? .facility, code: $0.code, to: $0.to) })
        }))))
    }

    func getSeparationPlan(_ input: Operations.GetSeparationPlan.Input) async throws -> Operations.GetSeparationPlan.Output {
        let actor = try RequestActor.require()
        return .ok(.init(body: .json(Self.planItem(try await services.separation.plan(input.path.id, by: actor), detail: true))))
    }

    func publishSeparationPlan(_ input: Operations.PublishSeparationPlan.Input) async throws -> Operations.PublishSeparationPlan.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let day = try Self.day(body.date, service: services.separation)
        return .ok(.init(body: .json(Self.planItem(try await services.separation.publish(input.path.id, on: day, by: actor), detail: false))))
    }

    func getSeparationAdherence(_ input: Operations.GetSeparationAdherence.Input) async throws -> Operations.GetSeparationAdherence.Output {
        let actor = try RequestActor.require()
        let day = try Self.day(input.query.date, service: services.separation)
        let (_, report) = try await services.separation.adherence(input.path.id, on: day, by: actor)
        return .ok(.init(body: .json(.init(date: day.description, visits: report.rows.map { r in
            .init(demand: r.demand, group: r.group, facility: r.facility, planned: [r.from, r.to], students: r.students,
                  outside: r.outside.map { .init(studentNo: $0.studentNo, name: $0.name, minutes: $0.minutes) })
        }))))
    }

    func getMySeparationTimetable(_ input: Operations.GetMySeparationTimetable.Input) async throws -> Operations.GetMySeparationTimetable.Output {
        let actor = try RequestActor.require()
        let day = try Self.day(input.query.date, service: services.separation)
        let mine = try await services.separation.mine(on: day, by: actor)
        return .ok(.init(body: .json(.init(date: day.description, planId: mine.planId, planName: mine.planName, items: mine.entries.map { e in
            .init(group: e.group, facility: e.facility, kind: e.kind, leave: e.leave, start: e.from, end: e.to, route: e.route)
        }))))
    }

    /// A day given as `YYYY-MM-DD`, or today when absent; 422 naming `date` otherwise.
    static func day(_ text: String?, service: SeparationService) throws -> CampusDay {
        guard let text, !text.isEmpty else { return service.today() }
        guard let day = CampusDay(text) else { throw DomainError.invalid("日期格式应为 YYYY-MM-DD (a date like 2026-12-06)", field: "date") }
        return day
    }

    static func problem(_ p: Components.Schemas.SeparationProblem) -> SeparationProblem {
        SeparationProblem(name: p.name, slotMinutes: p.slotMinutes, nodes: p.nodes,
                          edges: p.edges.map { .init(a: $0.a, b: $0.b, minutes: $0.minutes) },
                          groups: p.groups.map { .init(code: $0.code, home: $0.home, size: $0.size) },
                          facilities: p.facilities.map { .init(code: $0.code, kind: $0.kind, node: $0.node, bufferMinutes: $0.bufferMinutes) },
                          demands: p.demands.map { .init(group: $0.group, kind: $0.kind, minutes: $0.minutes, window: $0.window, preferred: $0.preferred) })
    }

    static func problemItem(_ p: SeparationProblem) -> Components.Schemas.SeparationProblem {
        .init(name: p.name, slotMinutes: p.slotMinutes, nodes: p.nodes,
              edges: p.edges.map { .init(a: $0.a, b: $0.b, minutes: $0.minutes) },
              groups: p.groups.map { .init(code: $0.code, home: $0.home, size: $0.size) },
              facilities: p.facilities.map { .init(code: $0.code, kind: $0.kind, node: $0.node, bufferMinutes: $0.bufferMinutes) },
              demands: p.demands.map { .init(group: $0.group, kind: $0.kind, minutes: $0.minutes, window: $0.window, preferred: $0.preferred) })
    }

    /// The plan as the contract answers it; `detail` adds the problem and its labels.
    static func planItem(_ s: SavedPlan, detail: Bool) -> Components.Schemas.SeparationPlan {
        let r = s.result
        return .init(id: s.id, name: s.problem.name, feasible: r.feasible, objective: r.objective, elapsedMs: r.elapsedMs,
                     visits: r.visits.map { .init(demand: $0.demand, facility: $0.facility, start: $0.start, route: $0.route) },
                     unscheduled: r.unscheduled, lowerBound: r.lowerBound, stoppedBy: .init(rawValue: r.stoppedBy.rawValue),
                     problems: r.infeasibility?.words, publishedOn: s.publishedOn?.description, createdBy: s.createdBy, createdAt: s.createdAt,
                     problem: detail ? problemItem(s.problem) : nil,
                     labels: detail ? Components.Schemas.SeparationPlan.LabelsPayload(additionalProperties: s.labels) : nil)
    }
}
