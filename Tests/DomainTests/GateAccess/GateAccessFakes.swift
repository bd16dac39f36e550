import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuFakes

/// Instants, people and actors shared by the GateAccess and ContactTracing domain tests (their stores are the
/// in-memory fakes of Tests/Fakes: MemoryRosterStore, MemoryGateStore, MemoryLeaveStore, MemoryTracingSource, MemoryInvestigationStore).
enum GateTestData {
    /// 2026-11-20 08:00 in Shanghai (00:00 UTC).
    static let base = Date(timeIntervalSince1970: 1_795_132_800)
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// `minutes` after `base`.
    static func t(_ minutes: Double) -> Date { base.addingTimeInterval(minutes * 60) }

    static func staff(_ username: String, _ roles: Set<Role>, scope: Scope = .school) -> Actor {
        Actor(school: .main, accountID: "acc-\(username)", username: username, displayName: username, kind: .staff,
              roles: roles, scope: scope)
    }

    static func student(_ number: String, scope: Scope? = nil) -> Actor {
        Actor(school: .main, accountID: "acc-\(number)", username: number, displayName: number, kind: .student,
              roles: [.student], scope: scope ?? Scope(students: [number]))
    }

    static func integration(_ scopes: Set<String>) -> Actor {
        Actor(school: .main, accountID: "token-1", username: "gate-token", displayName: "东门闸机", kind: .integration,
              roles: [], tokenScopes: scopes, scope: .school)
    }

    static func person(_ number: String, className: String = "X班", building: String? = "B1", floor: Int? = 1,
                       room: String? = "101", status: StudentStatus = .active) -> Student {
        Student(studentNo: number, name: "学生\(number)", college: "计算机学院", className: className,
                building: building, floor: floor, room: room, status: status)
    }

    /// Whether `scope` covers `student`, as the stores apply it.
    static func covers(_ scope: Scope, _ student: Student) -> Bool { FakeScope.covers(scope, student) }
}
