import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures
private typealias G = GateStoreFixtures

/// The promises of `GateStore` beyond `AccessAlertWriter` (WriterContractTests) the gate service relies on: points and
/// their places, ingest at most once per (point, event id) with rejections by index, the versioned policy, facts only
/// for known students; and (SQL only) alerts listed by scope.
@Suite("GateStore contract: SQL stores and the in-memory fake keep the same promises")
struct GateStoreContractTests {
    static func withGates(_ subject: ContractSubject, _ body: (any GateStore) async throws -> Void) async throws {
        switch subject {
        case .memory:
            let facts = Dictionary(uniqueKeysWithValues: F.students.map { ($0.studentNo, MemoryGateStore.StudentFacts(active: $0.status == .active)) })
            try await body(MemoryGateStore(points: G.points, students: facts))
        case .sql(let engine): try await G.withStores(engine) { stores in try await body(stores.gates) }
        }
    }

    @Test("register: a new point is stored, a known one renamed; a point of another kind at a used place is refused with that kind",
          arguments: ContractSubject.all)
    func register(subject: ContractSubject) async throws {
        try await Self.withGates(subject) { gates throws in
            #expect(try await gates.points(school: F.school).map(\.code) == G.points.map(\.code).sorted())
            let clash = AccessPoint(code: "canteen-1-south", name: "一食堂南门", kind: .library, place: "canteen-1")
            #expect(try await gates.register(clash, school: F.school) == .canteen)
            #expect(try await gates.point(school: F.school, code: "canteen-1-south") == nil)
            let south = AccessPoint(code: "canteen-1-south", name: "一食堂南门", kind: .canteen, place: "canteen-1")
            #expect(try await gates.register(south, school: F.school) == nil)
            #expect(try await gates.point(school: F.school, code: "canteen-1-south") == south)
            let renamed = AccessPoint(code: "library", name: "新图书馆", kind: .library, place: "library")
            #expect(try await gates.register(renamed, school: F.school) == nil)
            #expect(try await gates.points(school: F.school).first { $0.code == "library" }?.name == "新图书馆")
            #expect(try await gates.points(school: F.school).count == G.points.count + 1)
        }
    }

    @Test("ingest: each (point, event id) stored once, within a batch and across batches; unknown points and students rejected by index",
          arguments: ContractSubject.all)
    func ingestOnce(subject: ContractSubject) async throws {
        try await Self.withGates(subject) { gates throws in
            let a = G.event("e1", "canteen-1-east", F.no(1), .in, G.t(12 * 60))
            let b = G.event("e2", "canteen-1-east", F.no(1), .out, G.t(12 * 60 + 30))
            let sameIdOtherPoint = G.event("e1", "library", F.no(2), .in, G.t(12 * 60))
            let unknownPoint = G.event("e3", "nowhere", F.no(1), .in, G.t(13 * 60))
            let unknownStudent = G.event("e4", "library", "2099999999", .in, G.t(13 * 60))
            let first = try await gates.ingest([(0, a), (1, b), (2, a), (3, unknownPoint), (4, sameIdOtherPoint), (5, unknownStudent)], school: F.school,
                                               exitNeedsLeave: [], at: G.t(14 * 60))
            #expect(first.accepted == 3 && first.duplicates == 1)
            #expect(first.rejected.map(\.index) == [3, 5])
            let again = try await gates.ingest([(7, b), (8, a)], school: F.school, exitNeedsLeave: [], at: G.t(14 * 60))
            #expect(again.accepted == 0 && again.duplicates == 2 && again.rejected.isEmpty)
            let empty = try await gates.ingest([], school: F.school, exitNeedsLeave: [], at: G.t(14 * 60))
            #expect(empty == IngestResult())
        }
    }

    @Test("policy: the built-in normal one (version 0) until set; each set stores the next version and is what policy answers",
          arguments: ContractSubject.all)
    func policy(subject: ContractSubject) async throws {
        try await Self.withGates(subject) { gates throws in
            #expect(try await gates.policy(school: F.school) == .normal)
            let one = try await gates.setPolicy(.lockdown, school: F.school, by: "admin", at: F.at(8))
            #expect(one.version == 1 && one.name == GatePolicy.lockdown.name)
            #expect(try await gates.policy(school: F.school) == one)
            let two = try await gates.setPolicy(.normal, school: F.school, by: "admin", at: F.at(9))
            #expect(two.version == 2 && two.name == "normal")
            #expect(try await gates.policy(school: F.school) == two)
        }
    }

    @Test("facts: nil for an unknown student; a known one's come back for the point asked, with whether the student is active",
          arguments: ContractSubject.all)
    func facts(subject: ContractSubject) async throws {
        try await Self.withGates(subject) { gates throws in
            let door = try #require(G.byCode["b1-door"])
            #expect(try await gates.facts(school: F.school, studentNo: "2099999999", point: door, day: F.day, at: F.at(8)) == nil)
            let known = try #require(try await gates.facts(school: F.school, studentNo: F.no(1), point: door, day: F.day, at: F.at(8)))
            #expect(known.studentNo == F.no(1) && known.point == door && known.active)
            #expect(try await gates.facts(school: F.school, studentNo: F.no(6), point: door, day: F.day, at: F.at(8))?.active == false)
        }
    }

    // Alert lists join the roster: SQL only (MemoryGateStore throws NotImplementedByFake for alerts).
    @Test("alerts (SQL only): students within the scope only, since an instant, by kind, newest first, paged", arguments: TestEngine.available)
    func alertsScoped(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores throws in
            let gates = stores.gates
            _ = try await gates.raise([AlertDraft(kind: .curfew, studentNo: F.no(1), at: F.at(22), detail: "a", dedupe: "a"),
                                       AlertDraft(kind: .curfew, studentNo: F.no(5), at: F.at(23), detail: "b", dedupe: "b"),
                                       AlertDraft(kind: .leaveOverdue, studentNo: F.no(2), at: F.at(21), detail: "c", dedupe: "c"),
                                       AlertDraft(kind: .curfew, studentNo: F.no(2), at: F.at(20), detail: "d", dedupe: "d")], school: F.school)
            func list(_ scope: Scope, since: Date = F.at(0), kind: AccessAlert.Kind? = nil, limit: Int = 100) async throws -> [String] {
                var seen: [String] = [], after: String?
                repeat {
                    let page = try await gates.alerts(school: F.school, scope: scope, since: since, kind: kind, page: PageRequest(limit: limit, after: after))
                    seen += page.items.map(\.detail)
                    after = page.next
                } while after != nil && seen.count < 20
                return seen
            }
            #expect(try await list(.school) == ["b", "a", "c", "d"])
            #expect(try await list(.school, limit: 1) == ["b", "a", "c", "d"])
            #expect(try await list(Scope(units: [UnitKey(.class, "信息2101")])) == ["a", "c", "d"])
            #expect(try await list(.school, kind: .curfew) == ["b", "a", "d"])
            #expect(try await list(.school, since: F.at(21, 30)) == ["b", "a"])
            #expect(try await list(.nothing).isEmpty)
        }
    }
}
