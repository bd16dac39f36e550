import CampusKit
import Cases
import CheckIns
import ContactTracing
import Foundation
import Quarantine
import Storage
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

/// Abnormal quarantine health record → the student's check-in case (a health report, like a check-in), in the
/// record's unit of work.
public struct AbnormalQuarantineRecordCases: AbnormalHealthRecordFollowUp {
    let cases: CaseService

    public init(cases: CaseService) { self.cases = cases }

    public func abnormal(_ record: HealthRecord, studentNo: String, summary: String, school: SchoolID) async throws {
        _ = try await cases.raise([CaseEntry(studentNo: studentNo, source: .checkin, summary: summary, by: record.recordedBy,
                                             at: record.recordedAt)], school: school)
    }
}

/// An investigation's index student and contacts by degree, for placing them in quarantine.
public struct InvestigationContactList: InvestigationContacts {
    let store: SQLInvestigationStore

    public init(store: SQLInvestigationStore) { self.store = store }

    public func contacts(of investigationId: String, school: SchoolID) async throws -> (index: String, degrees: [String: Int])? {
        guard let found = try await store.investigation(school: school, id: investigationId, scope: .school) else { return nil }
        var degrees: [String: Int] = [:]
        for c in found.contacts { degrees[c.studentNo] = min(degrees[c.studentNo] ?? Int.max, c.degree) }
        return (found.request.indexStudentNo, degrees)
    }
}

/// A tube's members and result from testing, for placing a positive tube's members in quarantine.
public struct TestingTubeMembers: PositiveTubeMembers {
    let store: any TestingStore

    public init(store: any TestingStore) { self.store = store }

    public func tube(_ code: String, school: SchoolID) async throws -> (positive: Bool, members: [String])? {
        try await store.tube(school: school, code: code).map { ($0.status == .positive, $0.members) }
    }
}
