import CampusKit
import Hummingbird
import Quarantine

extension PageModule {
    /// Quarantine: the sites' room grid and the placement form, the ledger and its export, a placement's page (records,
    /// criteria, release), the student's own page, and placing an investigation's contacts.
    static let quarantine = PageModule(menu: [
        MenuEntry(.daily, "/quarantine", "quarantine_title", shows: QuarantinePermissions.mayRead),
        MenuEntry(.daily, "/quarantine/ledger", "quarantine_ledger_title", shows: QuarantinePermissions.mayRead),
        MenuEntry(.daily, "/quarantine/mine", "quarantine_mine_title", shows: MenuEntry.students),
    ], routes: { c, pages in
        let readers = RouteRule.roles(QuarantinePermissions.readers)
        let managers = RouteRule.roles(QuarantinePermissions.managers)
        pages.get("quarantine", readers, use: c.quarantinePage)
        pages.post("quarantine/placements", managers, use: c.placeForm)
        pages.get("quarantine/ledger", readers, use: c.quarantineLedgerPage)
        pages.get("quarantine/ledger/export", readers, use: c.exportQuarantineLedger)
        pages.get("quarantine/mine", RouteRule.people, use: c.myQuarantinePage)
        pages.get("quarantine/placements/:id", RouteRule.people, use: c.placementPage)
        pages.post("quarantine/placements/:id/records", RouteRule.people, use: c.healthRecordForm)
        pages.post("quarantine/placements/:id/release", managers, use: c.releaseForm)
        pages.get("quarantine/contacts", managers, use: c.placeContactsPage)
        pages.post("quarantine/contacts", managers, use: c.placeContactsForm)
        pages.get("quarantine/tube", managers, use: c.placeTubePage)
        pages.post("quarantine/tube", managers, use: c.placeTubeForm)
    })
}
