import CampusKit
import Foundation

/// The daily report and zero report (C4): each unit attests its day from figures the system fills in, a report
/// that contradicts the data is refused with the reason, and the school's report is compiled from the units'.
public struct ReportService: Sendable {
    private let store: any ReportStore
    private let clock: any Clock
    private let timeZone: TimeZone
    private let audit: any AuditLog

    public init(store: any ReportStore, clock: any Clock, timeZone: TimeZone, audit: any AuditLog) {
        self.store = store
        self.clock = clock
        self.timeZone = timeZone
        self.audit = audit
    }

    /// The units `actor` answers for: a secretary's colleges, a building leader's buildings.
    public static func responsibleUnits(of actor: Actor) -> Set<ReportingUnit> {
        guard actor.kind == .staff else { return [] }
        var units: Set<ReportingUnit> = []
        for unit in actor.scope.units {
            if unit.level == .college && actor.roles.contains(.secretary) { units.insert(ReportingUnit(.college, unit.key)) }
            if unit.level == .building && actor.roles.contains(.buildingLeader) { units.insert(ReportingUnit(.building, unit.key)) }
        }
        return units
    }

    /// Who may see the whole school's report and export it.
    public static func mayReadSchool(_ actor: Actor) -> Bool {
        !actor.roles.isDisjoint(with: ReportPermissions.schoolReaderRoles) || actor.tokenScopes.contains(ReportPermissions.schoolReaderScope)
    }

    /// The school's report for `day`: every unit the actor may see with its figures and state.
    /// Leaders see every unit; responsible staff see their own units.
    public func schoolReport(on day: CampusDay, deadlineMinutes: Int, by actor: Actor) async throws -> SchoolReport {
        let mine = Self.responsibleUnits(of: actor)
        guard ReportPermissions.mayRead(actor) else {
            throw DomainError.forbidden("只有学工处、学院书记和楼长可以查看日报 (only leaders, secretaries and building leaders see daily reports)")
        }
        async let figures = store.figures(school: actor.school, day: day)
        async let reports = store.reports(school: actor.school, day: day)
        let byUnit = Dictionary(try await reports.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
        let deadline = day.instant(minutes: deadlineMinutes, in: timeZone)
        let now = clock.now()
        let lines = try await figures
            .filter { Self.mayReadSchool(actor) || mine.contains($0.key) }
            .map { unit, f in
                let report = byUnit[unit]
                return ReportLine(unit: unit, figures: f, report: report,
                                  state: report != nil ? .submitted : (now >= deadline ? .overdue : .pending))
            }
            .sorted { ($0.unit.level.rawValue, $0.unit.key) < ($1.unit.level.rawValue, $1.unit.key) }
        return SchoolReport(day: day, deadline: deadline, lines: lines)
    }

    /// Attests a unit's day. The claimed figures must equal the data's; `zero` must say what the data says
    /// (zero abnormal and zero open cases); otherwise `.invalid` names each disagreeing figure and why.
    public func submit(day: CampusDay, unit: ReportingUnit, claimed: UnitFigures, zero: Bool, note: String,
                       deadlineMinutes: Int, by actor: Actor) async throws -> DailyReport {
        guard Self.responsibleUnits(of: actor).contains(unit) else {
            throw DomainError.forbidden("只有负责该单位的书记或楼长可以报告 (only the unit's secretary or building leader attests its report)")
        }
        let now = clock.now()
        let today = CampusDay(now, in: timeZone)
        guard day <= today else { throw DomainError.invalid("不能报告未来的日期 (a future day cannot be reported)", field: "date") }
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 500 else { throw DomainError.invalid("说明最多 500 字 (the note is limited to 500 characters)", field: "note") }
        guard let actual = try await store.figures(school: actor.school, day: day)[unit] else {
            throw DomainError.notFound("没有这个报告单位 (no such reporting unit)")
        }
        var errors: [FieldError] = []
        func check(_ field: String, _ name: String, _ said: Int, _ real: Int) {
            if said != real {
                errors.append(FieldError(field: field, message: "\(name)：报告为 \(said)，系统记录为 \(real) (\(field): reported \(said), the data says \(real))"))
            }
        }
        check("expected", "应报人数", claimed.expected, actual.expected)
        check("reported", "已报人数", claimed.reported, actual.reported)
        check("abnormal", "异常人数", claimed.abnormal, actual.abnormal)
        check("openCases", "未结个案", claimed.openCases, actual.openCases)
        if zero && !actual.isZero {
            errors.append(FieldError(field: "zero", message: "系统中有 \(actual.abnormal) 名异常学生、\(actual.openCases) 个未结个案，不能零报告 (a zero report contradicts the data)"))
        }
        if !zero && actual.isZero {
            errors.append(FieldError(field: "zero", message: "今日无异常、无未结个案，请明确勾选零报告 (state the zero report explicitly)"))
        }
        guard errors.isEmpty else {
            throw DomainError(.invalid, "报告与系统数据不符：" + errors.map(\.message).joined(separator: "；"), fieldErrors: errors)
        }
        let late = now >= day.instant(minutes: deadlineMinutes, in: timeZone)
        let report = DailyReport(day: day, unit: unit, figures: actual, zero: zero, note: text, attestedBy: actor.username,
                                 attestedName: actor.displayName, attestedAt: now, late: late)
        try await store.save(report, school: actor.school)
        try await audit.record(AuditEntry(actor, at: now, action: "report.daily.attest", subject: "\(unit.level.rawValue):\(unit.key)",
                                          detail: "\(day) expected \(actual.expected) reported \(actual.reported) abnormal \(actual.abnormal) open \(actual.openCases)\(zero ? " zero" : "")\(late ? " late" : "")"))
        return report
    }
}
