import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// `POST /api/v1/checkins` and what follows from it (CONTRACT.md, Daily check-in and Cases).
@Suite("Daily check-in")
struct CheckInsTests {
    static func body(_ studentNo: String, temperature: String = "36.5", symptoms: String = "[]", onCampus: Bool = true,
                     city: String = "null", healthCode: String = "\"green\"", riskContact: Bool = false) -> String {
        #"{"studentNo":"\#(studentNo)","temperature":\#(temperature),"symptoms":\#(symptoms),"onCampus":\#(onCampus),"city":\#(city),"healthCode":\#(healthCode),"riskContact":\#(riskContact),"remark":""}"#
    }

    /// 2026-11-27 08:30 in Shanghai.
    static let morning = Date(timeIntervalSince1970: 1_795_739_400)

    @Test("A student checks in; a second check-in the same day replaces the first and keeps it in history", arguments: TestEngine.available)
    func replaceKeepsHistory(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000001")
            let first = try await h.post("/api/v1/checkins", token: student, body: Self.body("2021000001"))
            #expect(first.status == .created)
            let receipt = try first.json()
            #expect(receipt["date"] as? String == "2026-11-27")
            #expect(receipt["abnormal"] as? Bool == false)
            #expect(receipt["reasons"] as? [String] == [])
            #expect(receipt["late"] as? Bool == false)
            #expect((receipt["submittedAt"] as? String)?.hasPrefix("2026-11-27T00:30:00") == true, "\(receipt)")
            clock.advance(by: 600)
            let second = try await h.post("/api/v1/checkins", token: student, body: Self.body("2021000001", temperature: "36.8"))
            #expect(second.status == .created)
            let history = try await h.get("/api/v1/students/2021000001/checkins", token: student).json()["items"] as? [[String: Any]] ?? []
            #expect(history.count == 2)
            #expect(history.first?["temperature"] as? Double == 36.8)
            #expect(history.map { $0["counted"] as? Bool } == [true, false])
            let admin = try await h.adminToken()
            let c = try await h.get("/api/v1/checkins/completeness?date=2026-11-27&groupBy=room", token: admin).json()
            #expect(c["reported"] as? Int == 1, "replacing does not count twice")
            #expect(c["expected"] as? Int == 5, "five students of the fixture are active")
        }
    }

    @Test("An abnormal check-in opens a case the counsellor and building leader see at once; a second adds to it", arguments: TestEngine.available)
    func abnormalOpensCase(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000002")
            let r = try await h.post("/api/v1/checkins", token: student,
                                     body: Self.body("2021000002", temperature: "38.2", symptoms: #"["cough"]"#))
            #expect(r.status == .created)
            #expect(try r.json()["abnormal"] as? Bool == true)
            #expect(try r.json()["reasons"] as? [String] == ["temperature", "symptoms"])
            let counsellor = try await h.tokenFor("T001")
            let cases = try await h.get("/api/v1/cases?status=open", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            #expect(cases.count == 1)
            #expect(cases.first?["studentNo"] as? String == "2021000002")
            #expect(cases.first?["source"] as? String == "checkin")
            let id = try #require(cases.first?["id"] as? String)
            for staff in ["T001", "T003"] {
                let token = try await h.tokenFor(staff)
                let inbox = try await h.get("/api/v1/notifications", token: token).json()
                #expect(inbox["unread"] as? Int == 1, "\(staff) is told")
                let link = (inbox["items"] as? [[String: Any]])?.first?["link"] as? String
                #expect(link == "/cases/\(id)")
            }
            let other = try await h.tokenFor("T002")
            #expect(try await h.get("/api/v1/notifications", token: other).json()["unread"] as? Int == 0, "another counsellor is not")
            // A second abnormal answer while the case is open goes on the same case's timeline.
            _ = try await h.post("/api/v1/checkins", token: student, body: Self.body("2021000002", healthCode: "\"yellow\""))
            let again = try await h.get("/api/v1/cases?studentNo=2021000002", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            #expect(again.count == 1)
            let detail = try await h.get("/api/v1/cases/\(id)", token: counsellor).json()
            let kinds = (detail["timeline"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds == ["opened", "notified", "checkin", "notified"])
            // Closing needs an outcome; a closed case cannot be closed again; the next abnormal answer opens a new one.
            #expect(try await h.post("/api/v1/cases/\(id)/close", token: counsellor, body: #"{"outcome":" "}"#).status == .unprocessableContent)
            #expect(try await h.post("/api/v1/cases/\(id)/close", token: counsellor, body: #"{"outcome":"已就医，普通感冒"}"#).status == .ok)
            #expect(try await h.post("/api/v1/cases/\(id)/close", token: counsellor, body: #"{"outcome":"again"}"#).status == .conflict)
            clock.advance(by: 60)
            _ = try await h.post("/api/v1/checkins", token: student, body: Self.body("2021000002", riskContact: true))
            let all = try await h.get("/api/v1/cases?studentNo=2021000002", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            #expect(all.map { $0["status"] as? String } == ["open", "closed"])
        }
    }

    @Test("Bad answers are refused naming the field, and nothing is stored", arguments: TestEngine.available)
    func badInput(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000001")
            let cases: [(String, Int, String)] = [
                (Self.body("2021000001", temperature: "50"), 422, "temperature"),
                (Self.body("2021000001", temperature: "33.9"), 422, "temperature"),
                (Self.body("2021000001", temperature: "\"abc\""), 400, "temperature"),
                (Self.body("2021000001", symptoms: #"["cough","sneezing"]"#), 422, "symptoms[1]"),
                (Self.body("2021000001", onCampus: false), 422, "city"),
                (Self.body("2021000001", onCampus: false, city: "\"  \""), 422, "city"),
                (Self.body("2021000001", healthCode: "\"blue\""), 422, "healthCode"),
                (Self.body("2021000001", healthCode: "1"), 400, "healthCode"),
                (#"{"studentNo":"2021000001","temperature":36.5}"#, 400, "symptoms"),
                (#"{"studentNo":"2021000001","temperature":36.5,"symptoms":[],"onCampus":"yes","healthCode":"green","riskContact":false}"#, 400, "onCampus"),
                (#"{"studentNo":"2021000001","temperature":36.5,"symptoms":"#, 400, ""),
            ]
            for (body, status, field) in cases {
                let r = try await h.post("/api/v1/checkins", token: student, body: body)
                #expect(r.status.code == status, "\(body) → \(r.status) \(r.text)")
                #expect(r.headers[.contentType] == "application/problem+json")
                if !field.isEmpty {
                    let fields = try r.problemErrors().compactMap { $0["field"] as? String }
                    #expect(fields.contains(field), "\(body) names \(field): \(r.text)")
                }
            }
            let history = try await h.get("/api/v1/students/2021000001/checkins", token: student).json()["items"] as? [Any]
            #expect(history?.isEmpty == true)
            let admin = try await h.adminToken()
            #expect(try await h.get("/api/v1/checkins/completeness", token: admin).json()["reported"] as? Int == 0)
        }
    }

    @Test("Who may submit for whom: self, staff within scope, checkin:write tokens; others are refused and nothing is stored", arguments: TestEngine.available)
    func whoMaySubmit(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000001")
            #expect(try await h.post("/api/v1/checkins", token: student, body: Self.body("2021000002")).status == .forbidden)
            #expect(try await h.post("/api/v1/checkins", token: student, body: Self.body("2099999999")).status == .forbidden)
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: Self.body("2021000005")).status == .notFound,
                    "a student outside the counsellor's classes is unknown to her")
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: Self.body("2099999999")).status == .notFound)
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: Self.body("2021000004")).status == .unprocessableContent,
                    "a suspended student is not expected to check in")
            let admin = try await h.adminToken()
            let reader = try #require(try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"r","scopes":["read:all"]}"#).json()["token"] as? String)
            #expect(try await h.post("/api/v1/checkins", token: reader, body: Self.body("2021000005")).status == .forbidden)
            #expect(try await h.post("/api/v1/checkins", token: nil, body: Self.body("2021000005")).status == .unauthorized)
            #expect(try await h.get("/api/v1/checkins/completeness", token: admin).json()["reported"] as? Int == 0, "nothing was stored")
            // The allowed ones.
            #expect(try await h.post("/api/v1/checkins", token: counsellor, body: Self.body("2021000002")).status == .created)
            let writer = try #require(try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"今日校园","scopes":["checkin:write"]}"#).json()["token"] as? String)
            #expect(try await h.post("/api/v1/checkins", token: writer, body: Self.body("2021000005")).status == .created)
            let history = try await h.get("/api/v1/students/2021000005/checkins", token: admin).json()["items"] as? [[String: Any]]
            #expect(history?.first?["channel"] as? String == "integration")
            let byStaff = try await h.get("/api/v1/students/2021000002/checkins", token: admin).json()["items"] as? [[String: Any]]
            #expect(byStaff?.first?["channel"] as? String == "staff")
            // Students read only their own history (issue 12): another student's is refused without a lookup.
            #expect(try await h.get("/api/v1/students/2021000005/checkins", token: student).status == .forbidden)
            #expect(try await h.get("/api/v1/students/2021000005/checkins", token: counsellor).status == .notFound,
                    "staff get 404 for a student outside their scope")
        }
    }

    @Test("Idempotency-Key: a repeat returns the first answer, another body is 409, concurrent repeats store one check-in", arguments: TestEngine.available)
    func idempotency(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000001")
            func post(_ key: String, _ body: String) async throws -> TestResponse {
                try await h.client.execute(uri: "/api/v1/checkins", method: .post,
                                           headers: [.authorization: "Bearer \(student)", .contentType: "application/json",
                                                     .init("Idempotency-Key")!: key],
                                           body: .init(string: body))
            }
            let first = try await post("k-1", Self.body("2021000001"))
            let repeatAnswer = try await post("k-1", Self.body("2021000001"))
            #expect(first.status == .created)
            #expect(repeatAnswer.status == .created)
            #expect(try repeatAnswer.json()["id"] as? String == first.json()["id"] as? String)
            let other = try await post("k-1", Self.body("2021000001", temperature: "37.0"))
            #expect(other.status == .conflict)
            #expect(other.headers[.contentType] == "application/problem+json")
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<12 { group.addTask { try await post("k-2", Self.body("2021000001", temperature: "36.6")).json()["id"] as? String } }
                var ids: [String?] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(Set(ids).count == 1 && ids.first! != nil, "every concurrent repeat got the same check-in: \(ids)")
            let history = try await h.get("/api/v1/students/2021000001/checkins", token: student).json()["items"] as? [Any]
            #expect(history?.count == 2, "k-1 once and k-2 once")
        }
    }

    @Test("A check-in after the cutoff is accepted, counted and marked late; the cutoff follows the school's timetable", arguments: TestEngine.available)
    func late(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning.addingTimeInterval(2 * 3600))   // 10:30
        try await AppHarness.run(engine, clock: clock) { h in
            try await h.importFixtureCollege()
            let student = try await h.tokenFor("2021000001")
            let r = try await h.post("/api/v1/checkins", token: student, body: Self.body("2021000001"))
            #expect(r.status == .created)
            #expect(try r.json()["late"] as? Bool == true)
            let admin = try await h.adminToken()
            let c = try await h.get("/api/v1/checkins/completeness", token: admin).json()
            #expect(c["reported"] as? Int == 1)
            #expect(c["late"] as? Int == 1)
            // Moving the cutoff to 11:00 makes the next check-in on time.
            let bad = try await h.client.execute(uri: "/api/v1/checkins/policy", method: .put, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                                 body: .init(string: #"{"opensAt":"06:00","cutoff":"05:00","reminders":["25:00"],"reportDeadline":"18:00"}"#))
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try bad.problemErrors().compactMap { $0["field"] as? String }) == ["cutoff", "reminders[0]"])
            let put = try await h.client.execute(uri: "/api/v1/checkins/policy", method: .put, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                                 body: .init(string: #"{"opensAt":"06:00","cutoff":"11:00","reminders":["09:00"],"reportDeadline":"18:00"}"#))
            #expect(put.status == .ok)
            let counsellor = try await h.tokenFor("T001")
            let refused = try await h.client.execute(uri: "/api/v1/checkins/policy", method: .put, headers: [.authorization: "Bearer \(counsellor)", .contentType: "application/json"],
                                                     body: .init(string: #"{"opensAt":"06:00","cutoff":"12:00","reminders":[],"reportDeadline":"18:00"}"#))
            #expect(refused.status == .forbidden)
            #expect(try await h.get("/api/v1/checkins/policy", token: student).json()["cutoff"] as? String == "11:00")
            let onTime = try await h.post("/api/v1/checkins", token: try await h.tokenFor("2021000002"), body: Self.body("2021000002"))
            #expect(try onTime.json()["late"] as? Bool == false)
        }
    }
}

@Suite("Check-in integrity signals over the API")
struct IntegritySignalsTests {
    @Test("A script submitting for five students from one client is flagged for their counsellors, and nobody is blocked", arguments: TestEngine.available)
    func scriptIsFlagged(engine: TestEngine) async throws {
        let config = TestApp.config { $0.trustProxy = true }
        try await AppHarness.run(engine, config: config, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            for number in ["2021000001", "2021000002", "2021000003", "2021000005", "2021000006"] {
                let token = try await h.tokenFor(number)
                let r = try await h.client.execute(uri: "/api/v1/checkins", method: .post, headers: [
                    .authorization: "Bearer \(token)", .contentType: "application/json", .userAgent: "python-requests/2.31",
                    .init("X-Forwarded-For")!: "203.0.113.7"], body: .init(string: CheckInsTests.body(number)))
                #expect(r.status == .created, "never blocked")
            }
            let counsellor = try await h.tokenFor("T001")
            let items = try await h.get("/api/v1/checkins/signals", token: counsellor).json()["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["studentNo"] as? String } == ["2021000001", "2021000002", "2021000003"], "her students only")
            #expect(items.allSatisfy { $0["kind"] as? String == "shared_client" })
            let admin = try await h.adminToken()
            #expect((try await h.get("/api/v1/checkins/signals", token: admin).json()["items"] as? [Any])?.count == 5)
            #expect(try await h.get("/api/v1/checkins/signals", token: try await h.tokenFor("2021000005")).status == .forbidden)
            #expect(try await h.get("/api/v1/checkins/signals?days=0", token: admin).status == .unprocessableContent)
        }
    }
}

@Suite("Completeness follows the roster")
struct CompletenessFollowsRosterTests {
    @Test("A student who moves building or stops being active after checking in is counted where the roster now puts them", arguments: TestEngine.available)
    func follows(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(CheckInsTests.morning)) { h in
            try await h.importFixtureCollege()
            for number in ["2021000001", "2021000002"] {
                _ = try await h.post("/api/v1/checkins", token: try await h.tokenFor(number), body: CheckInsTests.body(number))
            }
            let admin = try await h.adminToken()
            func groups() async throws -> [String: Int] {
                let body = try await h.get("/api/v1/checkins/completeness?groupBy=building", token: admin).json()
                return Dictionary(uniqueKeysWithValues: (body["groups"] as? [[String: Any]] ?? []).map { ($0["key"] as! String, $0["reported"] as! Int) })
            }
            #expect(try await groups() == ["1号楼": 2, "6号楼": 0])
            // 甲一 moves to 6号楼 301; 甲二 is suspended.
            let moved = Fixtures.studentsCSV
                .replacingOccurrences(of: "信息2101,南校区,1号楼,1,101,1,", with: "信息2101,北校区,6号楼,3,301,3,")
                .replacingOccurrences(of: "13812345679,,T001,,在校", with: "13812345679,,T001,,休学")
            let r = try await h.post("/api/v1/roster/students", token: admin, body: moved, contentType: "text/csv")
            #expect(r.status == .ok, "\(r.text)")
            #expect(try await groups() == ["1号楼": 0, "6号楼": 1])
            let c = try await h.get("/api/v1/checkins/completeness?groupBy=building", token: admin).json()
            #expect(c["expected"] as? Int == 4 && c["reported"] as? Int == 1)
        }
    }
}
