import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

@Suite("Pages: whose leave to decide")
struct LeaveOwnerTests {
    typealias P = CheckInPagesTests

    @Test("A pending leave is 待我审批 with buttons for its counsellor; the building leader sees it waiting for its approver, without buttons")
    func owner() async throws {
        try await AppHarness.run(.sqlite, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000002")
            let asked = try await h.post("/api/v1/leaves", token: student,
                                         body: #"{"studentNo":"2021000002","from":"2026-11-28T09:00:00+08:00","to":"2026-11-28T18:00:00+08:00","reason":"复诊","destination":"市医院"}"#)
            let id = try #require(try asked.json()["id"] as? String)
            let zh = try StringCatalogTests.catalog("zh-CN")
            let (counsellor, _) = try await P.signIn(h, "T001")
            let mine = try await PagesTests.page(h, "/leaves", cookie: counsellor).text
            #expect(mine.contains(zh["leaves_pending"]!) && mine.contains(#"action="/leaves/\#(id)/approve""#))
            let (leader, _) = try await P.signIn(h, "T003")
            let theirs = try await PagesTests.page(h, "/leaves", cookie: leader).text
            #expect(theirs.contains("复诊"), "the building leader sees the leave of a student of the building")
            #expect(theirs.contains(zh["leaves_pending_others"]!) && !theirs.contains(">\(zh["leaves_pending"]!)<"))
            #expect(!theirs.contains(#"action="/leaves/\#(id)/approve""#) && theirs.contains(zh["leaves_waits_for_approver"]!))
        }
    }
}
