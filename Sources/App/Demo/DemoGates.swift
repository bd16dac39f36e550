import CampusKit
import CheckIns
import DemoCollege
import Foundation
import GateAccess
import Roster
import Storage

/// The demo college's gates and doors over the last 14 days and today: a day of each student is a morning out of the
/// dormitory, a class with their class, a takeaway lunch in their building's canteen at their floor's time (错峰),
/// sometimes a booked reading room, the building's bathhouse at the floor's hour, the clinic or a trip off campus, and back to the dormitory in the evening —
/// about six events a day, some out-swipes missed, a few attempts denied. Also the lockdown policy, one leave in use,
/// one overdue and one waiting for approval. Deterministic for a given seed and day.
struct DemoGates {
    let app: ShouhuApp
    var seed: UInt64 = 11
    var pastDays = 14

    /// Twelve reading rooms on three floors: seats are booked per room in closed management (预约入馆).
    static let readingRooms = (1...3).flatMap { floor in ["A", "B", "C", "D"].map { "\(floor)\($0)" } }
    static let classrooms = (0..<130).map { i in "\(["A", "B", "C", "D", "E"][i / 26])\(101 + (i % 26) / 6 * 100 + (i % 26) % 6)" }

    /// Every point of the demo campus, for its campuses and buildings.
    static func points(campuses: [String], buildings: [String]) -> [AccessPoint] {
        var points: [AccessPoint] = []
        for (i, c) in campuses.enumerated() {
            points.append(AccessPoint(code: "gate-\(i + 1)", name: "\(c)校门", kind: .campusGate, place: "campus-\(i + 1)"))
        }
        for (i, b) in buildings.enumerated() {
            points.append(AccessPoint(code: "door-\(i + 1)", name: "\(b)门", kind: .buildingDoor, place: b))
        }
        for (i, name) in ["一食堂", "二食堂", "三食堂"].enumerated() {
            points.append(AccessPoint(code: "canteen-\(i + 1)-east", name: "\(name)东门", kind: .canteen, place: "canteen-\(i + 1)"))
            points.append(AccessPoint(code: "canteen-\(i + 1)-west", name: "\(name)西门", kind: .canteen, place: "canteen-\(i + 1)"))
        }
        for (i, b) in buildings.enumerated() {
            points.append(AccessPoint(code: "bath-\(i + 1)", name: "\(b)浴室", kind: .bathhouse, place: "bath-\(i + 1)"))
        }
        points.append(AccessPoint(code: "clinic", name: "校医院", kind: .clinic, place: "clinic"))
        for room in readingRooms {
            points.append(AccessPoint(code: "library-\(room)", name: "图书馆\(room)阅览室", kind: .library, place: "library-\(room)"))
        }
        for room in classrooms {
            points.append(AccessPoint(code: "room-\(room)", name: "教学楼\(room)", kind: .classroom, place: "room-\(room)"))
        }
        points.append(AccessPoint(code: "gym", name: "体育馆", kind: .venue, place: "gym"))
        return points
    }

    /// Registers the points, loads the events 200 students at a time (memory stays flat), stores the lockdown policy
    /// and the three leaves. Returns how many events were written.
    @discardableResult
    func load() async throws -> Int {
        let students = try await app.activeStudentsForDemo()
        let campuses = Array(Set(students.compactMap(\.campus))).sorted()
        let buildings = Array(Set(students.compactMap(\.building))).sorted()
        let points = Self.points(campuses: campuses, buildings: buildings)
        for p in points { _ = try await app.gateStore.register(p, school: app.school) }
        let byCode = Dictionary(points.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let classes = Array(Set(students.map(\.className))).sorted()
        let classIndex = Dictionary(classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let now = app.clock.now()
        var written = 0
        for start in stride(from: 0, to: students.count, by: 200) {
            var events: [PlacedEvent] = []
            for (offset, s) in students[start..<min(start + 200, students.count)].enumerated() {
                events += history(of: s, number: start + offset, classIndex: classIndex[s.className] ?? 0, campuses: campuses,
                                  buildings: buildings, points: byCode, now: now)
            }
            try await app.gateStore.importHistory(events, school: app.school, at: now)
            written += events.count
        }
        _ = try await app.gateStore.setPolicy(.lockdown, school: app.school, by: "system", at: now)
        try await leaves(students: students, now: now)
        return written
    }

    /// One student's events over the days, in time order, none after `now`.
    func history(of s: Student, number: Int, classIndex: Int, campuses: [String], buildings: [String],
                 points: [String: AccessPoint], now: Date) -> [PlacedEvent] {
        let tz = app.config.timeZone
        var random = SplitMix64(seed: seed &* 1_000_003 &+ UInt64(number))
        var events: [PlacedEvent] = []
        var serial = 0
        func add(_ code: String, _ direction: AccessEvent.Direction, _ at: Date, granted: Bool = true) {
            guard at <= now, let p = points[code] else { return }
            serial += 1
            events.append(PlacedEvent(AccessEvent(eventId: "s\(number)-\(serial)", accessPoint: code, studentNo: s.studentNo,
                                                  direction: direction, at: at, granted: granted), place: p.place, kind: p.kind))
        }
        func roll(_ p: Double) -> Bool { Double(random.next() % 10_000) / 10_000 < p }
        func minutes(_ lo: Int, _ hi: Int) -> Int { lo + Int(random.next() % UInt64(max(1, hi - lo + 1))) }
        let door = buildings.firstIndex(of: s.building ?? "").map { "door-\($0 + 1)" }
        let gate = "gate-\((campuses.firstIndex(of: s.campus ?? "") ?? 0) + 1)"
        let canteen = "canteen-\((buildings.firstIndex(of: s.building ?? "") ?? 0) % 3 + 1)"
        let today = CampusDay(now, in: tz)
        for back in (0...pastDays).reversed() {
            let day = CampusDay(today.instant(minutes: 12 * 60, in: tz).addingTimeInterval(Double(-back) * 86_400), in: tz)
            func at(_ minute: Int) -> Date { day.instant(minutes: minute, in: tz) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = tz
            let weekday = calendar.component(.weekday, from: at(720))
            let dayNumber = Int(at(720).timeIntervalSince1970 / 86_400)
            if let door { add(door, .out, at(minutes(430, 470))) }
            if weekday != 1 && weekday != 7 {
                let room = "room-\(Self.classrooms[(classIndex % 130 + dayNumber * 7) % 130])"
                let slot = classIndex / 130 % 2 == 0 ? 480 : 600
                add(room, .in, at(slot - minutes(2, 9)))
                add(room, .out, at(slot + minutes(95, 98)))
            }
            // Lunch by floor (错峰): takeaway (打包) in closed management, a few eat in; some forget the out-swipe.
            let lunch = 690 + ((s.floor ?? 1) % 4) * 15 + minutes(0, 10)
            add(canteen + (roll(0.5) ? "-east" : "-west"), .in, at(lunch))
            if !roll(0.01) { add(canteen + (roll(0.5) ? "-east" : "-west"), .out, at(lunch + (roll(0.04) ? minutes(20, 35) : minutes(4, 10)))) }
            if roll(0.08) {
                let start = minutes(840, 960), room = "library-\(Self.readingRooms[minutes(0, Self.readingRooms.count - 1)])"
                add(room, .in, at(start))
                if !roll(0.02) { add(room, .out, at(start + minutes(60, 150))) }
            }
            if roll(0.003) {
                let start = minutes(600, 960)
                add("clinic", .in, at(start))
                add("clinic", .out, at(start + minutes(20, 40)))
            }
            if roll(0.02) {
                let start = minutes(780, 900)
                add(gate, .out, at(start))
                add(gate, .in, at(start + minutes(120, 240)))
            }
            // Each building bathes at its floor's hour (分时段洗浴).
            if roll(0.12), let b = buildings.firstIndex(of: s.building ?? "") {
                let start = 1110 + ((s.floor ?? 1) % 5) * 30 + minutes(0, 20)
                add("bath-\(b + 1)", .in, at(start))
                add("bath-\(b + 1)", .out, at(start + minutes(15, 30)))
            }
            if let door {
                if roll(0.0005) { add(door, .in, at(1415), granted: false) }
                add(door, .in, at(minutes(1260, 1350)))
            }
        }
        return events
    }

    /// One leave in use (out now, back tomorrow), one overdue (ended yesterday evening, not back) and one waiting.
    private func leaves(students: [Student], now: Date) async throws {
        guard students.count > 3 else { return }
        let store = SQLLeaveStore(database: app.database)
        let hour: TimeInterval = 3600
        let plans: [(Student, Date, Date, Leave.Status, Date?, String, String)] = [
            (students[1], now.addingTimeInterval(-6 * hour), now.addingTimeInterval(30 * hour), .approved, now.addingTimeInterval(-5 * hour), "家中有事", "苏州"),
            (students[2], now.addingTimeInterval(-40 * hour), now.addingTimeInterval(-16 * hour), .approved, now.addingTimeInterval(-39 * hour), "就医复查", "市第一人民医院"),
            (students[3], now.addingTimeInterval(20 * hour), now.addingTimeInterval(26 * hour), .pending, nil, "参加考试", "省考试院"),
        ]
        for (i, (s, from, to, status, departed, reason, destination)) in plans.enumerated() {
            let leave = Leave(id: "demo-leave-\(i + 1)", studentNo: s.studentNo, studentName: s.name, from: from, to: to, reason: reason,
                              destination: destination, status: status, needsSecondApproval: false,
                              firstApprovedBy: status == .approved ? s.counsellor : nil, decidedBy: status == .approved ? s.counsellor : nil,
                              decidedAt: status == .approved ? from.addingTimeInterval(-20 * hour) : nil, note: nil,
                              requestedAt: from.addingTimeInterval(-24 * hour), requestedBy: s.studentNo, departedAt: departed)
            try await store.insert(leave, school: app.school)
            if let departed, let campus = s.campus {
                let code = "gate-\((Array(Set(students.compactMap(\.campus))).sorted().firstIndex(of: campus) ?? 0) + 1)"
                _ = try await app.gateStore.ingest([(0, AccessEvent(eventId: "leave-\(i + 1)", accessPoint: code, studentNo: s.studentNo,
                                                                    direction: .out, at: departed, granted: true))],
                                                   school: app.school, exitNeedsLeave: [], at: now)
            }
        }
    }
}
