import CampusKit
import ContactTracing
import Foundation
import GateAccess
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures
private typealias G = GateStoreFixtures

/// The promises of `TracingSource` the contact tracer relies on: the co-presence stays of the students asked over the
/// window, every stay sharing a place with them (more allowed, never less), room- and floor-mates, names of anyone.
/// The SQL source reads the stays a gate ingest derived; the fake holds the stays rule 1 derives from the same events.
@Suite("TracingSource contract: SQL stores and the in-memory fake keep the same promises")
struct TracingSourceContractTests {
    /// 12:00–12:40 001 in canteen-1 (east door), 12:10–12:50 002 there too (west door), 12:20–13:00 005 in the library,
    /// 14:00–14:30 001 in the library, 001 and 002 through 1号楼's door (not co-presence).
    static let events: [AccessEvent] = [
        G.event("1", "canteen-1-east", F.no(1), .in, G.t(720)), G.event("2", "canteen-1-east", F.no(1), .out, G.t(760)),
        G.event("3", "canteen-1-west", F.no(2), .in, G.t(730)), G.event("4", "canteen-1-west", F.no(2), .out, G.t(770)),
        G.event("5", "library", F.no(5), .in, G.t(740)), G.event("6", "library", F.no(5), .out, G.t(780)),
        G.event("7", "library", F.no(1), .in, G.t(840)), G.event("8", "library", F.no(1), .out, G.t(870)),
        G.event("9", "b1-door", F.no(1), .in, G.t(900)), G.event("10", "b1-door", F.no(2), .in, G.t(905)),
    ]

    static func withSource(_ subject: ContractSubject, _ body: (any TracingSource) async throws -> Void) async throws {
        switch subject {
        case .memory:
            let stays = Set(events.map(\.studentNo)).sorted().flatMap { G.expectedStays(events, of: $0) }
            try await body(MemoryTracingSource(stays: stays, roster: F.students))
        case .sql(let engine):
            try await G.withStores(engine) { stores throws in
                try await G.ingest(stores.gates, events)
                try await body(stores.tracing)
            }
        }
    }

    static func key(_ s: Stay) -> String { "\(s.studentNo)|\(s.place)|\(Int(s.from.timeIntervalSince(G.t(0)) / 60))-\(Int(s.to.timeIntervalSince(G.t(0)) / 60))" }

    @Test("stays(of:): the students' co-presence stays overlapping the window, nobody else's, no door passages", arguments: ContractSubject.all)
    func staysOf(subject: ContractSubject) async throws {
        try await Self.withSource(subject) { source throws in
            let all = try await source.stays(of: [F.no(1)], school: F.school, window: G.wide, lasting: 0)
            #expect(Set(all.map(Self.key)) == ["\(F.no(1))|canteen-1|720-760", "\(F.no(1))|library|840-870"])
            let noon = DateInterval(start: G.t(700), end: G.t(800))
            #expect(try await source.stays(of: [F.no(1), F.no(2)], school: F.school, window: noon, lasting: 0).map(Self.key).sorted()
                    == ["\(F.no(1))|canteen-1|720-760", "\(F.no(2))|canteen-1|730-770"])
            #expect(try await source.stays(of: [F.no(3)], school: F.school, window: G.wide, lasting: 0).isEmpty)
        }
    }

    @Test("staysSharingPlaces: at least every co-presence stay overlapping the sources' by the minimum", arguments: ContractSubject.all)
    func sharing(subject: ContractSubject) async throws {
        try await Self.withSource(subject) { source throws in
            let index = try await source.stays(of: [F.no(1)], school: F.school, window: G.wide, lasting: 0)
            let shared = Set(try await source.staysSharingPlaces(with: index, school: F.school, window: G.wide, overlapping: 15 * 60).map(Self.key))
            #expect(shared.contains("\(F.no(2))|canteen-1|730-770"), "30 minutes together in canteen-1")
        }
    }

    @Test("residents: the students and their room-mates, or floor-mates when asked; students: any status", arguments: ContractSubject.all)
    func residents(subject: ContractSubject) async throws {
        try await Self.withSource(subject) { source throws in
            let room = try await source.residents(sharingWith: [F.no(1)], sameFloor: false, school: F.school)
            #expect(Set(room.map(\.studentNo)) == [F.no(1), F.no(2)])
            #expect(room.first { $0.studentNo == F.no(2) } == Resident(studentNo: F.no(2), building: "1号楼", floor: 1, room: "101"))
            let floor = try await source.residents(sharingWith: [F.no(1)], sameFloor: true, school: F.school)
            #expect(Set(floor.map(\.studentNo)) == [F.no(1), F.no(2), F.no(8)])
            #expect(try await source.residents(sharingWith: [F.no(7)], sameFloor: true, school: F.school).allSatisfy { $0.studentNo == F.no(7) })
            let named = try await source.students([F.no(6), F.no(1), "2099999999"], school: F.school)
            #expect(Set(named.map(\.name)) == ["甲", "己"])
        }
    }
}
