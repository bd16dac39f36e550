import CampusKit
import Foundation
import Separation
import Testing

/// Adherence (C10) measured from sightings: within a slot ±5 minutes counts; outside every slot of the group at that
/// facility is named at the nearest slot; other groups' students and other places do not count.
@Suite("Separation: adherence")
struct AdherenceTests {
    typealias F = SeparationFixture
    static let tz = TimeZone(identifier: "Asia/Shanghai")!
    static let day = CampusDay("2026-11-26")!
    static let plan = SavedPlan(id: "p", problem: F.problem, labels: [:],
                                result: SeparationPlan(feasible: true, objective: 0, elapsedMs: 0, visits: F.valid, unscheduled: [], infeasibility: nil,
                                                       lowerBound: 0, iterations: 0, stoppedBy: .optimal),
                                publishedOn: nil, createdBy: "x", createdAt: Date(timeIntervalSince1970: 0))

    static func seen(_ student: String, _ place: String, _ minute: Int) -> Sighting {
        Sighting(studentNo: student, place: place, at: day.instant(minutes: minute, in: tz).addingTimeInterval(30))
    }

    @Test("Within [start − 5, end + 5] counts once per student; outside is named with its minutes; a student of another group does not count")
    func measures() {
        let members = ["g1": ["a": "甲", "b": "乙"], "g2": ["c": "丙"], "g3": [:]]
        // v0: g1 at canteen-1 420–435; v1: g2 at canteen-1 445–460.
        let report = Adherence.measure(Self.plan, day: Self.day, timeZone: Self.tz, members: members, sightings: [
            Self.seen("a", "canteen-1", 415), Self.seen("a", "canteen-1", 440), Self.seen("b", "canteen-1", 441),
            Self.seen("b", "canteen-1", 500), Self.seen("c", "canteen-1", 430), Self.seen("c", "test-1", 480), Self.seen("z", "canteen-1", 420),
        ])
        #expect(report.rows.map(\.students) == [1, 0, 0, 0])
        #expect(report.rows[0].outside == [Adherence.Outside(studentNo: "b", name: "乙", minutes: [441, 500])])
        #expect(report.rows[1].outside == [Adherence.Outside(studentNo: "c", name: "丙", minutes: [430])], "g2's only canteen slot is v1")
        #expect(report.rows[1].from == 445 && report.rows[1].to == 460)
    }
}
