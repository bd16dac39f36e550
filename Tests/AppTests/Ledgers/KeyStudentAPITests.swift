import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Key students (重点学生, C5): flagged with a reason and a category, changed and cleared, every change kept with who,
/// when, before and after; every refusal names its field and stores nothing; only keepers with the student in scope.
@Suite("Key students: flag, change, clear, history, scope")
struct KeyStudentAPITests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    static func instant(_ value: Any?) -> Date? {
        (value as? String).flatMap { try? Date.ISO8601FormatStyle().parse($0) }
    }

    @Test("Flag, change and clear: each is a history row with who, when, the action, before and after; the ledger lists the standing flags and, by day, those standing that day",
          arguments: TestEngine.available)
    func flagChangeClear(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            var admin = try await h.importQuarantineCollege()
            var counsellor = try await h.tokenFor("T001")
            let flagged = try await h.flagKeyStudent(#"{"studentNo":"2021000002","reason":"  情绪低落，失眠  ","category":"psychological"}"#, token: counsellor)
            #expect(flagged.status == .created, "\(flagged.text)")
            let flag = try flagged.json()
            #expect(flag["reason"] as? String == "情绪低落，失眠" && flag["category"] as? String == "psychological")
            #expect(flag["name"] as? String == "甲二" && flag["className"] as? String == "信息2101" && flag["flaggedBy"] as? String == "T001")
            #expect(try await h.keyStudents(token: counsellor) == ["2021000002"])

            clock.advance(by: 3600)
            let changed = try await h.changeKeyStudent("2021000002", #"{"reason":"已咨询，好转","category":"health"}"#, token: counsellor)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try changed.json()["reason"] as? String == "已咨询，好转" && changed.json()["category"] as? String == "health")

            clock.advance(by: 86_400)   // the next day: 2026-11-28; yesterday's tokens have expired
            admin = try await h.adminToken()
            counsellor = try await h.tokenFor("T001")
            let secretary = try await h.tokenFor("T006")   // the leader (学工处), school-wide
            let cleared = try await h.clearKeyStudent("2021000002", #"{"reason":"情况稳定"}"#, token: secretary)
            #expect(cleared.status == .ok, "\(cleared.text)")
            #expect(try cleared.json()["action"] as? String == "cleared")

            let changes = try await h.keyStudentChanges("2021000002", token: admin)
            #expect(changes.map { $0["action"] as? String } == ["flagged", "changed", "cleared"])
            #expect(changes.map { $0["by"] as? String } == ["T001", "T001", "T006"])
            #expect(changes.map { Self.instant($0["at"]) } == [Self.morning, Self.morning + 3600, Self.morning + 3600 + 86_400])
            func mark(_ change: [String: Any], _ key: String) -> String? {
                (change[key] as? [String: Any]).map { "\($0["category"] as? String ?? "-")/\($0["reason"] as? String ?? "")" }
            }
            #expect(changes.map { mark($0, "before") } == [nil, "psychological/情绪低落，失眠", "health/已咨询，好转"])
            #expect(changes.map { mark($0, "after") } == ["psychological/情绪低落，失眠", "health/已咨询，好转", nil])
            #expect(changes.last?["note"] as? String == "情况稳定")
            let history = try await h.get("/api/v1/ledgers/key-students/2021000002/history", token: admin).json()
            #expect(history["current"] == nil || history["current"] is NSNull, "no standing flag after clearing")

            #expect(try await h.keyStudents(token: admin).isEmpty, "no standing flag now")
            #expect(try await h.keyStudents("?date=2026-11-27", token: admin) == ["2021000002"], "flagged on the 27th")
            #expect(try await h.keyStudents("?date=2026-11-28", token: admin) == ["2021000002"], "still flagged early on the 28th")
            #expect(try await h.keyStudents("?date=2026-11-26", token: admin).isEmpty, "not yet flagged on the 26th")

            // Flagged again after clearing: a new period, the history goes on.
            #expect(try await h.flagKeyStudent(#"{"studentNo":"2021000002","reason":"再次关注"}"#, token: counsellor).status == .created)
            #expect(try await h.keyStudentChanges("2021000002", token: admin).count == 4)

            // Reading is audited, with the actions named.
            let reads = try await h.get("/api/v1/audit?action=keystudent.read", token: admin).json().objects("items")
            #expect(reads.contains { $0["actor"] as? String == "admin" && $0["subject"] as? String == "2021000002" })
            let lists = try await h.get("/api/v1/audit?action=keystudent.list", token: admin).json().objects("items")
            #expect(lists.contains { $0["actor"] as? String == "T001" })
        }
    }

    @Test("Bad input is refused naming its field and nothing is stored: no student number, unknown student, no or blank or too long reason, unknown category; a second flag is 409; change and clear refuse the same way",
          arguments: TestEngine.available)
    func badInput(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let counsellor = try await h.tokenFor("T001")
            let long = String(repeating: "长", count: 201)
            let refusals: [(String, HTTPResponse.Status, [String])] = [
                (#"{"reason":"x"}"#, .unprocessableContent, ["studentNo"]),
                (#"{"studentNo":"  ","reason":"x"}"#, .unprocessableContent, ["studentNo"]),
                (#"{"studentNo":"2099999999","reason":"x"}"#, .notFound, ["studentNo"]),
                (#"{"studentNo":"2021000002"}"#, .unprocessableContent, ["reason"]),
                (#"{"studentNo":"2021000002","reason":"   "}"#, .unprocessableContent, ["reason"]),
                (#"{"studentNo":"2021000002","reason":"\#(long)"}"#, .unprocessableContent, ["reason"]),
                (#"{"studentNo":"2021000002","reason":"x","category":"sad"}"#, .unprocessableContent, ["category"]),
                (#"{"studentNo":"2021000002","reason":"","category":"sad"}"#, .unprocessableContent, ["reason", "category"]),
            ]
            for (body, status, fields) in refusals {
                let r = try await h.flagKeyStudent(body, token: counsellor)
                #expect(r.status == status, "\(body): \(r.text)")
                #expect(try r.problemFields() == fields, "\(body): \(r.text)")
                #expect(r.isProblem, "\(body): problem+json")
            }
            #expect(try await h.keyStudents(token: admin).isEmpty, "nothing refused was stored")
            #expect(try await h.keyStudentChanges("2021000002", token: admin).isEmpty, "no history either")
            let exactly = String(repeating: "长", count: 200)
            #expect(try await h.flagKeyStudent(#"{"studentNo":"2021000002","reason":"\#(exactly)","category":""}"#, token: counsellor).status == .created)

            let twice = try await h.flagKeyStudent(#"{"studentNo":"2021000002","reason":"again"}"#, token: counsellor)
            #expect(try twice.status == .conflict && twice.problemFields() == ["studentNo"], "\(twice.text)")
            for (body, fields) in [(#"{"reason":""}"#, ["reason"]), (#"{"reason":"x","category":"sad"}"#, ["category"])] {
                let r = try await h.changeKeyStudent("2021000002", body, token: counsellor)
                #expect(try r.status == .unprocessableContent && r.problemFields() == fields, "\(body): \(r.text)")
            }
            for body in [#"{}"#, #"{"reason":"  "}"#, #"{"reason":null}"#] {
                let r = try await h.clearKeyStudent("2021000002", body, token: counsellor)
                #expect(try r.status == .unprocessableContent && r.problemFields() == ["reason"], "\(body): \(r.text)")
            }
            #expect(try await h.keyStudents(token: admin) == ["2021000002"], "still flagged after the refused clears")
            let changes = try await h.keyStudentChanges("2021000002", token: admin)
            #expect(changes.count == 1 && (changes.first?["after"] as? [String: Any])?["reason"] as? String == exactly, "the refusals changed nothing")

            for r in [try await h.changeKeyStudent("2021000003", #"{"reason":"x"}"#, token: counsellor),
                      try await h.clearKeyStudent("2021000003", #"{"reason":"x"}"#, token: counsellor)] {
                #expect(try r.status == .notFound && r.problemFields() == ["studentNo"], "not flagged: \(r.text)")
            }
            #expect(try await h.keyStudentChanges("2021000003", token: admin).isEmpty)
        }
    }

    @Test("Scope: a counsellor of another class neither reads nor writes (404), a student and a building leader are refused (403), a secretary keeps their college only",
          arguments: TestEngine.available)
    func scope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.flagKeyStudent(#"{"studentNo":"2021000002","reason":"家庭困难","category":"family"}"#, token: counsellor).status == .created)

            let other = try await h.tokenFor("T002")   // 机电2101
            #expect(try await h.keyStudents(token: other).isEmpty)
            #expect(try await h.keyStudents("?date=2026-11-27", token: other).isEmpty)
            #expect(try await h.get("/api/v1/ledgers/key-students/2021000002/history", token: other).status == .notFound)
            let writes = [try await h.changeKeyStudent("2021000002", #"{"reason":"改"}"#, token: other),
                          try await h.clearKeyStudent("2021000002", #"{"reason":"清"}"#, token: other),
                          try await h.flagKeyStudent(#"{"studentNo":"2021000001","reason":"x"}"#, token: other)]
            for r in writes {
                #expect(try r.status == .notFound && r.problemFields() == ["studentNo"], "\(r.text)")
                #expect(!r.text.contains("家庭困难"), "nothing of the flag leaks")
            }
            let changes = try await h.keyStudentChanges("2021000002", token: admin)
            #expect(changes.count == 1, "the outsider changed nothing")
            #expect(try await h.keyStudents("?class=信息2101", token: admin) == ["2021000002"])

            for token in [try await h.tokenFor("2021000002"), try await h.tokenFor("T003")] {
                #expect(try await h.get("/api/v1/ledgers/key-students", token: token).status == .forbidden)
                #expect(try await h.get("/api/v1/ledgers/key-students/2021000002/history", token: token).status == .forbidden)
                #expect(try await h.flagKeyStudent(#"{"studentNo":"2021000002","reason":"x"}"#, token: token).status == .forbidden)
                #expect(try await h.clearKeyStudent("2021000002", #"{"reason":"x"}"#, token: token).status == .forbidden)
            }

            let secretary = try await h.tokenFor("T004")   // 机电工程学院
            #expect(try await h.flagKeyStudent(#"{"studentNo":"2021000005","reason":"学业困难","category":"academic"}"#, token: secretary).status == .created)
            #expect(try await h.keyStudents(token: secretary) == ["2021000005"])
            #expect(try await h.keyStudents(token: counsellor) == ["2021000002"])
            #expect(Set(try await h.keyStudents(token: admin)) == ["2021000002", "2021000005"])
        }
    }

    @Test("The ledger filters by building, floor, class and college", arguments: TestEngine.available)
    func unitFilters(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            for student in ["2021000001", "2021000003", "2021000005"] {
                #expect(try await h.flagKeyStudent(#"{"studentNo":"\#(student)","reason":"关注"}"#, token: admin).status == .created)
            }
            #expect(try await h.keyStudents(token: admin) == ["2021000001", "2021000003", "2021000005"])
            #expect(try await h.keyStudents("?building=6%E5%8F%B7%E6%A5%BC", token: admin) == ["2021000005"])
            #expect(try await h.keyStudents("?floor=1%E5%8F%B7%E6%A5%BC%2F2", token: admin) == ["2021000003"])
            #expect(try await h.keyStudents("?class=%E4%BF%A1%E6%81%AF2101", token: admin) == ["2021000001"])
            #expect(try await h.keyStudents("?college=%E6%9C%BA%E7%94%B5%E5%B7%A5%E7%A8%8B%E5%AD%A6%E9%99%A2", token: admin) == ["2021000005"])
            #expect(try await h.keyStudents("?limit=2", token: admin).count == 2)
            let bad = try await h.get("/api/v1/ledgers/key-students?date=27.11.2026", token: admin)
            #expect(try bad.status == .unprocessableContent && bad.problemFields() == ["date"])
        }
    }
}
