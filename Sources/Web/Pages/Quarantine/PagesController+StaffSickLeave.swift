import CampusKit
import Foundation
import Hummingbird
import Quarantine

/// Staff record a sick leave for a student from the sick-leave list (CONTRACT.md: "the student or staff"): a student
/// who phoned in ill, one the clinic sent to bed.
extension PagesController {
    struct StaffSickLeaveForm: Decodable {
        var _csrf: String?; var studentNo: String?; var symptoms: String?; var onset: String?; var from: String?; var to: String?
        var clinicVisited: String?
    }

    func staffSickLeaveForm(_ form: StaffSickLeaveForm?, errors: [String: String], today: CampusDay) -> StaffSickLeaveFormModel {
        StaffSickLeaveFormModel(studentNo: form?.studentNo ?? "", symptoms: form?.symptoms ?? "", onset: form?.onset ?? today.description,
                                from: form?.from ?? today.description, to: form?.to ?? "", clinic: form?.clinicVisited != nil,
                                today: today.description, open: !errors.isEmpty, error_studentNo: errors["studentNo"],
                                error_symptoms: errors["symptoms"], error_onset: errors["onset"], error_from: errors["from"], error_to: errors["to"])
    }

    @Sendable func staffSickLeaveForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(StaffSickLeaveForm.self, request, context) { $0._csrf }
        do {
            let leave = try await services.sickLeaves.request(
                SickLeaveRequest(studentNo: (form.studentNo ?? "").trimmingCharacters(in: .whitespaces), symptoms: form.symptoms, onset: form.onset,
                                 clinicVisited: form.clinicVisited != nil, from: form.from, to: form.to), by: context.actor)
            return Response(status: .seeOther, headers: [.location: "/sick-leaves/\(leave.id)"])
        } catch let error as DomainError where error.kind == .invalid || error.kind == .notFound || error.kind == .conflict {
            var errors: [String: String] = [:]
            for e in error.fieldErrors where errors[e.field] == nil { errors[e.field] = e.text(in: context.language) }
            if errors.isEmpty { errors["studentNo"] = error.text(in: context.language) }
            return try await renderSickLeaves(request, context: context, form: form, errors: errors,
                                              status: error.kind == .notFound ? .notFound : error.kind == .conflict ? .conflict : .unprocessableContent)
        }
    }
}
