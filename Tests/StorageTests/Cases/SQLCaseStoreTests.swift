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

@Suite("Case store: cases raised by abnormal check-ins and reports, timelines, closing and paging")
struct SQLCaseStoreTests {
    typealias F = CheckInStoreFixtures

    static func detail(_ stores: F.Stores, _ id: String) async throws -> (case: Case, timeline: [CaseEvent]) {
        try #require(try await stores.cases.detail(school: F.school, id: id, scope: .school))
    }

    /// Opens a case straight in the store (as a writer inside a unit of work would), with its `opened` entry.
    @discardableResult
    static func open(_ stores: F.Stores, _ studentNo: String, source: Case.Source = .manual, summary: String, by: String = "T001",
                     at: Date) async throws -> String {
        let (id, opened) = try await stores.cases.openCase(school: F.school, studentNo: studentNo, source: source, summary: summary, by: by, at: at)
        guard opened else { throw DomainError(.conflict, "\(studentNo) already had an open \(source) case") }
        try await stores.cases.append(school: F.school, caseId: id, kind: .opened, detail: summary, by: by, at: at)
        return id
    }

    static func inbox(_ stores: F.Stores, _ recipient: String) async throws -> [InboxMessage] {
        try await stores.notifications.inbox(school: F.school, recipient: recipient, unreadOnly: false, limit: 100)
    }

    @Test("An abnormal check-in opens one case, records who was told — the counsellor and the building's leaders — and notifies them",
          arguments: TestEngine.available)
    func abnormalCheckInOpensCase(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let (receipt, _) = try await F.submit(stores.database, F.no(1), at: F.at(8))
            let c = try #require(try await stores.checkIns.counted(school: F.school, studentNo: F.no(1), day: F.day))
            #expect(c.id == receipt.id)
            let cases = try await F.allCases(stores)
            #expect(cases.count == 1)
            let opened = try #require(cases.first)
            #expect(opened.studentNo == F.no(1))
            #expect(opened.studentName == "甲")
            #expect(opened.source == .checkin)
            #expect(opened.status == .open)
            #expect(opened.openedAt == F.at(8))
            #expect(opened.summary == F.feverSummary)
            #expect(opened.closedAt == nil)
            #expect(opened.outcome == nil)
            let detail = try await Self.detail(stores, opened.id)
            #expect(detail.case == opened)
            #expect(detail.timeline == [
                CaseEvent(at: F.at(8), kind: .opened, detail: F.feverSummary, by: F.no(1)),
                CaseEvent(at: F.at(8), kind: .notified, detail: "辅导员一、楼长一", by: "system"),
            ])
            for recipient in ["T001", "B001"] {
                let inbox = try await Self.inbox(stores, recipient)
                #expect(inbox.count == 1)
                let message = try #require(inbox.first)
                #expect(message.recipient == recipient)
                #expect(message.kind == .caseAlert)
                #expect(message.subject == "新异常个案：甲（\(F.no(1))）")
                #expect(message.body == F.feverSummary)
                #expect(message.link == "/cases/\(opened.id)")
                #expect(message.createdAt == F.at(8))
                #expect(message.readAt == nil)
            }
            // Neither another counsellor, another building's leader, a class teacher nor a vehicle leader over the building hears of it.
            for stranger in ["T002", "B006", "C001", "V001"] {
                let unread = try await stores.notifications.unreadCount(school: F.school, recipient: stranger)
                #expect(unread == 0, "\(stranger)")
            }
            let open = try await stores.cases.openCount(school: F.school, scope: .school)
            #expect(open == 1)
        }
    }

    @Test("A normal check-in opens no case; a case with nobody to tell but its author records and sends nothing of the kind",
          arguments: TestEngine.available)
    func noAbnormalNoCase(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            try await F.submit(stores.database, F.no(1), at: F.at(8), answers: Answers(temperature: 36.5))
            #expect(try await F.allCases(stores).isEmpty)
            // 007 lives in no building and T002 is their counsellor: T002 checking them in (代报) tells nobody.
            try await F.submit(stores.database, F.no(7), at: F.at(8), by: Services.staff("T002"))
            let cases = try await F.allCases(stores)
            #expect(cases.map(\.studentNo) == [F.no(7)])
            let id = try #require(cases.first?.id)
            let detail = try await Self.detail(stores, id)
            #expect(detail.timeline == [CaseEvent(at: F.at(8), kind: .opened, detail: F.feverSummary, by: "T002")])
            for recipient in ["T001", "T002", "B001", "B006"] {
                let unread = try await stores.notifications.unreadCount(school: F.school, recipient: recipient)
                #expect(unread == 0, "\(recipient)")
            }
        }
    }

    @Test("A second abnormal check-in of the same student adds to the open case's timeline instead of opening another",
          arguments: TestEngine.available)
    func secondAbnormalAppends(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let second = Answers(temperature: 37.8)
            try await F.submit(stores.database, F.no(5), at: F.at(8))
            try await F.submit(stores.database, F.no(5), at: F.at(8, on: F.nextDay), answers: second)
            let cases = try await F.allCases(stores)
            #expect(cases.count == 1)
            let theCase = try #require(cases.first)
            #expect(theCase.summary == F.feverSummary)
            #expect(theCase.openedAt == F.at(8))
            let detail = try await Self.detail(stores, theCase.id)
            #expect(detail.timeline == [
                CaseEvent(at: F.at(8), kind: .opened, detail: F.feverSummary, by: F.no(5)),
                CaseEvent(at: F.at(8), kind: .notified, detail: "辅导员二、楼长六", by: "system"),
                CaseEvent(at: F.at(8, on: F.nextDay), kind: .checkin, detail: "体温 37.8℃", by: F.no(5)),
                CaseEvent(at: F.at(8, on: F.nextDay), kind: .notified, detail: "辅导员二、楼长六", by: "system"),
            ])
            for recipient in ["T002", "B006"] {
                let inbox = try await Self.inbox(stores, recipient)
                #expect(inbox.map(\.subject) == ["异常个案有新情况：戊（\(F.no(5))）", "新异常个案：戊（\(F.no(5))）"], "\(recipient)")
                #expect(inbox.map(\.body) == ["体温 37.8℃", F.feverSummary])
                #expect(inbox.map(\.link) == ["/cases/\(theCase.id)", "/cases/\(theCase.id)"])
            }
            #expect(try await Self.inbox(stores, "T001").isEmpty)
            #expect(try await Self.inbox(stores, "B001").isEmpty)
            // Another student's abnormal check-in opens their own case.
            try await F.submit(stores.database, F.no(2), at: F.at(9))
            let open = try await stores.cases.openCount(school: F.school, scope: .school)
            #expect(open == 2)
        }
    }

    @Test("Eight concurrent abnormal check-ins of one student leave exactly one open case holding all of them", arguments: TestEngine.available)
    func concurrentAbnormalCheckIns(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let database = stores.database
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await F.submit(database, F.no(1), at: F.at(8, 0, i), answers: Answers(temperature: 38 + Double(i) / 10)).replayed
                    }
                }
                var all: [Bool] = []
                for try await replayed in group { all.append(replayed) }
                return all
            }
            #expect(outcomes == Array(repeating: false, count: 8))
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
            #expect(Set(detail.timeline.filter { $0.kind != .notified }.map(\.detail))
                    == Set((0..<8).map { "体温 \(String(format: "%.1f", 38 + Double($0) / 10))℃" }))
            for recipient in ["T001", "B001"] {
                let unread = try await stores.notifications.unreadCount(school: F.school, recipient: recipient)
                #expect(unread == 8, "\(recipient)")
            }
            let history = try await stores.checkIns.history(school: F.school, studentNo: F.no(1), since: F.day, limit: 20)
            #expect(history.count == 8)
            #expect(history.filter(\.counted).map(\.submittedAt) == [F.at(8, 0, 7)])
        }
    }

    @Test("Concurrent additions to one case get distinct places on its timeline", arguments: TestEngine.available)
    func concurrentTimelineOrdinals(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let openedID = try await Self.open(stores, F.no(1), summary: "开始", at: F.at(8))
            let cases = stores.cases
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await cases.addNote(school: F.school, id: openedID, note: "记录\(i)", by: "T001", at: F.at(9, 0, i))
                    }
                }
                try await group.waitForAll()
            }
            let detail = try await Self.detail(stores, openedID)
            #expect(detail.timeline.count == 9)
            #expect(detail.timeline.first?.kind == .opened)
            struct Row: Decodable { var n: Int; var ordinals: Int }
            let row = try await stores.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT ordinal) AS ordinals FROM case_events WHERE case_id = \(bind: openedID)")
                    .first(decoding: Row.self)
            }
            #expect(row?.n == 9)
            #expect(row?.ordinals == 9)
        }
    }

    @Test("Closing a case records the outcome once; closing it again, or an unknown case, returns nil", arguments: TestEngine.available)
    func closeOnce(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            try await F.submit(stores.database, F.no(1), at: F.at(8))
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
            #expect(detail.timeline.map(\.kind) == [.opened, .notified, .closed])
            #expect(detail.timeline.last == CaseEvent(at: F.at(15), kind: .closed, detail: "复测正常", by: "T001"))
            let open = try await stores.cases.openCount(school: F.school, scope: .school)
            #expect(open == 0)
            // The next abnormal check-in opens a new case.
            try await F.submit(stores.database, F.no(1), at: F.at(8, on: F.nextDay), answers: Answers(temperature: 37.9))
            let all = try await F.allCases(stores)
            #expect(all.map(\.status) == [.open, .closed])
            #expect(all.first?.id != id)
            #expect(all.first?.summary == "体温 37.9℃")
            let reopened = try await Self.detail(stores, try #require(all.first?.id))
            #expect(reopened.timeline.map(\.kind) == [.opened, .notified])
            #expect(try await Self.inbox(stores, "T001").map(\.subject) == ["新异常个案：甲（\(F.no(1))）", "新异常个案：甲（\(F.no(1))）"])
        }
    }

    @Test("Cases of one student from different sources are separate; a manual report adds a note to the open manual case",
          arguments: TestEngine.available)
    func sourcesAreSeparate(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            try await F.submit(stores.database, F.no(1), at: F.at(8))
            let counsellor = Services.staff("T001", scope: Scope(units: [UnitKey(.class, "信息2101")]))
            let manual = try await Services(stores.database, at: F.at(9)).cases.report(studentNo: F.no(1), summary: " 宿舍反映咳嗽 ", by: counsellor)
            #expect(manual.opened)
            #expect(manual.case.source == .manual)
            #expect(manual.case.summary == "宿舍反映咳嗽")
            let more = try await Services(stores.database, at: F.at(10)).cases.report(studentNo: F.no(1), summary: "仍咳嗽", by: counsellor)
            #expect(!more.opened)
            #expect(more.case.id == manual.case.id)
            let detail = try await Self.detail(stores, manual.case.id)
            // The reporter (the counsellor) is not told of their own report; the building's leader is, each time.
            #expect(detail.timeline == [
                CaseEvent(at: F.at(9), kind: .opened, detail: "宿舍反映咳嗽", by: "T001"),
                CaseEvent(at: F.at(9), kind: .notified, detail: "楼长一", by: "system"),
                CaseEvent(at: F.at(10), kind: .note, detail: "仍咳嗽", by: "T001"),
                CaseEvent(at: F.at(10), kind: .notified, detail: "楼长一", by: "system"),
            ])
            #expect(try await Self.inbox(stores, "B001").filter { $0.link == "/cases/\(manual.case.id)" }.count == 2)
            #expect(try await Self.inbox(stores, "T001").count == 1, "only the abnormal check-in's")
            let bySource = try await F.allCases(stores, CaseFilter(source: .checkin))
            #expect(bySource.count == 1)
            #expect(bySource.first?.id != manual.case.id)
            #expect(bySource.first?.summary == F.feverSummary)
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
                try await Self.open(stores, F.no(n), summary: "同时\(n)", at: same)
            }
            try await Self.open(stores, F.no(7), summary: "晚", at: F.at(10))
            try await Self.open(stores, F.no(1), source: .testing, summary: "早", at: F.at(8))
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
            let a = try await Self.open(stores, F.no(1), summary: "a", at: F.at(8))
            try await Self.open(stores, F.no(5), source: .testing, summary: "b", by: "T002", at: F.at(9))
            try await Self.open(stores, F.no(4), source: .checkin, summary: "c", at: F.at(10))
            _ = try await stores.cases.close(school: F.school, id: a, outcome: "ok", by: "T001", at: F.at(11))
            #expect(try await F.allCases(stores, CaseFilter(studentNo: F.no(5))).map(\.summary) == ["b"])
            #expect(try await F.allCases(stores, CaseFilter(status: .open)).map(\.summary) == ["c", "b"])
            #expect(try await F.allCases(stores, CaseFilter(status: .closed)).map(\.summary) == ["a"])
            #expect(try await F.allCases(stores, CaseFilter(source: .checkin)).map(\.summary) == ["c"])
            let scope = Scope(units: [UnitKey(.building, "6号楼")])
            let scoped = try await stores.cases.cases(school: F.school, filter: CaseFilter(), scope: scope, page: PageRequest())
            #expect(scoped.items.map(\.summary) == ["b"])
            let hidden = try await stores.cases.detail(school: F.school, id: a, scope: scope)
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
