import CampusKit
import ContactTracing
import Foundation
import GateAccess
import Roster
import ShouhuTestSupport
@testable import Storage
import Testing

@Suite("Tracing source: the place index never misses a stay that overlaps one of the sources' stays")
struct SQLTracingSourceTests {
    typealias F = CheckInStoreFixtures
    typealias G = GateStoreFixtures

    /// Twenty students, two to a room.
    static let students: [Student] = (0..<20).map { i in
        Student(studentNo: no(i), name: "学生\(i)", college: F.info, className: "信息2101", campus: "南校区", building: "1号楼",
                floor: 1 + i / 10, room: "\(100 * (1 + i / 10) + i % 10 / 2 + 1)", counsellor: "T001")
    }

    static func no(_ i: Int) -> String { "2023000" + String(100 + i) }

    /// Visits of every student to the three co-presence places (and now and then through a gate) over three days: random
    /// starts on a one-minute grid, lengths up to five hours, the out-swipe missing one time in four.
    static func events(seed: UInt64) -> [AccessEvent] {
        var rng = G.Random(seed: seed)
        let places = ["canteen-1-east", "canteen-1-west", "library", "room-a101"]
        var events: [AccessEvent] = []
        for (i, student) in students.enumerated() {
            for v in 0..<11 {
                let start = Int.random(in: 0..<(3 * 1440), using: &rng)
                let length = Int.random(in: 5...300, using: &rng)
                let point = v == 10 ? "south-gate" : places.randomElement(using: &rng)!
                events.append(G.event("s\(i)-v\(v)-in", point, student.studentNo, .in, G.t(start)))
                if Int.random(in: 0..<4, using: &rng) != 0 {
                    events.append(G.event("s\(i)-v\(v)-out", point, student.studentNo, .out, G.t(start + length)))
                }
            }
        }
        return events
    }

    /// What the contract needs from the index: every co-presence stay that overlaps, within `window`, a stay of one of `sources`
    /// at the same place (by brute force over all pairs).
    static func needed(_ all: [Stay], sources: Set<String>, window: DateInterval, minimum: TimeInterval = 0) -> Set<Stay> {
        let co = all.filter(\.kind.countsForCoPresence)
        let own = co.filter { sources.contains($0.studentNo) }
        var result = Set<Stay>()
        for b in co {
            for a in own where a.place == b.place {
                let overlap = min(a.to, b.to, window.end).timeIntervalSince(max(a.from, b.from, window.start))
                if overlap > 0 && overlap >= minimum {
                    result.insert(b)
                    break
                }
            }
        }
        return result
    }

    @Test("staysSharingPlaces returns at least every exact overlap, for single sources, groups and windows cutting through stays",
          arguments: TestEngine.available)
    func neverLess(engine: TestEngine) async throws {
        try await G.withStores(engine, students: Self.students) { stores in
            let events = Self.events(seed: 42)
            for batch in stride(from: 0, to: events.count, by: 100) {
                let result = try await G.ingest(stores.gates, Array(events[batch..<min(batch + 100, events.count)]))
                #expect(result.rejected.isEmpty)
            }
            let all = Self.students.flatMap { G.expectedStays(events, of: $0.studentNo) }
            let co = all.filter(\.kind.countsForCoPresence)
            #expect((150...260).contains(co.count), "about 200 co-presence stays: \(co.count)")
            let everyone = Set(Self.students.map(\.studentNo))
            let source = stores.tracing

            // The stays by student are exact.
            let stored = try await source.stays(of: everyone, school: F.school, window: G.wide, lasting: 0)
            #expect(Set(stored) == Set(co))
            #expect(stored.count == co.count)

            var rng = G.Random(seed: 7)
            var cases: [(Set<String>, DateInterval)] = Self.students.map { ([$0.studentNo], G.wide) }
            cases.append((everyone, G.wide))
            for _ in 0..<40 {
                let sources = Set(Self.students.shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)).map(\.studentNo))
                let start = Int.random(in: -60..<(3 * 1440), using: &rng)
                let window = DateInterval(start: G.t(start), end: G.t(start + Int.random(in: 1...(18 * 60), using: &rng)))
                cases.append((sources, window))
            }
            var checked = 0
            for (sources, window) in cases {
                let own = try await source.stays(of: sources, school: F.school, window: window, lasting: 0)
                let found = Set(try await source.staysSharingPlaces(with: own, school: F.school, window: window, overlapping: 0))
                let needed = Self.needed(all, sources: sources, window: window)
                // With a minimum overlap the index may leave out more, but never a pair that overlaps that long.
                for minutes in [5, 15, 45] {
                    let minimum = TimeInterval(minutes * 60)
                    let narrowed = Set(try await source.staysSharingPlaces(with: own, school: F.school, window: window, overlapping: minimum))
                    let wanted = Self.needed(all, sources: sources, window: window, minimum: minimum)
                    #expect(wanted.subtracting(narrowed).isEmpty, "\(minutes) min: sources \(sources.sorted()) window \(window)")
                    #expect(narrowed.isSubset(of: found))
                }
                let missing = needed.subtracting(found)
                #expect(missing.isEmpty, "sources \(sources.sorted()) window \(window): missing \(missing.count) of \(needed.count)")
                #expect(found.isSubset(of: Set(co)), "only stored co-presence stays")
                // Stays of the sources inside the window must come back themselves (a stay overlaps itself).
                let ownInside = co.filter { sources.contains($0.studentNo) && $0.clipped(to: window) != nil }
                #expect(Set(ownInside).isSubset(of: found))
                let inWindow = try await source.stays(of: sources, school: F.school, window: window, lasting: 0)
                #expect(Set(inWindow) == Set(ownInside), "stays(of:) is exact for \(sources.sorted()) \(window)")
                checked += needed.count
            }
            #expect(checked > 200, "the cases found overlaps to check: \(checked)")
        }
    }
}

@Suite("Saved contacts")
struct ContactsJSONTests {
    @Test("Contacts written directly as JSON read back equal, names with quotes, backslashes and control characters included")
    func roundTrip() throws {
        let at = Date(timeIntervalSince1970: 1_795_739_400.123)
        let contacts = [
            Contact(studentNo: "2021000001", degree: 1, evidence: [Evidence(rule: .coPresence, place: "canteen \"1\"", from: at, to: at.addingTimeInterval(900), minutes: 15)],
                    name: "甲\\一\n", className: "信息2101", building: "1号楼", room: nil),
            Contact(studentNo: "2021000002", degree: 2, evidence: [Evidence(rule: .roommate, place: "1号楼/101", from: at, to: at, via: "2021000001"),
                                                                   Evidence(rule: .floormate, place: "1号楼/1", from: at, to: at, via: "x\u{1}")]),
        ]
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let back = try decoder.decode([Contact].self, from: Data(ContactsJSON.encode(contacts).utf8))
        #expect(back.map(\.studentNo) == contacts.map(\.studentNo))
        #expect(back.map(\.name) == contacts.map(\.name))
        #expect(back.map(\.building) == contacts.map(\.building) && back.map(\.room) == contacts.map(\.room))
        #expect(back.flatMap(\.evidence).map(\.place) == contacts.flatMap(\.evidence).map(\.place))
        #expect(back.flatMap(\.evidence).map(\.via) == contacts.flatMap(\.evidence).map(\.via))
        #expect(back.flatMap(\.evidence).map(\.minutes) == contacts.flatMap(\.evidence).map(\.minutes))
        #expect(back.flatMap(\.evidence).map { $0.from.timeIntervalSince1970 } == contacts.flatMap(\.evidence).map { ($0.from.timeIntervalSince1970 * 1000).rounded() / 1000 })
    }
}
