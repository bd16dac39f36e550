import CampusKit
import DemoCollege
import Foundation
import Roster
import ShouhuFakes
import TestingCampaigns

/// Instants, people, actors and seeded rosters shared by the TestingCampaigns domain tests.
enum TestingTestData {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-20 08:03 in Shanghai (00:03 UTC).
    static let now = Date(timeIntervalSince1970: 1_795_132_800 + 3 * 60)
    static let today = CampusDay("2026-11-20")!

    static func staff(_ username: String, _ roles: Set<Role>, scope: Scope = .school) -> Actor {
        Actor(school: .main, accountID: "acc-\(username)", username: username, displayName: username, kind: .staff,
              roles: roles, scope: scope)
    }

    static func student(_ number: String) -> Actor {
        Actor(school: .main, accountID: "acc-\(number)", username: number, displayName: number, kind: .student,
              roles: [.student], scope: Scope(students: [number]))
    }

    static func integration(_ scopes: Set<String>) -> Actor {
        Actor(school: .main, accountID: "token-lab", username: "lab-token", displayName: "检测机构", kind: .integration,
              roles: [], tokenScopes: scopes, scope: .nothing)
    }

    static let admin = staff("A001", [.admin])
    static let clinic = staff("C001", [.clinic])
    static let secretary = staff("S001", [.secretary])
    /// A counsellor of class 计科1班 only.
    static let counsellor = staff("T001", [.counsellor], scope: Scope(units: [UnitKey(.class, "计科1班")]))

    static func examinee(_ number: String, _ building: String?, _ floor: Int?, _ room: String?, className: String = "计科1班") -> Examinee {
        Examinee(studentNo: number, name: "学生\(number)", className: className, building: building, floor: floor, room: room)
    }

    static func person(_ e: Examinee, status: StudentStatus = .active) -> Student {
        Student(studentNo: e.studentNo, name: e.name, college: "计算机学院", className: e.className, building: e.building,
                floor: e.floor, room: e.room, status: status)
    }

    /// A roster of `count` students, shuffled, in up to five buildings of up to six floors, rooms of 1–8 beds, with
    /// some students who have no dormitory and some with a building but no floor or room.
    static func roster(seed: UInt64, count: Int) -> [Examinee] {
        var rng = SplitMix64(seed: seed)
        let buildingCount = rng.int(in: 1...5)
        var result: [Examinee] = []
        for i in 0..<count {
            let number = "S\(String(100_000 + i))"
            let roll = rng.below(100)
            if roll < 6 {
                result.append(examinee(number, nil, nil, nil))
            } else if roll < 9 {
                result.append(examinee(number, "B\(rng.int(in: 1...buildingCount))", nil, nil))
            } else {
                let building = "B\(rng.int(in: 1...buildingCount))"
                let floor = rng.int(in: 1...6)
                let room = "\(floor)\(String(format: "%02d", rng.int(in: 1...(rng.chance(0.5) ? 3 : 12))))"
                result.append(examinee(number, building, floor, room))
            }
        }
        // Fisher–Yates with the seeded generator, so inputs are not already in planning order.
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, rng.below(i + 1)) }
        return result
    }

    /// A full dormitory: 1–3 buildings of 1–5 floors, 3–10 rooms a floor, mostly rooms of 4 (some of 1–8), shuffled.
    static func dormitory(seed: UInt64) -> [Examinee] {
        var rng = SplitMix64(seed: seed)
        var result: [Examinee] = []
        for b in 1...rng.int(in: 1...3) {
            for floor in 1...rng.int(in: 1...5) {
                for r in 1...rng.int(in: 3...10) {
                    let size = rng.chance(0.6) ? 4 : rng.int(in: 1...8)
                    for _ in 0..<size {
                        result.append(examinee("D\(String(100_000 + result.count))", "D\(b)", floor, "\(floor)\(String(format: "%02d", r))"))
                    }
                }
            }
        }
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, rng.below(i + 1)) }
        return result
    }

    static let seeds: [UInt64] = [1, 2, 3, 42, 2026, 0xDEAD_BEEF, 7_777_777]

    /// Field names of an error, in order.
    static func fields(_ error: DomainError) -> [String] { error.fieldErrors.map(\.field) }
}

// The testing store is Tests/Fakes' MemoryTestingStore.

/// Records what a lab report handed to its follow-up.
final class RecordingLabFollowUp: LabReportFollowUp, @unchecked Sendable {
    private let lock = NSLock()
    private var positives: [TestingFinding] = []
    private var clearedStudents: [String] = []
    var findings: [TestingFinding] { lock.withLock { positives } }
    var cleared: [String] { lock.withLock { clearedStudents } }
    func positive(_ findings: [TestingFinding], by: String, at: Date, school: SchoolID) async throws { lock.withLock { positives += findings } }
    func cleared(_ students: [String], note: String, by: String, at: Date, school: SchoolID) async throws { lock.withLock { clearedStudents += students } }
}
