import CampusKit
import Foundation
import Roster

extension Case {
    /// Where a case stands in the emergency handling of an abnormal student (异常学生应急处置):
    /// open → observing | isolated → tested → cleared | quarantined | hospitalised → closed.
    /// `status` (CONTRACT.md) stays `open` until the stage is `closed`.
    public enum Stage: String, Sendable, Codable, CaseIterable {
        case open, observing, isolated, tested, cleared, quarantined, hospitalised, closed

        /// The stages a case may move to from this one by a staff decision. Closing is not among them: a case closes
        /// with an outcome from any stage (`CaseService.close`), because a false alarm (a mistyped temperature) needs
        /// no test; every other step follows the chain.
        public var next: [Stage] {
            switch self {
            case .open: [.observing, .isolated]
            case .observing: [.isolated, .tested]
            case .isolated: [.tested]
            case .tested: [.cleared, .quarantined, .hospitalised]
            case .cleared, .quarantined, .hospitalised, .closed: []
            }
        }

        /// The timeline entry moving into this stage makes.
        public var event: CaseEvent.Kind {
            switch self {
            case .open: .opened
            case .observing: .observing
            case .isolated: .isolated
            case .tested: .tested
            case .cleared: .cleared
            case .quarantined: .quarantined
            case .hospitalised: .hospitalised
            case .closed: .closed
            }
        }
    }
}

/// How quickly a case must be answered, per school: the first staff response (a note, a step, the close) within
/// `responseMinutes` of opening; when it is missed the next level up hears of it and has as long again.
public struct CasePolicy: Sendable, Equatable {
    public var responseMinutes: Int

    public static let standard = CasePolicy(responseMinutes: 30)
    public static let allowedMinutes = 5...1440

    public init(responseMinutes: Int) { self.responseMinutes = responseMinutes }

    /// Refuses a deadline outside `allowedMinutes`, naming `responseMinutes`.
    public func validated() throws -> CasePolicy {
        guard Self.allowedMinutes.contains(responseMinutes) else {
            throw DomainError.invalid("首次响应时限应在 5 到 1440 分钟之间 (the response time must be 5 to 1,440 minutes)", field: "responseMinutes")
        }
        return self
    }

    public func deadline(after start: Date) -> Date { start.addingTimeInterval(TimeInterval(responseMinutes * 60)) }
}

/// Who hears of a case nobody answered in time. Level 0 is the case's own audience (`CaseAudience`); level 1 the
/// secretaries (学院副书记) of the student's college; level 2 the school's leaders (学工处). A level with nobody on it is
/// passed over; past the last level there is nobody further to tell.
public enum CaseEscalation {
    public static let lastLevel = 2

    /// The next level above `level` that has somebody on it, and who they are; nil when nobody is left.
    public static func next(above level: Int, student: Student?, staff: [StaffMember]) -> (level: Int, recipients: [String])? {
        var candidate = level + 1
        while candidate <= lastLevel {
            let people = recipients(at: candidate, student: student, staff: staff)
            if !people.isEmpty { return (candidate, people) }
            candidate += 1
        }
        return nil
    }

    static func recipients(at level: Int, student: Student?, staff: [StaffMember]) -> [String] {
        switch level {
        case 1:
            guard let college = student?.college, !college.isEmpty else { return [] }
            return staff.filter { $0.roles.contains(.secretary) && $0.scope.contains(college) }.map(\.staffNo).sorted()
        case 2:
            return staff.filter { $0.roles.contains(.leader) }.map(\.staffNo).sorted()
        default:
            return []
        }
    }
}
