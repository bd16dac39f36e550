import CampusKit
import Foundation
import TestingCampaigns
import Testing

@Suite("SlotPlanner: sites and staggered slots, floor by floor")
struct SlotPlannerTests {
    typealias E = Examinee

    static func floorKey(_ e: Examinee) -> String { Slot.groupKey(building: e.building, floor: e.floor) }

    /// Properties every plan has, whatever the sites: returns the problems found.
    static func planProblems(_ students: [Examinee], sites: [Site], slots: [Slot], startMinute: Int) -> [String] {
        var problems: [String] = []
        // Every student's (building, floor) has exactly one slot, with its head count.
        var sizes: [String: Int] = [:]
        for e in students { sizes[floorKey(e), default: 0] += 1 }
        let keys = slots.map(\.groupKey)
        if Set(keys).count != keys.count { problems.append("a group has two slots") }
        if Set(keys) != Set(sizes.keys) { problems.append("slots \(Set(keys)) for groups \(Set(sizes.keys))") }
        for slot in slots where sizes[slot.groupKey] != slot.students { problems.append("slot \(slot.groupKey) counts \(slot.students)") }
        if slots.map(\.students).reduce(0, +) != students.count { problems.append("slot students do not sum to the total") }
        // Slots refer to real sites; at each site they follow one another from the start, with no gap and no overlap.
        for slot in slots where !sites.indices.contains(slot.site) { problems.append("slot at site \(slot.site) of \(sites.count)") }
        for site in sites.indices {
            let here = slots.filter { $0.site == site }
            var clock = startMinute
            for slot in here {
                if slot.startMinute != clock { problems.append("site \(site): slot \(slot.groupKey) starts \(slot.startMinute), expected \(clock)") }
                clock = slot.endMinute
            }
        }
        // Each slot is long enough for its students at the site's capacity, in 5-minute steps, and not a step longer.
        for slot in slots where sites.indices.contains(slot.site) {
            let length = slot.endMinute - slot.startMinute
            let capacity = sites[slot.site].capacityPerHour
            if length % 5 != 0 || length < 5 { problems.append("slot \(slot.groupKey) lasts \(length) minutes") }
            if length * capacity < slot.students * 60 { problems.append("slot \(slot.groupKey): \(slot.students) students in \(length) min at \(capacity)/h") }
            if length > 5 && (length - 5) * capacity >= slot.students * 60 { problems.append("slot \(slot.groupKey) is longer than needed") }
        }
        return problems
    }

    @Test("duration(students:capacityPerHour:) is the exact time rounded up to 5 minutes, at least 5", arguments: [
        (1, 240, 5), (20, 240, 5), (21, 240, 10), (40, 240, 10), (41, 240, 15), (240, 240, 60), (241, 240, 65),
        (100, 60, 100), (101, 60, 105), (7, 10, 45), (1, 2000, 5), (2000, 2000, 60), (10, 60, 10), (11, 60, 15),
    ])
    func duration(students: Int, capacity: Int, minutes: Int) {
        #expect(SlotPlanner.duration(students: students, capacityPerHour: capacity) == minutes)
    }

    @Test("Per-building sites: one site per building (and one for students without a dormitory), each slot at its building's site",
          arguments: TestingTestData.seeds)
    func perBuildingSites(seed: UInt64) {
        let students = TestingTestData.roster(seed: seed, count: 300)
        let (sites, slots) = SlotPlanner.plan(students, fixedSites: [], capacityPerHour: 120, startMinute: 420)
        let buildings = Set(students.map(\.building))
        #expect(sites.count == buildings.count)
        #expect(Set(sites.map(\.building)) == buildings)
        #expect(sites.allSatisfy { $0.capacityPerHour == 120 })
        #expect(sites.allSatisfy { !$0.name.isEmpty })
        for slot in slots { #expect(sites[slot.site].building == slot.building) }
        let problems = Self.planProblems(students, sites: sites, slots: slots, startMinute: 420)
        #expect(problems.isEmpty, "seed \(seed): \(problems.prefix(3))")
    }

    @Test("Per-building sites of a small campus: floors follow each other from the start at their building's site")
    func perBuildingExample() {
        let students = [
            E(studentNo: "S1", building: "B2", floor: 1, room: "101"),
            E(studentNo: "S2", building: "B1", floor: 2, room: "201"),
            E(studentNo: "S3", building: "B1", floor: 1, room: "101"),
            E(studentNo: "S4", building: "B1", floor: 1, room: "102"),
        ] + (0..<25).map { E(studentNo: "T\($0)", building: "B1", floor: 3, room: "301") }
        let (sites, slots) = SlotPlanner.plan(students, fixedSites: [], capacityPerHour: 60, startMinute: 480)
        #expect(sites == [Site(name: "B1 楼下采样点", building: "B1", capacityPerHour: 60), Site(name: "B2 楼下采样点", building: "B2", capacityPerHour: 60)])
        #expect(slots == [
            Slot(site: 0, building: "B1", floor: 1, startMinute: 480, endMinute: 485, students: 2),
            Slot(site: 0, building: "B1", floor: 2, startMinute: 485, endMinute: 490, students: 1),
            Slot(site: 0, building: "B1", floor: 3, startMinute: 490, endMinute: 515, students: 25),
            Slot(site: 1, building: "B2", floor: 1, startMinute: 480, endMinute: 485, students: 1),
        ])
    }

    @Test("Fixed sites: all floors of a building go to one site, and every plan property holds", arguments: TestingTestData.seeds)
    func fixedSites(seed: UInt64) {
        let students = TestingTestData.roster(seed: seed, count: 500)
        let fixed = [Site(name: "北区", capacityPerHour: 240), Site(name: "南区", capacityPerHour: 120), Site(name: "校医院", capacityPerHour: 60)]
        let (sites, slots) = SlotPlanner.plan(students, fixedSites: fixed, capacityPerHour: 999, startMinute: 400)
        #expect(sites == fixed)
        var siteOfBuilding: [String: Set<Int>] = [:]
        for slot in slots { siteOfBuilding[slot.building ?? "", default: []].insert(slot.site) }
        for (building, at) in siteOfBuilding { #expect(at.count == 1, "building \(building) at sites \(at)") }
        let problems = Self.planProblems(students, sites: sites, slots: slots, startMinute: 400)
        #expect(problems.isEmpty, "seed \(seed): \(problems.prefix(3))")
    }

    /// `count` students on floor 1 of `building`.
    static func building(_ building: String, _ count: Int) -> [Examinee] {
        (0..<count).map { E(studentNo: "\(building)-\(1000 + $0)", building: building, floor: 1 + $0 % 3, room: "\(1 + $0 % 3)01") }
    }

    static func siteOf(_ slots: [Slot]) -> [String: Int] {
        Dictionary(slots.map { ($0.building ?? "", $0.site) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("Fixed sites are balanced: largest buildings first, each to the site whose queue is shortest")
    func fixedSitesBalanced() throws {
        let students = Self.building("A", 300) + Self.building("B", 200) + Self.building("C", 150) + Self.building("D", 100)
        let fixed = [Site(name: "北区", capacityPerHour: 100), Site(name: "南区", capacityPerHour: 100)]
        let (_, slots) = SlotPlanner.plan(students, fixedSites: fixed, capacityPerHour: 240, startMinute: 420)
        // A (3 h) → north; B (2 h) → south; C → south (2 h < 3 h); D → north (3 h < 3.5 h).
        #expect(Self.siteOf(slots) == ["A": 0, "B": 1, "C": 1, "D": 0])
        // Both sites finish within the hour of each other rather than one taking everything.
        let ends = try (0..<2).map { site in try #require(slots.filter { $0.site == site }.map(\.endMinute).max(), "site \(site) has no slot") }
        #expect(abs(ends[0] - ends[1]) <= 60)
    }

    @Test("Balance is in minutes, not head counts: a fast site takes more buildings than a slow one")
    func fixedSitesBalancedByCapacity() {
        let students = ["A", "B", "C", "D", "E"].flatMap { Self.building($0, 60) }
        let fixed = [Site(name: "慢", capacityPerHour: 60), Site(name: "快", capacityPerHour: 600)]
        let (_, slots) = SlotPlanner.plan(students, fixedSites: fixed, capacityPerHour: 240, startMinute: 420)
        // A → slow (tie goes to the first site; 1 h), then B…E each to the fast site (0.1 h each, never reaching 1 h).
        #expect(Self.siteOf(slots) == ["A": 0, "B": 1, "C": 1, "D": 1, "E": 1])
    }

    @Test("A single fixed site takes every floor one after another")
    func singleFixedSite() {
        let students = TestingTestData.roster(seed: 9, count: 200)
        let (sites, slots) = SlotPlanner.plan(students, fixedSites: [Site(name: "体育馆", capacityPerHour: 300)], capacityPerHour: 240, startMinute: 450)
        #expect(sites.count == 1)
        #expect(slots.allSatisfy { $0.site == 0 })
        #expect(slots.first?.startMinute == 450)
        let total = slots.map { $0.endMinute - $0.startMinute }.reduce(0, +)
        #expect(slots.last?.endMinute == 450 + total)
        #expect(Self.planProblems(students, sites: sites, slots: slots, startMinute: 450).isEmpty)
    }

    @Test("Slots are listed in planning order of their floors")
    func slotsInPlanningOrder() {
        let students = TestingTestData.roster(seed: 3, count: 300)
        let (_, slots) = SlotPlanner.plan(students, fixedSites: [], capacityPerHour: 240, startMinute: 420)
        let order = students.sorted(by: Examinee.planningOrder).map(Self.floorKey)
        var firstSeen: [String] = []
        for key in order where firstSeen.last != key { firstSeen.append(key) }
        #expect(slots.map(\.groupKey) == firstSeen)
    }

    @Test("campaign(_:) builds the campaign of a draft: its values, buildings only for a full campaign, expected in planning order")
    func campaignPlan() throws {
        let at = TestingTestData.now
        let students = TestingTestData.roster(seed: 4, count: 40)
        let full = ValidDraft(name: "全员", day: TestingTestData.today, kind: .full, poolSize: 10, buildings: ["B1"], capacityPerHour: 240, startMinute: 420)
        let plan = SlotPlanner.campaign(full, expected: students, id: "c-1", origin: "schedule:s:2026-11-20", by: "A001", at: at)
        #expect(plan.campaign == Campaign(id: "c-1", name: "全员", day: TestingTestData.today, kind: .full, purpose: .screening, poolSize: 10,
                                          buildings: ["B1"], origin: "schedule:s:2026-11-20", startMinute: 420, status: .open,
                                          createdBy: "A001", createdAt: at))
        #expect(plan.expected == students.sorted(by: Examinee.planningOrder))
        let alone = SlotPlanner.plan(students, fixedSites: [], capacityPerHour: 240, startMinute: 420)
        #expect(plan.sites == alone.sites)
        #expect(plan.slots == alone.slots)

        var targeted = full
        targeted.kind = .targeted
        #expect(SlotPlanner.campaign(targeted, expected: students, id: "c-2", by: "A001", at: at).campaign.buildings == [])
    }
}
