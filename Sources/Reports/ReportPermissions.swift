import CampusKit

/// Who may do what with daily reports (C4) and the school overview (C15): the rules `ReportService` and
/// `OverviewService` enforce, what navigation reads, and what the routes admit.
public enum ReportPermissions {
    /// The roles that read the whole school's figures (the school's report, the overview).
    public static let schoolReaderRoles: Set<Role> = [.admin, .leader]
    /// The integration token scope that reads them.
    public static let schoolReaderScope = "read:all"

    /// Who sees the daily report page: those who read the whole school's report, and those who answer for a unit.
    public static func mayRead(_ actor: Actor) -> Bool {
        ReportService.mayReadSchool(actor) || !ReportService.responsibleUnits(of: actor).isEmpty
    }
}
