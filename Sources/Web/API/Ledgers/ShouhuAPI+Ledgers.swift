import CampusKit
import Foundation
import GateAccess
import Ledgers
import OpenAPIRuntime
import Roster

extension ShouhuAPI {
    func listKeyStudents(_ input: Operations.ListKeyStudents.Input) async throws -> Operations.ListKeyStudents.Output {
        let actor = try RequestActor.require()
        let q = input.query
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let service = services.keyStudents
        let day = try Self.day(q.date)
        let filter = KeyStudentFilter(building: text(q.building), floor: text(q.floor), college: text(q.college), className: text(q._class),
                                      flaggedDuring: day.map(service.interval(of:)))
        let page = try await service.list(filter, page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        return .ok(.init(body: .json(.init(items: page.items.map(Self.keyStudentItem), nextCursor: next))))
    }

    func flagKeyStudent(_ input: Operations.FlagKeyStudent.Input) async throws -> Operations.FlagKeyStudent.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let flag = try await services.keyStudents.flag(studentNo: body.studentNo, KeyStudentDraft(reason: body.reason, category: body.category), by: actor)
        return .created(.init(body: .json(Self.keyStudentItem(flag))))
    }

    func changeKeyStudent(_ input: Operations.ChangeKeyStudent.Input) async throws -> Operations.ChangeKeyStudent.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let flag = try await services.keyStudents.change(studentNo: input.path.studentNo, KeyStudentDraft(reason: body.reason, category: body.category),
                                                         by: actor)
        return .ok(.init(body: .json(Self.keyStudentItem(flag))))
    }

    func clearKeyStudent(_ input: Operations.ClearKeyStudent.Input) async throws -> Operations.ClearKeyStudent.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        let change = try await services.keyStudents.clear(studentNo: input.path.studentNo, reason: body.reason, by: actor)
        return .ok(.init(body: .json(Self.keyStudentChangeItem(change))))
    }

    func getKeyStudentHistory(_ input: Operations.GetKeyStudentHistory.Input) async throws -> Operations.GetKeyStudentHistory.Output {
        let actor = try RequestActor.require()
        let found = try await services.keyStudents.history(of: input.path.studentNo, by: actor)
        return .ok(.init(body: .json(.init(studentNo: found.student.studentNo, name: found.student.name, current: found.current.map(Self.keyStudentItem),
                                           changes: found.changes.map(Self.keyStudentChangeItem)))))
    }

    func listOnCampus(_ input: Operations.ListOnCampus.Input) async throws -> Operations.ListOnCampus.Output {
        let actor = try RequestActor.require()
        let q = input.query
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let filter = StudentFilter(building: text(q.building), floor: text(q.floor), college: text(q.college), className: text(q._class))
        let found = try await services.onCampus.ledger(day: try Self.day(q.date), filter: filter,
                                                       status: q.status.flatMap { OnCampusEntry.Status(rawValue: $0.rawValue) },
                                                       page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        let next: OpenAPIValueContainer = found.page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        return .ok(.init(body: .json(.init(date: found.day.description, items: found.page.items.map(Self.onCampusItem), nextCursor: next))))
    }

    /// A `date` query: nil when absent or empty, 422 naming `date` when it is no day.
    static func day(_ text: String?) throws -> CampusDay? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = CampusDay(text) else { throw DomainError.invalid("日期格式应为 YYYY-MM-DD (a date like 2026-12-06)", field: "date") }
        return day
    }

    static func keyStudentItem(_ k: KeyStudent) -> Components.Schemas.KeyStudent {
        .init(studentNo: k.studentNo, name: k.studentName, className: k.className, college: k.college, building: k.building, floor: k.floor,
              room: k.room, category: k.mark.category?.rawValue, reason: k.mark.reason, flaggedBy: k.flaggedBy, flaggedAt: k.flaggedAt,
              updatedBy: k.updatedBy, updatedAt: k.updatedAt, clearedBy: k.clearedBy, clearedAt: k.clearedAt, clearReason: k.clearReason)
    }

    static func keyStudentChangeItem(_ c: KeyStudentChange) -> Components.Schemas.KeyStudentChange {
        func mark(_ m: KeyStudentMark?) -> Components.Schemas.KeyStudentMark? { m.map { .init(category: $0.category?.rawValue, reason: $0.reason) } }
        return .init(studentNo: c.studentNo, at: c.at, by: c.by, action: .init(rawValue: c.action.rawValue) ?? .changed,
                     before: mark(c.before), after: mark(c.after), note: c.note)
    }

    static func onCampusItem(_ e: OnCampusEntry) -> Components.Schemas.OnCampusEntry {
        .init(studentNo: e.studentNo, name: e.name, className: e.className, college: e.college, building: e.building, floor: e.floor, room: e.room,
              status: .init(rawValue: e.status.rawValue) ?? .unknown, lastGateAt: e.lastGate?.at, lastGateDirection: e.lastGate?.direction.rawValue,
              lastGatePoint: e.lastGate?.pointName, leave: e.leave.map { .init(id: $0.id, from: $0.from, to: $0.to, destination: $0.destination) })
    }
}
