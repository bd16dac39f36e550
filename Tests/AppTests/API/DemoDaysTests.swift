@testable import App
import CampusKit
import CheckIns
import Foundation
import Roster
import ShouhuTestSupport
import Testing

@Suite("The demo college's days")
struct DemoDaysTests {
    static let students = (0..<1000).map { i in
        Student(studentNo: String(format: "2021%06d", i), name: "学生\(i)", college: "学院", className: "班\(i / 40)",
                building: "\(i / 200 + 1)号楼", floor: i / 40 % 5 + 1, room: "\(i / 4)", counsellor: "T001")
    }

    @Test("Fourteen past days of about 97 %, today only up to now, deterministic, with late and abnormal ones marked")
    func days() async throws {
        try await TestApp.with(.sqlite) { app in
            let tz = TimeZone(identifier: "Asia/Shanghai")!
            let noon = CheckInsTests.morning.addingTimeInterval(3.5 * 3600)   // 12:00
            let plan = DemoDays(app: app).generate(students: Self.students, now: noon, timeZone: tz)
            let again = DemoDays(app: app).generate(students: Self.students, now: noon, timeZone: tz)
            #expect(plan.routine.map(\.id) == again.routine.map(\.id), "the same seed and day give the same data")
            let all = plan.routine + plan.abnormal.map(\.checkIn)
            let byDay = Dictionary(grouping: all, by: \.day)
            #expect(byDay.count == 15)
            let today = CampusDay(noon, in: tz)
            for (day, list) in byDay where day != today {
                #expect((950...995).contains(list.count), "\(day): \(list.count)")
            }
            #expect((800...900).contains(byDay[today]?.count ?? 0))
            #expect(all.allSatisfy { $0.submittedAt <= noon })
            #expect(all.allSatisfy { $0.late == (CheckInPolicy.minuteOfDay($0.submittedAt, in: tz) >= 600) })
            #expect(plan.abnormal.allSatisfy { $0.checkIn.abnormal })
            #expect(plan.routine.allSatisfy { !$0.abnormal })
            let dawn = DemoDays(app: app).generate(students: Self.students, now: CheckInsTests.morning.addingTimeInterval(-3 * 3600), timeZone: tz)
            #expect(!dawn.routine.contains { $0.day == today }, "before 06:00 nobody has checked in today")
        }
    }
}
