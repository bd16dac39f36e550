import CampusKit
import Hummingbird
import Ledgers

extension PageModule {
    /// The ledgers (台账, C5): their index, key students (the ledger, one student's flag and history, the forms, the
    /// export) and the on-campus ledger with its export. The quarantine and sick-leave ledgers live with their domain.
    static let ledgers = PageModule(menu: [
        MenuEntry(.daily, "/ledgers", "ledgers_title", shows: LedgerPermissions.mayReadAny),
        MenuEntry(.daily, "/ledgers/key-students", "key_students_title", shows: LedgerPermissions.mayKeepKeyStudents),
    ], routes: { c, pages in
        let keepers = RouteRule.roles(LedgerPermissions.keyStudentKeepers)
        pages.get("ledgers", RouteRule.staff(), use: c.ledgersPage)
        pages.get("ledgers/key-students", keepers, use: c.keyStudentsPage)
        pages.post("ledgers/key-students", keepers, use: c.flagKeyStudentForm)
        pages.get("ledgers/key-students/:studentNo", keepers, use: c.keyStudentPage)
        pages.post("ledgers/key-students/:studentNo", keepers, use: c.changeKeyStudentForm)
        pages.post("ledgers/key-students/:studentNo/clear", keepers, use: c.clearKeyStudentForm)
        pages.get("ledgers/export/key-students", keepers, use: c.exportKeyStudents)
        pages.get("ledgers/on-campus", RouteRule.staff(), use: c.onCampusPage)
        pages.get("ledgers/export/on-campus", RouteRule.staff(), use: c.exportOnCampus)
    })
}
