import CampusKit
import CheckIns
import Foundation
import Reports

extension ShouhuAPI {
    func getDailyReport(_ input: Operations.GetDailyReport.Input) async throws -> Operations.GetDailyReport.Output {
        let actor = try RequestActor.require()
        let day = try day(input.query.date)
        let policy = try await services.checkIns.policy(school: actor.school)
        let report = try await services.reports.schoolReport(on: day, deadlineMinutes: policy.reportDeadline, by: actor)
        let t = report.totals
        return .ok(.init(body: .json(.init(date: day.description, deadline: report.deadline, expected: t.expected, reported: t.reported,
                                           abnormal: t.abnormal, openCases: t.openCases, submitted: report.submitted,
                                           units: report.lines.map(Self.line)))))
    }

    func attestDailyReport(_ input: Operations.AttestDailyReport.Input) async throws -> Operations.AttestDailyReport.Output {
        let actor = try RequestActor.require()
        guard case .json(let body) = input.body else { throw DomainError(.malformed, "请求体应为 JSON (the body must be JSON)") }
        guard let day = CampusDay(body.date) else { throw DomainError.invalid("date 应为 YYYY-MM-DD (date must be YYYY-MM-DD)", field: "date") }
        let policy = try await services.checkIns.policy(school: actor.school)
        let unit = ReportingUnit(ReportingUnit.Level(rawValue: body.level.rawValue) ?? .college, body.unit)
        let report = try await services.reports.submit(
            day: day, unit: unit, claimed: UnitFigures(expected: body.expected, reported: body.reported, abnormal: body.abnormal, openCases: body.openCases),
            zero: body.zero, note: body.note ?? "", deadlineMinutes: policy.reportDeadline, by: actor)
        return .created(.init(body: .json(Self.line(ReportLine(unit: unit, figures: report.figures, report: report, state: .submitted)))))
    }

    static func line(_ l: ReportLine) -> Components.Schemas.ReportLine {
        let f = l.figures
        return .init(level: .init(rawValue: l.unit.level.rawValue) ?? .college, unit: l.unit.key, expected: f.expected, reported: f.reported,
                     missing: f.missing, abnormal: f.abnormal, openCases: f.openCases, state: .init(rawValue: l.state.rawValue) ?? .pending,
                     zero: l.report?.zero, attestedBy: l.report?.attestedName, attestedAt: l.report?.attestedAt, late: l.report?.late,
                     note: l.report?.note)
    }
}
