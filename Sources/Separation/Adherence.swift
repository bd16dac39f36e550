import CampusKit
import Foundation

/// How a published plan was kept on a day (C10): per visit, how many of the group's students were seen at the
/// facility within the slot, and who of them was seen there outside every slot of the group at that facility.
public struct Adherence: Sendable, Equatable {
    /// One planned visit and what the access events say about it.
    public struct Row: Sendable, Equatable {
        public var demand: Int
        public var group: String
        public var facility: String
        /// The slot: `[start, start + minutes]`, minutes since midnight.
        public var from: Int
        public var to: Int
        /// The group's students seen at the facility within `[from − tolerance, to + tolerance]`.
        public var students: Int
        /// The group's students seen at the facility outside every slot the group has there, attributed to the nearest
        /// slot; by student number.
        public var outside: [Outside]
    }

    /// A student seen outside their slot, and at which minutes.
    public struct Outside: Sendable, Equatable {
        public var studentNo: String
        public var name: String
        public var minutes: [Int]

        public init(studentNo: String, name: String, minutes: [Int]) {
            self.studentNo = studentNo
            self.name = name
            self.minutes = minutes
        }
    }

    /// Minutes either side of a slot that still count as within it.
    public static let tolerance = 5

    public var day: CampusDay
    public var rows: [Row]

    /// Adherence of `plan` on `day`: `members` are the students of each group (by student number, with names),
    /// `sightings` the events at the plan's facilities that day.
    public static func measure(_ plan: SavedPlan, day: CampusDay, timeZone: TimeZone, members: [String: [String: String]],
                               sightings: [Sighting]) -> Adherence {
        let problem = plan.problem
        var rows = plan.result.visits.map { v in
            let demand = problem.demands[v.demand]
            return Row(demand: v.demand, group: demand.group, facility: v.facility, from: v.start, to: v.start + demand.minutes,
                       students: 0, outside: [])
        }
        var groupsOf: [String: [String]] = [:]
        for (group, students) in members.sorted(by: { $0.key < $1.key }) {
            for student in students.keys { groupsOf[student, default: []].append(group) }
        }
        let midnight = day.instant(minutes: 0, in: timeZone)
        var seen = Array(repeating: Set<String>(), count: rows.count)
        var outside = Array(repeating: [String: [Int]](), count: rows.count)
        for sighting in sightings {
            let minute = Int((sighting.at.timeIntervalSince(midnight) / 60).rounded(.down))
            for group in groupsOf[sighting.studentNo] ?? [] {
                let slots = rows.indices.filter { rows[$0].group == group && rows[$0].facility == sighting.place }
                guard !slots.isEmpty else { continue }
                if let within = slots.first(where: { rows[$0].from - tolerance <= minute && minute <= rows[$0].to + tolerance }) {
                    seen[within].insert(sighting.studentNo)
                } else if let nearest = slots.min(by: { distance(minute, rows[$0]) < distance(minute, rows[$1]) }) {
                    outside[nearest][sighting.studentNo, default: []].append(minute)
                }
            }
        }
        for i in rows.indices {
            rows[i].students = seen[i].count
            rows[i].outside = outside[i].keys.sorted().map { no in
                Outside(studentNo: no, name: members[rows[i].group]?[no] ?? "", minutes: outside[i][no] ?? [])
            }
        }
        return Adherence(day: day, rows: rows)
    }

    private static func distance(_ minute: Int, _ row: Row) -> Int {
        minute < row.from ? row.from - minute : max(0, minute - row.to)
    }
}
