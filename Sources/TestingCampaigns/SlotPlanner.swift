import CampusKit
import Foundation

/// When one floor of one building goes to one site (分楼分层错峰采样).
public struct Slot: Sendable, Equatable, Codable {
    /// Index into the campaign's sites.
    public var site: Int
    /// The building, or nil for students without a dormitory.
    public var building: String?
    public var floor: Int?
    /// Minutes after midnight of the campaign's day; `end` is exclusive.
    public var startMinute: Int
    public var endMinute: Int
    public var students: Int

    public init(site: Int, building: String?, floor: Int?, startMinute: Int, endMinute: Int, students: Int) {
        self.site = site
        self.building = building
        self.floor = floor
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.students = students
    }

    /// The key students are matched to their slot by.
    public var groupKey: String { Slot.groupKey(building: building, floor: floor) }
    public static func groupKey(building: String?, floor: Int?) -> String { "\(building ?? "")/\(floor.map(String.init) ?? "")" }
}

/// Everything a new campaign is: the campaign, its sites, the slots and who is expected.
public struct CampaignPlan: Sendable, Equatable {
    public var campaign: Campaign
    public var sites: [Site]
    public var slots: [Slot]
    /// In planning order.
    public var expected: [Examinee]

    public init(campaign: Campaign, sites: [Site], slots: [Slot], expected: [Examinee]) {
        self.campaign = campaign
        self.sites = sites
        self.slots = slots
        self.expected = expected
    }
}

/// Turns who is expected into sites and time slots.
///
/// Students are grouped by building and floor. With per-building sites each floor goes to its building's site; with
/// fixed sites each building (all its floors together, so a building walks to one place) goes to the site that frees
/// up first, largest buildings first. At a site the floors follow each other: one floor's slot is long enough for
/// its students at the site's hourly capacity (rounded up to 5 minutes), so a site never takes more swabs in a slot
/// than its capacity allows and two floors never queue together. O(n log n) in the students.
public enum SlotPlanner {
    public static let granularity = 5

    /// Sites and slots for `expected` (any order).
    public static func plan(_ expected: [Examinee], fixedSites: [Site], capacityPerHour: Int, startMinute: Int) -> (sites: [Site], slots: [Slot]) {
        let ordered = expected.sorted(by: Examinee.planningOrder)
        // Runs of one (building, floor) in planning order.
        var groups: [(building: String?, floor: Int?, count: Int)] = []
        for e in ordered {
            if let last = groups.last, last.building == e.building, last.floor == e.floor {
                groups[groups.count - 1].count += 1
            } else {
                groups.append((e.building, e.floor, 1))
            }
        }
        var sites: [Site]
        var siteOfGroup: [Int]
        if fixedSites.isEmpty {
            sites = []
            var index: [String: Int] = [:]
            siteOfGroup = groups.map { g in
                let key = g.building ?? ""
                if let i = index[key] { return i }
                sites.append(Site(name: g.building.map { "\($0) 楼下采样点" } ?? "校医院采样点", building: g.building, capacityPerHour: capacityPerHour))
                index[key] = sites.count - 1
                return sites.count - 1
            }
        } else {
            sites = fixedSites
            // Whole buildings to the site whose queue is shortest (in minutes), largest buildings first.
            var buildingSize: [String: Int] = [:]
            for g in groups { buildingSize[g.building ?? "", default: 0] += g.count }
            var load = Array(repeating: 0.0, count: sites.count)
            var assigned: [String: Int] = [:]
            for (building, size) in buildingSize.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                let best = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 }!
                assigned[building] = best
                load[best] += Double(size) / Double(sites[best].capacityPerHour)
            }
            siteOfGroup = groups.map { assigned[$0.building ?? ""]! }
        }
        var clock = Array(repeating: startMinute, count: sites.count)
        var slots: [Slot] = []
        slots.reserveCapacity(groups.count)
        for (i, g) in groups.enumerated() {
            let site = siteOfGroup[i]
            let minutes = duration(students: g.count, capacityPerHour: sites[site].capacityPerHour)
            slots.append(Slot(site: site, building: g.building, floor: g.floor, startMinute: clock[site],
                              endMinute: clock[site] + minutes, students: g.count))
            clock[site] += minutes
        }
        return (sites, slots)
    }

    /// Minutes `students` take at `capacityPerHour`, rounded up to the granularity.
    public static func duration(students: Int, capacityPerHour: Int) -> Int {
        let exact = (students * 60 + capacityPerHour - 1) / capacityPerHour
        return max(granularity, (exact + granularity - 1) / granularity * granularity)
    }

    /// The whole plan of a validated draft for the students it expects.
    public static func campaign(_ draft: ValidDraft, expected: [Examinee], id: String, purpose: Campaign.Purpose = .screening,
                                origin: String? = nil, by: String, at: Date) -> CampaignPlan {
        let (sites, slots) = plan(expected, fixedSites: draft.sites, capacityPerHour: draft.capacityPerHour, startMinute: draft.startMinute)
        let campaign = Campaign(id: id, name: draft.name, day: draft.day, kind: draft.kind, purpose: purpose, poolSize: draft.poolSize,
                                buildings: draft.kind == .full ? draft.buildings : [], origin: origin, startMinute: draft.startMinute,
                                createdBy: by, createdAt: at)
        return CampaignPlan(campaign: campaign, sites: sites, slots: slots, expected: expected.sorted(by: Examinee.planningOrder))
    }
}
