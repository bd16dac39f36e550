import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Health records and release (CONTRACT.md): release only on the protocol's criteria, each unmet one named; early
/// release with a reason and a second approver who is not the first; protocols as data; bad records refused by field.
@Suite("Quarantine: health records and release")
struct QuarantineReleaseTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    static func criteria(_ r: TestResponse) throws -> [String] {
        try r.problemErrors().filter { $0["field"] as? String == "criteria" }.compactMap { $0["message"] as? String }
    }

    @Test("Release before the criteria names each unmet one: days remaining, tests missing, symptoms in the last 24 h (an abnormal record also opens a case); nothing changes",
          arguments: TestEngine.available)
    func unmet(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            var admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            let id = try await h.placed("2021000001", token: admin)["id"] as! String
            let first = try await h.release(id, token: admin)
            #expect(first.status == .unprocessableContent, "\(first.text)")
            #expect(try Self.criteria(first) == ["days_remaining", "test_missing"])

            let student = try await h.tokenFor("2021000001")
            let record = try await h.post("/api/v1/quarantine/placements/\(id)/health-records", token: student, body: #"{"temperature":38.2,"symptoms":["cough"]}"#)
            #expect(record.status == .created, "\(record.text)")
            #expect(try record.json()["abnormal"] as? Bool == true)
            let cases = try await h.get("/api/v1/cases?studentNo=2021000001&status=open", token: admin)
            #expect(try cases.json().objects("items").count == 1, "an abnormal record opens the student's case: \(cases.text)")
            #expect(try Self.criteria(try await h.release(id, token: admin)) == ["days_remaining", "test_missing", "symptoms"])

            clock.advance(by: 25 * 3600)
            admin = try await h.adminToken()   // yesterday's session has lapsed
            #expect(try Self.criteria(try await h.release(id, token: admin)) == ["days_remaining", "test_missing"], "the abnormal record is over 24 h old")
            let detail = try await h.get("/api/v1/quarantine/placements/\(id)", token: admin).json()
            #expect((detail["placement"] as? [String: Any])?["status"] as? String == "active")
            #expect(detail["unmetCriteria"] as? [String] == ["days_remaining", "test_missing"])
        }
    }

    @Test("A protocol changed as data (1 day, test on day 1): released once the day's individual test is negative; a positive test is named; bad protocols refused by field",
          arguments: TestEngine.available)
    func protocolsAndTests(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            let bad = try await h.put("/api/v1/quarantine/protocols", token: admin,
                                      body: #"{"items":[{"reason":"other","days":0,"testDays":[1]},{"reason":"nope","testDays":[]}]}"#)
            #expect(bad.status == .unprocessableContent, "\(bad.text)")
            #expect(try bad.problemFields() == ["items[1].reason"])
            let bad2 = try await h.put("/api/v1/quarantine/protocols", token: admin, body: #"{"items":[{"reason":"other","days":0,"testDays":[3]}]}"#)
            #expect(Set(try bad2.problemFields()) == ["items[0].days", "items[0].testDays[0]"], "\(bad2.text)")
            let put = try await h.put("/api/v1/quarantine/protocols", token: admin, body: #"{"items":[{"reason":"other","days":1,"testDays":[1]}]}"#)
            #expect(put.status == .ok, "\(put.text)")
            let stored = try await h.get("/api/v1/quarantine/protocols", token: admin).json().objects("items")
            #expect(stored.first { $0["reason"] as? String == "other" }?["days"] as? Int == 1)
            #expect(stored.first { $0["reason"] as? String == "close_contact" }?["testDays"] as? [Int] == [1, 4, 7], "other reasons keep the default")

            let a = try await h.placed("2021000001", reason: "other", token: admin)["id"] as! String
            let b = try await h.placed("2021000002", reason: "other", token: admin)["id"] as! String
            #expect(try Self.criteria(try await h.release(a, token: admin)) == ["test_missing"])
            let campaign = try await h.targetedCampaign(["2021000001", "2021000002"], token: admin, poolSize: 1)
            try await h.fill(campaign, "QT-1", ["2021000001"], token: admin)
            try await h.fill(campaign, "QT-2", ["2021000002"], token: admin)
            #expect(try Self.criteria(try await h.release(a, token: admin)) == ["test_missing"], "a swab without its result is no test yet")
            #expect(try await h.labResults([("QT-1", "negative"), ("QT-2", "positive")], token: admin).status == .ok)
            let released = try await h.release(a, token: admin)
            #expect(released.status == .ok, "\(released.text)")
            #expect(try released.json()["status"] as? String == "released")
            #expect(try Self.criteria(try await h.release(b, token: admin)) == ["test_missing", "test_positive"])
            #expect(try await h.release(a, token: admin).status == .conflict, "released once")
            #expect(try await h.ledger("?status=active", token: admin) == ["2021000002"])
            let history = try await h.get("/api/v1/quarantine/placements/\(a)", token: admin).json()["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["action"] as? String } == ["placed", "released"])
            #expect(history.last?["by"] as? String == "admin")
        }
    }

    @Test("Early release needs a reason and a second approver (leader or admin) who is not the first; until then it stays active",
          arguments: TestEngine.available)
    func early(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            let id = try await h.placed("2021000001", token: admin)["id"] as! String
            let clinic = try await h.tokenFor("T005"), leader = try await h.tokenFor("T006"), counsellor = try await h.tokenFor("T001")
            let noReason = try await h.release(id, body: #"{"early":true,"reason":"  "}"#, token: clinic)
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.problemFields() == ["reason"])
            let asked = try await h.release(id, body: #"{"early":true,"reason":"家长接回居家观察"}"#, token: clinic)
            #expect(asked.status == .accepted, "\(asked.text)")
            #expect(try asked.json()["approvalPending"] as? Bool == true)
            let twice = try await h.release(id, body: #"{"early":true,"reason":"再批一次"}"#, token: clinic)
            #expect(twice.status == .unprocessableContent)
            #expect(try twice.problemFields() == ["approver"])
            #expect(try await h.release(id, body: #"{"early":true,"reason":"同意"}"#, token: counsellor).status == .forbidden)
            #expect(try await h.ledger("?status=active", token: admin) == ["2021000001"], "still active")
            let approved = try await h.release(id, body: #"{"early":true,"reason":"同意"}"#, token: leader)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(try await h.ledger("?status=released", token: admin) == ["2021000001"])
            let history = try await h.get("/api/v1/quarantine/placements/\(id)", token: admin).json()["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["action"] as? String } == ["placed", "early_requested", "released"])
            #expect(history.compactMap { $0["by"] as? String } == ["admin", "T005", "T006"])
        }
    }

    @Test("Bad health records are refused by field and store nothing; only the student and site staff write them", arguments: TestEngine.available)
    func badRecords(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            let id = try await h.placed("2021000001", token: admin)["id"] as! String
            let student = try await h.tokenFor("2021000001")
            for (body, field) in [(#"{"temperature":50}"#, "temperature"), (#"{"temperature":36.5,"symptoms":["hiccups"]}"#, "symptoms[0]")] {
                let r = try await h.post("/api/v1/quarantine/placements/\(id)/health-records", token: student, body: body)
                #expect(r.status == .unprocessableContent, "\(body): \(r.text)")
                #expect(try r.problemFields() == [field])
            }
            #expect(try await h.get("/api/v1/quarantine/placements/\(id)/health-records", token: admin).json().objects("items").isEmpty)
            let clinic = try await h.tokenFor("T005")
            #expect(try await h.post("/api/v1/quarantine/placements/\(id)/health-records", token: clinic, body: #"{"temperature":36.6}"#).status == .created)
            #expect(try await h.post("/api/v1/quarantine/placements/\(id)/health-records", token: try await h.tokenFor("T001"),
                                     body: #"{"temperature":36.6}"#).status == .forbidden, "a counsellor reads but does not record")
            let records = try await h.get("/api/v1/quarantine/placements/\(id)/health-records", token: student).json().objects("items")
            #expect(records.count == 1)
            #expect(records.first?["recordedBy"] as? String == "T005")
            #expect(try await h.get("/api/v1/cases?studentNo=2021000001", token: admin).json().objects("items").isEmpty, "a normal record opens no case")
        }
    }
}
