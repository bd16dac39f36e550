import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Sick leave (CONTRACT.md, Quarantine and sick leave): asked for by the student or staff, followed up day by day,
/// closed only with its cause; every refusal names its field and stores nothing; read only within scope.
@Suite("Sick leave: request, follow-up, close")
struct SickLeaveAPITests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    @Test("The contract's path: the student asks (201 open), the counsellor follows up and closes it with the cause; follow-ups read oldest first",
          arguments: TestEngine.available)
    func happyPath(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let student = try await h.tokenFor("2021000002")
            let asked = try await h.askSickLeave(token: student)
            #expect(asked.status == .created, "\(asked.text)")
            let leave = try asked.json()
            #expect(leave["status"] as? String == "open")
            #expect(leave["studentNo"] as? String == "2021000002")
            #expect(leave["onset"] as? String == "2026-11-26" && leave["from"] as? String == "2026-11-27" && leave["to"] as? String == "2026-11-29")
            #expect(leave["clinicVisited"] as? Bool == true && leave["needsFollowUp"] as? Bool == true)
            let id = try #require(leave["id"] as? String)

            let counsellor = try await h.tokenFor("T001")
            for note in ["第一次：体温 38.2", "第二次：已退烧"] {
                let r = try await h.followUp(id, note: note, token: counsellor)
                #expect(r.status == .created, "\(r.text)")
            }
            let detail = try await h.get("/api/v1/sick-leaves/\(id)", token: counsellor)
            #expect(detail.status == .ok, "\(detail.text)")
            #expect(try detail.json().objects("followUps").compactMap { $0["note"] as? String } == ["第一次：体温 38.2", "第二次：已退烧"])
            #expect((try detail.json()["sickLeave"] as? [String: Any])?["name"] as? String == "甲二")

            let closed = try await h.closeSickLeave(id, token: counsellor)
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(try closed.json()["status"] as? String == "closed")
            #expect(try closed.json()["cause"] as? String == "病毒性感冒")
            #expect(try closed.json()["cleared"] as? Bool == true)
            #expect(try await h.sickLeaveIds("?status=closed", token: counsellor) == [id])
            #expect(try await h.sickLeaveIds("?status=open", token: counsellor).isEmpty)

            // Staff record one for a student of theirs; the student sees only their own.
            let byStaff = try await h.sickLeave(#"{"studentNo":"2021000003","symptoms":["腹泻","乏力"],"onset":"2026-11-27","clinicVisited":false,"from":"2026-11-27"}"#,
                                                token: counsellor)
            #expect(Set(try await h.sickLeaveIds(token: counsellor)) == [id, byStaff])
            #expect(try await h.sickLeaveIds(token: student) == [id])
            let staffMade = try await h.get("/api/v1/sick-leaves/\(byStaff)", token: counsellor).json()["sickLeave"] as? [String: Any]
            #expect(staffMade?["symptoms"] as? String == "腹泻、乏力" && staffMade?["createdBy"] as? String == "T001")
            #expect(staffMade?["to"] is NSNull || staffMade?["to"] == nil, "no last day given")

            // Reading another person's sick leave is audited; the student reading their own is not.
            _ = try await h.get("/api/v1/sick-leaves/\(id)", token: student)
            let reads = try await h.get("/api/v1/audit?action=sickleave.read", token: admin).json().objects("items")
            #expect(reads.contains { $0["actor"] as? String == "T001" && $0["subject"] as? String == "2021000002" })
            #expect(!reads.contains { $0["actor"] as? String == "2021000002" })
            let lists = try await h.get("/api/v1/audit?action=sickleave.list", token: admin).json().objects("items")
            #expect(lists.contains { $0["actor"] as? String == "T001" })
        }
    }

    @Test("Bad input is refused naming its field, and nothing is stored: unknown student, onset or from after today, to before from, no symptoms; closing without the cause is 422, closing twice 409",
          arguments: TestEngine.available)
    func badInput(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let counsellor = try await h.tokenFor("T001")
            let student = try await h.tokenFor("2021000002")
            func body(student: String = "2021000002", symptoms: String = #""发热""#, onset: String = "2026-11-26", from: String = "2026-11-27",
                      to: String = "null") -> String {
                #"{"studentNo":"\#(student)","symptoms":\#(symptoms),"onset":"\#(onset)","clinicVisited":false,"from":"\#(from)","to":\#(to)}"#
            }
            let refusals: [(String, String, HTTPResponse.Status, [String])] = [
                (counsellor, body(student: "2099999999"), .notFound, ["studentNo"]),
                (counsellor, body(onset: "2026-11-28"), .unprocessableContent, ["onset"]),
                (student, body(from: "2026-11-28"), .unprocessableContent, ["from"]),
                (counsellor, body(to: #""2026-11-26""#), .unprocessableContent, ["to"]),
                (student, body(symptoms: #""""#), .unprocessableContent, ["symptoms"]),
                (counsellor, body(symptoms: #""   ""#), .unprocessableContent, ["symptoms"]),
                (student, body(symptoms: "[]"), .unprocessableContent, ["symptoms"]),
                (student, body(onset: "11/26"), .unprocessableContent, ["onset"]),
                (student, body(student: "2021000001"), .forbidden, ["studentNo"]),
            ]
            for (token, text, status, fields) in refusals {
                let r = try await h.askSickLeave(text, token: token)
                #expect(r.status == status, "\(text): \(r.text)")
                #expect(try r.problemFields() == fields, "\(text): \(r.text)")
            }
            #expect(try await h.sickLeaveIds(token: admin).isEmpty, "nothing refused was stored")

            let id = try await h.sickLeave(body(), token: student)
            for noCause in [#"{"cleared":true}"#, #"{"cause":"  ","cleared":false}"#, #"{"cause":null}"#] {
                let r = try await h.closeSickLeave(id, body: noCause, token: counsellor)
                #expect(r.status == .unprocessableContent, "\(noCause): \(r.text)")
                #expect(try r.problemFields() == ["cause"], "\(noCause): \(r.text)")
            }
            let emptyNote = try await h.followUp(id, note: " ", token: counsellor)
            #expect(emptyNote.status == .unprocessableContent)
            #expect(try emptyNote.problemFields() == ["note"])
            #expect(try await h.sickLeaveIds("?status=open", token: admin) == [id], "still open after the refused closes")
            let detail = try await h.get("/api/v1/sick-leaves/\(id)", token: admin).json()
            #expect(detail.objects("followUps").isEmpty, "the empty note was not stored")

            #expect(try await h.closeSickLeave(id, body: #"{"cause":"流感","cleared":false}"#, token: counsellor).status == .ok)
            let twice = try await h.closeSickLeave(id, token: counsellor)
            #expect(twice.status == .conflict, "\(twice.text)")
            let after = try await h.get("/api/v1/sick-leaves/\(id)", token: admin).json()["sickLeave"] as? [String: Any]
            #expect(after?["cause"] as? String == "流感" && after?["cleared"] as? Bool == false, "the second close changed nothing")
            #expect(try await h.followUp(id, token: counsellor).status == .conflict, "a closed sick leave takes no follow-up")
        }
    }

    @Test("Scope: a counsellor of another class neither reads nor writes a sick leave (404), a student reads only their own, the clinic reads school-wide",
          arguments: TestEngine.available)
    func scope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            _ = try await h.importQuarantineCollege()
            let student = try await h.tokenFor("2021000002")
            let id = try await h.sickLeave(token: student)
            let other = try await h.tokenFor("T002")   // counsellor of 机电2101
            #expect(try await h.get("/api/v1/sick-leaves/\(id)", token: other).status == .notFound)
            #expect(try await h.followUp(id, token: other).status == .notFound)
            #expect(try await h.closeSickLeave(id, token: other).status == .notFound)
            #expect(try await h.sickLeaveIds(token: other).isEmpty)
            let foreign = try await h.askSickLeave(token: other)
            #expect(foreign.status == .notFound, "a student outside scope is as unknown")
            #expect(try foreign.problemFields() == ["studentNo"])

            let classmate = try await h.tokenFor("2021000001")
            #expect(try await h.get("/api/v1/sick-leaves/\(id)", token: classmate).status == .notFound)
            #expect(try await h.sickLeaveIds(token: classmate).isEmpty)
            #expect(try await h.followUp(id, token: student).status == .forbidden, "the student does not follow up their own leave")
            #expect(try await h.closeSickLeave(id, token: student).status == .forbidden)

            let clinic = try await h.tokenFor("T005")
            #expect(try await h.get("/api/v1/sick-leaves/\(id)", token: clinic).status == .ok)
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.sickLeaveIds(token: counsellor) == [id])
            #expect(try await h.sickLeaveIds("?needsFollowUp=true", token: other).isEmpty)
            #expect(try await h.sickLeaveIds("?status=open", token: other).isEmpty)
            let detail = try await h.get("/api/v1/sick-leaves/\(id)", token: counsellor).json()
            #expect(detail.objects("followUps").isEmpty, "the refused follow-ups left nothing")
            #expect((detail["sickLeave"] as? [String: Any])?["status"] as? String == "open", "the refused closes left it open")
        }
    }

    @Test("Needs follow-up today: listed until a follow-up is added, listed again the next day; a closed one never", arguments: TestEngine.available)
    func needsFollowUp(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            _ = try await h.importQuarantineCollege()
            let first = try await h.sickLeave(token: try await h.tokenFor("2021000002"))
            let second = try await h.sickLeave(#"{"studentNo":"2021000003","symptoms":"头痛","onset":"2026-11-27","clinicVisited":false,"from":"2026-11-27"}"#,
                                               token: try await h.tokenFor("2021000003"))
            var counsellor = try await h.tokenFor("T001")
            #expect(Set(try await h.sickLeaveIds("?needsFollowUp=true", token: counsellor)) == [first, second])
            #expect(try await h.followUp(first, token: counsellor).status == .created)
            #expect(try await h.sickLeaveIds("?needsFollowUp=true", token: counsellor) == [second])
            #expect(Set(try await h.sickLeaveIds("?status=open", token: counsellor)) == [first, second], "followed up, still open")

            clock.advance(by: 86_400)   // the next day; sessions lapse after a day
            counsellor = try await h.tokenFor("T001")
            #expect(Set(try await h.sickLeaveIds("?needsFollowUp=true", token: counsellor)) == [first, second], "yesterday's follow-up is not today's")
            #expect(try await h.closeSickLeave(second, token: counsellor).status == .ok)
            #expect(try await h.sickLeaveIds("?needsFollowUp=true", token: counsellor) == [first], "a closed sick leave needs no follow-up")
            #expect(try await h.followUp(first, token: counsellor).status == .created)
            #expect(try await h.sickLeaveIds("?needsFollowUp=true", token: counsellor).isEmpty)
        }
    }

    @Test("The list pages with limit and cursor, newest first, each sick leave once", arguments: TestEngine.available)
    func paging(engine: TestEngine) async throws {
        let clock = FixedClock(Self.morning)
        try await AppHarness.run(engine, clock: clock) { h in
            let admin = try await h.importQuarantineCollege()
            var ids: [String] = []
            for student in ["2021000001", "2021000002", "2021000003"] {
                ids.append(try await h.sickLeave(#"{"studentNo":"\#(student)","symptoms":"发热","onset":"2026-11-27","clinicVisited":false,"from":"2026-11-27"}"#,
                                                 token: admin))
                clock.advance(by: 60)
            }
            var seen: [String] = [], cursor: String?
            repeat {
                let r = try await h.get("/api/v1/sick-leaves?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: admin)
                #expect(r.status == .ok)
                let page = try r.json()
                #expect(page.objects("items").count <= 2)
                seen += page.objects("items").compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil && seen.count < 10
            #expect(seen == ids.reversed())
            #expect(try await h.get("/api/v1/sick-leaves?cursor=!!!!", token: admin).status == .unprocessableContent)
        }
    }
}
