import Cases
import CampusKit
import CheckIns
import Foundation
import Roster
import ShouhuTestSupport
import Storage
import App
import Testing

@Suite("Check-in store: counted check-ins, history and idempotency keys")
struct SQLCheckInStoreTests {
    typealias F = CheckInStoreFixtures

    static func withStore(_ engine: TestEngine, _ body: (SQLCheckInStore) async throws -> Void) async throws {
        try await F.withDatabase(engine) { database in try await body(SQLCheckInStore(database: database)) }
    }

    static func withStores(_ engine: TestEngine, _ body: (F.Stores) async throws -> Void) async throws {
        try await F.withStores(engine, body)
    }

    static func counted(_ c: CheckIn, _ counted: Bool) -> CheckIn {
        var copy = c
        copy.counted = counted
        return copy
    }

    @Test("A recorded check-in comes back whole as the one that counts, and in the history", arguments: TestEngine.available)
    func recordRoundTrip(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let answers = Answers(temperature: 38.2, symptoms: [.fever, .cough, .other], onCampus: false, city: "上海",
                                  healthCode: .yellow, riskContact: true, remark: "在家")
            let c = F.checkIn(F.no(1), at: F.at(8, 5, 7), answers: answers, channel: .page,
                              client: ClientInfo(address: "10.0.0.7", userAgent: "Mozilla/5.0", formSeconds: 12.345))
            let receipt = try await F.record(store, c)
            #expect(receipt == Receipt(c))
            #expect(receipt.reasons == [.temperature, .symptoms, .healthCode, .riskContact])
            let stored = try await store.counted(school: F.school, studentNo: F.no(1), day: F.day)
            #expect(stored == c)
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(history == [c])
            let plain = F.checkIn(F.no(2), at: F.at(8), channel: .staff)
            try await F.record(store, plain)
            let storedPlain = try await store.counted(school: F.school, studentNo: F.no(2), day: F.day)
            #expect(storedPlain == plain)
            #expect(storedPlain?.answers.city == nil)
            #expect(storedPlain?.client == ClientInfo())
            let nobody = try await store.counted(school: F.school, studentNo: F.no(3), day: F.day)
            #expect(nobody == nil)
            let otherDay = try await store.counted(school: F.school, studentNo: F.no(1), day: F.nextDay)
            #expect(otherDay == nil)
        }
    }

    @Test("A later check-in replaces the counted one; the history keeps both, newest first", arguments: TestEngine.available)
    func laterReplaces(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let first = F.checkIn(F.no(1), at: F.at(8), answers: F.fever)
            let second = F.checkIn(F.no(1), at: F.at(9))
            try await F.record(store, first)
            try await F.record(store, second)
            let counted = try await store.counted(school: F.school, studentNo: F.no(1), day: F.day)
            #expect(counted?.id == second.id)
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(history == [Self.counted(second, true), Self.counted(first, false)])
            let groups = try await store.completeness(school: F.school, day: F.day, level: .room, scope: Scope(students: [F.no(1)]))
            #expect(groups == [Completeness.Group(key: "1号楼/101", expected: 1, reported: 1, abnormal: 0, late: 0)])
        }
    }

    @Test("A check-in with an earlier submittedAt that arrives later does not replace the later one", arguments: TestEngine.available)
    func earlierArrivingLaterDoesNotReplace(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let later = F.checkIn(F.no(1), at: F.at(9))
            let earlier = F.checkIn(F.no(1), at: F.at(8), answers: F.fever)
            try await F.record(store, later)
            try await F.record(store, earlier)
            let counted = try await store.counted(school: F.school, studentNo: F.no(1), day: F.day)
            #expect(counted?.id == later.id)
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(history.map(\.id) == [later.id, earlier.id])
            #expect(history.map(\.counted) == [true, false])
            let groups = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: Scope(students: [F.no(1)]))
            #expect(groups == [Completeness.Group(key: "南校区", expected: 1, reported: 1, abnormal: 0, late: 0)])
        }
    }

    @Test("A day stays on time once an on-time check-in was made, while a day with only late ones is late", arguments: TestEngine.available)
    func dayStaysOnTime(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let onTime = F.checkIn(F.no(1), at: F.at(9, 59, 59))
            let late = F.checkIn(F.no(1), at: F.at(10, 30), answers: F.fever)
            #expect(!onTime.late)
            #expect(late.late)
            try await F.record(store, onTime)
            try await F.record(store, late)
            try await F.record(store, F.checkIn(F.no(2), at: F.at(10)))
            try await F.record(store, F.checkIn(F.no(2), at: F.at(11)))
            let counted = try await store.counted(school: F.school, studentNo: F.no(1), day: F.day)
            #expect(counted?.id == late.id)
            #expect(counted?.late == true)
            let one = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: Scope(students: [F.no(1)]))
            // The day counts the latest answers (abnormal) but keeps the on-time mark.
            #expect(one == [Completeness.Group(key: "南校区", expected: 1, reported: 1, abnormal: 1, late: 0)])
            let two = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: Scope(students: [F.no(2)]))
            #expect(two == [Completeness.Group(key: "南校区", expected: 1, reported: 1, abnormal: 0, late: 1)])
        }
    }

    @Test("An on-time check-in that arrives after a later, late one (an offline phone) makes the day on time but does not replace the later answers — alone and in one batch", arguments: TestEngine.available)
    func earlierOnTimeArrivingLast(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let late = F.checkIn(F.no(1), at: F.at(10, 30), answers: F.fever)
            let onTime = F.checkIn(F.no(1), at: F.at(9, 0))
            try await F.record(store, late)
            try await F.record(store, onTime)
            let counted = try await store.counted(school: F.school, studentNo: F.no(1), day: F.day)
            #expect(counted?.id == late.id)
            let one = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: Scope(students: [F.no(1)]))
            #expect(one == [Completeness.Group(key: "南校区", expected: 1, reported: 1, abnormal: 1, late: 0)])
            // The batched path (no key, nothing abnormal): both at once.
            let lateTwo = F.checkIn(F.no(2), at: F.at(10, 40))
            let onTimeTwo = F.checkIn(F.no(2), at: F.at(8, 0))
            async let a: Void = { _ = try await F.record(store, lateTwo) }()
            async let b: Void = { _ = try await F.record(store, onTimeTwo) }()
            _ = try await (a, b)
            #expect(try await store.counted(school: F.school, studentNo: F.no(2), day: F.day)?.id == lateTwo.id)
            let two = try await store.completeness(school: F.school, day: F.day, level: .campus, scope: Scope(students: [F.no(2)]))
            #expect(two == [Completeness.Group(key: "南校区", expected: 1, reported: 1, abnormal: 0, late: 0)])
        }
    }

    @Test("History starts at the given day, is newest first across days, and stops at the limit", arguments: TestEngine.available)
    func historyAcrossDays(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let old = F.checkIn(F.no(1), at: F.at(8, on: CampusDay("2026-02-27")!))
            let yesterday = F.checkIn(F.no(1), at: F.at(8, on: F.previousDay))
            let morning = F.checkIn(F.no(1), at: F.at(7))
            let noon = F.checkIn(F.no(1), at: F.at(12))
            let someoneElse = F.checkIn(F.no(2), at: F.at(8))
            for c in [old, yesterday, morning, noon, someoneElse] { try await F.record(store, c) }
            let since = try await store.history(school: F.school, studentNo: F.no(1), since: F.previousDay, limit: 10)
            #expect(since.map(\.id) == [noon.id, morning.id, yesterday.id])
            #expect(since.map(\.counted) == [true, false, true])
            let all = try await store.history(school: F.school, studentNo: F.no(1), since: CampusDay("2026-01-01")!, limit: 10)
            #expect(all.map(\.id) == [noon.id, morning.id, yesterday.id, old.id])
            let limited = try await store.history(school: F.school, studentNo: F.no(1), since: CampusDay("2026-01-01")!, limit: 2)
            #expect(limited.map(\.id) == [noon.id, morning.id])
            let none = try await store.history(school: F.school, studentNo: F.no(3), since: CampusDay("2026-01-01")!, limit: 10)
            #expect(none.isEmpty)
        }
    }

    @Test("A key used again with the same fingerprint replays the first receipt and acts on nothing", arguments: TestEngine.available)
    func idempotentReplay(engine: TestEngine) async throws {
        try await Self.withStores(engine) { stores in
            let store = stores.checkIns
            let claim = IdempotencyClaim(key: "k-1", owner: "acct-1", fingerprint: "\(F.no(1))|38.2")
            let first = F.checkIn(F.no(1), at: F.at(8), answers: F.fever)
            let receipt = try await F.record(store, first, claim: claim)
            let repeated = F.checkIn(F.no(1), at: F.at(8, 1), answers: F.fever)
            let again = try await store.record(repeated, school: F.school, claim: claim)
            #expect(again == .replayed(receipt))
            #expect(again == .replayed(Receipt(first)))
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(history.map(\.id) == [first.id])
        }
    }

    @Test("An abnormal check-in sent twice with one key through the service opens one case and tells people once",
          arguments: TestEngine.available)
    func idempotentReplayOpensNothingTwice(engine: TestEngine) async throws {
        try await Self.withStores(engine) { stores in
            let first = try await F.submit(stores.database, F.no(1), at: F.at(8), key: "k-1")
            #expect(!first.replayed)
            let again = try await F.submit(stores.database, F.no(1), at: F.at(8, 1), key: "k-1")
            #expect(again.replayed)
            #expect(again.receipt == first.receipt)
            let history = try await stores.checkIns.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(history.map(\.id) == [first.receipt.id])
            // The replayed request was not acted on: one case with one opening, one round of notifications.
            let cases = try await F.allCases(stores)
            #expect(cases.count == 1)
            let caseID = try #require(cases.first?.id)
            let detail = try await stores.cases.detail(school: F.school, id: caseID, scope: .school)
            #expect(detail?.timeline.map(\.kind) == [.opened, .notified])
            for recipient in ["T001", "B001"] {
                let unread = try await stores.notifications.unreadCount(school: F.school, recipient: recipient)
                #expect(unread == 1, "\(recipient)")
            }
        }
    }

    @Test("When the follow-up of an abnormal check-in fails, nothing of it is stored: no check-in, no case, no notification, the key unused",
          arguments: TestEngine.available)
    func failedFollowUpRollsBack(engine: TestEngine) async throws {
        try await Self.withStores(engine) { stores in
            let failing = FailingCheckInCases(inner: AbnormalCheckInCases(cases: Services(stores.database, at: F.at(8)).cases))
            await #expect(throws: FollowUpFailed.self) {
                try await F.submit(stores.database, F.no(1), at: F.at(8), key: "k-1", abnormal: failing)
            }
            await #expect(throws: FollowUpFailed.self) {
                try await F.submit(stores.database, F.no(2), at: F.at(8), abnormal: failing)
            }
            for student in [F.no(1), F.no(2)] {
                let history = try await stores.checkIns.history(school: F.school, studentNo: student, since: F.day, limit: 10)
                #expect(history.isEmpty, "\(student)")
                let counted = try await stores.checkIns.counted(school: F.school, studentNo: student, day: F.day)
                #expect(counted == nil, "\(student)")
            }
            #expect(try await F.allCases(stores).isEmpty)
            for recipient in ["T001", "B001"] {
                let inbox = try await stores.notifications.inbox(school: F.school, recipient: recipient, unreadOnly: false, limit: 10)
                #expect(inbox.isEmpty, "\(recipient)")
            }
            let completeness = try await stores.checkIns.completeness(school: F.school, day: F.day, level: .campus, scope: Scope(students: [F.no(1), F.no(2)]))
            #expect(completeness == [Completeness.Group(key: "南校区", expected: 2, reported: 0, abnormal: 0, late: 0)])
            // The key was not spent: the same request, followed up, is recorded anew rather than replayed.
            let retried = try await F.submit(stores.database, F.no(1), at: F.at(8, 5), key: "k-1")
            #expect(!retried.replayed)
            #expect(try await F.allCases(stores).map(\.studentNo) == [F.no(1)])
        }
    }

    @Test("A key used again with another fingerprint is refused as reused and stores nothing", arguments: TestEngine.available)
    func keyReused(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let first = F.checkIn(F.no(1), at: F.at(8))
            try await F.record(store, first, claim: IdempotencyClaim(key: "k-1", owner: "acct-1", fingerprint: "a"))
            let other = F.checkIn(F.no(1), at: F.at(8, 1), answers: F.fever)
            let outcome = try await store.record(other, school: F.school,
                                                 claim: IdempotencyClaim(key: "k-1", owner: "acct-1", fingerprint: "b"))
            #expect(outcome == .keyReused)
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(history.map(\.id) == [first.id])
            let counted = try await store.counted(school: F.school, studentNo: F.no(1), day: F.day)
            #expect(counted?.id == first.id)
            // The first fingerprint still replays.
            let replay = try await store.record(F.checkIn(F.no(1), at: F.at(8, 2)), school: F.school,
                                                claim: IdempotencyClaim(key: "k-1", owner: "acct-1", fingerprint: "a"))
            #expect(replay == .replayed(Receipt(first)))
        }
    }

    @Test("Keys of different owners never meet, and other keys of one owner are independent", arguments: TestEngine.available)
    func ownersDoNotMeet(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let mine = F.checkIn(F.no(1), at: F.at(8))
            let theirs = F.checkIn(F.no(2), at: F.at(8))
            let another = F.checkIn(F.no(1), at: F.at(9))
            let r1 = try await store.record(mine, school: F.school, claim: IdempotencyClaim(key: "same", owner: "acct-1", fingerprint: "x"))
            let r2 = try await store.record(theirs, school: F.school, claim: IdempotencyClaim(key: "same", owner: "acct-2", fingerprint: "x"))
            let r3 = try await store.record(another, school: F.school, claim: IdempotencyClaim(key: "other", owner: "acct-1", fingerprint: "x"))
            #expect(r1 == .recorded(Receipt(mine)))
            #expect(r2 == .recorded(Receipt(theirs)))
            #expect(r3 == .recorded(Receipt(another)))
            let two = try await store.counted(school: F.school, studentNo: F.no(2), day: F.day)
            #expect(two?.id == theirs.id)
            let one = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 10)
            #expect(one.map(\.id) == [another.id, mine.id])
        }
    }

    @Test("Eight concurrent requests with one key store one check-in; the others replay its receipt", arguments: TestEngine.available)
    func concurrentClaims(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let claim = IdempotencyClaim(key: "k-race", owner: "acct-1", fingerprint: "same")
            let outcomes = try await withThrowingTaskGroup(of: RecordOutcome.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await store.record(F.checkIn(F.no(1), at: F.at(8, 0, i)), school: F.school, claim: claim)
                    }
                }
                var all: [RecordOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            var recorded: [Receipt] = []
            var replayed: [Receipt] = []
            for outcome in outcomes {
                switch outcome {
                case .recorded(let r): recorded.append(r)
                case .replayed(let r): replayed.append(r)
                case .keyReused: Issue.record("same fingerprint reported as reused")
                }
            }
            #expect(recorded.count == 1)
            #expect(replayed.count == 7)
            #expect(replayed.allSatisfy { $0 == recorded.first })
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 20)
            #expect(history.map(\.id) == recorded.map(\.id))
        }
    }

    @Test("The timetable is the standard one until set, then the stored one, replaced by the next set", arguments: TestEngine.available)
    func policy(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            #expect(try await store.policy(school: F.school) == .standard)
            let custom = CheckInPolicy(opensAt: 420, cutoff: 555, reminders: [500, 450], reportDeadline: 1020)
            try await store.setPolicy(custom, school: F.school)
            #expect(try await store.policy(school: F.school) == custom)
            let none = CheckInPolicy(opensAt: 300, cutoff: 600, reminders: [], reportDeadline: 1000)
            try await store.setPolicy(none, school: F.school)
            #expect(try await store.policy(school: F.school) == none)
        }
    }
}
