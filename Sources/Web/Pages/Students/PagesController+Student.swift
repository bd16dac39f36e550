import CampusKit
import Foundation
import Hummingbird
import Roster

extension PagesController {
    /// One student, masked; those whose role allows it can reveal the numbers, which is audited and says so.
    @Sendable func studentPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let number = try context.parameters.require("studentNo")
        let student = try await PageFailure.explaining(title: "student_missing_title", missing: "student_missing") {
            try await services.roster.student(number: number, by: context.actor)
        }
        return try await renderStudent(student, revealed: false, context: context)
    }

    @Sendable func revealStudent(_ request: Request, context: SignedInPage) async throws -> Response {
        _ = try await form(CodeForm.self, request, context) { $0._csrf }
        let student = try await services.roster.unmaskedStudent(number: try context.parameters.require("studentNo"), by: context.actor)
        return try await renderStudent(student, revealed: true, context: context)
    }

    func renderStudent(_ s: Student, revealed: Bool, context: SignedInPage) async throws -> Response {
        let t = renderer.strings
        let lang = context.language
        func show(_ value: String?, _ mask: (String) -> String) -> String { value.map { revealed ? $0 : mask($0) } ?? "—" }
        let fields: [StudentPageModel.Field] = [
            .init(label: t.text("col_student_no", lang), value: s.studentNo),
            .init(label: t.text("col_class", lang), value: "\(s.college) · \(s.className)"),
            .init(label: t.text("student_room", lang),
                  value: [s.campus, s.building, s.room.map { t.text("grid_room_n", lang).replacingOccurrences(of: "{n}", with: $0) }]
                      .compactMap { $0 }.joined(separator: " · ")),
            .init(label: t.text("col_status", lang), value: t.text("status_\(s.status.rawValue)", lang)),
            .init(label: t.text("col_phone", lang), value: show(s.phone, Masking.phone)),
            .init(label: t.text("student_id_number", lang), value: show(s.idNumber, Masking.idNumber)),
            .init(label: t.text("student_guardian", lang), value: [s.guardianName, s.guardianPhone.map { revealed ? $0 : Masking.phone($0) }]
                .compactMap { $0 }.joined(separator: " · ")),
        ]
        let model = StudentPageModel(name: s.name, studentNo: s.studentNo, fields: fields, revealed: revealed,
                                     mayReveal: !revealed && RosterPermissions.mayUnmask(context.actor),
                                     call: revealed ? s.phone.map { "tel:\($0)" } : nil,
                                     callGuardian: revealed ? s.guardianPhone.map { "tel:\($0)" } : nil,
                                     record: try await studentRecord(s.studentNo, context: context))
        return renderer.render(model, title: "student_title", context: context)
    }
}
