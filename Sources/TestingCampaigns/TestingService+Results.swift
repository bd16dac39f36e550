import CampusKit
import Foundation

// MARK: Lab results

extension TestingService {
    /// A lab report: each tube's result. Unknown tubes are listed and the rest applied, with all they set in motion
    /// (`LabReport.consequences`, the cases the follow-up opens and its notifications) in one unit of work. Audited.
    public func apply(_ results: [LabResult], by actor: Actor) async throws -> ResultOutcome {
        try requireResults(actor)
        guard !results.isEmpty else { throw DomainError.invalid("没有结果 (no results)", field: "results") }
        guard results.count <= LabResult.batchLimit else {
            throw DomainError(.tooLarge, "一次最多上传 \(LabResult.batchLimit) 管结果 (at most \(LabResult.batchLimit) results at once)")
        }
        var seen: [String: Int] = [:]
        for (i, r) in results.enumerated() {
            guard SampleScan.isTubeCode(r.tubeCode) else { throw DomainError.invalid("试管条码无效 (bad tube code)", field: "results[\(i)].tubeCode") }
            if let j = seen[r.tubeCode], results[j].result != r.result {
                throw DomainError.invalid("同一试管有两个不同结果 (two results for one tube)", field: "results[\(i)].result")
            }
            seen[r.tubeCode] = i
        }
        let now = clock.now()
        let (day, start) = Self.retestStart(now, timeZone: timeZone)
        let (store, followUp, audit, school, by) = (self.store, self.followUp, self.audit, actor.school, actor.username)
        return try await work.perform {
            let outcome = try await Self.apply(results, store: store, followUp: followUp, school: school, by: by, now: now, retestDay: day,
                                               retestStart: start)
            // The entry commits with the report.
            try await audit.record(AuditEntry(actor, at: now, action: "testing.results.apply", subject: "\(results.count) tubes",
                                              detail: "applied \(outcome.applied), unknown \(outcome.unknown.count), positive members \(outcome.flagged.count), confirmed \(outcome.confirmed.count)"))
            return outcome
        }
    }

    /// The report's work inside its unit of work: the tubes moved, and what `LabReport.consequences` says they set in motion.
    private static func apply(_ results: [LabResult], store: any TestingStore, followUp: any LabReportFollowUp, school: SchoolID, by: String,
                              now: Date, retestDay day: CampusDay, retestStart start: Int) async throws -> ResultOutcome {
        let stored = try await store.storedTubes(school: school, codes: results.map(\.tubeCode))
        var sorting = LabReport.sort(results, stored: stored)
        var moved: [TubeResult: [String]] = [:]
        for result in TubeResult.allCases {
            guard let tubes = sorting.moves[result], !tubes.isEmpty else { continue }
            // Only tubes this unit of work moved from open act on their members: a concurrent report on the same
            // tube finds it moved, so one positive never flags, opens cases or notifies twice.
            let (changed, others) = try await store.setResult(result, tubes: tubes, school: school, by: by, at: now)
            moved[result] = changed
            LabReport.settle(result, lost: others, into: &sorting)
        }
        let changing = moved.values.flatMap { $0 }
        var outcome = ResultOutcome(applied: sorting.alreadyApplied + changing.count, unknown: sorting.unknown, conflicts: sorting.conflicts)
        guard !changing.isEmpty else { return outcome }
        let members = try await store.members(school: school, tubes: changing)
        var findings: [TestingFinding] = []
        for effect in LabReport.consequences(moved: moved, stored: stored, members: members) {
            switch effect {
            case .clearFlags(let students):
                outcome.cleared = Array(Set(try await store.clearFlags(school: school, students: students, at: now))).sorted()
                try await followUp.cleared(outcome.cleared, note: LabReport.retestNegativeNote, by: by, at: now, school: school)
            case .void(let tubes, let students):
                try await store.void(school: school, tubes: tubes, at: now)
                outcome.resample += students
            case .confirm(let tube, let student):
                try await store.confirm(school: school, student: student, tube: tube, at: now)
                outcome.confirmed.append(student)
                findings.append(TestingFinding(studentNo: student, summary: LabReport.confirmedSummary(tube: tube)))
            case .retest(let tube, let students):
                let examinees = try await store.examinees(school: school, numbers: students).sorted(by: Examinee.planningOrder)
                let draft = ValidDraft(name: LabReport.retestName(tube: tube), day: day, kind: .targeted, poolSize: 1,
                                       students: examinees.map(\.studentNo), sites: [Self.retestSite], startMinute: start)
                let plan = SlotPlanner.campaign(draft, expected: examinees, id: Self.newID(), purpose: .retest, origin: "retest:\(tube)",
                                                by: by, at: now)
                let retest = try await store.retestCampaign(plan, school: school)
                outcome.retestCampaigns.append(retest)
                try await store.flag(school: school, students: students, tube: tube, retest: retest, at: now)
                outcome.flagged += students
                findings += students.map { TestingFinding(studentNo: $0, summary: LabReport.pooledSummary(tube: tube, members: students.count)) }
            }
        }
        try await followUp.positive(findings, by: by, at: now, school: school)
        return outcome
    }
}
