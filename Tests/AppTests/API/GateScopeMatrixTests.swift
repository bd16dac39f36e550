import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// The gate, leave and investigation routes, for every kind of caller: counsellors of other classes, students asking
/// about others, and tokens without the right scope neither read nor change what is outside their reach, and
/// in-scope callers can. A refused write changes nothing.
@Suite("Scope matrix over the gate, leave and investigation routes")
struct GateScopeMatrixTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    /// Someone calling the API: a signed-in person or an integration token, and the students they may see.
    struct Caller: Sendable, CustomStringConvertible {
        let name: String
        let token: String
        let visible: Set<String>
        var description: String { name }
    }

    /// Everyone who calls, by role. `visible` follows the fixture college (Fixtures.swift).
    struct Cast: Sendable {
        let admin, t001, t002, buildingLeader, secretary, roomLeader, student: Caller
        let writer, decider, reader, checkInWriter: Caller
        /// The access:write token, as `setUpGates` made it.
        var gate: String { writer.token }

        var all: [Caller] { [admin, t001, t002, buildingLeader, secretary, roomLeader, student, writer, decider, reader, checkInWriter] }
        var people: [Caller] { [admin, t001, t002, buildingLeader, secretary, roomLeader, student] }
        var tokens: [Caller] { [writer, decider, reader, checkInWriter] }
    }

    static let information: Set<String> = ["2021000001", "2021000002", "2021000003", "2021000004"]
    static let mechanics: Set<String> = ["2021000005", "2021000006", "2021000007"]

    /// Imports the fixture college, registers the gate points and signs everyone in.
    static func cast(_ h: AppHarness) async throws -> Cast {
        try await h.importFixtureCollege()
        let gate = try await h.setUpGates(scopes: ["access:write"])
        let admin = try await h.adminToken()
        func integration(_ name: String, _ scope: String) async throws -> Caller {
            let r = try await h.post("/api/v1/tokens", token: admin, body: #"{"name":"\#(name)","scopes":["\#(scope)"]}"#)
            guard let token = try r.json()["token"] as? String else { throw HarnessError("token \(name): \(r.text)") }
            return Caller(name: "\(scope) token", token: token, visible: scope == "read:all" ? Set(Fixtures.allStudents) : [])
        }
        return Cast(
            admin: Caller(name: "admin", token: admin, visible: Set(Fixtures.allStudents)),
            t001: Caller(name: "counsellor T001", token: try await h.tokenFor("T001"), visible: information),
            t002: Caller(name: "counsellor T002", token: try await h.tokenFor("T002"), visible: mechanics),
            buildingLeader: Caller(name: "building leader T003", token: try await h.tokenFor("T003"), visible: information),
            secretary: Caller(name: "secretary T004", token: try await h.tokenFor("T004"), visible: mechanics),
            roomLeader: Caller(name: "room leader 2021000001", token: try await h.tokenFor("2021000001"), visible: ["2021000001", "2021000002"]),
            student: Caller(name: "student 2021000005", token: try await h.tokenFor("2021000005"), visible: ["2021000005"]),
            writer: Caller(name: "access:write token", token: gate, visible: []),
            decider: try await integration("闸机判定", "access:decide"),
            reader: try await integration("报表", "read:all"),
            checkInWriter: try await integration("打卡", "checkin:write"))
    }

    /// Expects `status` for every caller in `callers`, with `what` naming the request.
    static func expect(_ status: HTTPResponse.Status, _ callers: [Caller], _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation, _ call: (Caller) async throws -> TestResponse) async throws {
        for caller in callers {
            let r = try await call(caller)
            #expect(r.status == status, "\(caller): \(what) → \(r.status) \(r.text)", sourceLocation: sourceLocation)
        }
    }

    static let day = "from=2026-11-27T00:00:00%2B08:00&to=2026-11-27T23:00:00%2B08:00"

    // MARK: - Trajectories

    @Test("Trajectories: each caller reads exactly the students in their scope; nothing else answers, leaks, or is audited",
          arguments: TestEngine.available)
    func trajectories(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let events = Fixtures.allStudents.map { AppHarness.event("lib-\($0)", "library", $0, "in", "2026-11-27T07:00:00+08:00") }
            #expect(try await h.sendEvents(events, token: c.gate).json()["accepted"] as? Int == 7)
            var audited = 0
            for caller in c.all {
                for number in Fixtures.allStudents {
                    let r = try await h.get("/api/v1/students/\(number)/trajectory?\(Self.day)", token: caller.token)
                    if caller.visible.contains(number) {
                        #expect(r.status == .ok, "\(caller) reads \(number): \(r.status)")
                        #expect((try r.json()["events"] as? [[String: Any]])?.count == 1, "\(caller) reads \(number)")
                        if caller.name != "room leader \(number)" && caller.name != "student \(number)" { audited += 1 }
                    } else {
                        #expect(r.status == .notFound, "\(caller) reads \(number): \(r.status)")
                        #expect(!r.text.contains("lib-"), "\(caller) reads \(number): leaked \(r.text)")
                    }
                }
            }
            #expect(audited == 2 * 7 + 2 * 4 + 2 * 3 + 1, "admin and read:all see 7; T001, T003 four; T002, T004 three; the room leader one other")
            let audit = try await h.get("/api/v1/audit?action=access.trajectory.read&limit=1000", token: c.admin.token).json()
            #expect((audit["items"] as? [[String: Any]])?.count == audited, "only answered reads of others are audited")
        }
    }

    // MARK: - Leave

    static func askLeave(_ h: AppHarness, _ student: Caller, _ number: String) async throws -> String {
        let r = try await h.post("/api/v1/leaves", token: student.token, body: """
            {"studentNo":"\(number)","from":"2026-11-27T09:00:00+08:00","to":"2026-11-27T18:00:00+08:00","reason":"看牙医","destination":"市口腔医院"}
            """)
        guard r.status == .created, let id = try r.json()["id"] as? String else { throw HarnessError("leave of \(number): \(r.text)") }
        return id
    }

    @Test("Leave: only callers with the student in scope read a leave; others cannot approve, refuse or cancel it, and it stays as it was",
          arguments: TestEngine.available)
    func leaves(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let id = try await Self.askLeave(h, c.roomLeader, "2021000001")
            let other = try await Self.askLeave(h, c.student, "2021000005")

            try await Self.expect(.ok, [c.admin, c.t001, c.buildingLeader, c.roomLeader, c.reader], "GET leave of 001") { caller in
                try await h.get("/api/v1/leaves/\(id)", token: caller.token)
            }
            try await Self.expect(.notFound, [c.t002, c.secretary, c.student, c.writer, c.decider, c.checkInWriter], "GET leave of 001") { caller in
                try await h.get("/api/v1/leaves/\(id)", token: caller.token)
            }
            for caller in [c.t002, c.secretary, c.student, c.writer] {
                let listed = try await h.get("/api/v1/leaves?limit=1000", token: caller.token)
                #expect(!listed.text.contains(id), "\(caller) lists the leave of 001")
            }

            let before = try await h.get("/api/v1/leaves/\(id)", token: c.admin.token).text
            // Approvers of other students do not find it; those who may not decide leave are refused whatever the scope.
            for decision in ["approve", "refuse"] {
                try await Self.expect(.notFound, [c.t002, c.secretary], "\(decision) leave of 001") { caller in
                    try await h.post("/api/v1/leaves/\(id)/\(decision)", token: caller.token, body: #"{"note":"越权"}"#)
                }
                try await Self.expect(.forbidden, [c.buildingLeader, c.roomLeader, c.student] + c.tokens, "\(decision) leave of 001") { caller in
                    try await h.post("/api/v1/leaves/\(id)/\(decision)", token: caller.token, body: #"{"note":"越权"}"#)
                }
            }
            try await Self.expect(.notFound, [c.t002, c.secretary, c.student, c.writer, c.decider, c.checkInWriter], "cancel leave of 001") { caller in
                try await h.post("/api/v1/leaves/\(id)/cancel", token: caller.token, body: "{}")
            }
            try await Self.expect(.forbidden, [c.reader], "cancel leave of 001") { caller in
                try await h.post("/api/v1/leaves/\(id)/cancel", token: caller.token, body: "{}")
            }
            let after = try await h.get("/api/v1/leaves/\(id)", token: c.admin.token)
            #expect(after.text == before, "refused decisions changed nothing")
            #expect(try after.json()["status"] as? String == "pending")
            #expect(!(try after.json()["firstApprovedBy"] is String))

            // In scope, each counsellor decides their own student's leave.
            let approved = try await h.post("/api/v1/leaves/\(id)/approve", token: c.t001.token, body: #"{"note":"注意安全"}"#)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(try approved.json()["status"] as? String == "approved")
            #expect(try approved.json()["decidedBy"] as? String == "T001")
            try await Self.expect(.notFound, [c.t001], "approve leave of 005") { caller in
                try await h.post("/api/v1/leaves/\(other)/approve", token: caller.token, body: "{}")
            }
            let theirs = try await h.post("/api/v1/leaves/\(other)/approve", token: c.t002.token, body: "{}")
            #expect(try theirs.json()["status"] as? String == "approved", "\(theirs.text)")
        }
    }

    // MARK: - Investigations

    static let window = InvestigationTests.window

    @Test("Investigations: only investigators with the index student in scope run or read one; refused runs save nothing",
          arguments: TestEngine.available)
    func investigations(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            _ = try await InvestigationTests.seed(h)
            let body = #"{"indexStudentNo":"2021000001",\#(Self.window)}"#
            let before = try await h.get("/api/v1/investigations", token: c.admin.token).text

            try await Self.expect(.unprocessableContent, [c.t002, c.secretary], "investigate 001") { caller in
                try await h.post("/api/v1/investigations", token: caller.token, body: body)
            }
            try await Self.expect(.forbidden, [c.buildingLeader, c.roomLeader, c.student] + c.tokens, "investigate 001") { caller in
                try await h.post("/api/v1/investigations", token: caller.token, body: body)
            }
            let outOfScope = try await h.post("/api/v1/investigations", token: c.t002.token, body: body)
            #expect(try outOfScope.problemErrors().compactMap { $0["field"] as? String } == ["indexStudentNo"])
            #expect(!outOfScope.text.contains("contacts"))
            #expect(try await h.get("/api/v1/investigations", token: c.admin.token).text == before, "nothing saved")

            let created = try await h.post("/api/v1/investigations", token: c.t001.token, body: body)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.json()["id"] as? String)
            let theirs = try await h.post("/api/v1/investigations", token: c.t002.token, body: #"{"indexStudentNo":"2021000005",\#(Self.window)}"#)
            #expect(theirs.status == .created, "\(theirs.text)")
            let theirID = try #require(try theirs.json()["id"] as? String)

            try await Self.expect(.ok, [c.admin, c.t001], "GET investigation of 001") { caller in
                try await h.get("/api/v1/investigations/\(id)", token: caller.token)
            }
            try await Self.expect(.notFound, [c.t002, c.secretary], "GET investigation of 001") { caller in
                try await h.get("/api/v1/investigations/\(id)", token: caller.token)
            }
            try await Self.expect(.forbidden, [c.buildingLeader, c.roomLeader, c.student] + c.tokens, "GET investigation of 001") { caller in
                try await h.get("/api/v1/investigations/\(id)", token: caller.token)
            }
            try await Self.expect(.notFound, [c.t001], "GET investigation of 005") { caller in
                try await h.get("/api/v1/investigations/\(theirID)", token: caller.token)
            }
            let refused = try await h.get("/api/v1/investigations/\(id)", token: c.t002.token)
            #expect(!refused.text.contains("2021000002"), "no contact leaks: \(refused.text)")

            // Marking follow-ups from outside the scope is refused and marks nothing.
            let mark = try await h.post("/api/v1/investigations/\(id)/follow-ups", token: c.t002.token, body: #"{"studentNos":["2021000002"]}"#)
            #expect(mark.status == .notFound)
            #expect(try await h.get("/api/v1/investigations/\(id)", token: c.t001.token).json()["followUps"] as? [String] == [])

            // Lists: each investigator sees the investigations of their own students.
            let mine = try await h.get("/api/v1/investigations", token: c.t001.token).json()["items"] as? [[String: Any]] ?? []
            #expect(mine.compactMap { $0["id"] as? String } == [id])
            let others = try await h.get("/api/v1/investigations", token: c.t002.token).json()["items"] as? [[String: Any]] ?? []
            #expect(others.compactMap { $0["id"] as? String } == [theirID])
            let audit = try await h.get("/api/v1/audit?action=investigation.read&limit=1000", token: c.admin.token).json()["items"] as? [[String: Any]] ?? []
            #expect(audit.count == 3, "the two answered reads of 001's and T001's own read above, not the refused ones")
        }
    }

    // MARK: - Alerts and presence

    @Test("Alerts and presence: staff see their own students only; students and tokens are refused", arguments: TestEngine.available)
    func alertsAndPresence(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            #expect(try await h.put("/api/v1/access/policy", token: c.admin.token, body: AppHarness.lockdownPolicy).status == .ok)
            let sent = try await h.sendEvents([
                AppHarness.event("d1", "b1-door", "2021000001", "in", "2026-11-27T07:10:00+08:00", granted: false),
                AppHarness.event("d5", "b6-door", "2021000005", "in", "2026-11-27T07:10:00+08:00", granted: false),
                AppHarness.event("o1", "south-gate", "2021000001", "out", "2026-11-27T07:20:00+08:00"),
                AppHarness.event("o5", "south-gate", "2021000005", "out", "2026-11-27T07:20:00+08:00"),
                AppHarness.event("i2", "south-gate", "2021000002", "in", "2026-11-27T07:30:00+08:00"),
            ], token: c.gate)
            #expect(try sent.json()["accepted"] as? Int == 5)

            let expectations: [(Caller, Set<String>, Int)] = [   // who, whose alerts and who is away, how many active students
                (c.admin, ["2021000001", "2021000005"], 5),
                (c.t001, ["2021000001"], 3), (c.buildingLeader, ["2021000001"], 3),
                (c.t002, ["2021000005"], 2), (c.secretary, ["2021000005"], 2),
            ]
            for (caller, students, active) in expectations {
                let alerts = try await h.get("/api/v1/access/alerts", token: caller.token)
                #expect(alerts.status == .ok, "\(caller)")
                let items = try alerts.json()["items"] as? [[String: Any]] ?? []
                #expect(Set(items.compactMap { $0["studentNo"] as? String }) == students, "\(caller) alerts")
                #expect(items.count == 2 * students.count, "\(caller): a denied and an exit alert each")
                let presence = try await h.get("/api/v1/access/presence", token: caller.token).json()
                let away = (presence["away"] as? [[String: Any]] ?? []).compactMap { $0["studentNo"] as? String }
                #expect(Set(away) == students, "\(caller) away")
                let counted = ["onCampus", "offCampus", "unknown"].compactMap { presence[$0] as? Int }.reduce(0, +)
                #expect(counted == active, "\(caller) counts their active students")
            }
            try await Self.expect(.forbidden, [c.roomLeader, c.student] + c.tokens, "GET alerts") { caller in
                try await h.get("/api/v1/access/alerts", token: caller.token)
            }
            try await Self.expect(.forbidden, [c.roomLeader, c.student] + c.tokens, "GET presence") { caller in
                try await h.get("/api/v1/access/presence", token: caller.token)
            }
        }
    }

    // MARK: - Events, decisions, policy

    @Test("Events, decisions and the policy: only access:write (or admin) sends events, only access:decide or staff with the student decide, only admins set the policy",
          arguments: TestEngine.available)
    func eventsDecisionsPolicy(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let c = try await Self.cast(h)
            let trajectory = "/api/v1/students/2021000001/trajectory?\(Self.day)"

            // Events: refused callers store nothing.
            try await Self.expect(.forbidden, [c.t001, c.t002, c.buildingLeader, c.secretary, c.roomLeader, c.student, c.decider, c.reader, c.checkInWriter],
                                  "POST events") { caller in
                try await h.sendEvents([AppHarness.event("by-\(caller.name)", "library", "2021000001", "in", "2026-11-27T07:00:00+08:00")],
                                       token: caller.token)
            }
            #expect((try await h.get(trajectory, token: c.admin.token).json()["events"] as? [[String: Any]])?.isEmpty == true, "nothing stored")
            for (caller, id, at) in [(c.writer, "w1", "2026-11-27T07:00:00+08:00"), (c.admin, "a1", "2026-11-27T07:05:00+08:00")] {
                let r = try await h.sendEvents([AppHarness.event(id, "library", "2021000001", "in", at)], token: caller.token)
                #expect(r.status == .ok, "\(caller)")
                #expect(try r.json()["accepted"] as? Int == 1, "\(caller)")
            }
            let stored = try await h.get(trajectory, token: c.admin.token).json()["events"] as? [[String: Any]] ?? []
            #expect(stored.compactMap { $0["eventId"] as? String } == ["w1", "a1"])

            // Decisions: a read, but only for the gate's token or staff with the student in scope.
            let decision = { (student: String) in "/api/v1/access/decision?studentNo=\(student)&accessPoint=south-gate&direction=out" }
            try await Self.expect(.ok, [c.decider, c.admin, c.t001, c.buildingLeader], "decide 001") { caller in
                try await h.get(decision("2021000001"), token: caller.token)
            }
            try await Self.expect(.notFound, [c.t002, c.secretary], "decide 001") { caller in
                try await h.get(decision("2021000001"), token: caller.token)
            }
            try await Self.expect(.notFound, [c.t001, c.buildingLeader], "decide 005") { caller in
                try await h.get(decision("2021000005"), token: caller.token)
            }
            try await Self.expect(.forbidden, [c.roomLeader, c.student, c.writer, c.reader, c.checkInWriter], "decide 001") { caller in
                try await h.get(decision("2021000001"), token: caller.token)
            }

            // The policy: only admins and leaders set it; refused attempts leave the normal policy in force.
            let before = try await h.get("/api/v1/access/policy", token: c.admin.token).text
            try await Self.expect(.forbidden, c.all.filter { $0.name != "admin" }, "PUT policy") { caller in
                try await h.put("/api/v1/access/policy", token: caller.token, body: AppHarness.lockdownPolicy)
            }
            let after = try await h.get("/api/v1/access/policy", token: c.admin.token)
            #expect(after.text == before)
            #expect(try after.json()["version"] as? Int == 0)
            #expect(try await h.get(decision("2021000001"), token: c.decider.token).json()["allow"] as? Bool == true, "still the normal policy")
            let set = try await h.put("/api/v1/access/policy", token: c.admin.token, body: AppHarness.lockdownPolicy)
            #expect(set.status == .ok, "\(set.text)")
            #expect(try set.json()["version"] as? Int == 1)
            #expect(try await h.get(decision("2021000001"), token: c.decider.token).json()["reason"] as? String == "leave_required")
        }
    }
}
