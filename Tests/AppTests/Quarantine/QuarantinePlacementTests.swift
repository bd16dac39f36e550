import CampusKit
import Foundation
import Hummingbird
import HummingbirdTesting
import ShouhuTestSupport
import Testing

/// Sites and placements (CONTRACT.md, Quarantine and sick leave): capacity never exceeded, one active placement a
/// student, start never in the future, contacts of different index cases kept apart, every refusal naming its field
/// and changing nothing; a placed student is refused at every gate.
@Suite("Quarantine: sites and placements")
struct QuarantinePlacementTests {
    static let morning = CheckInsTests.morning   // 2026-11-27 08:30 in Shanghai

    @Test("Sites list rooms with live occupancy; bad sites are refused by field; a taken code is 409", arguments: TestEngine.available)
    func sites(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            let bad = try await h.post("/api/v1/quarantine/sites", token: admin,
                                       body: #"{"code":"Q 2","name":"","rooms":[{"code":"R1","capacity":0},{"code":"R1","capacity":2}]}"#)
            #expect(bad.status == .unprocessableContent, "\(bad.text)")
            #expect(Set(try bad.problemFields()) == ["code", "name", "rooms[0].capacity", "rooms[1].code"])
            let taken = try await h.post("/api/v1/quarantine/sites", token: admin, body: #"{"code":"Q1","name":"又一个","rooms":[{"code":"B1","capacity":1}]}"#)
            #expect(taken.status == .conflict)
            #expect(try taken.problemFields() == ["code"])
            let sites = try await h.occupancy(token: admin)
            #expect(sites.keys.sorted() == ["Q1"])
            #expect(sites["Q1"]?.1 == ["A101": 0, "A102": 0], "the refused site with the taken code changed nothing")
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.post("/api/v1/quarantine/sites", token: counsellor, body: #"{"code":"Q9","name":"x","rooms":[{"code":"R","capacity":1}]}"#).status == .forbidden)
            #expect(try await h.get("/api/v1/quarantine/sites", token: try await h.tokenFor("2021000001")).status == .forbidden)
        }
    }

    @Test("Placing: the room is chosen, capacity holds per room and site, one active placement a student, no future start; each refusal names its field and stores nothing",
          arguments: TestEngine.available)
    func placing(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(token: admin)
            let first = try await h.placed("2021000001", token: admin)
            #expect(first["status"] as? String == "active")
            #expect(first["room"] as? String == "A101")
            #expect(first["plannedEnd"] as? String == "2026-12-03", "close contact: 7 days, day 1 the start's date")
            #expect(first["protocol"] as? String == "close_contact")

            let refusals: [(String, String, String, HTTPResponse.Status, [String])] = [
                ("2099999999", "Q1", "", .notFound, ["studentNo"]),
                ("2021000002", "NOPE", "", .notFound, ["site"]),
                ("2021000002", "Q1", #","start":"2026-11-28T08:30:00+08:00""#, .unprocessableContent, ["start"]),
                ("2021000001", "Q1", "", .conflict, ["studentNo"]),
                ("2021000002", "Q1", #","room":"A999""#, .notFound, ["room"]),
            ]
            for (student, site, extra, status, fields) in refusals {
                let body = #"{"studentNo":"\#(student)","reason":"close_contact","site":"\#(site)"\#(extra)}"#
                let r = try await h.post("/api/v1/quarantine/placements", token: admin, body: body)
                #expect(r.status == status, "\(body): \(r.text)")
                #expect(try r.problemFields() == fields, "\(body): \(r.text)")
            }
            let unknownReason = try await h.place("2021000002", reason: "holiday", token: admin)
            #expect(unknownReason.status == .unprocessableContent)
            #expect(try unknownReason.problemFields() == ["reason"])
            #expect(try await h.ledger(token: admin) == ["2021000001"], "nothing refused was stored")

            let backdated = try await h.placed("2021000002", extra: #","start":"2026-11-25T20:00:00+08:00""#, token: admin)
            #expect(backdated["plannedEnd"] as? String == "2026-12-01", "a backdated start counts its days from then")
            #expect(try await h.ledger("?date=2026-11-24", token: admin).isEmpty, "nobody was in quarantine before the earliest start")
            #expect(try await h.ledger("?date=2026-11-26", token: admin) == ["2021000002"], "the ledger of a past day holds who was in then")
            #expect(Set(try await h.ledger("?date=2026-11-27", token: admin)) == ["2021000001", "2021000002"])
            let badDay = try await h.get("/api/v1/quarantine/placements?date=27.11.2026", token: admin)
            #expect(badDay.status == .unprocessableContent, "\(badDay.text)")
            #expect(try badDay.problemFields() == ["date"])
            #expect(try await h.occupancy(token: admin)["Q1"]?.1 == ["A101": 2, "A102": 0])
            let full = try await h.place("2021000003", extra: #","room":"A101""#, token: admin)
            #expect(full.status == .conflict)
            #expect(try full.problemFields() == ["room"])
            _ = try await h.placed("2021000003", token: admin)
            let siteFull = try await h.place("2021000005", token: admin)
            #expect(siteFull.status == .conflict)
            #expect(try siteFull.problemFields() == ["site"])
            #expect(try await h.occupancy(token: admin)["Q1"]?.0 == 3, "capacity 3, never more")
            #expect(Set(try await h.ledger(token: admin)) == ["2021000001", "2021000002", "2021000003"])
        }
    }

    @Test("Close contacts of different index cases get separate rooms while a room is free; the same index case's contacts share one",
          arguments: TestEngine.available)
    func separation(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("R1", 3), ("R2", 3)], token: admin)
            // Two index cases' contacts (recorded by the investigation each came from) are read back from placements.
            let a = try await h.app.quarantine.place(.init(studentNo: "2021000001", reason: .closeContact, site: "Q1", indexStudentNo: "X1"),
                                                   by: h.app.systemActor)
            let b = try await h.app.quarantine.place(.init(studentNo: "2021000002", reason: .closeContact, site: "Q1", indexStudentNo: "X2"),
                                                   by: h.app.systemActor)
            let c = try await h.app.quarantine.place(.init(studentNo: "2021000003", reason: .closeContact, site: "Q1", indexStudentNo: "X1"),
                                                   by: h.app.systemActor)
            #expect(a.room == "R1")
            #expect(b.room == "R2", "another index case's contact is not put with the first while R2 is free")
            #expect(c.room == "R1", "the same index case's contacts share a room")
        }
    }

    @Test("While a placement is active every gate decision is quarantined, whatever the policy; after release the student passes again",
          arguments: TestEngine.available)
    func gates(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            let gate = try await h.setUpGates()
            try await h.createSite(token: admin)
            let placed = try await h.placed("2021000001", reason: "other", token: admin)
            for (point, direction) in [("south-gate", "out"), ("south-gate", "in"), ("b1-door", "in"), ("library", "in")] {
                let d = try await GateDecisionTests.decide(h, "2021000001", point, direction, token: gate)
                #expect(d["allow"] as? Bool == false, "\(point) \(direction)")
                #expect(d["reason"] as? String == "quarantined", "\(point) \(direction): \(d)")
            }
            #expect(try await GateDecisionTests.decide(h, "2021000002", "south-gate", "out", token: gate)["allow"] as? Bool == true)
            let early = try await h.release(placed["id"] as! String, body: #"{"early":true,"reason":"误判"}"#, token: admin)
            #expect(early.status == .accepted, "\(early.text)")
            let leader = try await h.tokenFor("T006")
            let approved = try await h.release(placed["id"] as! String, body: #"{"early":true,"reason":"同意"}"#, token: leader)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(try await GateDecisionTests.decide(h, "2021000001", "south-gate", "out", token: gate)["allow"] as? Bool == true)
        }
    }

    @Test("An investigation's contacts are placed in one action (degree 1 as close contacts, their index recorded); a student who is no contact is refused by index; placed students are skipped",
          arguments: TestEngine.available)
    func fromInvestigation(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("R1", 4), ("R2", 4)], token: admin)
            let inv = try await h.post("/api/v1/investigations", token: admin, body: #"{"indexStudentNo":"2021000001",\#(InvestigationTests.window)}"#)
            let id = try #require(try inv.json()["id"] as? String, "\(inv.text)")
            let notContact = try await h.post("/api/v1/investigations/\(id)/placements", token: admin,
                                              body: #"{"site":"Q1","studentNos":["2021000002","2021000005"]}"#)
            #expect(notContact.status == .unprocessableContent, "\(notContact.text)")
            #expect(try notContact.problemFields() == ["studentNos[1]"])
            #expect(try await h.ledger(token: admin).isEmpty, "nothing placed")
            let r = try await h.post("/api/v1/investigations/\(id)/placements", token: admin, body: #"{"site":"Q1","studentNos":["2021000002"]}"#)
            #expect(r.status == .created, "\(r.text)")
            let placed = try #require(try r.json().objects("placed").first)
            #expect(placed["reason"] as? String == "close_contact")
            #expect(placed["origin"] as? String == "investigation")
            #expect(placed["investigationId"] as? String == id)
            let again = try await h.post("/api/v1/investigations/\(id)/placements", token: admin, body: #"{"site":"Q1","studentNos":["2021000002"]}"#)
            #expect(try again.json().objects("placed").isEmpty)
            #expect(try again.json().objects("skipped").first?["reason"] as? String == "already_placed")
            let counsellor = try await h.tokenFor("T001")
            #expect(try await h.post("/api/v1/investigations/\(id)/placements", token: counsellor, body: #"{"site":"Q1","studentNos":["2021000002"]}"#).status == .forbidden)
        }
    }

    @Test("The ledger shows each reader only the students in their scope; a student reads only their own placement; a reader outside scope gets 404",
          arguments: TestEngine.available)
    func scope(engine: TestEngine) async throws {
        try await AppHarness.run(engine, clock: FixedClock(Self.morning)) { h in
            let admin = try await h.importQuarantineCollege()
            try await h.createSite(rooms: [("R1", 4)], token: admin)
            let mine = try await h.placed("2021000001", token: admin)
            _ = try await h.placed("2021000005", token: admin)
            let t1 = try await h.tokenFor("T001"), t2 = try await h.tokenFor("T002")
            #expect(try await h.ledger(token: t1) == ["2021000001"])
            #expect(try await h.ledger(token: t2) == ["2021000005"])
            let id = mine["id"] as! String
            #expect(try await h.get("/api/v1/quarantine/placements/\(id)", token: t2).status == .notFound)
            #expect(try await h.get("/api/v1/quarantine/placements/\(id)", token: try await h.tokenFor("2021000001")).status == .ok)
            #expect(try await h.get("/api/v1/quarantine/placements/\(id)", token: try await h.tokenFor("2021000002")).status == .notFound)
            #expect(try await h.post("/api/v1/quarantine/placements/\(id)/health-records", token: try await h.tokenFor("2021000002"),
                                     body: #"{"temperature":36.5}"#).status == .notFound)
            #expect(try await h.place("2021000002", token: t1).status == .forbidden, "a counsellor does not place")
        }
    }
}
