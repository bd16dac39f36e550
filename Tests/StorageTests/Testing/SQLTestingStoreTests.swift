import CampusKit
import Cases
import Foundation
import Roster
import ShouhuTestSupport
import Storage
import App
import TestingCampaigns
import Testing

@Suite("Testing store: campaigns once per origin, swabs within the rules, lab reports (with their cases) in one transaction")
struct SQLTestingStoreTests {
    typealias F = CheckInStoreFixtures
    typealias X = TestingStoreFixtures

    @Test("A plan whose origin exists is not stored (false, nothing written); plans without an origin are all stored",
          arguments: TestEngine.available)
    func originOnce(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let first = try await X.plan(store, origin: "schedule:s1:2026-03-02")
            #expect(try await store.create(first, school: F.school))
            let again = try await X.plan(store, poolSize: 5, buildings: ["9号楼"], origin: "schedule:s1:2026-03-02")
            #expect(try await store.create(again, school: F.school) == false)
            #expect(try await store.campaign(school: F.school, id: again.campaign.id) == nil, "nothing of the second plan is stored")
            #expect(try await store.expected(school: F.school, campaignId: again.campaign.id, scope: .school).isEmpty)
            let stored = try #require(try await store.campaign(school: F.school, id: first.campaign.id))
            #expect(stored.campaign.poolSize == 10)
            #expect(stored.campaign.origin == "schedule:s1:2026-03-02")
            #expect(stored.sites == first.sites)
            #expect(stored.slots.count == first.slots.count)
            #expect(Set(try await store.expected(school: F.school, campaignId: first.campaign.id, scope: .school).map(\.studentNo)) == X.active)

            #expect(try await store.create(try await X.plan(store), school: F.school))
            #expect(try await store.create(try await X.plan(store), school: F.school), "no origin: no clash")
            #expect(try await X.everyCampaign(store).count == 3)
        }
    }

    @Test("A rotation and its days' campaigns are stored together; when one day clashes, none of the rotation is stored",
          arguments: TestEngine.available)
    func rotationAtomic(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let students = try await store.activeExaminees(school: F.school, buildings: [])
            let (start, dayDraft) = try RotationDraft(startDate: "2026-03-02", days: 3).validated()
            let (rotation, plans) = TestingService.rotation(students, start: start, days: 3, dayDraft: dayDraft, by: "admin", at: F.at(7))
            try await store.create(rotation, plans: plans, school: F.school, by: "admin", at: F.at(7))
            #expect(try await X.everyCampaign(store).count == 3)
            let expected = try await plans.asyncFlatMap { try await store.expected(school: F.school, campaignId: $0.campaign.id, scope: .school) }
            #expect(expected.count == X.active.count && Set(expected.map(\.studentNo)) == X.active)

            let fresh = try await X.plan(store, origin: "rotation:other:1")
            let clash = try await X.plan(store, origin: plans[1].campaign.origin)
            let other = Rotation(id: "other", startDay: start, buildings: [], days: [])
            await #expect(throws: (any Error).self) {
                try await store.create(other, plans: [fresh, clash], school: F.school, by: "admin", at: F.at(7))
            }
            #expect(try await store.campaign(school: F.school, id: fresh.campaign.id) == nil, "the first day was rolled back with the clash")
            #expect(try await X.everyCampaign(store).count == 3)
        }
    }

    @Test("Exempting an expected, unsampled student drops them from expected; sampling them anyway clears the exemption",
          arguments: TestEngine.available)
    func exemptThenSample(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let c = try await X.campaign(store)
            #expect(try await store.exempt(school: F.school, campaignId: c.id, studentNo: F.no(3), reason: "住院", by: "T001", at: F.at(8)))
            let exempted = try await store.coverage(school: F.school, campaignId: c.id, groupBy: .building, scope: .school)
            #expect(exempted.total.expected == X.active.count - 1)
            #expect(exempted.total.exempt == 1)
            let missing = try await store.missing(school: F.school, campaignId: c.id, scope: .school, day: DateInterval(start: F.at(0), duration: 86_400))
            #expect(missing.first { $0.studentNo == F.no(3) }?.reason == .exempt)
            #expect(missing.first { $0.studentNo == F.no(3) }?.note == "住院")

            guard case .success = try await X.sample(store, c.id, "EX-1", F.no(3)) else { Issue.record("the exempted student is swabbed"); return }
            let after = try await store.coverage(school: F.school, campaignId: c.id, groupBy: .building, scope: .school)
            #expect(after.total.expected == X.active.count)
            #expect(after.total.exempt == 0)
            #expect(after.total.sampled == 1)
            let stillMissing = try await store.missing(school: F.school, campaignId: c.id, scope: .school, day: DateInterval(start: F.at(0), duration: 86_400))
            #expect(!stillMissing.contains { $0.studentNo == F.no(3) })
            #expect(try await store.testing(of: F.no(3), school: F.school, since: F.previousDay).first?.status == .sampled)

            #expect(try await store.exempt(school: F.school, campaignId: c.id, studentNo: F.no(3), reason: "x", by: "T001", at: F.at(9)) == false,
                    "a sampled student is not exempted")
            #expect(try await store.exempt(school: F.school, campaignId: c.id, studentNo: F.no(8), reason: "x", by: "T001", at: F.at(9)) == false,
                    "an off-campus student is not expected in a full campaign")
            #expect(try await store.exempt(school: F.school, campaignId: "nope", studentNo: F.no(1), reason: "x", by: "T001", at: F.at(9)) == false)

            // The swab's tube is invalid: the student is to be sampled again; the old exemption does not come back.
            _ = try await X.apply(stores, [("EX-1", .invalid)])
            let voided = try await store.coverage(school: F.school, campaignId: c.id, groupBy: .building, scope: .school)
            #expect(voided.total.expected == X.active.count)
            #expect(voided.total.exempt == 0)
            let again = try await store.missing(school: F.school, campaignId: c.id, scope: .school, day: DateInterval(start: F.at(0), duration: 86_400))
            #expect(again.first { $0.studentNo == F.no(3) }?.reason == .resample)
        }
    }

    @Test("Swabs are refused when the tube is full, of another campaign or has its result, the student is sampled or not expected, the campaign closed or unknown; a refusal stores nothing",
          arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let c = try await X.campaign(store, poolSize: 2, buildings: ["1号楼", "6号楼"])
            let other = try await X.campaign(store, kind: .targeted, students: [X.extraNo(0), X.extraNo(1)])

            let first = try await X.sample(store, c.id, "T", F.no(1))
            #expect((try? first.get())?.position == 1)
            #expect((try? first.get())?.tubeFull == false)
            let second = try await X.sample(store, c.id, "T", F.no(2))
            #expect((try? second.get())?.position == 2)
            #expect((try? second.get())?.tubeFull == true)
            #expect(try await X.sample(store, c.id, "T", F.no(3)) == .failure(.tubeFull(poolSize: 2)))

            try await X.fill(store, c.id, "T2", [F.no(4)])
            #expect(try await X.sample(store, other.id, "T2", X.extraNo(0)) == .failure(.tubeOfAnotherCampaign))

            try await X.fill(store, c.id, "U", [F.no(3)])
            _ = try await X.apply(stores, [("U", .negative)])
            #expect(try await X.sample(store, c.id, "U", F.no(5)) == .failure(.tubeHasResult))

            #expect(try await X.sample(store, c.id, "V", F.no(1)) == .failure(.alreadySampled(tube: "T")))
            #expect(try await X.sample(store, "nope", "V", F.no(5)) == .failure(.unknownCampaign))
            #expect(try await X.sample(store, c.id, "V", F.no(8)) == .failure(.notExpected), "off campus: not in a full campaign")
            #expect(try await X.sample(store, c.id, "V", X.extraNo(2)) == .failure(.notExpected), "another building")
            #expect(try await store.close(school: F.school, campaignId: c.id, at: F.at(9)))
            #expect(try await store.close(school: F.school, campaignId: c.id, at: F.at(9)) == false)
            #expect(try await X.sample(store, c.id, "V", F.no(5)) == .failure(.campaignClosed))

            let t = try #require(try await store.tube(school: F.school, code: "T"))
            #expect(t.filled == 2)
            #expect(t.members == [F.no(1), F.no(2)])
            #expect(try await store.tube(school: F.school, code: "T2")?.members == [F.no(4)])
            #expect(try await store.tube(school: F.school, code: "U")?.filled == 1)
            #expect(try await store.tube(school: F.school, code: "V") == nil)
            #expect(try await store.coverage(school: F.school, campaignId: c.id, groupBy: .building, scope: .school).total.sampled == 4)
            #expect(try await store.coverage(school: F.school, campaignId: other.id, groupBy: .building, scope: .school).total.sampled == 0)
        }
    }

    @Test("A lab report with negative, positive, invalid and unknown tubes: the right counts, flags, cases and notifications, retest campaign and voided swabs; resent, nothing changes; individual results resolve flags and follow the cases",
          arguments: TestEngine.available)
    func applyMixed(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let c = try await X.campaign(store)
            try await X.fill(store, c.id, "A", [F.no(1), F.no(2)])
            try await X.fill(store, c.id, "B", [F.no(3), F.no(4)])
            try await X.fill(store, c.id, "C", [F.no(5)])
            try await X.fill(store, c.id, "D", [F.no(7)])

            let o = try await X.apply(stores, [("A", .negative), ("B", .positive), ("C", .invalid), ("ZZZ", .negative)])
            #expect(o.applied == 3)
            #expect(o.unknown == ["ZZZ"])
            #expect(o.conflicts.isEmpty)
            #expect(o.flagged.sorted() == [F.no(3), F.no(4)])
            #expect(o.resample == [F.no(5)])
            #expect(o.retestCampaigns.count == 1)
            #expect(o.cleared.isEmpty && o.confirmed.isEmpty)

            let coverage = try await store.coverage(school: F.school, campaignId: c.id, groupBy: .building, scope: .school)
            #expect(coverage.total.sampled == 5, "A, B and D; C's swab is voided")
            #expect(coverage.total.negative == 2)
            #expect(coverage.total.positive == 2)
            #expect(coverage.total.pending == 1)
            #expect(coverage.total.expected == X.active.count)
            let missing = try await store.missing(school: F.school, campaignId: c.id, scope: .school, day: DateInterval(start: F.at(0), duration: 86_400))
            #expect(missing.first { $0.studentNo == F.no(5) }?.reason == .resample)
            #expect(try await store.tube(school: F.school, code: "C")?.status == .invalid)

            let retestID = try #require(o.retestCampaigns.first)
            let retest = try #require(try await store.campaign(school: F.school, id: retestID))
            #expect(retest.campaign.purpose == .retest)
            #expect(retest.campaign.poolSize == 1)
            #expect(retest.campaign.origin == "retest:B")
            #expect(try await store.expected(school: F.school, campaignId: retestID, scope: .school).map(\.studentNo) == [F.no(3), F.no(4)])
            let cases = try await F.allCases(stores.caseStores, CaseFilter(source: .testing))
            #expect(cases.map(\.studentNo).sorted() == [F.no(3), F.no(4)])
            #expect(cases.allSatisfy { $0.status == .open })
            #expect(try await F.allCases(stores.caseStores).count == 2, "no case for the invalid or negative tubes' students")
            // Each positive member's case says why, and the student's counsellor and building leader are told (as for an abnormal check-in).
            let pooled = LabReport.pooledSummary(tube: "B", members: 2)
            var caseOf: [String: String] = [:]
            for c in cases {
                caseOf[c.studentNo] = c.id
                #expect(c.summary == pooled)
                let detail = try #require(try await stores.caseStores.cases.detail(school: F.school, id: c.id, scope: .school))
                #expect(detail.timeline == [CaseEvent(at: F.at(10), kind: .opened, detail: pooled, by: "lab"),
                                            CaseEvent(at: F.at(10), kind: .notified, detail: "辅导员一、楼长一", by: "system")])
            }
            for recipient in ["T001", "B001"] {
                let inbox = try await stores.caseStores.notifications.inbox(school: F.school, recipient: recipient, unreadOnly: false, limit: 10)
                #expect(Set(inbox.map(\.subject)) == ["新异常个案：丙（\(F.no(3))）", "新异常个案：丁（\(F.no(4))）"], "\(recipient)")
                #expect(Set(inbox.compactMap(\.link)) == Set(cases.map { "/cases/\($0.id)" }))
                #expect(inbox.allSatisfy { $0.kind == .caseAlert && $0.body == pooled })
            }
            for stranger in ["T002", "B006"] {
                #expect(try await stores.caseStores.notifications.unreadCount(school: F.school, recipient: stranger) == 0, "\(stranger)")
            }
            for s in [F.no(3), F.no(4)] { #expect(try await X.pendingRetest(stores, s), "\(s) flagged") }
            for s in [F.no(1), F.no(5), F.no(7)] { #expect(try await X.pendingRetest(stores, s) == false, "\(s) not flagged") }

            // Resent: applied again as a no-op; no second retest campaign, flag or case.
            let again = try await X.apply(stores, [("A", .negative), ("B", .positive), ("C", .invalid), ("ZZZ", .negative)])
            #expect(again.applied == 3)
            #expect(again.flagged.isEmpty && again.retestCampaigns.isEmpty && again.resample.isEmpty, "\(again)")
            #expect(try await X.everyCampaign(store).count == 2)
            #expect(try await F.allCases(stores.caseStores, CaseFilter(source: .testing)).count == 2)
            #expect(try await stores.caseStores.notifications.unreadCount(school: F.school, recipient: "T001") == 2, "nobody is told twice")
            // Another result for a tube that has one is a conflict and changes nothing.
            let conflict = try await X.apply(stores, [("A", .positive)])
            #expect(conflict.conflicts == ["A"])
            #expect(conflict.applied == 0)
            #expect(try await store.tube(school: F.school, code: "A")?.status == .negative)

            // Individual retests: 003 negative clears their flag, 004 positive confirms it.
            try await X.fill(store, retestID, "R3", [F.no(3)])
            try await X.fill(store, retestID, "R4", [F.no(4)])
            let individual = try await X.apply(stores, [("R3", .negative), ("R4", .positive)], at: F.at(14))
            #expect(individual.applied == 2)
            #expect(individual.cleared == [F.no(3)])
            #expect(individual.confirmed == [F.no(4)])
            #expect(individual.flagged.isEmpty && individual.retestCampaigns.isEmpty)
            #expect(try await X.pendingRetest(stores, F.no(3)) == false)
            #expect(try await X.pendingRetest(stores, F.no(4)) == false, "confirmed is no longer pending: the open case speaks for it")
            #expect(try await F.allCases(stores.caseStores, CaseFilter(status: .open, source: .testing)).map(\.studentNo).sorted() == [F.no(3), F.no(4)])
            // 003's case notes the negative retest (nobody is told); 004's case gets the confirmation, and people are told again.
            let (case3, case4) = (try #require(caseOf[F.no(3)]), try #require(caseOf[F.no(4)]))
            let cleared = try #require(try await stores.caseStores.cases.detail(school: F.school, id: case3, scope: .school))
            #expect(Array(cleared.timeline.dropFirst(2)) == [CaseEvent(at: F.at(14), kind: .note, detail: LabReport.retestNegativeNote, by: "lab")])
            let confirmed = try #require(try await stores.caseStores.cases.detail(school: F.school, id: case4, scope: .school))
            #expect(Array(confirmed.timeline.dropFirst(2)) == [CaseEvent(at: F.at(14), kind: .note, detail: LabReport.confirmedSummary(tube: "R4"), by: "lab"),
                                                        CaseEvent(at: F.at(14), kind: .notified, detail: "辅导员一、楼长一", by: "system")])
            let newest = try await stores.caseStores.notifications.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 10)
            #expect(newest.count == 3)
            #expect(newest.first?.subject == "异常个案有新情况：丁（\(F.no(4))）")
            #expect(newest.first?.body == LabReport.confirmedSummary(tube: "R4"))
        }
    }

    @Test("When the follow-up of a lab report fails, nothing of the report is stored: tubes stay open, no flag, retest campaign, case or notification",
          arguments: TestEngine.available)
    func failedFollowUpRollsBack(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let c = try await X.campaign(store)
            try await X.fill(store, c.id, "A", [F.no(1), F.no(2)])
            try await X.fill(store, c.id, "B", [F.no(3), F.no(4)])
            let failing = FailingLabReportCases(inner: LabReportCases(cases: Services(stores.database, at: F.at(10)).cases))
            await #expect(throws: FollowUpFailed.self) {
                try await X.apply(stores, [("A", .negative), ("B", .positive)], followUp: failing)
            }
            #expect(try await store.tube(school: F.school, code: "A")?.status == .open)
            #expect(try await store.tube(school: F.school, code: "B")?.status == .open)
            #expect(try await X.everyCampaign(store).count == 1, "no retest campaign")
            for s in [F.no(3), F.no(4)] { #expect(try await X.pendingRetest(stores, s) == false, "\(s) not flagged") }
            #expect(try await F.allCases(stores.caseStores).isEmpty)
            for recipient in ["T001", "B001"] {
                #expect(try await stores.caseStores.notifications.unreadCount(school: F.school, recipient: recipient) == 0, "\(recipient)")
            }
            let coverage = try await store.coverage(school: F.school, campaignId: c.id, groupBy: .building, scope: .school)
            #expect(coverage.total.negative == 0 && coverage.total.positive == 0 && coverage.total.pending == 4)

            // Sent again, and followed up: applied in full.
            let o = try await X.apply(stores, [("A", .negative), ("B", .positive)])
            #expect(o.applied == 2)
            #expect(o.flagged.sorted() == [F.no(3), F.no(4)])
            #expect(o.retestCampaigns.count == 1)
            #expect(try await F.allCases(stores.caseStores).map(\.studentNo).sorted() == [F.no(3), F.no(4)])
        }
    }

    @Test("Fifteen swabs at once into one new 10-in-1 tube: ten stored at positions 1–10, five refused as tube full; one student at once into eight tubes: one stored",
          arguments: TestEngine.available)
    func concurrentSwabs(engine: TestEngine) async throws {
        try await X.withStores(engine) { stores in
            let store = stores.testing
            let c = try await X.campaign(store)
            let students = (0..<15).map(X.extraNo)
            let results = try await withThrowingTaskGroup(of: Result<SampleReceipt, SampleRefusal>.self) { group in
                for s in students { group.addTask { try await X.sample(store, c.id, "RACE", s) } }
                var all: [Result<SampleReceipt, SampleRefusal>] = []
                for try await r in group { all.append(r) }
                return all
            }
            let stored = results.compactMap { try? $0.get() }
            #expect(stored.count == 10)
            #expect(Set(stored.map(\.position)) == Set(1...10))
            #expect(results.filter { $0 == .failure(.tubeFull(poolSize: 10)) }.count == 5, "\(results)")
            let tube = try #require(try await store.tube(school: F.school, code: "RACE"))
            #expect(tube.filled == 10 && tube.members.count == 10)

            let same = try await withThrowingTaskGroup(of: Result<SampleReceipt, SampleRefusal>.self) { group in
                for i in 0..<8 { group.addTask { try await X.sample(store, c.id, "ONE-\(i)", F.no(1)) } }
                var all: [Result<SampleReceipt, SampleRefusal>] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(same.compactMap { try? $0.get() }.count == 1, "\(same)")
            #expect(same.allSatisfy {
                if case .failure(.alreadySampled) = $0 { return true }
                if case .success = $0 { return true }
                return false
            })
            var opened = 0
            for i in 0..<8 where try await store.tube(school: F.school, code: "ONE-\(i)") != nil { opened += 1 }
            #expect(opened == 1, "the refused swabs' tubes were rolled back")
            #expect(try await store.coverage(school: F.school, campaignId: c.id, groupBy: .building, scope: .school).total.sampled == 11)
        }
    }
}

extension Array {
    fileprivate func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for e in self { result += try await transform(e) }
        return result
    }
}
