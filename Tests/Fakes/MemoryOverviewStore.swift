import CampusKit
import Foundation
import Reports

/// The overview's counts from a roster, check-ins, cases, swabs, leaves and campaigns held in memory: students are
/// expected when active, a check-in counts for an active student (the last one of a student's day), a case is open or
/// not, an instant falls in the window that contains it. Records the windows it was asked about.
public final class MemoryOverviewStore: OverviewStore, @unchecked Sendable {
    public struct Student: Sendable {
        public var number: String
        public var campus: String?
        public var building: String?
        public var college: String
        public var active: Bool
        public init(_ number: String, campus: String?, building: String?, college: String, active: Bool = true) {
            self.number = number
            self.campus = campus
            self.building = building
            self.college = college
            self.active = active
        }
    }

    private let lock = NSLock()
    private let students: [String: Student]
    private var counted: [String: Bool] = [:]   // "day|number" → abnormal
    private var cases: [(student: String, openedAt: Date, open: Bool)] = []
    private var swabs: [Date] = []
    private var campaigns: [CampaignCoverage] = []
    private var leaveCounts = LeaveCounts(overdue: 0, pending: 0)
    private var askedWindows: [[DayWindow]] = []

    public init(_ students: [Student]) {
        self.students = Dictionary(students.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The windows `casesOpened` and `samples` were asked about, in order.
    public var windows: [[DayWindow]] { lock.withLock { askedWindows } }

    public func checkIn(_ number: String, on day: CampusDay, abnormal: Bool = false) {
        lock.withLock { counted["\(day)|\(number)"] = abnormal }
    }

    public func openCase(_ number: String, at: Date, stillOpen: Bool = true) {
        lock.withLock { cases.append((number, at, stillOpen)) }
    }

    public func swab(at: Date) { lock.withLock { swabs.append(at) } }

    public func hold(_ campaign: CampaignCoverage) { lock.withLock { campaigns.append(campaign) } }

    public func setLeaves(_ counts: LeaveCounts) { lock.withLock { leaveCounts = counts } }

    private func key(_ s: Student, _ level: UnitKey.Level) -> String {
        switch level {
        case .campus: s.campus ?? ""
        case .building: s.building ?? ""
        case .college: s.college
        default: ""
        }
    }

    public func units(school: SchoolID, day: CampusDay, level: UnitKey.Level) async throws -> [String: UnitFigures] {
        lock.withLock {
            var result: [String: UnitFigures] = [:]
            for s in students.values where s.active {
                var f = result[key(s, level)] ?? UnitFigures(expected: 0, reported: 0, abnormal: 0, openCases: 0)
                f.expected += 1
                if let abnormal = counted["\(day)|\(s.number)"] {
                    f.reported += 1
                    if abnormal { f.abnormal += 1 }
                }
                result[key(s, level)] = f
            }
            for c in cases where c.open {
                guard let s = students[c.student], var f = result[key(s, level)] else { continue }
                f.openCases += 1
                result[key(s, level)] = f
            }
            return result
        }
    }

    public func checkIns(school: SchoolID, from: CampusDay, to: CampusDay) async throws -> [CampusDay: CheckInCount] {
        lock.withLock {
            var result: [CampusDay: CheckInCount] = [:]
            for (key, abnormal) in counted {
                let parts = key.split(separator: "|").map(String.init)
                guard let day = CampusDay(parts[0]), day >= from, day <= to, students[parts[1]]?.active == true else { continue }
                var c = result[day] ?? CheckInCount(reported: 0, abnormal: 0)
                c.reported += 1
                if abnormal { c.abnormal += 1 }
                result[day] = c
            }
            return result
        }
    }

    private func perWindow(_ instants: [Date], _ windows: [DayWindow]) -> [CampusDay: Int] {
        askedWindows.append(windows)
        var result: [CampusDay: Int] = [:]
        for at in instants {
            if let w = windows.first(where: { $0.start <= at && at < $0.end }) { result[w.day, default: 0] += 1 }
        }
        return result
    }

    public func casesOpened(school: SchoolID, in windows: [DayWindow]) async throws -> [CampusDay: Int] {
        lock.withLock { perWindow(cases.map(\.openedAt), windows) }
    }

    public func samples(school: SchoolID, in windows: [DayWindow]) async throws -> [CampusDay: Int] {
        lock.withLock { perWindow(swabs, windows) }
    }

    public func leaves(school: SchoolID, at now: Date) async throws -> LeaveCounts { lock.withLock { leaveCounts } }

    public func latestCampaign(school: SchoolID, onOrBefore day: CampusDay) async throws -> CampaignCoverage? {
        // The latest day; of one day's, the last held.
        lock.withLock { campaigns.enumerated().filter { $0.element.day <= day }.max { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }?.element }
    }
}
