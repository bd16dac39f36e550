import CampusKit
import Cases
import CheckIns
import Foundation
import Hummingbird
import Roster

extension PagesController {
    /// "Who in my units has not checked in": totals, each unit's progress, and the missing students. The level
    /// follows the role (a counsellor's classes, a building leader's floors, the school's buildings) unless
    /// `groupBy` is given; `unit` narrows the missing list to one unit. Refreshes itself (`live.js`).
    @Sendable func dashboardPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        if !CheckInPermissions.mayFollowCompleteness(actor) {
            return Response(status: .seeOther, headers: [.location: "/checkin"])
        }
        let q = request.uri.queryParameters
        let lang = context.language
        let t = renderer.strings
        let today = services.checkIns.today
        let day = q["date"].flatMap { CampusDay(String($0)) } ?? today
        let level = q["groupBy"].flatMap { UnitKey.Level(rawValue: String($0)) } ?? Self.defaultLevel(for: actor)
        let unit = q["unit"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let completeness = try await services.checkIns.completeness(on: day, by: level, actor: actor)
        var filter = StudentFilter()
        if let unit { filter = Self.filter(level: level, unit: unit) }
        let missing = try await services.checkIns.missing(on: day, filter: filter, page: PageRequest(limit: 500), actor: actor)
        let openCases = actor.kind == .staff ? try await services.cases.openCount(by: actor) : 0
        func link(_ params: [String: String]) -> String {
            var all = ["date": day.description, "groupBy": level.rawValue]
            all.merge(params) { _, new in new }
            return "/dashboard?" + all.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        let groups = completeness.groups.map { g in
            DashboardPageModel.Group(
                label: Self.unitLabel(level, g.key, t: t, lang: lang), reported: g.reported, expected: g.expected,
                percent: g.percent, abnormal: g.abnormal, late: g.late, missing: g.missing, hasMissing: g.missing > 0,
                hasAbnormal: g.abnormal > 0, complete: g.missing == 0, href: link(["unit": g.key]), selected: g.key == unit)
        }
        let levels = UnitKey.Level.allCases.map { l in
            PageLink(href: link(["groupBy": l.rawValue, "unit": ""]), label: t.text("level_\(l.rawValue)", lang), current: l == level)
        }
        let model = DashboardPageModel(
            date: day.description, isToday: day == today,
            prev: link(["date": Self.shift(day, by: -1, in: services.timeZone).description]),
            next: day < today ? link(["date": Self.shift(day, by: 1, in: services.timeZone).description]) : nil,
            expected: completeness.expected, reported: completeness.reported, percent: Completeness.Group(
                key: "", expected: completeness.expected, reported: completeness.reported, abnormal: 0, late: 0).percent,
            abnormal: completeness.abnormal, late: completeness.late, missingCount: completeness.missing,
            openCases: openCases, isStaff: actor.kind == .staff,
            anyMissing: completeness.missing > 0, anyAbnormal: completeness.abnormal > 0, anyLate: completeness.late > 0, anyOpen: openCases > 0,
            groups: groups, hasGroups: !groups.isEmpty, levels: levels,
            unitLabel: unit.map { Self.unitLabel(level, $0, t: t, lang: lang) } ?? "",
            hasUnit: unit != nil, allHref: link(["unit": ""]),
            missing: missing.items.map { m in
                .init(studentNo: m.studentNo, name: m.name, className: m.className, building: m.building ?? "",
                      room: m.room ?? "", leader: m.gridRole.map { t.text("grid_role_\($0)", lang) } ?? "")
            },
            hasMissing: !missing.items.isEmpty, moreMissing: missing.next != nil,
            updatedAt: PageTime(timeZone: services.timeZone, language: lang).clock(services.clock.now()),
            mayRemind: CheckInPermissions.mayRemind(actor) && day == today,
            exportHref: "/dashboard/missing.xlsx?" + (unit.map { "groupBy=\(level.rawValue)&unit=\(Self.encode($0))&" } ?? "") + "date=\(day)",
            reminded: q["reminded"] == "wait" ? t.text("dashboard_remind_wait", lang)
                : q["reminded"].flatMap { Int(String($0)) }.map { t.text("dashboard_reminded", lang).replacingOccurrences(of: "{n}", with: String($0)) })
        return renderer.render(model, title: "dashboard_title", context: context)
    }

    static func defaultLevel(for actor: Actor) -> UnitKey.Level {
        if !actor.roles.isDisjoint(with: [.admin, .leader]) { return .building }
        if actor.roles.contains(.buildingLeader) || actor.roles.contains(.floorLeader) { return .floor }
        if actor.roles.contains(.roomLeader) { return .room }
        if actor.roles.contains(.secretary) { return .class }
        return .class
    }

    static func filter(level: UnitKey.Level, unit: String) -> StudentFilter {
        switch level {
        case .building: StudentFilter(building: unit)
        case .floor: StudentFilter(floor: unit)
        case .room: StudentFilter(room: unit)
        case .college: StudentFilter(college: unit)
        case .class: StudentFilter(className: unit)
        case .campus: StudentFilter()
        }
    }

    /// `1号楼 2层`, `1号楼 101室`, or the key itself; students without the unit are "未分配".
    static func unitLabel(_ level: UnitKey.Level, _ key: String, t: StringCatalog, lang: Language) -> String {
        if key.isEmpty { return t.text("unit_unassigned", lang) }
        guard level == .floor || level == .room, let slash = key.lastIndex(of: "/") else { return key }
        let building = String(key[..<slash]), rest = String(key[key.index(after: slash)...])
        let template = t.text(level == .floor ? "grid_floor_n" : "grid_room_n", lang)
        return building + " " + template.replacingOccurrences(of: "{n}", with: rest)
    }

    static func shift(_ day: CampusDay, by days: Int, in timeZone: TimeZone) -> CampusDay {
        let noon = CheckInPolicy.instant(day, minutes: 12 * 60, in: timeZone)
        return CampusDay(noon.addingTimeInterval(TimeInterval(days * 86_400)), in: timeZone)
    }
}
