import CampusKit
import Foundation
import Hummingbird
import Separation

extension PagesController {
    struct SeparationPublishForm: Decodable { var _csrf: String?; var date: String? }

    /// One plan: each building's timetable (printable), the time-space chart, the verifier's verdict, publishing.
    @Sendable func separationPlanPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderSeparationPlan(try context.parameters.require("id"), context: context, error: nil)
    }

    func renderSeparationPlan(_ id: String, context: SignedInPage, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let (actor, lang) = (context.actor, context.language)
        let plan = try await PageFailure.explaining(title: "separation_missing_title", missing: "separation_missing") {
            try await services.separation.plan(id, by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let problem = plan.problem
        let clock = Infeasibility.clock
        var timetables: [SeparationGroupTimetable] = []
        for group in problem.groups {
            let rows = plan.result.visits.filter { problem.demands[$0.demand].group == group.code }.sorted { $0.start < $1.start }.map { v in
                let demand = problem.demands[v.demand]
                return SeparationTimetableRow(facility: plan.label(v.facility), kind: separationKind(demand.kind, lang), from: clock(v.start),
                                              to: clock(v.start + demand.minutes), leave: clock(v.start - problem.walkMinutes(v.route)),
                                              route: v.route.map(plan.label).joined(separator: " → "))
            }
            if !rows.isEmpty { timetables.append(SeparationGroupTimetable(group: group.code, rows: rows)) }
        }
        let problems = (try? Verifier.verify(problem, visits: plan.result.visits)) ?? []
        let unplaced = plan.result.unscheduled.map { d in
            let demand = problem.demands[d]
            return "\(demand.group) · \(separationKind(demand.kind, lang)) · \(clock(demand.window[0]))–\(clock(demand.window[1]))"
        }
        let chart = SeparationChart(plan)
        let model = SeparationPlanPageModel(
            id: plan.id, name: problem.name, feasible: plan.result.feasible, objective: plan.result.objective, lowerBound: plan.result.lowerBound,
            elapsedMs: plan.result.elapsedMs, published: plan.publishedOn.map(time.day), mayPublish: SeparationPermissions.mayPlan(actor) && plan.result.feasible,
            today: services.separation.today().description, timetables: timetables, unscheduled: unplaced, hasUnscheduled: !unplaced.isEmpty,
            reasons: (plan.result.infeasibility?.words ?? []).map { words in
                Set(problem.facilities.map(\.kind)).reduce(lang.pick(words)) { $0.replacingOccurrences(of: $1, with: separationKind($1, lang)) }
            },
            chart: chart.svg(caption: renderer.strings.text("separation_chart_caption", lang)), hasChart: !chart.bars.isEmpty,
            valid: problems.filter { $0.kind != .missingVisit }.isEmpty, problems: problems.filter { $0.kind != .missingVisit }.map { lang.pick($0.words) },
            error: error)
        return renderer.render(model, title: "separation_plan_title", context: context, status: status)
    }

    @Sendable func separationPublishForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await self.form(SeparationPublishForm.self, request, context) { $0._csrf }
        do {
            guard let day = CampusDay(form.date ?? "") else { throw DomainError.invalid("日期格式应为 YYYY-MM-DD (a date like 2026-12-06)", field: "date") }
            _ = try await PageFailure.explaining(title: "separation_missing_title", missing: "separation_missing") {
                try await services.separation.publish(id, on: day, by: context.actor)
            }
            return Response(status: .seeOther, headers: [.location: "/separation/plans/\(id)"])
        } catch let error as DomainError where error.kind == .invalid || error.kind == .conflict {
            return try await renderSeparationPlan(id, context: context, error: error.text(in: context.language), status: .unprocessableContent)
        }
    }

    /// Who kept their slot on a day (`?date=`, today by default), and who of a building was seen at its facility outside it.
    @Sendable func separationAdherencePage(_ request: Request, context: SignedInPage) async throws -> Response {
        let id = try context.parameters.require("id")
        let lang = context.language
        let given = request.uri.queryParameters["date"].map(String.init) ?? ""
        let day = CampusDay(given) ?? services.separation.today()
        let (plan, report) = try await PageFailure.explaining(title: "separation_missing_title", missing: "separation_missing") {
            try await services.separation.adherence(id, on: day, by: context.actor)
        }
        let clock = Infeasibility.clock
        let rows = report.rows.map { r in
            SeparationAdherenceRow(group: r.group, facility: plan.label(r.facility), planned: "\(clock(r.from))–\(clock(r.to))", students: r.students,
                                   outside: r.outside.map { .init(studentNo: $0.studentNo, name: $0.name, times: $0.minutes.map(clock).joined(separator: "、")) },
                                   hasOutside: !r.outside.isEmpty, outsideCount: r.outside.count)
        }
        let total = rows.reduce(0) { $0 + $1.outsideCount }
        let model = SeparationAdherencePageModel(id: plan.id, name: plan.problem.name, date: day.description,
                                                 day: PageTime(timeZone: services.timeZone, language: lang).day(day), rows: rows,
                                                 outsideTotal: total, hasOutside: total > 0)
        return renderer.render(model, title: "separation_adherence_title", context: context)
    }

    /// The student's timetable of today on the phone: one sentence a visit, "今天 11:25–11:40 北区食堂取餐，路线：…".
    @Sendable func separationMinePage(_ request: Request, context: SignedInPage) async throws -> Response {
        guard context.actor.kind == .student else { return Response(status: .seeOther, headers: [.location: "/separation"]) }
        let lang = context.language
        let t = renderer.strings
        let service = services.separation
        let today = service.today()
        let mine = try await service.mine(on: today, by: context.actor)
        let clock = Infeasibility.clock
        let rows = mine.entries.map { e in
            let sentence = t.text("separation_mine_sentence", lang)
                .replacingOccurrences(of: "{day}", with: t.text("separation_today", lang))
                .replacingOccurrences(of: "{from}", with: clock(e.from)).replacingOccurrences(of: "{to}", with: clock(e.to))
                .replacingOccurrences(of: "{place}", with: e.facility)
                .replacingOccurrences(of: "{activity}", with: t.text("separation_activity_\(e.kind)", lang).hasPrefix("separation_")
                                      ? separationKind(e.kind, lang) : t.text("separation_activity_\(e.kind)", lang))
                .replacingOccurrences(of: "{route}", with: e.route.joined(separator: " → "))
            return SeparationMineRow(sentence: sentence, leave: t.text("separation_leave_at", lang).replacingOccurrences(of: "{time}", with: clock(e.leave)))
        }
        let model = SeparationMinePageModel(day: PageTime(timeZone: services.timeZone, language: lang).day(today), rows: rows, hasRows: !rows.isEmpty)
        return renderer.render(model, title: "separation_mine_title", context: context)
    }
}
