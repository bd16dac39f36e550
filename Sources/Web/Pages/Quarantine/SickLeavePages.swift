import CampusKit
import Hummingbird
import Quarantine

extension PageModule {
    /// The pages of sick leave (C9): the student's request on the phone, the counsellor's follow-up list, one sick
    /// leave with its follow-ups and the forms to note on it and close it.
    static let sickLeaves = PageModule(menu: [
        MenuEntry(.daily, "/sick-leave", "sick_leave_title", shows: MenuEntry.students),
        MenuEntry(.daily, "/sick-leaves", "sick_leaves_title", shows: SickLeave.mayFollow)
    ], routes: { c, pages in
        pages.get("sick-leave", RouteRule.people, use: c.sickLeavePage)
        pages.post("sick-leave", RouteRule.people, use: c.requestSickLeaveForm)
        pages.get("sick-leaves", RouteRule.people, use: c.sickLeavesPage)
        pages.post("sick-leaves", RouteRule.roles(SickLeave.followers), use: c.staffSickLeaveForm)
        pages.get("ledgers/export/sick-leaves", RouteRule.people, use: c.exportSickLeaves)
        pages.get("sick-leaves/:id", RouteRule.people, use: c.sickLeaveDetailPage)
        pages.post("sick-leaves/:id/follow-ups", RouteRule.people, use: c.followUpSickLeaveForm)
        pages.post("sick-leaves/:id/close", RouteRule.people, use: c.closeSickLeaveForm)
    })
}
