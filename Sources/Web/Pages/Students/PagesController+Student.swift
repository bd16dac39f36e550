import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    /// One student, masked; those whose role allows it can reveal the numbers, which is audited and says so.
    @Sendable func studentPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        let number = try context.parameters.require("studentNo")
        do {
            return renderStudent(try await services.roster.student(number: number, by: actor), revealed: false, actor: actor, context: context)
        } catch let error as DomainError where error.kind == .notFound {
            return renderer.render("message", title: "student_missing_title",
                                   model: ["message": renderer.strings.text("student_missing", context.language)], context: context, status: .notFound)
        }
    }

    @Sendable func revealStudent(_ request: Request, context: ShouhuContext) async throws -> Response {
        guard let actor = context.actor else { return Self.signInRedirect(request) }
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        let student = try await services.roster.unmaskedStudent(number: try context.parameters.require("studentNo"), by: actor)
        return renderStudent(student, revealed: true, actor: actor, context: context)
    }

    func renderStudent(_ s: Student, revealed: Bool, actor: Actor, context: ShouhuContext) -> Response {
        let t = renderer.strings
        func show(_ value: String?, _ mask: (String) -> String) -> String { value.map { revealed ? $0 : mask($0) } ?? "—" }
        let fields: [[String: String]] = [
            ["label": t.text("col_student_no", context.language), "value": s.studentNo],
            ["label": t.text("col_class", context.language), "value": "\(s.college) · \(s.className)"],
            ["label": t.text("student_room", context.language),
             "value": [s.campus, s.building, s.room.map { t.text("grid_room_n", context.language).replacingOccurrences(of: "{n}", with: $0) }]
                .compactMap { $0 }.joined(separator: " · ")],
            ["label": t.text("col_status", context.language), "value": t.text("status_\(s.status.rawValue)", context.language)],
            ["label": t.text("col_phone", context.language), "value": show(s.phone, Masking.phone)],
            ["label": t.text("student_id_number", context.language), "value": show(s.idNumber, Masking.idNumber)],
            ["label": t.text("student_guardian", context.language), "value": [s.guardianName, s.guardianPhone.map { revealed ? $0 : Masking.phone($0) }]
                .compactMap { $0 }.joined(separator: " · ")],
        ]
        return renderer.render("student", title: "student_title",
                               model: ["name": s.name, "studentNo": s.studentNo, "fields": fields, "revealed": revealed,
                                       "mayReveal": !revealed && !actor.roles.isDisjoint(with: RosterService.unmaskRoles)],
                               context: context)
    }
}
