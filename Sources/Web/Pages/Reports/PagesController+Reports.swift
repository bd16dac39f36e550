import CampusKit
import CheckIns
import Foundation
import Hummingbird
import Reports
import Tabular

extension PagesController {
    struct AttestForm: Decodable {
        var _csrf: String?; var date: String?; var level: String?; var unit: String?
        var expected: Int?; var reported: Int?; var abnormal: Int?; var openCases: Int?; var zero: String?; var note: String?
    }

    /// The day's reports: leaders see every unit and export the school's report; secretaries and building
    /// leaders see their units pre-filled from the data and attest them.
    @Sendable func reportsPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let day = request.uri.queryParameters["date"].flatMap { CampusDay(String($0)) } ?? services.checkIns.today
        return try await renderReports(day, actor: actor, context: context, errors: [:])
    }

    func renderReports(_ day: CampusDay, actor: Actor, context: SignedInPage, errors: [String: [String]],
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = context.language
        let t = renderer.strings
        let policy = try await services.checkIns.policy(school: actor.school)
        let report = try await PageFailure.explaining(title: "forbidden_title", missing: "reports_forbidden") {
            try await services.reports.schoolReport(on: day, deadlineMinutes: policy.reportDeadline, by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let mine = ReportService.responsibleUnits(of: actor)
        let lines = report.lines.map { line in
            let f = line.figures
            let id = "\(line.unit.level.rawValue):\(line.unit.key)"
            return ReportsPageModel.Line(
                level: t.text("report_level_\(line.unit.level.rawValue)", lang), levelValue: line.unit.level.rawValue, unit: line.unit.key,
                expected: f.expected, reported: f.reported, missing: f.missing, abnormal: f.abnormal, openCases: f.openCases,
                state: t.text("report_state_\(line.state.rawValue)", lang),
                stateClass: line.state == .submitted ? "green" : (line.state == .overdue ? "red" : "amber"),
                attestedBy: line.report?.attestedName ?? "", attestedAt: line.report.map { time.dayAndClock($0.attestedAt) } ?? "",
                hasAbnormal: f.abnormal > 0, zero: line.report?.zero == true, late: line.report?.late == true, dataZero: f.isZero,
                mine: mine.contains(line.unit), errors: errors[id] ?? [], hasErrors: errors[id] != nil, submitted: line.report != nil)
        }
        let totals = report.totals
        let formsNeeded = lines.filter(\.mine)
        let model = ReportsPageModel(
            date: day.description, deadline: time.dayAndClock(report.deadline), lines: lines, hasLines: !lines.isEmpty,
            mine: formsNeeded, hasMine: !formsNeeded.isEmpty,
            expected: totals.expected, reported: totals.reported, abnormal: totals.abnormal, openCases: totals.openCases,
            submitted: report.submitted, units: report.lines.count, overdue: report.overdue.count,
            anyOverdue: !report.overdue.isEmpty, anyAbnormal: totals.abnormal > 0, anyOpen: totals.openCases > 0,
            mayExport: ReportService.mayReadSchool(actor) || !mine.isEmpty,
            prev: "/reports/daily?date=\(Self.shift(day, by: -1, in: services.timeZone))",
            next: day < services.checkIns.today ? "/reports/daily?date=\(Self.shift(day, by: 1, in: services.timeZone))" : nil)
        return renderer.render(model, title: "reports_title", context: context, status: status)
    }

    @Sendable func attestReportForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(AttestForm.self, request, context) { $0._csrf }
        guard let day = form.date.flatMap(CampusDay.init), let level = form.level.flatMap(ReportingUnit.Level.init(rawValue:)),
              let key = form.unit else {
            throw DomainError(.malformed, "表单不完整 (the form is incomplete)")
        }
        let unit = ReportingUnit(level, key)
        let policy = try await services.checkIns.policy(school: actor.school)
        do {
            _ = try await services.reports.submit(
                day: day, unit: unit,
                claimed: UnitFigures(expected: form.expected ?? -1, reported: form.reported ?? -1, abnormal: form.abnormal ?? -1, openCases: form.openCases ?? -1),
                zero: form.zero == "yes", note: form.note ?? "", deadlineMinutes: policy.reportDeadline, by: actor)
        } catch let error as DomainError where error.kind == .invalid {
            return try await renderReports(day, actor: actor, context: context,
                                           errors: ["\(level.rawValue):\(key)": error.fieldErrors.map { $0.text(in: context.language) }], status: .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/reports/daily?date=\(day)"])
    }

    /// The school's report as XLSX or CSV (UTF-8 with BOM; formula-like cells neutralised), for the units the caller sees.
    @Sendable func exportReport(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let day = request.uri.queryParameters["date"].flatMap { CampusDay(String($0)) } ?? services.checkIns.today
        let policy = try await services.checkIns.policy(school: actor.school)
        let report = try await services.reports.schoolReport(on: day, deadlineMinutes: policy.reportDeadline, by: actor)
        let table = ReportExport(strings: renderer.strings, language: context.language, timeZone: services.timeZone)
        return try await download(TableExport(name: "report", file: "daily-report", suffix: day.description, columns: ReportExport.columns,
                                              rows: table.rows(report),
                                              audit: .record(action: "report.daily.export", subject: day.description,
                                                             detail: "\(report.lines.count) units")),
                                  request, context: context)
    }
}
