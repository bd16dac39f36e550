import CampusKit
import Foundation

/// One round of testing on one day (一轮核酸检测): who should be tested, in tubes of how many, at which sites and when.
///
/// A full campaign tests every active student of the school or of some buildings; a targeted one a list (a rotation's
/// day, a positive tube's members, an investigation's contacts). Who was expected is fixed when the campaign is
/// created, so coverage never moves because the roster changed later.
public struct Campaign: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case full, targeted }
    /// Why the campaign exists: a screening round, or the individual retest of a positive tube's members.
    public enum Purpose: String, Sendable, Codable, CaseIterable { case screening, retest }
    public enum Status: String, Sendable, Codable, CaseIterable { case open, closed }

    public var id: String
    public var name: String
    public var day: CampusDay
    public var kind: Kind
    public var purpose: Purpose
    /// Swabs per tube: 10 for 10-in-1 pooling, 1 for individual tests.
    public var poolSize: Int
    /// Buildings a full campaign is limited to; empty means the whole school.
    public var buildings: [String]
    /// What created it: `rotation:<id>:<n>`, `retest:<tube>`, `schedule:<id>:<day>`; nil when planned by hand.
    /// Unique per school, so a job that runs on several servers creates each campaign once.
    public var origin: String?
    /// When the first slot starts, in minutes after midnight.
    public var startMinute: Int
    public var status: Status
    public var createdBy: String
    public var createdAt: Date

    public init(id: String, name: String, day: CampusDay, kind: Kind, purpose: Purpose = .screening, poolSize: Int,
                buildings: [String] = [], origin: String? = nil, startMinute: Int, status: Status = .open, createdBy: String,
                createdAt: Date) {
        self.id = id
        self.name = name
        self.day = day
        self.kind = kind
        self.purpose = purpose
        self.poolSize = poolSize
        self.buildings = buildings
        self.origin = origin
        self.startMinute = startMinute
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public static let poolSizes = 1...20
    public static let defaultPoolSize = 10
}

/// A sampling point (采样点): fixed (the north and south campus sites) or in a dormitory building (进驻公寓楼).
public struct Site: Sendable, Equatable, Codable {
    public var name: String
    /// The building a per-building site serves; nil for a fixed site open to any building.
    public var building: String?
    /// Swabs the site takes an hour.
    public var capacityPerHour: Int

    public init(name: String, building: String? = nil, capacityPerHour: Int) {
        self.name = name
        self.building = building
        self.capacityPerHour = capacityPerHour
    }

    public static let capacities = 10...2000
    /// Two samplers at about two swabs a minute each.
    public static let defaultCapacity = 240
}

/// A student as planning sees them: where they sleep and which class they are in.
public struct Examinee: Sendable, Equatable, Codable {
    public var studentNo: String
    public var name: String
    public var className: String
    public var building: String?
    public var floor: Int?
    public var room: String?

    public init(studentNo: String, name: String = "", className: String = "", building: String?, floor: Int?, room: String?) {
        self.studentNo = studentNo
        self.name = name
        self.className = className
        self.building = building
        self.floor = floor
        self.room = room
    }

    /// The order every plan walks the campus in: building, floor, room, student number; students without a
    /// dormitory last.
    public static func planningOrder(_ a: Examinee, _ b: Examinee) -> Bool {
        switch (a.building, b.building) {
        case (nil, nil): return a.studentNo < b.studentNo
        case (nil, _): return false
        case (_, nil): return true
        case let (x?, y?) where x != y: return naturalLess(x, y)
        default: break
        }
        let (fa, fb) = (a.floor ?? Int.max, b.floor ?? Int.max)
        if fa != fb { return fa < fb }
        let (ra, rb) = (a.room ?? "", b.room ?? "")
        if ra != rb { return naturalLess(ra, rb) }
        return a.studentNo < b.studentNo
    }

    /// Names with numbers in them in the order people read them: 2号楼 before 10号楼, room 302 before 1201.
    /// Digit runs compare by value, everything else byte by byte (fast: plans sort thousands of students).
    public static func naturalLess(_ a: String, _ b: String) -> Bool {
        var x = a.utf8.makeIterator(), y = b.utf8.makeIterator()
        var cx = x.next(), cy = y.next()
        func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        while let p = cx, let q = cy {
            if isDigit(p) && isDigit(q) {
                var m = 0, n = 0
                while let d = cx, isDigit(d) { m = m &* 10 &+ Int(d - 0x30); cx = x.next() }
                while let d = cy, isDigit(d) { n = n &* 10 &+ Int(d - 0x30); cy = y.next() }
                if m != n { return m < n }
                continue
            }
            if p != q { return p < q }
            cx = x.next()
            cy = y.next()
        }
        if cx == nil && cy == nil { return a < b }
        return cx == nil
    }
}

/// A campaign as a planner asks for it (CONTRACT.md `POST /api/v1/testing/campaigns`, plus where and when).
public struct CampaignDraft: Sendable, Equatable {
    public var name: String
    public var day: String
    public var kind: String
    public var poolSize: Int
    public var buildings: [String]
    public var students: [String]
    /// Fixed sites; empty means one site in each building at `capacityPerHour`.
    public var sites: [Site]
    public var capacityPerHour: Int
    /// `HH:MM` of the first slot.
    public var startTime: String

    public init(name: String, day: String, kind: String, poolSize: Int = Campaign.defaultPoolSize, buildings: [String] = [],
                students: [String] = [], sites: [Site] = [], capacityPerHour: Int = Site.defaultCapacity, startTime: String = "07:00") {
        self.name = name
        self.day = day
        self.kind = kind
        self.poolSize = poolSize
        self.buildings = buildings
        self.students = students
        self.sites = sites
        self.capacityPerHour = capacityPerHour
        self.startTime = startTime
    }

    /// The checked draft: every problem named by its field.
    public func validated() throws -> ValidDraft {
        var errors: [FieldError] = []
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 100 { errors.append(FieldError(field: "name", message: "请填写名称（最多 100 字）(1–100 characters)")) }
        let parsedDay = CampusDay(day)
        if parsedDay == nil { errors.append(FieldError(field: "date", message: "日期应为 YYYY-MM-DD (must be YYYY-MM-DD)")) }
        let parsedKind = Campaign.Kind(rawValue: kind)
        if parsedKind == nil { errors.append(FieldError(field: "kind", message: "应为 full 或 targeted (must be full or targeted)")) }
        if !Campaign.poolSizes.contains(poolSize) {
            errors.append(FieldError(field: "poolSize", message: "每管人数应为 1 到 20 (1–20 swabs a tube)"))
        }
        if parsedKind == .targeted && students.isEmpty {
            errors.append(FieldError(field: "students", message: "定向检测须列出学生 (list the students of a targeted campaign)"))
        }
        if parsedKind == .full && !students.isEmpty {
            errors.append(FieldError(field: "students", message: "全员检测按楼栋确定范围，不列学生 (a full campaign is scoped by buildings)"))
        }
        if students.count > 20_000 { errors.append(FieldError(field: "students", message: "最多 20000 人 (at most 20,000)")) }
        if buildings.count > 500 { errors.append(FieldError(field: "scope.buildings", message: "最多 500 栋 (at most 500)")) }
        let start = Self.minutes(startTime)
        if start == nil { errors.append(FieldError(field: "startTime", message: "应为 HH:MM (must be HH:MM)")) }
        if !Site.capacities.contains(capacityPerHour) {
            errors.append(FieldError(field: "capacityPerHour", message: "每小时采样量应为 10 到 2000 (10–2,000 an hour)"))
        }
        if sites.count > 50 { errors.append(FieldError(field: "sites", message: "最多 50 个采样点 (at most 50 sites)")) }
        for (i, site) in sites.enumerated() {
            let n = site.name.trimmingCharacters(in: .whitespaces)
            if n.isEmpty || n.count > 100 { errors.append(FieldError(field: "sites[\(i)].name", message: "请填写第 \(i + 1) 个采样点的名称 (name site \(i + 1))")) }
            if !Site.capacities.contains(site.capacityPerHour) {
                errors.append(FieldError(field: "sites[\(i)].capacityPerHour",
                                         message: "采样点“\(n)”的每小时采样量应为 10 到 2000 (site \(i + 1): 10–2,000 an hour)"))
            }
        }
        guard errors.isEmpty, let parsedDay, let parsedKind, let start else {
            throw DomainError(.invalid, "检测计划有误 (the campaign is invalid)", fieldErrors: errors)
        }
        var seen = Set<String>()
        let students = students.map { $0.trimmingCharacters(in: .whitespaces) }.filter { seen.insert($0).inserted }
        return ValidDraft(name: trimmed, day: parsedDay, kind: parsedKind, poolSize: poolSize,
                          buildings: Array(Set(buildings.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted(),
                          students: students, sites: sites.map { Site(name: $0.name.trimmingCharacters(in: .whitespaces), capacityPerHour: $0.capacityPerHour) },
                          capacityPerHour: capacityPerHour, startMinute: start)
    }

    /// Minutes after midnight of `HH:MM`, or nil.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x3A }), let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// `HH:MM` of minutes after midnight (past midnight it keeps counting: 24:30).
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// A draft that passed its checks.
public struct ValidDraft: Sendable, Equatable {
    public var name: String
    public var day: CampusDay
    public var kind: Campaign.Kind
    public var poolSize: Int
    public var buildings: [String]
    public var students: [String]
    public var sites: [Site]
    public var capacityPerHour: Int
    public var startMinute: Int

    public init(name: String, day: CampusDay, kind: Campaign.Kind, poolSize: Int, buildings: [String] = [], students: [String] = [],
                sites: [Site] = [], capacityPerHour: Int = Site.defaultCapacity, startMinute: Int) {
        self.name = name
        self.day = day
        self.kind = kind
        self.poolSize = poolSize
        self.buildings = buildings
        self.students = students
        self.sites = sites
        self.capacityPerHour = capacityPerHour
        self.startMinute = startMinute
    }
}
