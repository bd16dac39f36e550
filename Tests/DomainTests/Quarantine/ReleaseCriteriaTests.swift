import CampusKit
import CheckIns
import Foundation
import Quarantine
import Testing

/// What keeps a placement from ending (CONTRACT.md): each criterion on its own, and the room a placement is given.
@Suite("Quarantine rules: release criteria and room choice")
struct ReleaseCriteriaTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-27 08:30 in Shanghai.
    static let start = Date(timeIntervalSince1970: 1_795_739_400)
    static let day1 = CampusDay(start, in: shanghai)

    static func placement(_ reason: Placement.Reason) -> Placement {
        let rule = QuarantineProtocol.defaults.first { $0.reason == reason }!
        return Placement(id: "p", studentNo: "s", reason: reason, site: "Q", room: "R", start: start, plannedEnd: nil, status: .active,
                         protocolRule: rule, origin: .manual, placedBy: "admin")
    }

    static func negative(onDay n: Int) -> QuarantineTest { QuarantineTest(day: day1.adding(days: n - 1), result: .negative) }

    static func unmet(_ p: Placement, tests: [QuarantineTest] = [], records: [HealthRecord] = [], day n: Int) -> [UnmetCriterion] {
        ReleaseCriteria.unmet(p, tests: tests, records: records, now: start.addingTimeInterval(Double(n - 1) * 86_400 + 3600), timeZone: shanghai)
    }

    @Test("A close contact is released on day 7 with negatives on days 1, 4 and 7; a day early, or a test day missing, is named")
    func closeContact() {
        let p = Self.placement(.closeContact)
        let all = [1, 4, 7].map(Self.negative(onDay:))
        #expect(Self.unmet(p, tests: all, day: 7).isEmpty)
        #expect(Self.unmet(p, tests: all, day: 6) == [.daysRemaining])
        #expect(Self.unmet(p, tests: [1, 7].map(Self.negative(onDay:)), day: 7) == [.testMissing])
        #expect(Self.unmet(p, tests: [1, 4, 5].map(Self.negative(onDay:)), day: 7) == [.testMissing], "day 5 is no test day of the protocol")
        let pending = all.dropLast() + [QuarantineTest(day: Self.day1.adding(days: 6), result: .pending)]
        #expect(Self.unmet(p, tests: Array(pending), day: 7) == [.testMissing], "a swab without its result")
        let positive = all + [QuarantineTest(day: Self.day1.adding(days: 2), result: .positive)]
        #expect(Self.unmet(p, tests: positive, day: 7) == [.testPositive])
        let before = [QuarantineTest(day: Self.day1.adding(days: -1), result: .positive)] + all
        #expect(Self.unmet(p, tests: before, day: 7).isEmpty, "a test before the start does not count")
    }

    @Test("A positive student is released after two negatives at least 24 h apart, however long it takes; two the same day are not enough")
    func positive() {
        let p = Self.placement(.positive)
        #expect(Self.unmet(p, day: 30) == [.testMissing])
        #expect(Self.unmet(p, tests: [Self.negative(onDay: 3)], day: 30) == [.testMissing])
        let sameDay = [Self.negative(onDay: 3), Self.negative(onDay: 3)]
        #expect(Self.unmet(p, tests: sameDay, day: 30) == [.testMissing])
        #expect(Self.unmet(p, tests: [Self.negative(onDay: 3), Self.negative(onDay: 4)], day: 4).isEmpty)
        #expect(p.protocolRule.isTestDay(2) && p.protocolRule.isTestDay(40) && !p.protocolRule.isTestDay(1), "tested daily from day 2")
    }

    @Test("An abnormal record within the last 24 hours is named; an older one or a normal one is not")
    func symptoms() {
        let p = Self.placement(.other)
        let tests = [Self.negative(onDay: 1)]
        let now = Self.start.addingTimeInterval(2 * 86_400 + 3600)
        let fever = HealthRecord(placementId: "p", temperature: 38.0, symptoms: [], recordedBy: "s", recordedAt: now.addingTimeInterval(-3600))
        let old = HealthRecord(placementId: "p", temperature: 38.0, symptoms: [], recordedBy: "s", recordedAt: now.addingTimeInterval(-90_000))
        let normal = HealthRecord(placementId: "p", temperature: 36.5, symptoms: [], recordedBy: "s", recordedAt: now.addingTimeInterval(-60))
        #expect(fever.abnormal && old.abnormal && !normal.abnormal)
        #expect(Self.unmet(p, tests: tests, records: [fever, normal], day: 3) == [.symptoms])
        #expect(Self.unmet(p, tests: tests, records: [old, normal], day: 3).isEmpty)
        #expect(HealthRecord(placementId: "p", temperature: 36.5, symptoms: [.cough], recordedBy: "s", recordedAt: now).abnormal)
    }

    @Test("Rooms: contacts of another index case go to a free room; a room of the same index case is filled first; a full site and a full room are refused")
    func rooms() {
        let rooms = [QuarantineSite.Room(code: "R10", capacity: 2), QuarantineSite.Room(code: "R2", capacity: 2), QuarantineSite.Room(code: "R3", capacity: 1)]
        func choose(_ index: String?, reason: Placement.Reason = .closeContact, room: String? = nil, _ occupants: [Occupant]) -> Result<String, RoomChoice.Refusal> {
            RoomChoice.choose(for: PlacementRequest(studentNo: "s", reason: reason, site: "Q", room: room, indexStudentNo: index), rooms: rooms, occupants: occupants)
        }
        #expect(choose("A", []) == .success("R2"), "empty rooms in natural order: R2 before R10")
        let a = Occupant(room: "R2", reason: .closeContact, indexStudentNo: "A")
        #expect(choose("A", [a]) == .success("R2"))
        #expect(choose("B", [a]) == .success("R3"), "not with A's contact while an empty room is free")
        let full = [a, a, Occupant(room: "R3", reason: .closeContact, indexStudentNo: "C"), Occupant(room: "R10", reason: .inbound, indexStudentNo: nil)]
        #expect(choose("B", full) == .success("R10"), "with an inbound student rather than another index case's contacts")
        #expect(choose("B", reason: .positive, full) == .success("R10"), "only a room with space is left")
        #expect(choose("B", room: "R2", full) == .failure(.roomFull))
        #expect(choose("B", room: "R9", full) == .failure(.roomUnknown))
        #expect(choose("B", full + [Occupant(room: "R10", reason: .inbound, indexStudentNo: nil)]) == .failure(.siteFull))
    }

    @Test("A group placed through one board: each placement it is told of counts for the next choice, so index cases stay apart, rooms fill in natural order and the site runs out")
    func board() {
        let rooms = [QuarantineSite.Room(code: "R10", capacity: 2), QuarantineSite.Room(code: "R2", capacity: 2), QuarantineSite.Room(code: "R3", capacity: 1)]
        var board = RoomChoice.Board(rooms: rooms, occupants: [Occupant(room: "R2", reason: .closeContact, indexStudentNo: "A")])
        var chosen: [String] = []
        for index in ["A", "B", "B", "A", "C", "C"] {
            let request = PlacementRequest(studentNo: "s", reason: .closeContact, site: "Q", indexStudentNo: index)
            guard case .success(let room) = board.choose(for: request) else { chosen.append("full"); continue }
            #expect(RoomChoice.choose(for: request, rooms: rooms, occupants: board.occupants) == .success(room), "the board chooses as the one-off choice")
            chosen.append(room)
            board.add(Occupant(room: room, reason: .closeContact, indexStudentNo: index))
        }
        #expect(chosen == ["R2", "R3", "R10", "R10", "full", "full"],
                "A joins A's room; B gets an empty room, then the next; the second A finds only B's room left; nothing is left for C")
    }
}
