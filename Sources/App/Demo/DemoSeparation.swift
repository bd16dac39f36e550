import CampusKit
import DemoCollege
import Foundation
import GateAccess
import Roster
import Separation
import Storage

/// The demo college's space-time separation (C10): a campus map of its buildings (west and east of the campus, each
/// side a chain of buildings off its junction), two canteens, a bathhouse and two sports grounds, with access points
/// at those places; a plan of today's lunch and dinner pick-up, baths and outdoor time per building, published as
/// today's timetable; and yesterday's and this morning's passages at those places following the plan, a few students
/// outside their building's slot. Deterministic: the plan stops by its iteration count, never by the clock.
struct DemoSeparation {
    let app: ShouhuApp
    var seed: UInt64 = 16

    /// Facilities: the place key (what the access points carry), its name and map point, its kind, its cleaning minutes.
    static let facilities: [(place: String, name: String, kind: String, point: AccessPoint.Kind, buffer: Int)] = [
        ("canteen-north", "北区食堂", "canteen_pickup", .canteen, 5),
        ("canteen-south", "南区食堂", "canteen_pickup", .canteen, 5),
        ("bathhouse", "公共浴室", "bath", .bathhouse, 10),
        ("ground-east", "东操场", "outdoor", .venue, 5),
        ("ground-west", "西操场", "outdoor", .venue, 5),
    ]

    /// The map: buildings in two chains (the first half west, the rest east), four junctions in a ring, the facilities
    /// off the junctions.
    static func problem(name: String, buildings: [(name: String, students: Int)]) -> SeparationProblem {
        let junctions = ["西路口", "北路口", "东路口", "南路口"]
        var edges: [SeparationProblem.Edge] = [.init(a: "西路口", b: "北路口", minutes: 4), .init(a: "北路口", b: "东路口", minutes: 4),
                                               .init(a: "东路口", b: "南路口", minutes: 5), .init(a: "南路口", b: "西路口", minutes: 5),
                                               .init(a: "北区食堂", b: "北路口", minutes: 2), .init(a: "北区食堂", b: "西路口", minutes: 3),
                                               .init(a: "南区食堂", b: "南路口", minutes: 2), .init(a: "南区食堂", b: "东路口", minutes: 3),
                                               .init(a: "公共浴室", b: "南路口", minutes: 3), .init(a: "东操场", b: "东路口", minutes: 2),
                                               .init(a: "西操场", b: "西路口", minutes: 2)]
        let west = (buildings.count + 1) / 2
        for (i, b) in buildings.enumerated() {
            let side = i < west ? "西路口" : "东路口"
            let first = i == 0 || i == west
            edges.append(.init(a: b.name, b: side, minutes: 2 + i % 3))
            if !first { edges.append(.init(a: b.name, b: buildings[i - 1].name, minutes: 2)) }
        }
        var demands: [SeparationProblem.Demand] = []
        for (i, b) in buildings.enumerated() {
            let pickup = 10 + b.students / 150
            demands.append(.init(group: b.name, kind: "canteen_pickup", minutes: pickup, window: [660, 810], preferred: 690 + 5 * (i % 4)))
            demands.append(.init(group: b.name, kind: "outdoor", minutes: 30, window: [840, 1080], preferred: 900))
            demands.append(.init(group: b.name, kind: "canteen_pickup", minutes: pickup, window: [1020, 1170], preferred: 1050 + 5 * (i % 4)))
            demands.append(.init(group: b.name, kind: "bath", minutes: 20, window: [960, 1320], preferred: 1140))
        }
        return SeparationProblem(name: name, slotMinutes: 5,
                                 nodes: buildings.map(\.name) + junctions + facilities.map(\.name), edges: edges,
                                 groups: buildings.map { .init(code: $0.name, home: $0.name, size: $0.students) },
                                 facilities: facilities.map { .init(code: $0.place, kind: $0.kind, node: $0.name, bufferMinutes: $0.buffer) },
                                 demands: demands)
    }

    func load() async throws {
        let actor = app.systemActor, tz = app.config.timeZone
        let now = app.clock.now(), today = CampusDay(now, in: tz)
        for (i, f) in Self.facilities.enumerated() {
            _ = try await app.gateStore.register(AccessPoint(code: "sep-\(i + 1)", name: f.name, kind: f.point, place: f.place), school: app.school)
        }
        let students = try await app.activeStudentsForDemo()
        let byBuilding = Dictionary(grouping: students.filter { $0.building != nil }, by: { $0.building ?? "" })
        let buildings = byBuilding.keys.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.map { ($0, byBuilding[$0]?.count ?? 0) }
        guard !buildings.isEmpty else { return }
        let labels = Dictionary(uniqueKeysWithValues: Self.facilities.map { ($0.place, $0.name) })
        let planner = Planner(budget: .seconds(120), iterations: 2_000, patience: 400, seed: seed)
        let plan = try await app.separation.plan(Self.problem(name: "\(today.month)月\(today.day)日 分时错峰", buildings: buildings), labels: labels,
                                                 by: actor, solver: PooledSeparationSolver(planner: planner))
        guard plan.result.feasible else { return }
        _ = try await app.separation.publish(plan.id, on: today, by: actor)
        try await passages(plan, students: byBuilding, days: [today.adding(days: -1), today], now: now)
    }

    /// About a third of each building at each of its visits, within the slot; one student in fifty of those outside it
    /// (early or late), so the adherence report shows both. Only passages up to now.
    private func passages(_ plan: SavedPlan, students: [String: [Student]], days: [CampusDay], now: Date) async throws {
        let tz = app.config.timeZone
        var random = SplitMix64(seed: seed)
        var events: [PlacedEvent] = []
        let kinds = Dictionary(uniqueKeysWithValues: Self.facilities.map { ($0.place, $0.point) })
        for day in days {
            for visit in plan.result.visits {
                let demand = plan.problem.demands[visit.demand]
                guard let kind = kinds[visit.facility], let point = Self.facilities.firstIndex(where: { $0.place == visit.facility }) else { continue }
                for (n, s) in (students[demand.group] ?? []).enumerated() where random.next() % 3 == 0 {
                    let outside = random.next() % 50 == 0
                    let minute = outside ? (random.next() % 2 == 0 ? visit.start - 25 - Int(random.next() % 20) : visit.start + demand.minutes + 20 + Int(random.next() % 30))
                        : visit.start + Int(random.next() % UInt64(max(1, demand.minutes - 3)))
                    let at = day.instant(minutes: minute, in: tz).addingTimeInterval(Double(random.next() % 60))
                    let out = at.addingTimeInterval(Double(120 + random.next() % 240))
                    guard out <= now else { continue }
                    let id = "sep-\(day)-\(visit.demand)-\(n)"
                    events.append(PlacedEvent(AccessEvent(eventId: id + "-in", accessPoint: "sep-\(point + 1)", studentNo: s.studentNo, direction: .in,
                                                          at: at, granted: true), place: visit.facility, kind: kind))
                    events.append(PlacedEvent(AccessEvent(eventId: id + "-out", accessPoint: "sep-\(point + 1)", studentNo: s.studentNo, direction: .out,
                                                          at: out, granted: true), place: visit.facility, kind: kind))
                }
            }
        }
        // A student's passages go in one import (their stays are derived from them together), 500 students at a time.
        let byStudent = Dictionary(grouping: events, by: \.event.studentNo)
        let numbers = byStudent.keys.sorted()
        for start in stride(from: 0, to: numbers.count, by: 500) {
            let chunk = numbers[start..<min(start + 500, numbers.count)].flatMap { byStudent[$0] ?? [] }.sorted(by: PlacedEvent.precedes)
            try await app.gateStore.importHistory(chunk, school: app.school, at: now)
        }
    }
}
