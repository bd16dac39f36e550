import Cases
import CampusKit
import CheckIns
import Foundation
import Notifications
import Roster
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

@Suite("Case store: cases opened by abnormal check-ins, timelines, closing and paging")
struct SQLCaseStoreTests {
    typealias F = CheckInStoreFixtures

    static func detail(_ stores: F.Stores, _ id: String) async throws -> (case: Case, timeline: [CaseEvent]) {
        try #require(try await stores.cases.detail(school: F.school, id: id, scope: .school))
    }

    @Test("An abnormal check-in with an alert opens one case, records who was told, and notifies them", arguments: TestEngine.available)
    func alertOpensCase(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let c = F.checkIn(F.no(1), at: F.at(8), answers: F.fever)
            try await F.record(stores.checkIns, c, alert: F.alert(F.no(1), "体温 38.2℃", recipients: ["T001", "B001"]))
            let cases = try await F.allCases(stores)
            #expect(cases.count == 1)
            let opened = try #require(cases.first)
            #expect(opened.studentNo == F.no(1))
            #expect(opened.studentName == "甲")
            #expect(opened.source == .checkin)
            #expect(opened.status == .open)
            #expect(opened.openedAt == c.submittedAt)
            #expect(opened.summary == "体温 38.2℃")
            #expect(opened.closedAt == nil)
            #expect(opened.outcome == nil)
            let detail = try await Self.detail(stores, opened.id)
            #expect(detail.case == opened)
            #expect(detail.timeline == [
                CaseEvent(at: c.submittedAt, kind: .opened, detail: "体温 38.2℃", by: F.no(1)),
                CaseEvent(at: c.submittedAt, kind: .notified, detail: "T001、B001", by: "system"),
            ])
            for recipient in ["T001", "B001"] {
                let inbox = try await stores.notifications.inbox(school: F.school, recipient: recipient, unreadOnly: false, limit: 10)
                #expect(inbox.count == 1)
                let message = try #require(inbox.first)
                #expect(message.recipient == recipient)
                #expect(message.kind == .caseAlert)
                #expect(message.subject == "新异常个案：甲（\(F.no(1))）")
                #expect(message.body == "体温 38.2℃")
                #expect(message.link == "/cases/\(opened.id)")
                #expect(message.createdAt == c.submittedAt)
                #expect(message.readAt == nil)
            }
            let stranger = try await stores.notifications.unreadCount(school: F.school, recipient: "T002")
            #expect(stranger == 0)
            let open = try await stores.cases.openCount(school: F.school, scope: .school)
            #expect(open == 1)
        }
    }

    @Test("A normal check-in opens no case, and an alert without recipients notifies nobody", arguments: TestEngine.available)
    func noAlertNoCase(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            try await F.record(stores.checkIns, F.checkIn(F.no(1), at: F.at(8)))
            #expect(try await F.allCases(stores).isEmpty)
            try await F.record(stores.checkIns, F.checkIn(F.no(2), at: F.at(8), answers: F.fever), alert: F.alert(F.no(2), recipients: []))
            let cases = try await F.allCases(stores)
            #expect(cases.map(\.studentNo) == [F.no(2)])
            let id = try #require(cases.first?.id)
            let detail = try await Self.detail(stores, id)
            #expect(detail.timeline.map(\.kind) == [.opened])
        }
    }

    @Test("A second alert for the same student adds to the open case's timeline instead of opening another", arguments: TestEngine.available)
    func secondAlertAppends(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let first = F.checkIn(F.no(1), at: F.at(8), answers: F.fever)
            let second = F.checkIn(F.no(1), at: F.at(8, on: F.nextDay), answers: Answers(temperature: 37.8))
            try await F.record(stores.checkIns, first, alert: F.alert(F.no(1), "第一次", recipients: ["T001"]))
            try await F.record(stores.checkIns, second, alert: F.alert(F.no(1), "第二次", recipients: ["T001"]))
            let cases = try await F.allCases(stores)
            #expect(cases.count == 1)
            let theCase = try #require(cases.first)
            #expect(theCase.summary == "第一次")
            #expect(theCase.openedAt == first.submittedAt)
            let detail = try await Self.detail(stores, theCase.id)
            #expect(detail.timeline == [
                CaseEvent(at: first.submittedAt, kind: .opened, detail: "第一次", by: F.no(1)),
                CaseEvent(at: first.submittedAt, kind: .notified, detail: "T001", by: "system"),
                CaseEvent(at: second.submittedAt, kind: .checkin, detail: "第二次", by: F.no(1)),
                CaseEvent(at: second.submittedAt, kind: .notified, detail: "T001", by: "system"),
            ])
            let inbox = try await stores.notifications.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 10)
            #expect(inbox.map(\.subject) == ["异常个案有新情况：甲（\(F.no(1))）", "新异常个案：甲（\(F.no(1))）"])
            #expect(inbox.map(\.link) == ["/cases/\(theCase.id)", "/cases/\(theCase.id)"])
            // Another student's alert opens their own case.
            try await F.record(stores.checkIns, F.checkIn(F.no(2), at: F.at(9), answers: F.fever), alert: F.alert(F.no(2)))
            let open = try await stores.cases.openCount(school: F.school, scope: .school)
            #expect(open == 2)
        }
    }

    @Test("Eight concurrent abnormal check-ins of one student leave exactly one open case holding all of them", arguments: TestEngine.available)
    func concurrentAlerts(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let store = stores.checkIns
            let outcomes = try await withThrowingTaskGroup(of: RecordOutcome.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await store.record(F.checkIn(F.no(1), at: F.at(8, 0, i), answers: F.fever), school: F.school,
                                               alert: F.alert(F.no(1), "第\(i)次", recipients: ["T001"]), claim: nil)
                    }
                }
                var all: [RecordOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.allSatisfy { if case .recorded = $0 { true } else { false } })
            let cases = try await F.allCases(stores, CaseFilter(studentNo: F.no(1)))
            #expect(cases.count == 1)
            #expect(cases.first?.status == .open)
            let id = try #require(cases.first?.id)
            let detail = try await Self.detail(stores, id)
            let kinds = detail.timeline.map(\.kind)
            #expect(kinds.first == .opened)
            #expect(kinds.filter { $0 == .opened }.count == 1)
            #expect(kinds.filter { $0 == .checkin }.count == 7)
            #expect(kinds.filter { $0 == .notified }.count == 8)
            #expect(Set(detail.timeline.filter { $0.kind != .notified }.map(\.detail)) == Set((0..<8).map { "第\($0)次" }))
            let unread = try await stores.notifications.unreadCount(school: F.school, recipient: "T001")
            #expect(unread == 8)
            let history = try await store.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 20)
            #expect(history.count == 8)
            #expect(history.filter(\.counted).map(\.submittedAt) == [F.at(8, 0, 7)])
        }
    }

    @Test("Concurrent additions to one case get distinct places on its timeline", arguments: TestEngine.available)
    func concurrentTimelineOrdinals(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let (opened, _) = try await stores.cases.open(school: F.school, studentNo: F.no(1), source: .manual, summary: "开始", by: "T001",
                                                          at: F.at(8), recipients: [])
            let cases = stores.cases
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await cases.addNote(school: F.school, id: opened.id, note: "记录\(i)", by: "T001", at: F.at(9, 0, i))
                    }
                }
                try await group.waitForAll()
            }
            let detail = try await Self.detail(stores, opened.id)
            #expect(detail.timeline.count == 9)
            #expect(detail.timeline.first?.kind == .opened)
            struct Row: Decodable { var n: Int; var ordinals: Int }
            let row = try await stores.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT ordinal) AS ordinals FROM case_events WHERE case_id = \(bind: opened.id)")
                    .first(decoding: Row.self)
            }
            #expect(row?.n == 9)
            #expect(row?.ordinals == 9)
        }
    }

    @Test("Closing a case records the outcome once; closing it again, or an unknown case, returns nil", arguments: TestEngine.available)
    func closeOnce(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let c = F.checkIn(F.no(1), at: F.at(8), answers: F.fever)
            try await F.record(stores.checkIns, c, alert: F.alert(F.no(1), "发热", recipients: []))
            let id = try #require(try await F.allCases(stores).first?.id)
            let closed = try await stores.cases.close(school: F.school, id: id, outcome: "复测正常", by: "T001", at: F.at(15))
            #expect(closed?.id == id)
            #expect(closed?.status == .closed)
            #expect(closed?.outcome == "复测正常")
            #expect(closed?.closedAt == F.at(15))
            #expect(closed?.studentName == "甲")
            let again = try await stores.cases.close(school: F.school, id: id, outcome: "再次结案", by: "T002", at: F.at(16))
            #expect(again == nil)
            let unknown = try await stores.cases.close(school: F.school, id: "no-such-case", outcome: "x", by: "T001", at: F.at(16))
            #expect(unknown == nil)
            let detail = try await Self.detail(stores, id)
            #expect(detail.case.outcome == "复测正常")
            #expect(detail.case.closedAt == F.at(15))
            #expect(detail.timeline.map(\.kind) == [.opened, .closed])
            #expect(detail.timeline.last == CaseEvent(at: F.at(15), kind: .closed, detail: "复测正常", by: "T001"))
            let open = try await stores.cases.openCount(school: F.school, scope: .school)
            #expect(open == 0)
            // The next abnormal check-in opens a new case.
            try await F.record(stores.checkIns, F.checkIn(F.no(1), at: F.at(8, on: F.nextDay), answers: F.fever),
                               alert: F.alert(F.no(1), "又发热", recipients: []))
            let all = try await F.allCases(stores)
            #expect(all.map(\.status) == [.open, .closed])
            #expect(all.first?.id != id)
            #expect(all.first?.summary == "又发热")
        }
    }

    @Test("Cases of one student from different sources are separate; a manual report adds a note to the open manual case",
          arguments: TestEngine.available)
    func sourcesAreSeparate(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            try await F.record(stores.checkIns, F.checkIn(F.no(1), at: F.at(8), answers: F.fever), alert: F.alert(F.no(1), recipients: []))
            let manual = try await stores.cases.open(school: F.school, studentNo: F.no(1), source: .manual, summary: "宿舍反映咳嗽", by: "T001",
                                                     at: F.at(9), recipients: ["T001"])
            #expect(manual.opened)
            #expect(manual.case.source == .manual)
            let more = try await stores.cases.open(school: F.school, studentNo: F.no(1), source: .manual, summary: "仍咳嗽", by: "T001",
                                                   at: F.at(10), recipients: [])
            #expect(!more.opened)
            #expect(more.case.id == manual.case.id)
            let detail = try await Self.detail(stores, manual.case.id)
            #expect(detail.timeline.map(\.kind) == [.opened, .notified, .note])
            #expect(detail.timeline.last?.detail == "仍咳嗽")
            let bySource = try await F.allCases(stores, CaseFilter(source: .checkin))
            #expect(bySource.count == 1)
            #expect(bySource.first?.id != manual.case.id)
            try await stores.cases.addNote(school: F.school, id: manual.case.id, note: "已就医", by: "T001", at: F.at(11))
            let noted = try await Self.detail(stores, manual.case.id)
            #expect(noted.timeline.last == CaseEvent(at: F.at(11), kind: .note, detail: "已就医", by: "T001"))
        }
    }

    @Test("Case lists page by cursor newest first without gaps or repeats, also across cases opened at the same instant",
          arguments: TestEngine.available)
    func pagingAcrossEqualInstants(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let same = F.at(9)
            for n in [1, 2, 3, 4, 5] {
                _ = try await stores.cases.open(school: F.school, studentNo: F.no(n), source: .manual, summary: "同时\(n)", by: "T001", at: same, recipients: [])
            }
            _ = try await stores.cases.open(school: F.school, studentNo: F.no(7), source: .manual, summary: "晚", by: "T001", at: F.at(10), recipients: [])
            _ = try await stores.cases.open(school: F.school, studentNo: F.no(1), source: .testing, summary: "早", by: "T001", at: F.at(8), recipients: [])
            let everything = try await F.allCases(stores)
            #expect(everything.count == 7)
            #expect(everything.first?.summary == "晚")
            #expect(everything.last?.summary == "早")
            let tied = everything.dropFirst().dropLast()
            #expect(tied.allSatisfy { $0.openedAt == same })
            #expect(tied.map(\.id) == tied.map(\.id).sorted(by: >))
            for limit in [1, 2, 3] {
                var seen: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let page = try await stores.cases.cases(school: F.school, filter: CaseFilter(), scope: .school,
                                                            page: PageRequest(limit: limit, after: cursor))
                    #expect(page.items.count <= limit)
                    seen += page.items.map(\.id)
                    cursor = page.next
                    pages += 1
                } while cursor != nil && pages < 20
                #expect(seen == everything.map(\.id), "limit \(limit)")
            }
        }
    }

    @Test("Case lists filter by student, status and source, and only show students within scope", arguments: TestEngine.available)
    func filtersAndScope(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let a = try await stores.cases.open(school: F.school, studentNo: F.no(1), source: .manual, summary: "a", by: "T001", at: F.at(8), recipients: [])
            _ = try await stores.cases.open(school: F.school, studentNo: F.no(5), source: .testing, summary: "b", by: "T002", at: F.at(9), recipients: [])
            _ = try await stores.cases.open(school: F.school, studentNo: F.no(4), source: .checkin, summary: "c", by: "T001", at: F.at(10), recipients: [])
            _ = try await stores.cases.close(school: F.school, id: a.case.id, outcome: "ok", by: "T001", at: F.at(11))
            #expect(try await F.allCases(stores, CaseFilter(studentNo: F.no(5))).map(\.summary) == ["b"])
            #expect(try await F.allCases(stores, CaseFilter(status: .open)).map(\.summary) == ["c", "b"])
            #expect(try await F.allCases(stores, CaseFilter(status: .closed)).map(\.summary) == ["a"])
            #expect(try await F.allCases(stores, CaseFilter(source: .checkin)).map(\.summary) == ["c"])
            let scope = Scope(units: [UnitKey(.building, "6号楼")])
            let scoped = try await stores.cases.cases(school: F.school, filter: CaseFilter(), scope: scope, page: PageRequest())
            #expect(scoped.items.map(\.summary) == ["b"])
            let hidden = try await stores.cases.detail(school: F.school, id: a.case.id, scope: scope)
            #expect(hidden == nil)
            let unknown = try await stores.cases.detail(school: F.school, id: "no-such-case", scope: .school)
            #expect(unknown == nil)
            let openInScope = try await stores.cases.openCount(school: F.school, scope: scope)
            #expect(openInScope == 1)
            let openInClass = try await stores.cases.openCount(school: F.school, scope: Scope(units: [UnitKey(.class, "信息2101")]))
            #expect(openInClass == 0)
        }
    }
}
