@testable import App
import CampusKit
import Foundation
import GateAccess
import Roster
import Tabular
import ShouhuTestSupport
import Testing

@Suite("The demo college's gates")
struct DemoGatesTests {
    static let students = (0..<400).map { i in
        Student(studentNo: String(format: "2021%06d", i), name: "学生\(i)", gender: i % 2 == 0 ? .male : .female, college: "学院",
                className: "班\(i / 40)", campus: i < 200 ? "南校区" : "北校区", building: "\(i / 100 + 1)号楼", floor: i / 20 % 5 + 1,
                room: "\(i / 4)", counsellor: "T001")
    }

    static func events(_ gates: DemoGates, now: Date) -> [PlacedEvent] {
        let campuses = ["北校区", "南校区"], buildings = (1...4).map { "\($0)号楼" }
        let points = Dictionary(DemoGates.points(campuses: campuses, buildings: buildings).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var all: [PlacedEvent] = []
        for (i, s) in students.enumerated() {
            all += gates.history(of: s, number: i, classIndex: i / 40, campuses: campuses, buildings: buildings, points: points, now: now)
        }
        return all
    }

    @Test("About six events a student a day, deterministic, none after now, each class in one classroom at a time, stays that close")
    func history() async throws {
        let (first, second, now, tz) = try await TestApp.with(.sqlite, clock: FixedClock(CheckInsTests.morning.addingTimeInterval(3.5 * 3600))) { app in
            let now = app.clock.now()
            return (Self.events(DemoGates(app: app), now: now), Self.events(DemoGates(app: app), now: now), now, app.config.timeZone)
        }
        Self.check(first, again: second, now: now, timeZone: tz)
    }

    static func check(_ events: [PlacedEvent], again: [PlacedEvent], now: Date, timeZone: TimeZone) {
        #expect(events.count == again.count && zip(events, again).allSatisfy { $0 == $1 }, "the same seed and day give the same events")
        let perStudentDay = Double(events.count) / Double(students.count) / 14.5
        #expect((5.0...8.0).contains(perStudentDay), "\(perStudentDay) events a student a day")
        #expect(events.allSatisfy { $0.event.at <= now })
        var keys = Set<String>()
        for e in events { keys.insert(e.event.accessPoint + "|" + e.event.eventId) }
        #expect(keys.count == events.count, "event ids are unique per point")
        #expect(events.contains { !$0.event.granted }, "a few attempts are denied")
        // A class sits together: all its students' classroom events of one morning are at one place.
        var places: [String: Set<String>] = [:]
        for e in events where e.kind == .classroom && e.event.direction == .in {
            let classNumber = (Int(e.event.studentNo.suffix(6)) ?? 0) / 40
            places["\(classNumber)|\(CampusDay(e.event.at, in: timeZone))", default: []].insert(e.place)
        }
        #expect(!places.isEmpty && places.values.allSatisfy { $0.count == 1 })
        var byStudent: [String: [PlacedEvent]] = [:]
        for e in events { byStudent[e.event.studentNo, default: []].append(e) }
        var canteen = 0, takeaway = 0
        for own in byStudent.values {
            for stay in Stay.derive(from: own) {
                #expect(stay.to.timeIntervalSince(stay.from) <= Stay.cap)
                if stay.kind == .canteen {
                    canteen += 1
                    if stay.to.timeIntervalSince(stay.from) < 15 * 60 { takeaway += 1 }
                }
            }
        }
        #expect(canteen > 0 && Double(takeaway) / Double(canteen) > 0.9, "lunch is mostly takeaway in closed management")
    }

    @Test("Loading stores the events, their stays, presence, the lockdown policy and the three leaves", arguments: TestEngine.available)
    func load(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: FixedClock(CheckInsTests.morning.addingTimeInterval(3.5 * 3600))) { app in
            let csv = "姓名,学号,学院,班级,校区,楼栋,楼层,寝室,床位,辅导员,状态,性别\n" + Self.students.prefix(40).map {
                "\($0.name),\($0.studentNo),\($0.college),\($0.className),\($0.campus!),\($0.building!),\($0.floor!),\($0.room!),1,,在校,\($0.gender == .male ? "男" : "女")"
            }.joined(separator: "\n")
            let rows = try CSVReader.rows(from: Data(csv.utf8))
            _ = try await app.roster.importStudents(rows, dryRun: false, by: app.systemActor)
            let written = try await DemoGates(app: app).load()
            #expect(written > 40 * 14 * 5)
            let policy = try await app.gates.policy(by: app.systemActor)
            #expect(policy.name == "lockdown" && policy.version == 1)
            let leaves = try await app.leaves.leaves(LeaveFilter(), page: PageRequest(limit: 10), by: app.systemActor).items
            #expect(leaves.count == 3)
            #expect(leaves.filter { $0.isOverdue(at: app.clock.now()) }.count == 1)
            let presence = try await app.gates.presence(by: app.systemActor)
            #expect(presence.onCampus + presence.offCampus == 40, "every student has passed a gate or door")
            let someone = try #require(Self.students.first?.studentNo)
            let trajectory = try await app.gates.trajectory(of: someone, window: DateInterval(start: app.clock.now().addingTimeInterval(-3 * 86_400),
                                                                                          end: app.clock.now()), by: app.systemActor)
            #expect(!trajectory.stays.isEmpty)
            let derived = Set(Stay.derive(from: trajectory.events))
            let inner = trajectory.stays.filter { $0.from > trajectory.events.first!.event.at && $0.to < trajectory.events.last!.event.at }
            #expect(!inner.isEmpty && inner.allSatisfy(derived.contains), "stored stays are the ones rule 1 derives from the events")
        }
    }
}
