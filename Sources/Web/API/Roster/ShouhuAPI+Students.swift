import CampusKit
import Foundation
import OpenAPIRuntime
import Roster

extension ShouhuAPI {
    func listStudents(_ input: Operations.ListStudents.Input) async throws -> Operations.ListStudents.Output {
        let actor = try RequestActor.require()
        let q = input.query
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let filter = StudentFilter(building: text(q.building), floor: text(q.floor), room: text(q.room),
                                   college: text(q.college), className: text(q._class),
                                   status: q.status.flatMap { StudentStatus(rawValue: $0.rawValue) }, query: text(q.q))
        let page = try await services.roster.students(matching: filter, page: try Paging.request(limit: q.limit, cursor: q.cursor), by: actor)
        // CONTRACT.md: the response always has nextCursor, null on the last page (a generated optional would be omitted).
        let next: OpenAPIValueContainer = page.next.map { OpenAPIValueContainer(stringLiteral: Paging.cursor(for: $0)) } ?? nil
        return .ok(.init(body: .json(.init(items: page.items.map(Self.item), nextCursor: next))))
    }

    func getStudent(_ input: Operations.GetStudent.Input) async throws -> Operations.GetStudent.Output {
        let actor = try RequestActor.require()
        if input.query.unmask == true {
            let student = try await services.roster.unmaskedStudent(number: input.path.studentNo, by: actor)
            return .ok(.init(body: .json(Self.detail(student, masked: false))))
        }
        return .ok(.init(body: .json(Self.detail(try await services.roster.student(number: input.path.studentNo, by: actor), masked: true))))
    }

    func getGrid(_ input: Operations.GetGrid.Input) async throws -> Operations.GetGrid.Output {
        let actor = try RequestActor.require()
        let tree = try await services.roster.grid(by: actor)
        func node(_ n: GridTree.Node) -> Components.Schemas.GridNode {
            .init(level: .init(rawValue: n.level), name: n.name, key: n.key, students: n.students, active: n.active,
                  children: n.children.map(node))
        }
        return .ok(.init(body: .json(.init(students: tree.students, active: tree.active, campuses: tree.campuses.map(node)))))
    }

    static func item(_ s: Student) -> Components.Schemas.StudentItem {
        .init(studentNo: s.studentNo, name: s.name, college: s.college, _class: s.className, building: s.building,
              floor: s.floor, room: s.room, status: .init(rawValue: s.status.rawValue) ?? .active)
    }

    /// One student, with phone and ID numbers masked unless `masked` is false (an audited reading, C2).
    static func detail(_ s: Student, masked: Bool) -> Components.Schemas.StudentDetail {
        func phone(_ v: String) -> String { masked ? Masking.phone(v) : v }
        func idNumber(_ v: String) -> String { masked ? Masking.idNumber(v) : v }
        return .init(studentNo: s.studentNo, name: s.name, gender: s.gender.flatMap { .init(rawValue: $0.rawValue) },
              college: s.college, _class: s.className, grade: s.grade, campus: s.campus, building: s.building,
              floor: s.floor, room: s.room, bed: s.bed, phone: s.phone.map(phone),
              idNumber: s.idNumber.map(idNumber), guardianName: s.guardianName,
              guardianPhone: s.guardianPhone.map(phone), counsellor: s.counsellor,
              gridRole: s.gridRole.flatMap { .init(rawValue: $0.rawValue) },
              status: .init(rawValue: s.status.rawValue) ?? .active, masked: masked)
    }
}
