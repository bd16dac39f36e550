import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuTestSupport
import Storage
import Testing

@Suite("Gate store: ingest stores each event once, rejects by index, and keeps the stays equal to rule 1 over every event")
struct SQLGateStoreIngestTests {
    typealias F = CheckInStoreFixtures
    typealias G = GateStoreFixtures

    static let s1 = F.no(1), s2 = F.no(2)

    /// One day of two students (day `day` after `F.day`), written to exercise rule 1: closed by an out at another door
    /// of the place, missed out-swipes, a denied swipe, same-instant events ordered by id both ways, a double swipe, the
    /// 4 h cap (exactly, one second less, and overshot), stays across midnight, gates and doors.
    static func scriptedDay(_ day: Int) -> [AccessEvent] {
        func e(_ id: String, _ point: String, _ student: String, _ direction: AccessEvent.Direction, _ minutes: Int, _ seconds: Int = 0,
               granted: Bool = true) -> AccessEvent {
            G.event("d\(day)-\(id)", point, student, direction, G.t(minutes, seconds, day: day), granted: granted)
        }
        return [
            e("s1-01", "b1-door", s1, .out, 6 * 60 + 50),
            e("s1-02", "canteen-1-east", s1, .in, 7 * 60),
            e("s1-03", "canteen-1-west", s1, .out, 7 * 60 + 20),        // out at the other door of the same place
            e("s1-04", "room-a101", s1, .in, 7 * 60 + 50),              // no out-swipe: closed by the next event
            e("s1-05", "library", s1, .in, 9 * 60 + 40),
            e("s1-06", "library", s1, .out, 10 * 60 + 30),
            e("s1-07", "canteen-1-west", s1, .in, 11 * 60 + 30, granted: false),   // denied: no stay, closes nothing
            e("s1-08", "canteen-1-west", s1, .in, 11 * 60 + 31),
            e("s1-09a", "canteen-1-east", s1, .out, 12 * 60),           // same instant: the out (09a) comes first …
            e("s1-09b", "library", s1, .in, 12 * 60),                   // … then the in opens a stay
            e("s1-10a", "room-a101", s1, .in, 13 * 60),                 // a double swipe: a stay of no length …
            e("s1-10b", "room-a101", s1, .in, 13 * 60),                 // … and the real one, capped at 17:00
            e("s1-11", "south-gate", s1, .out, 18 * 60 + 30),
            e("s1-12", "north-gate", s1, .in, 21 * 60),
            e("s1-13", "b1-door", s1, .in, 21 * 60 + 5),                // closed after midnight
            e("s1-14", "b1-door", s1, .out, 24 * 60 + 30),
            e("s2-01", "library", s2, .in, -2 * 60),                    // the evening before: capped at 02:00
            e("s2-02b", "canteen-1-east", s2, .out, 8 * 60),            // same instant, but the in's id sorts first,
            e("s2-02a", "canteen-1-east", s2, .in, 8 * 60),             // so the in is a stay of no length
            e("s2-03", "library", s2, .in, 9 * 60),
            e("s2-04", "library", s2, .in, 9 * 60 + 30),                // an in after an in closes the first
            e("s2-05", "library", s2, .out, 10 * 60, granted: false),   // a denied out closes nothing
            e("s2-06", "room-a101", s2, .in, 13 * 60 + 29, 59),         // one second before the cap of 09:30
            e("s2-07", "room-a101", s2, .out, 17 * 60 + 29, 59),        // exactly at the cap of 13:29:59
            e("s2-08", "canteen-1-west", s2, .in, 18 * 60),             // no later event: capped at 22:00
        ]
    }

    /// `count` random events of `students` on day `day` after `F.day`, on a 5-minute grid so that ties are common.
    static func randomDay(_ day: Int, students: [String], count: Int, rng: inout G.Random) -> [AccessEvent] {
        (0..<count).map { i in
            let point = G.points.randomElement(using: &rng)!
            let minute = Int.random(in: 0..<(24 * 12), using: &rng) * 5
            return G.event("d\(day)-r\(i)", point.code, students.randomElement(using: &rng)!,
                           Int.random(in: 0..<5, using: &rng) < 3 ? .in : .out, G.t(minute, day: day),
                           granted: Int.random(in: 0..<10, using: &rng) != 0)
        }
    }

    /// Splits `events` into batches of 1–`largest` events.
    static func batches(_ events: [AccessEvent], largest: Int, rng: inout G.Random) -> [[AccessEvent]] {
        var result: [[AccessEvent]] = []
        var rest = events[...]
        while !rest.isEmpty {
            let n = Int.random(in: 1...largest, using: &rng)
            result.append(Array(rest.prefix(n)))
            rest = rest.dropFirst(n)
        }
        return result
    }

    static func expectStaysMatch(_ gates: SQLGateStore, _ sent: [AccessEvent], students: [String],
                                 sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let events = G.unique(sent)
        for student in students {
            let stored = try await G.storedStays(gates, student)
            let expected = G.expectedStays(events, of: student)
            #expect(stored == expected, "stays of \(student)", sourceLocation: sourceLocation)
        }
    }

    @Test("A resent event is a duplicate, within a batch and across batches; the same id at another point is another event",
          arguments: TestEngine.available)
    func idempotent(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            let first = G.event("e1", "canteen-1-east", Self.s1, .in, G.t(7 * 60))
            let second = G.event("e2", "canteen-1-east", Self.s1, .out, G.t(7 * 60 + 30))
            let one = try await G.ingest(gates, [first, second, first])
            #expect(one == IngestResult(accepted: 2, duplicates: 1, rejected: []))
            // Resent with another time: still the event already stored, which keeps its first version.
            var moved = second
            moved.at = G.t(9 * 60)
            let otherPoint = G.event("e1", "canteen-1-west", Self.s1, .in, G.t(8 * 60))
            let two = try await G.ingest(gates, [first, moved, otherPoint])
            #expect(two == IngestResult(accepted: 1, duplicates: 2, rejected: []))
            let three = try await G.ingest(gates, [first, moved, otherPoint])
            #expect(three == IngestResult(accepted: 0, duplicates: 3, rejected: []))
            let trajectory = try await gates.trajectory(school: F.school, studentNo: Self.s1, window: G.wide)
            #expect(trajectory.events.map(\.event) == [first, second, otherPoint])
            #expect(trajectory.stays == G.expectedStays([first, second, otherPoint], of: Self.s1))
            #expect(trajectory.stays.count == 2)
        }
    }

    @Test("Unknown points and students are rejected by their index in the batch; the others are stored", arguments: TestEngine.available)
    func rejectsByIndex(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            let batch = [
                G.event("k1", "library", Self.s1, .in, G.t(8 * 60)),
                G.event("k2", "moon-gate", Self.s1, .in, G.t(8 * 60 + 5)),
                G.event("k3", "library", "2099999999", .in, G.t(8 * 60 + 5)),
                G.event("k4", "library", F.no(6), .in, G.t(8 * 60 + 10)),       // suspended, but known: stored
                G.event("k5", "moon-gate", "2099999999", .out, G.t(8 * 60 + 15)),
                G.event("k6", "library", Self.s1, .out, G.t(9 * 60)),
            ]
            // Indexes as the service passes them: positions in the client's batch, not in this array.
            let result = try await G.ingest(gates, batch, firstIndex: 10)
            #expect(result.accepted == 3)
            #expect(result.duplicates == 0)
            #expect(result.rejected.map(\.index).sorted() == [11, 12, 14])
            let messages = Dictionary(uniqueKeysWithValues: result.rejected.map { ($0.index, $0.message) })
            #expect(messages[11]?.hasPrefix("accessPoint") == true, "\(messages)")
            #expect(messages[12]?.hasPrefix("studentNo") == true, "\(messages)")
            #expect(messages[14]?.hasPrefix("accessPoint") == true, "\(messages)")
            let own = try await gates.trajectory(school: F.school, studentNo: Self.s1, window: G.wide)
            #expect(own.events.map(\.event.eventId) == ["k1", "k6"])
            #expect(own.stays == [Stay(studentNo: Self.s1, place: "library", kind: .library, from: G.t(8 * 60), to: G.t(9 * 60))])
            let suspended = try await gates.trajectory(school: F.school, studentNo: F.no(6), window: G.wide)
            #expect(suspended.events.map(\.event.eventId) == ["k4"])
            let unknown = try await gates.trajectory(school: F.school, studentNo: "2099999999", window: G.wide)
            #expect(unknown.events.isEmpty && unknown.stays.isEmpty)
            // A batch of only bad events stores nothing and says so.
            let bad = try await G.ingest(gates, [batch[1], batch[2]])
            #expect(bad.accepted == 0 && bad.duplicates == 0 && bad.rejected.map(\.index).sorted() == [0, 1])
        }
    }

    @Test("The scripted day sent in one batch gives exactly the stays rule 1 names", arguments: TestEngine.available)
    func scriptedInOneBatch(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let events = Self.scriptedDay(0)
            try await G.ingest(stores.gates, events)
            // Written out once, so that a mistake shared by Stay.derive and the store cannot hide.
            func stay(_ s: String, _ place: String, _ kind: AccessPoint.Kind, _ from: Date, _ to: Date) -> Stay {
                Stay(studentNo: s, place: place, kind: kind, from: from, to: to)
            }
            let t = { (m: Int) in G.t(m) }
            #expect(try await G.storedStays(stores.gates, Self.s1) == [
                stay(Self.s1, "canteen-1", .canteen, t(420), t(440)),
                stay(Self.s1, "room-a101", .classroom, t(470), t(580)),
                stay(Self.s1, "library", .library, t(580), t(630)),
                stay(Self.s1, "canteen-1", .canteen, t(691), t(720)),
                stay(Self.s1, "library", .library, t(720), t(780)),
                stay(Self.s1, "room-a101", .classroom, t(780), t(1020)),
                stay(Self.s1, "campus", .campusGate, t(1260), t(1265)),
                stay(Self.s1, "1号楼", .buildingDoor, t(1265), t(1470)),
            ])
            #expect(try await G.storedStays(stores.gates, Self.s2) == [
                stay(Self.s2, "library", .library, t(-120), t(120)),
                stay(Self.s2, "library", .library, t(540), t(570)),
                stay(Self.s2, "library", .library, t(570), G.t(809, 59)),
                stay(Self.s2, "room-a101", .classroom, G.t(809, 59), G.t(1049, 59)),
                stay(Self.s2, "canteen-1", .canteen, t(1080), t(1320)),
            ])
            try await Self.expectStaysMatch(stores.gates, events, students: [Self.s1, Self.s2])
        }
    }

    @Test("Events arriving in many small batches in shuffled order, some resent, end with the stays of rule 1 over all of them",
          arguments: TestEngine.available)
    func shuffledBatches(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            var sent: [AccessEvent] = []
            for seed in UInt64(1)...4 {
                var rng = G.Random(seed: seed)
                let day = Int(seed) * 2   // days apart, so rounds only meet through the 4 h cap across midnight
                var events = Self.scriptedDay(day) + Self.randomDay(day, students: [Self.s1, Self.s2, F.no(3)], count: 90, rng: &rng)
                events.shuffle(using: &rng)
                // Resend a tenth of them later, as devices do after a lost answer.
                events += events.shuffled(using: &rng).prefix(events.count / 10)
                for batch in Self.batches(events, largest: 12, rng: &rng) {
                    let result = try await G.ingest(stores.gates, batch)
                    #expect(result.rejected.isEmpty)
                    sent += batch
                }
                try await Self.expectStaysMatch(stores.gates, sent, students: [Self.s1, Self.s2, F.no(3)])
            }
            let stored = try await stores.gates.trajectory(school: F.school, studentNo: Self.s1, window: G.wide).events
            #expect(stored.count == G.unique(sent).filter { $0.studentNo == Self.s1 }.count)
        }
    }

    @Test("A late event changes the stays before it, and one up to the cap before it, and no others", arguments: TestEngine.available)
    func lateEventReachesBack(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            var events = [
                G.event("a", "library", Self.s1, .in, G.t(8 * 60)),            // capped at 12:00 until the late event arrives
                G.event("b", "canteen-1-east", Self.s1, .in, G.t(13 * 60)),
                G.event("c", "room-a101", Self.s1, .in, G.t(14 * 60)),
            ]
            try await G.ingest(gates, events)
            try await Self.expectStaysMatch(gates, events, students: [Self.s1])
            // 11:59:59 is within the cap of the 08:00 stay: it closes it there.
            let late = G.event("late", "library", Self.s1, .out, G.t(11 * 60 + 59, 59))
            try await G.ingest(gates, [late])
            events.append(late)
            try await Self.expectStaysMatch(gates, events, students: [Self.s1])
            #expect(try await G.storedStays(gates, Self.s1).first?.to == G.t(11 * 60 + 59, 59))
            // An event earlier than everything: the stays after it stay as they were.
            let earliest = G.event("early", "south-gate", Self.s1, .in, G.t(6 * 60))
            try await G.ingest(gates, [earliest])
            events.append(earliest)
            try await Self.expectStaysMatch(gates, events, students: [Self.s1])
        }
    }

    @Test("Eight concurrent batches, each a slice of the same two students' events, end with the stays of rule 1 over all of them",
          arguments: TestEngine.available)
    func concurrentBatches(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            let students = [Self.s1, Self.s2]
            var sent: [AccessEvent] = []
            for round in 0..<4 {
                var rng = G.Random(seed: 100 + UInt64(round))
                let day = 20 + round   // consecutive days: the rounds meet across midnight
                var events = Self.scriptedDay(day) + Self.randomDay(day, students: students, count: 300, rng: &rng)
                events.shuffle(using: &rng)
                // Each of the eight carries every eighth event (so each spans the whole day), in sub-batches of
                // 1, 2, 4 or 8 calls one after the other.
                let subBatches = 1 << round
                let slices = (0..<8).map { k in stride(from: k, to: events.count, by: 8).map { events[$0] } }
                let results = try await withThrowingTaskGroup(of: IngestResult.self) { group in
                    for slice in slices {
                        group.addTask {
                            var total = IngestResult()
                            let size = (slice.count + subBatches - 1) / subBatches
                            for part in stride(from: 0, to: slice.count, by: size) {
                                let r = try await G.ingest(gates, Array(slice[part..<min(part + size, slice.count)]))
                                total.accepted += r.accepted
                                total.duplicates += r.duplicates
                                total.rejected += r.rejected
                            }
                            return total
                        }
                    }
                    var all: [IngestResult] = []
                    for try await r in group { all.append(r) }
                    return all
                }
                #expect(results.reduce(0) { $0 + $1.accepted } == G.unique(events).count, "round \(round)")
                #expect(results.allSatisfy { $0.rejected.isEmpty })
                sent += events
                try await Self.expectStaysMatch(gates, sent, students: students)
            }
        }
    }

    @Test("Eight concurrent copies of one batch store each event once: one call accepts each, the others count it a duplicate",
          arguments: TestEngine.available)
    func concurrentResends(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            var rng = G.Random(seed: 7)
            let events = Self.randomDay(0, students: [Self.s1, Self.s2], count: 120, rng: &rng)
            let results = try await withThrowingTaskGroup(of: IngestResult.self) { group in
                for k in 0..<8 {
                    var copy = events
                    var own = G.Random(seed: 1000 + UInt64(k))
                    copy.shuffle(using: &own)
                    group.addTask { [copy] in try await G.ingest(gates, copy) }
                }
                var all: [IngestResult] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(results.reduce(0) { $0 + $1.accepted } == events.count)
            #expect(results.reduce(0) { $0 + $1.duplicates } == 7 * events.count)
            try await Self.expectStaysMatch(gates, events, students: [Self.s1, Self.s2])
            // The denied ones raised one alert each, not eight.
            let denied = try await gates.alerts(school: F.school, scope: .school, since: G.wide.start, kind: .denied, page: PageRequest(limit: 1000))
            #expect(denied.items.count == events.count { !$0.granted })
        }
    }
}
