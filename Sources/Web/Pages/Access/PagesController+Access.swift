import CampusKit
import Foundation
import GateAccess
import Hummingbird
import Roster

extension PagesController {
    /// "Who is where, and what needs a look": presence of my students, the alerts of the last days, the policy in force.
    @Sendable func accessPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let lang = context.language
        let t = renderer.strings
        guard actor.kind == .staff else { throw PageFailure.forbidden("access_forbidden") }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let q = request.uri.queryParameters
        let kind = q["kind"].flatMap { AccessAlert.Kind(rawValue: String($0)) }
        let presence = try await services.gates.presence(by: actor)
        let alerts = try await services.gates.alerts(days: 3, kind: kind, page: PageRequest(limit: 200), by: actor)
        let policy = try await services.gates.policy(by: actor)
        let filters = ([nil] + AccessAlert.Kind.allCases).map { k in
            PageLink(href: "/access" + (k.map { "?kind=\($0.rawValue)" } ?? ""), label: t.text(k.map { "alert_\($0.rawValue)" } ?? "access_all_alerts", lang),
                     current: k == kind)
        }
        let curfew = policy.curfew.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) }
        let model = AccessPageModel(
            enrolled: presence.onCampus + presence.offCampus + presence.unknown, onCampus: presence.onCampus, offCampus: presence.offCampus, unknown: presence.unknown, anyAway: presence.offCampus > 0,
            buildings: Set(presence.inside.keys).union(presence.residents.keys).sorted().map {
                .init(building: $0, residents: presence.residents[$0] ?? 0, inside: presence.inside[$0] ?? 0)
            },
            hasBuildings: !presence.inside.isEmpty || !presence.residents.isEmpty,
            away: presence.away.prefix(200).map { p in
                .init(studentNo: p.studentNo, name: p.name, className: p.className, since: p.lastGateAt.map(time.dayAndClock) ?? "")
            },
            hasAway: !presence.away.isEmpty,
            alerts: alerts.items.map { a in
                .init(studentNo: a.studentNo, name: a.studentName, at: time.dayAndClock(a.at), kind: t.text("alert_\(a.kind.rawValue)", lang),
                      detail: a.detail, red: a.kind != .denied)
            },
            hasAlerts: !alerts.items.isEmpty, filters: filters,
            policyName: t.table(lang)["policy_\(policy.name)"] ?? policy.name,
            policyVersion: t.text("access_policy_version", lang).replacingOccurrences(of: "{n}", with: String(policy.version)),
            curfew: curfew ?? t.text("access_no_curfew", lang), curfewField: curfew ?? "",
            rules: policy.rules.map { r in
                .init(kinds: r.kinds.map { t.text("point_\($0.rawValue)", lang) }.joined(separator: "、"),
                      direction: r.direction.map { t.text("direction_\($0.rawValue)", lang) } ?? t.text("direction_both", lang),
                      require: r.require.map { t.text("require_\($0.rawValue)", lang) }.joined(separator: "、"))
            },
            hasRules: !policy.rules.isEmpty, updatedAt: time.clock(services.clock.now()),
            presets: [GatePolicy.normal, GatePolicy.lockdown].map { p in
                .init(value: p.name, label: t.text("policy_\(p.name)", lang), selected: p.rules == policy.rules)
            },
            managesPolicy: GatePermissions.mayManagePolicy(actor))
        return renderer.render(model, title: "access_title", context: context)
    }

    struct PolicyForm: Decodable { var _csrf: String?; var preset: String?; var curfew: String? }

    /// Switches the gate policy between the built-in presets (normal days, closed management) with a curfew; admins and leaders.
    @Sendable func policyForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(PolicyForm.self, request, context) { $0._csrf }
        guard var policy = [GatePolicy.normal, GatePolicy.lockdown].first(where: { $0.name == form.preset }) else {
            throw DomainError.invalid("未知的策略 (unknown preset)", field: "preset")
        }
        if let text = form.curfew?.trimmingCharacters(in: .whitespaces) {
            if text.isEmpty { policy.curfew = nil } else {
                let parts = text.split(separator: ":").compactMap { Int($0) }
                guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                    throw DomainError.invalid("查寝时间应为 HH:MM (curfew must be HH:MM)", field: "curfew")
                }
                policy.curfew = parts[0] * 60 + parts[1]
            }
        }
        _ = try await services.gates.setPolicy(policy, by: actor)
        return Response(status: .seeOther, headers: [.location: "/access"])
    }

    /// One student's day at the gates: events and stays, by day, for whoever has the student in scope (audited).
    @Sendable func trajectoryPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let lang = context.language
        let t = renderer.strings
        let number = try context.parameters.require("studentNo")
        let today = CampusDay(services.clock.now(), in: services.timeZone)
        let day = request.uri.queryParameters["date"].flatMap { CampusDay(String($0)) } ?? today
        let start = day.instant(minutes: 0, in: services.timeZone)
        let trajectory = try await PageFailure.explaining(title: "trajectory_title", missing: "trajectory_missing", hideForbidden: true) {
            try await services.gates.trajectory(of: number, window: DateInterval(start: start, duration: 86_400), by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let names = PlaceNames(try await services.gates.points(by: actor))
        func link(_ d: CampusDay) -> String { "/students/\(number)/trajectory?date=\(d)" }
        let previous = CampusDay(start.addingTimeInterval(-43_200), in: services.timeZone)
        let next = CampusDay(start.addingTimeInterval(86_400 + 43_200), in: services.timeZone)
        let model = TrajectoryPageModel(
            studentNo: number, date: day.description, prev: link(previous), next: day < today ? link(next) : nil,
            events: trajectory.events.map { e in
                .init(at: time.clock(e.event.at), point: names.point(e.event.accessPoint), place: names.place(e.place), kind: t.text("point_\(e.kind.rawValue)", lang),
                      direction: t.text("direction_\(e.event.direction.rawValue)", lang), denied: !e.event.granted)
            },
            hasEvents: !trajectory.events.isEmpty,
            stays: trajectory.stays.map { s in
                .init(place: names.place(s.place), kind: t.text("point_\(s.kind.rawValue)", lang), from: time.dayAndClock(s.from), to: time.clock(s.to),
                      minutes: Int(s.to.timeIntervalSince(s.from) / 60), counts: s.kind.countsForCoPresence)
            },
            hasStays: !trajectory.stays.isEmpty)
        return renderer.render(model, title: "trajectory_title", context: context)
    }
}
