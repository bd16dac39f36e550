import CampusKit
import CheckIns
import Foundation
import Hummingbird
import Reports

extension PagesController {
    /// The leadership dashboard (领导看板): the day at a glance, the trends of the last 14 days as charts with their
    /// tables, and every campus, building and college worst first. The same `OverviewService` call as
    /// `GET /api/v1/overview`, so page and API show the same numbers. Who may open it is decided on the route. Today's
    /// refreshes itself every minute (`live.js`); the charts need no script.
    @Sendable func overviewPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let lang = context.language
        let t = renderer.strings
        let today = services.checkIns.today
        let day = min(request.uri.queryParameters["date"].flatMap { CampusDay(String($0)) } ?? today, today)
        let overview = try await services.overview.overview(on: day, by: context.actor)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let g = overview.glance
        let labels = overview.trend.map { time.day($0.day) }
        let chart = { (id: String, title: String) in TrendChart(id: id, title: t.text(title, lang), labels: labels) }
        let levels: [(UnitKey.Level, String, [Overview.UnitLine])] = [
            (.campus, "overview_by_campus", overview.campuses), (.building, "overview_by_building", overview.buildings),
            (.college, "overview_by_college", overview.colleges),
        ]
        let model = OverviewPageModel(
            date: day.description, dayLabel: time.day(day), isToday: day == today,
            prev: "/overview?date=\(Self.shift(day, by: -1, in: services.timeZone))",
            next: day < today ? "/overview?date=\(Self.shift(day, by: 1, in: services.timeZone))" : nil,
            updatedAt: time.clock(services.clock.now()),
            expected: g.expected, reported: g.reported, percent: g.percent, missing: g.missing, complete: g.missing == 0,
            abnormal: g.abnormal, anyAbnormal: g.abnormal > 0, openCases: g.openCases, anyOpen: g.openCases > 0,
            overdueLeaves: g.overdueLeaves, anyOverdue: g.overdueLeaves > 0, pendingLeaves: g.pendingLeaves, anyPending: g.pendingLeaves > 0,
            hasTesting: g.testing != nil, testingName: g.testing?.name ?? "", testingDay: g.testing.map { time.day($0.day) } ?? "",
            testingTested: g.testing?.tested ?? 0, testingExpected: g.testing?.expected ?? 0, testingPercent: g.testing?.percent ?? 0,
            testingComplete: g.testing.map { $0.tested >= $0.expected } ?? false,
            completenessChart: chart("completeness", "overview_chart_completeness").percentLine(overview.trend.map(\.percent), cssClass: "blue"),
            eventsChart: chart("events", "overview_chart_events").bars([
                TrendChart.Series(name: t.text("overview_col_abnormal", lang), cssClass: "red", values: overview.trend.map(\.abnormal)),
                TrendChart.Series(name: t.text("overview_col_cases_opened", lang), cssClass: "amber", values: overview.trend.map(\.casesOpened)),
            ]),
            samplesChart: chart("samples", "overview_chart_samples").bars([
                TrendChart.Series(name: t.text("overview_col_samples", lang), cssClass: "blue", values: overview.trend.map(\.samples)),
            ]),
            days: zip(labels, overview.trend).map { label, d in
                .init(label: label, expected: d.expected, reported: d.reported, percent: d.percent, abnormal: d.abnormal,
                      casesOpened: d.casesOpened, samples: d.samples, hasAbnormal: d.abnormal > 0, hasCases: d.casesOpened > 0)
            },
            levels: levels.map { level, title, lines in
                OverviewPageModel.Level(id: level.rawValue, title: t.text(title, lang), lines: lines.map { line in
                    let f = line.figures
                    return .init(label: line.key.isEmpty ? t.text("unit_unassigned", lang) : line.key,
                                 href: "/dashboard?date=\(day)&groupBy=\(level.rawValue)" + (level == .campus ? "" : "&unit=\(Self.encode(line.key))"),
                                 expected: f.expected, reported: f.reported, missing: f.missing, percent: line.percent, abnormal: f.abnormal,
                                 openCases: f.openCases, hasMissing: f.missing > 0, hasAbnormal: f.abnormal > 0, hasOpen: f.openCases > 0,
                                 complete: f.missing == 0)
                }, hasLines: !lines.isEmpty)
            })
        return renderer.render(model, title: "nav_overview", context: context)
    }
}
