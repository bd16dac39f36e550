// Mass-testing plans for the 7,600 students of the demo college: a 5-day rotation with each day's slots, a full
// campaign's slots, and the suggested tubes of 10 (docs/PERFORMANCE.md, section 5). Pure domain code: no database.
//
//   cd Benchmarks && swift package --disable-sandbox benchmark --target TestingPlan
//
// What is measured (between `startMeasurement()` and `stopMeasurement()`):
// - `TestingService.rotation(students, start:, days: 5, dayDraft:, by:, at:)`: `RotationPlanner.split` and, for each of
//   the 5 days, `SlotPlanner.campaign` (sites, slots, expected students in planning order). This is all the work
//   `POST /api/v1/testing/rotations` does between reading the students and writing the rotation.
// - `SlotPlanner.campaign` of a full campaign for all 7,600 (one site per building, 240 swabs an hour each).
// - `PoolPlanner.pools(students, poolSize: 10)` for all 7,600 (what `GET …/campaigns/{id}/pools` computes).
// Each is run on the students in planning order (building, floor, room, number: the order `activeExaminees` and
// `expected` return them in) and, for the rotation, also in roster order (by student number, as in students.csv),
// where every sort has real work to do. Building the 7,600 examinees is done once, before any iteration.
//
// The students are the demo college's (`DemoCollegeGenerator.generate(DemoCollegeSpec())`: 7,600 students, 10 buildings,
// seed 42), all of them whatever their status; `shouhu serve --demo` plans for its 7,482 active ones.
//
// Only the root's `App` product is a declared dependency. `TestingCampaigns`, `CampusKit` and `DemoCollege` are modules
// of the root package that `App` depends on; SwiftPM builds them into the same module folder, so they can be imported
// here without being products (this package does not enable the explicit target-dependency import check).
//
// SHOUHU_BENCH_PLAN_ITERATIONS (default 50) sets how many iterations are measured, after 3 warm-ups.
import BenchShared
import Benchmark
import CampusKit
import DemoCollege
import Foundation
import TestingCampaigns

let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    let iterations = environment["SHOUHU_BENCH_PLAN_ITERATIONS"].flatMap(Int.init) ?? 50
    // No .cpuTotal: on Linux it counts in 10-ms ticks, coarser than what is measured here.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .mallocBytesCount, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 3,
        maxDuration: .seconds(120),
        maxIterations: iterations
    )

    let startDay = CampusDay("2026-12-07")!
    let at = Date(timeIntervalSince1970: 1_796_000_000)

    Benchmark("Rotation, 5 days, 7,600 students (planning order)") { benchmark in
        let input = try demoExaminees.get()
        let (start, dayDraft) = try RotationDraft(startDate: startDay.description, days: 5).validated()
        benchmark.startMeasurement()
        let (rotation, plans) = TestingService.rotation(input.planningOrder, start: start, days: 5, dayDraft: dayDraft, by: "bench", at: at)
        benchmark.stopMeasurement()
        try checkRotation(rotation, plans, students: input.count)
    }

    Benchmark("Rotation, 5 days, 7,600 students (roster order)") { benchmark in
        let input = try demoExaminees.get()
        let (start, dayDraft) = try RotationDraft(startDate: startDay.description, days: 5).validated()
        benchmark.startMeasurement()
        let (rotation, plans) = TestingService.rotation(input.rosterOrder, start: start, days: 5, dayDraft: dayDraft, by: "bench", at: at)
        benchmark.stopMeasurement()
        try checkRotation(rotation, plans, students: input.count)
    }

    Benchmark("Full campaign slots, 7,600 students") { benchmark in
        let input = try demoExaminees.get()
        let draft = try CampaignDraft(name: "全员核酸检测 \(startDay)", day: startDay.description, kind: "full").validated()
        benchmark.startMeasurement()
        let plan = SlotPlanner.campaign(draft, expected: input.planningOrder, id: "bench-campaign", by: "bench", at: at)
        benchmark.stopMeasurement()
        let slotted = plan.slots.reduce(0) { $0 + $1.students }
        try expect(plan.expected.count == input.count && slotted == input.count && plan.sites.count == input.buildings,
                   "campaign: \(plan.expected.count) expected, \(slotted) in slots, \(plan.sites.count) sites; expected \(input.count) and \(input.buildings) sites")
    }

    Benchmark("Suggested pools of 10, 7,600 students") { benchmark in
        let input = try demoExaminees.get()
        benchmark.startMeasurement()
        let pools = PoolPlanner.pools(input.planningOrder, poolSize: 10)
        benchmark.stopMeasurement()
        let members = pools.flatMap(\.students)
        try expect(members.count == input.count && Set(members).count == input.count && pools.allSatisfy { $0.students.count <= 10 },
                   "pools: \(pools.count) tubes holding \(members.count) swabs (\(Set(members).count) distinct); expected each of \(input.count) once, ≤ 10 a tube")
        try expect(pools.count <= (input.count + 9) / 10 + input.floors,
                   "pools: \(pools.count) tubes for \(input.count) students on \(input.floors) floors")
    }
}

/// Every student in exactly one day, the days differing by at most one, one campaign a day.
func checkRotation(_ rotation: Rotation, _ plans: [CampaignPlan], students: Int) throws {
    let counts = rotation.days.map(\.students.count)
    let everyone = rotation.days.flatMap(\.students)
    try expect(rotation.days.count == 5 && plans.count == 5 && everyone.count == students && Set(everyone).count == students
               && (counts.max() ?? 0) - (counts.min() ?? 0) <= 1,
               "rotation: \(rotation.days.count) days of \(counts), \(Set(everyone).count) distinct students; expected 5 days covering \(students)")
}

// MARK: - The demo college's students

struct DemoExaminees: Sendable {
    /// By building, floor, room, student number (as the store returns them).
    var planningOrder: [Examinee]
    /// As students.csv lists them.
    var rosterOrder: [Examinee]
    var count: Int { rosterOrder.count }
    var buildings: Int { Set(rosterOrder.compactMap(\.building)).count + (rosterOrder.contains { $0.building == nil } ? 1 : 0) }
    var floors: Int { Set(rosterOrder.map { Slot.groupKey(building: $0.building, floor: $0.floor) }).count }
}

/// Built once, before the first iteration.
let demoExaminees: Result<DemoExaminees, any Error> = Result {
    let rows = DemoCollegeGenerator.generate(DemoCollegeSpec()).students
    guard let header = rows.first else { throw BenchError("the demo generator wrote no student table") }
    func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else { throw BenchError("no column \(name) in \(header)") }
        return i
    }
    let (number, name, className, building, floor, room) =
        (try column("学号"), try column("姓名"), try column("班级"), try column("楼栋"), try column("楼层"), try column("寝室"))
    func value(_ row: [String], _ i: Int) -> String? {
        let text = i < row.count ? row[i].trimmingCharacters(in: .whitespaces) : ""
        return text.isEmpty ? nil : text
    }
    let roster = rows.dropFirst().map { row in
        Examinee(studentNo: row[number], name: row[name], className: row[className], building: value(row, building),
                 floor: value(row, floor).flatMap(Int.init), room: value(row, room))
    }
    guard roster.count == 7600 else { throw BenchError("the demo college has \(roster.count) students, not 7,600") }
    return DemoExaminees(planningOrder: roster.sorted(by: Examinee.planningOrder), rosterOrder: roster)
}
