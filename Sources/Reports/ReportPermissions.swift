import CampusKit

/// Who may do what with daily reports (C4): the rule `ReportService` enforces, and what navigation reads.
public enum ReportPermissions {
    /// Who sees the daily report page: those who read the whole school's report, and those who answer for a unit.
    public static func mayRead(_ actor: Actor) -> Bool {
        ReportService.mayReadSchool(actor) || !ReportService.responsibleUnits(of: actor).isEmpty
    }
}
