import CampusKit
import DemoCollege
import Foundation
import TestingCampaigns
import Testing

@Suite("Planning order: buildings and rooms as people read them, a strict order every planner can sort by")
struct PlanningOrderTests {
    typealias E = Examinee

    @Test("Numbers inside names compare by value", arguments: [
        ("2号楼", "10号楼"), ("302", "1201"), ("B2", "B10"), ("1号楼", "1号楼A"), ("A9-3", "A10-1"), ("", "1"), ("1", "a"),
    ])
    func naturalExamples(a: String, b: String) {
        #expect(Examinee.naturalLess(a, b))
        #expect(!Examinee.naturalLess(b, a))
    }

    @Test("Names equal by value still have an order (02 and 2), so the sort is total")
    func ties() {
        #expect(Examinee.naturalLess("02号楼", "2号楼") != Examinee.naturalLess("2号楼", "02号楼"))
        #expect(!Examinee.naturalLess("2号楼", "2号楼"))
    }

    @Test("naturalLess is a strict total order over seeded random names: irreflexive, asymmetric, transitive, total", arguments: [1, 2, 3] as [UInt64])
    func strictTotalOrder(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let alphabet = ["0", "1", "2", "9", "a", "b", "号", "楼", "-"]
        let names = Array(Set((0..<45).map { _ in (0..<rng.int(in: 0...5)).map { _ in rng.pick(alphabet) }.joined() }))
        var problems: [String] = []
        for a in names {
            if Examinee.naturalLess(a, a) { problems.append("\(a) < itself") }
            for b in names where a != b {
                let (ab, ba) = (Examinee.naturalLess(a, b), Examinee.naturalLess(b, a))
                if ab == ba { problems.append("\(a) ? \(b): \(ab) both ways") }
                for c in names where ab && Examinee.naturalLess(b, c) && !Examinee.naturalLess(a, c) {
                    problems.append("\(a) < \(b) < \(c) but not \(a) < \(c)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("Planning order: buildings and rooms in reading order, floors by number, students without a dormitory last")
    func planningOrderExample() {
        let students = [
            E(studentNo: "S1", building: nil, floor: nil, room: nil),
            E(studentNo: "S2", building: "10号楼", floor: 1, room: "101"),
            E(studentNo: "S3", building: "2号楼", floor: 12, room: "1201"),
            E(studentNo: "S4", building: "2号楼", floor: 3, room: "302"),
            E(studentNo: "S5", building: "2号楼", floor: 3, room: "1201"),
            E(studentNo: "S6", building: "2号楼", floor: nil, room: nil),
            E(studentNo: "S0", building: "2号楼", floor: 3, room: "302"),
        ]
        #expect(students.sorted(by: Examinee.planningOrder).map(\.studentNo) == ["S0", "S4", "S5", "S3", "S6", "S2", "S1"])
    }

    @Test("Rotation, slots and pools walk buildings 2号楼 before 10号楼")
    func plannersUseReadingOrder() {
        let students = [E(studentNo: "A", building: "10号楼", floor: 1, room: "101"), E(studentNo: "B", building: "2号楼", floor: 1, room: "101")]
        #expect(RotationPlanner.split(students, days: 2).map { $0.map(\.studentNo) } == [["B"], ["A"]])
        #expect(SlotPlanner.plan(students, fixedSites: [], capacityPerHour: 240, startMinute: 420).sites.map(\.building) == ["2号楼", "10号楼"])
        #expect(PoolPlanner.pools(students, poolSize: 10).map(\.building) == ["2号楼", "10号楼"])
    }
}
