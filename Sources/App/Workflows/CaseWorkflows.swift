import CampusKit
import Cases
import CheckIns
import Foundation
import TestingCampaigns

// What check-ins and lab reports set in motion in cases. Each runs inside the unit of work of the check-in or the
// report that raised it, so the case, its timeline and its notifications commit with it or not at all; who hears
// of a case and what they read is the Cases domain's (`CaseService.raise`, `CaseAudience`, `CaseNotice`).

/// Abnormal check-in → the student's check-in case → the counsellor's and building leaders' inboxes.
public struct AbnormalCheckInCases: AbnormalCheckInFollowUp {
    let cases: CaseService

    public init(cases: CaseService) { self.cases = cases }

    public func abnormal(_ checkIn: CheckIn, summary: String, school: SchoolID) async throws {
        _ = try await cases.raise([CaseEntry(studentNo: checkIn.studentNo, source: .checkin, summary: summary, by: checkIn.submittedBy,
                                             at: checkIn.submittedAt)], school: school)
    }
}

/// Lab report → a testing case for each positive student (and word to the people responsible); a note on the open
/// case of each student whose individual retest was negative.
public struct LabReportCases: LabReportFollowUp {
    let cases: CaseService

    public init(cases: CaseService) { self.cases = cases }

    public func positive(_ findings: [TestingFinding], by: String, at: Date, school: SchoolID) async throws {
        _ = try await cases.raise(findings.map { CaseEntry(studentNo: $0.studentNo, source: .testing, summary: $0.summary, by: by, at: at) },
                                  school: school)
    }

    public func cleared(_ students: [String], note: String, by: String, at: Date, school: SchoolID) async throws {
        try await cases.note(note, onOpenCasesOf: students, source: .testing, by: by, at: at, school: school)
    }
}
