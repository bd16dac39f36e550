import CampusKit
import Foundation

/// A rotation (每日抽检 20%): every active student in scope tested exactly once over `days` days, one campaign a day.
public struct Rotation: Sendable, Equatable {
    public var id: String
    public var startDay: CampusDay
    public var buildings: [String]
    /// Day n's campaign and students, in order.
    public var days: [Day]

    public struct Day: Sendable, Equatable {
        public var day: CampusDay
        public var campaignId: String
        public var students: [String]
        public init(day: CampusDay, campaignId: String, students: [String]) {
            self.day = day
            self.campaignId = campaignId
            self.students = students
        }
    }

    public init(id: String, startDay: CampusDay, buildings: [String], days: [Day]) {
        self.id = id
        self.startDay = startDay
        self.buildings = buildings
        self.days = days
    }
}

/// A rotation as a planner asks for it (CONTRACT.md `POST /api/v1/testing/rotations`).
public struct RotationDraft: Sendable, Equatable {
    public var startDate: String
    public var days: Int
    public var buildings: [String]
    public var poolSize: Int
    public var capacityPerHour: Int
    public var startTime: String

    public init(startDate: String, days: Int = 5, buildings: [String] = [], poolSize: Int = Campaign.defaultPoolSize,
                capacityPerHour: Int = Site.defaultCapacity, startTime: String = "07:00") {
        self.startDate = startDate
        self.days = days
        self.buildings = buildings
        self.poolSize = poolSize
        self.capacityPerHour = capacityPerHour
        self.startTime = startTime
    }

    public static let dayCounts = 1...14

    /// Day `n`'s campaign as a draft; every problem of the rotation is named by its field.
    public func validated() throws -> (start: CampusDay, draft: (Int) -> ValidDraft) {
        var errors: [FieldError] = []
        let start = CampusDay(startDate)
        if start == nil { errors.append(FieldError(field: "startDate", message: "日期应为 YYYY-MM-DD (must be YYYY-MM-DD)")) }
        if !Self.dayCounts.contains(days) { errors.append(FieldError(field: "days", message: "轮转天数应为 1 到 14 (1–14 days)")) }
        if !Campaign.poolSizes.contains(poolSize) { errors.append(FieldError(field: "poolSize", message: "每管人数应为 1 到 20 (1–20 swabs a tube)")) }
        if !Site.capacities.contains(capacityPerHour) {
            errors.append(FieldError(field: "capacityPerHour", message: "每小时采样量应为 10 到 2000 (10–2,000 an hour)"))
        }
        let minute = CampaignDraft.minutes(startTime)
        if minute == nil { errors.append(FieldError(field: "startTime", message: "应为 HH:MM (must be HH:MM)")) }
        guard errors.isEmpty, let start, let minute else {
            throw DomainError(.invalid, "轮转计划有误 (the rotation is invalid)", fieldErrors: errors)
        }
        let buildings = Array(Set(buildings.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        let (days, pool, capacity) = (self.days, poolSize, capacityPerHour)
        return (start, { n in
            let day = start.adding(days: n)
            return ValidDraft(name: "轮转抽检 第\(n + 1)/\(days)天 \(day)", day: day, kind: .targeted, poolSize: pool,
                              buildings: buildings, capacityPerHour: capacity, startMinute: minute)
        })
    }
}

/// Splits students over days so each is tested once and every building, floor and the school are spread evenly.
///
/// Students are walked in planning order (building, floor, room, number) and dealt to the days in turn, the turn
/// carrying on from one floor to the next. Each floor and each building is a consecutive run of that walk, and a run
/// of L students dealt round-robin over D days gives every day ⌊L/D⌋ or ⌈L/D⌉ of them; so per floor, per building
/// and for the school the day counts differ by at most one. O(n log n) for the sort, O(n) for the deal.
public enum RotationPlanner {
    public static func split(_ students: [Examinee], days: Int) -> [[Examinee]] {
        precondition(days > 0)
        var result = Array(repeating: [Examinee](), count: days)
        for d in 0..<days { result[d].reserveCapacity(students.count / days + 1) }
        for (i, e) in students.sorted(by: Examinee.planningOrder).enumerated() { result[i % days].append(e) }
        return result
    }
}
