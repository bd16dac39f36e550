import CampusKit
import CheckIns
import Foundation
import OpenAPIRuntime
import Roster

extension ShouhuAPI {
    func submitCheckIn(_ input: Operations.SubmitCheckIn.Input) async throws -> Operations.SubmitCheckIn.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let submission = Submission(studentNo: body.studentNo, temperature: body.temperature, symptoms: body.symptoms,
                                    onCampus: body.onCampus, city: body.city, healthCode: body.healthCode,
                                    riskContact: body.riskContact, remark: body.remark)
        let client = ClientInfo(address: RequestActor.ip, userAgent: RequestActor.userAgent)
        let (receipt, _) = try await services.checkIns.submit(submission, by: actor, idempotencyKey: input.headers.idempotencyKey, client: client)
        return .created(.init(body: .json(Self.receipt(receipt))))
    }

    static func receipt(_ r: Receipt) -> Components.Schemas.CheckInReceipt {
        .init(id: r.id, studentNo: r.studentNo, date: r.date.description, submittedAt: r.submittedAt, abnormal: r.abnormal,
              reasons: r.reasons.map(\.rawValue), late: r.late)
    }

    func getCompleteness(_ input: Operations.GetCompleteness.Input) async throws -> Operations.GetCompleteness.Output {
        let actor = try RequestActor.require()
        let day = try day(input.query.date)
        let level = UnitKey.Level(rawValue: input.query.groupBy?.rawValue ?? "building") ?? .building
        let c = try await services.checkIns.completeness(on: day, by: level, actor: actor)
        return .ok(.init(body: .json(.init(
            date: day.description, expected: c.expected, reported: c.reported, abnormal: c.abnormal, late: c.late, missing: c.missing,
            groups: c.groups.map { .init(key: $0.key, expected: $0.expected, reported: $0.reported, abnormal: $0.abnormal, late: $0.late, missing: $0.missing) }))))
    }

    func listMissingCheckIns(_ input: Operations.ListMissingCheckIns.Input) async throws -> Operations.ListMissingCheckIns.Output {
        let actor = try RequestActor.require()
        let q = input.query
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let filter = StudentFilter(building: text(q.building), floor: text(q.floor), room: text(q.room), college: text(q.college),
                                   className: text(q._class))
        let page = try await services.checkIns.missing(on: try day(q.date), filter: filter,
                                                       page: try Paging.request(limit: q.limit, cursor: q.cursor), actor: actor)
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        return .ok(.init(body: .json(.init(items: page.items.map {
            .init(studentNo: $0.studentNo, name: $0.name, _class: $0.className, building: $0.building, floor: $0.floor, room: $0.room)
        }, nextCursor: next))))
    }

    func getCheckInPolicy(_ input: Operations.GetCheckInPolicy.Input) async throws -> Operations.GetCheckInPolicy.Output {
        let actor = try RequestActor.require()
        return .ok(.init(body: .json(Self.policy(try await services.checkIns.policy(school: actor.school)))))
    }

    func setCheckInPolicy(_ input: Operations.SetCheckInPolicy.Input) async throws -> Operations.SetCheckInPolicy.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let policy = try CheckInPolicy.parse(opensAt: body.opensAt, cutoff: body.cutoff, reminders: body.reminders, reportDeadline: body.reportDeadline)
        try await services.checkIns.setPolicy(policy, by: actor)
        return .ok(.init(body: .json(Self.policy(policy))))
    }

    static func policy(_ p: CheckInPolicy) -> Components.Schemas.CheckInPolicy {
        .init(opensAt: CheckInPolicy.clock(p.opensAt), cutoff: CheckInPolicy.clock(p.cutoff),
              reminders: p.reminders.map(CheckInPolicy.clock), reportDeadline: CheckInPolicy.clock(p.reportDeadline))
    }

    func listStudentCheckIns(_ input: Operations.ListStudentCheckIns.Input) async throws -> Operations.ListStudentCheckIns.Output {
        let actor = try RequestActor.require()
        let days = input.query.days ?? 14
        guard (1...60).contains(days) else { throw DomainError.invalid("days 应为 1 到 60 (days must be 1–60)", field: "days") }
        let items = try await services.checkIns.history(of: input.path.studentNo, days: days, by: actor)
        return .ok(.init(body: .json(.init(items: items.map(Self.record)))))
    }

    static func record(_ c: CheckIn) -> Components.Schemas.CheckInRecord {
        .init(id: c.id, date: c.day.description, submittedAt: c.submittedAt, temperature: c.answers.temperature,
              symptoms: c.answers.symptoms.map(\.rawValue), onCampus: c.answers.onCampus, city: c.answers.city,
              healthCode: c.answers.healthCode.rawValue, riskContact: c.answers.riskContact, remark: c.answers.remark,
              abnormal: c.abnormal, reasons: c.reasons.map(\.rawValue), late: c.late, counted: c.counted,
              channel: .init(rawValue: c.channel.rawValue) ?? .api)
    }

    /// A `date` query value, or today in the school's time zone when it is absent.
    static func day(_ text: String?, services: any WebServices) throws -> CampusDay {
        guard let text, !text.isEmpty else { return CampusDay(services.clock.now(), in: services.timeZone) }
        guard let day = CampusDay(text) else { throw DomainError.invalid("date 应为 YYYY-MM-DD (date must be YYYY-MM-DD)", field: "date") }
        return day
    }

    func day(_ text: String?) throws -> CampusDay { try Self.day(text, services: services) }

    func listIntegritySignals(_ input: Operations.ListIntegritySignals.Input) async throws -> Operations.ListIntegritySignals.Output {
        let actor = try RequestActor.require()
        let signals = try await services.checkIns.integritySignals(days: input.query.days ?? 7, by: actor)
        return .ok(.init(body: .json(.init(items: signals.map {
            .init(studentNo: $0.studentNo, kind: .init(rawValue: $0.kind.rawValue) ?? .clockwork, occurrences: $0.occurrences, detail: $0.detail)
        }))))
    }
}
