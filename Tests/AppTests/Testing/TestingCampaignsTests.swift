import CampusKit
import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// `POST /api/v1/testing/campaigns` and `POST /api/v1/testing/rotations` (CONTRACT.md, Testing C8).
@Suite("Testing campaigns and rotations")
struct TestingCampaignsTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai
    typealias T = TestingFixtures

    /// The (building, floor) groups of `members`, as a campaign's slots should list them.
    static func floors(_ members: [T.Member]) -> Set<String> { Set(members.map(\.floorKey)) }

    /// Checks sites (one per building by default) and slots (one per building and floor, pointing at their
    /// building's site) against `members`.
    static func expectPlan(_ c: [String: Any], covering members: [T.Member], sourceLocation: SourceLocation = #_sourceLocation) {
        let sites = c.objects("sites")
        let buildings = Set(members.map(\.building))
        #expect(sites.count == buildings.count, "one site per building: \(sites)", sourceLocation: sourceLocation)
        #expect(Set(sites.compactMap { $0["building"] as? String }) == buildings, sourceLocation: sourceLocation)
        let slots = c.objects("slots")
        #expect(Set(slots.map { "\($0["building"] as? String ?? "-")/\($0["floor"] as? Int ?? -1)" }) == floors(members), "\(slots)",
                sourceLocation: sourceLocation)
        #expect(slots.count == floors(members).count, "one slot per floor", sourceLocation: sourceLocation)
        #expect(slots.compactMap { $0["students"] as? Int }.reduce(0, +) == members.count, sourceLocation: sourceLocation)
        for slot in slots {
            let key = "\(slot["building"] as? String ?? "-")/\(slot["floor"] as? Int ?? -1)"
            #expect(slot["students"] as? Int == members.filter { $0.floorKey == key }.count, "\(key)", sourceLocation: sourceLocation)
            let site = slot["site"] as? Int ?? -1
            #expect(sites.indices.contains(site) && sites[site]["building"] as? String == slot["building"] as? String,
                    "\(key) goes to its building's site", sourceLocation: sourceLocation)
            #expect((slot["from"] as? String ?? "") < (slot["to"] as? String ?? ""), "\(slot)", sourceLocation: sourceLocation)
        }
    }

    @Test("A full campaign of the school and one scoped to buildings: 201 with id, a site per building, a slot per floor, every active student expected",
          arguments: TestEngine.available)
    func fullCampaigns(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let r = try await h.postCampaign(#"{"name":"全员核酸 第1轮","date":"2026-11-27","kind":"full"}"#, token: admin)
            #expect(r.status == .created, "\(r.text)")
            let c = try r.json()
            let id = try #require(c["id"] as? String)
            #expect(!id.isEmpty)
            #expect(c["kind"] as? String == "full")
            #expect(c["purpose"] as? String == "screening")
            #expect(c["poolSize"] as? Int == 10, "the default pool size")
            #expect(c["status"] as? String == "open")
            #expect(c["date"] as? String == "2026-11-27")
            #expect(c["expected"] as? Int == T.active.count)
            Self.expectPlan(c, covering: T.active)

            let read = try await h.get("/api/v1/testing/campaigns/\(id)", token: admin)
            #expect(read.status == .ok)
            #expect(try read.json().objects("slots").count == c.objects("slots").count)
            #expect(try read.json()["expected"] as? Int == T.active.count)
            let coverage = try await h.coverage(id, token: admin)
            #expect(coverage.int("expected") == T.active.count)
            #expect(coverage.int("sampled") == 0)
            #expect(Set(try await h.missing(id, token: admin).compactMap { $0["studentNo"] as? String }) == T.activeNumbers,
                    "every active student and nobody else (not 004 suspended, not 007 off campus)")

            let scoped = try await h.postCampaign(#"{"name":"北区核酸","date":"2026-11-27","kind":"full","poolSize":5,"scope":{"buildings":["6号楼","9号楼"]}}"#,
                                                  token: admin)
            #expect(scoped.status == .created, "\(scoped.text)")
            let s = try scoped.json()
            let members = T.inBuilding("6号楼") + T.inBuilding("9号楼")
            #expect(s["expected"] as? Int == members.count)
            #expect(Set(s.strings("buildings")) == ["6号楼", "9号楼"])
            #expect(s["poolSize"] as? Int == 5)
            Self.expectPlan(s, covering: members)
            let sid = try #require(s["id"] as? String)
            #expect(Set(try await h.missing(sid, token: admin).compactMap { $0["studentNo"] as? String }) == Set(members.map(\.studentNo)))
        }
    }

    @Test("A targeted campaign expects exactly its listed students, whatever their status, with sites for their buildings",
          arguments: TestEngine.available)
    func targetedCampaign(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let listed = ["2021000001", "2022000101", "2021000005", "2021000007"]
            let r = try await h.postCampaign(#"{"name":"密接定向","date":"2026-11-27","kind":"targeted","poolSize":1,"students":["2021000001","2022000101","2021000005","2021000007"]}"#,
                                             token: admin)
            #expect(r.status == .created, "\(r.text)")
            let c = try r.json()
            let id = try #require(c["id"] as? String)
            #expect(c["kind"] as? String == "targeted")
            #expect(c["expected"] as? Int == 4)
            #expect(c["poolSize"] as? Int == 1)
            #expect(Set(c.objects("sites").compactMap { $0["building"] as? String }) == ["1号楼", "6号楼"])
            #expect(c.objects("slots").compactMap { $0["students"] as? Int }.reduce(0, +) == 4)
            #expect(Set(try await h.missing(id, token: admin).compactMap { $0["studentNo"] as? String }) == Set(listed))
            #expect(try await h.coverage(id, token: admin).int("expected") == 4)
        }
    }

    @Test("A rotation over 5 days: 201, every active student exactly once, per building, per floor and school-wide the days differ by at most 1, each day a campaign expecting that day's students",
          arguments: TestEngine.available)
    func rotation(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let r = try await h.post("/api/v1/testing/rotations", token: admin, body: #"{"startDate":"2026-11-28","days":5}"#)
            #expect(r.status == .created, "\(r.text)")
            let body = try r.json()
            #expect(!(body["id"] as? String ?? "").isEmpty)
            let days = body.objects("days")
            #expect(days.count == 5)
            #expect(days.compactMap { $0["date"] as? String } == ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"])
            let perDay = days.map { $0.strings("students") }
            let all = perDay.flatMap { $0 }
            #expect(all.count == T.active.count, "nobody twice")
            #expect(Set(all) == T.activeNumbers, "every active student, and only them")
            for (day, students) in zip(days, perDay) { #expect(day["count"] as? Int == students.count) }

            /// max − min of the day counts of the students `key` maps to `group`, over every day (zero counts too).
            func spread(_ key: (T.Member) -> String) -> [String: Int] {
                var result: [String: Int] = [:]
                for group in Set(T.active.map(key)) {
                    let counts = perDay.map { students in students.filter { key(T.of($0)) == group }.count }
                    result[group] = (counts.max() ?? 0) - (counts.min() ?? 0)
                }
                return result
            }
            #expect(spread { _ in "school" }.values.allSatisfy { $0 <= 1 }, "school: \(perDay.map(\.count))")
            let buildings = spread(\.building)
            #expect(buildings.count == 3 && buildings.values.allSatisfy { $0 <= 1 }, "buildings: \(buildings)")
            let floors = spread(\.floorKey)
            #expect(floors.count == 9 && floors.values.allSatisfy { $0 <= 1 }, "floors: \(floors)")

            var campaigns = Set<String>()
            for (day, students) in zip(days, perDay) {
                let id = try #require(day["campaignId"] as? String)
                campaigns.insert(id)
                #expect(try await h.coverage(id, token: admin).int("expected") == students.count, "\(day["date"] ?? "")")
                let c = try await h.get("/api/v1/testing/campaigns/\(id)", token: admin).json()
                #expect(c["date"] as? String == day["date"] as? String)
                #expect(Set(try await h.missing(id, token: admin).compactMap { $0["studentNo"] as? String }) == Set(students))
            }
            #expect(campaigns.count == 5, "a campaign a day")
        }
    }

    @Test("A rotation scoped to a building rotates only that building's students", arguments: TestEngine.available)
    func scopedRotation(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let r = try await h.post("/api/v1/testing/rotations", token: admin, body: #"{"startDate":"2026-11-28","days":3,"scope":{"buildings":["6号楼"]}}"#)
            #expect(r.status == .created, "\(r.text)")
            let perDay = try r.json().objects("days").map { $0.strings("students") }
            #expect(perDay.count == 3)
            #expect(perDay.flatMap { $0 }.sorted() == T.inBuilding("6号楼").map(\.studentNo).sorted())
            #expect(perDay.map(\.count).max()! - perDay.map(\.count).min()! <= 1)
        }
    }

    @Test("Pool size 0 or 21, a bad date, an unknown student of a targeted campaign and 0 rotation days are 422 naming the field; nothing is stored",
          arguments: TestEngine.available)
    func badPlans(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importTestingCollege()
            let cases: [(String, String, String)] = [
                ("campaigns", #"{"name":"x","date":"2026-11-27","kind":"full","poolSize":0}"#, "poolSize"),
                ("campaigns", #"{"name":"x","date":"2026-11-27","kind":"full","poolSize":21}"#, "poolSize"),
                ("campaigns", #"{"name":"x","date":"2026-11-31","kind":"full"}"#, "date"),
                ("campaigns", #"{"name":"x","date":"27/11/2026","kind":"full"}"#, "date"),
                ("campaigns", #"{"name":"x","date":"2026-11-27","kind":"targeted","students":["2021000001","2099999999"]}"#, "students[1]"),
                ("campaigns", #"{"name":"x","date":"2026-11-27","kind":"full","scope":{"buildings":["99号楼"]}}"#, "scope.buildings"),
                ("rotations", #"{"startDate":"2026-11-28","days":0}"#, "days"),
                ("rotations", #"{"startDate":"2026-11-28","days":15}"#, "days"),
                ("rotations", #"{"startDate":"2026-11-28","poolSize":21}"#, "poolSize"),
                ("rotations", #"{"startDate":"tomorrow"}"#, "startDate"),
            ]
            for (path, body, field) in cases {
                let r = try await h.post("/api/v1/testing/\(path)", token: admin, body: body)
                #expect(r.status == .unprocessableContent, "\(body) → \(r.status) \(r.text)")
                #expect(r.isProblem, "\(body)")
                #expect(try r.problemFields().contains(field), "\(body) names \(field): \(r.text)")
            }
            let unknown = try await h.postCampaign(#"{"name":"x","date":"2026-11-27","kind":"targeted","students":["2099999998","2021000001","2099999999"]}"#,
                                                   token: admin)
            #expect(try Set(unknown.problemFields()) == ["students[0]", "students[2]"], "each unknown student by index: \(unknown.text)")
            let list = try await h.get("/api/v1/testing/campaigns", token: admin)
            #expect(list.status == .ok)
            #expect(try list.json().objects("items").isEmpty, "nothing stored: \(list.text)")
            // The boundaries are accepted.
            #expect(try await h.postCampaign(#"{"name":"x","date":"2026-11-27","kind":"full","poolSize":1}"#, token: admin).status == .created)
            #expect(try await h.postCampaign(#"{"name":"x","date":"2026-11-27","kind":"full","poolSize":20}"#, token: admin).status == .created)
        }
    }
}
