/// `quarantine.mustache`: each site's rooms as a grid of occupancy, and the placement form for those who place.
struct QuarantinePageModel: PageModel {
    static let template = "quarantine"
    struct Room: Sendable { var code: String; var occupied: Int; var capacity: Int; var full: Bool; var empty: Bool }
    struct Site: Sendable { var code: String; var name: String; var occupied: Int; var capacity: Int; var rooms: [Room] }
    struct Choice: Sendable { var value: String; var label: String; var selected: Bool }
    var sites: [Site]
    var hasSites: Bool
    var mayPlace: Bool
    var reasons: [Choice]
    var siteChoices: [Choice]
    var studentNo: String
    var room: String
    var errors: [String]
    var hasErrors: Bool
}

/// One placement as lists show it.
struct PlacementRow: Sendable {
    var id: String
    var studentNo: String
    var name: String
    var reason: String
    var place: String
    var start: String
    var plannedEnd: String
    var state: String
    var active: Bool
    var day: String
}

/// `quarantine_ledger.mustache`: the ledger (台账) with its filters and export links.
struct QuarantineLedgerPageModel: PageModel {
    static let template = "quarantine_ledger"
    var items: [PlacementRow]
    var hasItems: Bool
    var statuses: [QuarantinePageModel.Choice]
    var sites: [QuarantinePageModel.Choice]
    /// The grid-unit and day filters every ledger shares (`ledger_unit_filters`).
    var units: LedgerUnitChoices
    var query: String
    var next: String?
}

/// `quarantine_placement.mustache`: one placement — where, since when, the protocol's days and tests, what still
/// keeps it from ending, health records, its history, and the forms (record, release, early release).
struct PlacementPageModel: PageModel {
    static let template = "quarantine_placement"
    struct Record: Sendable { var at: String; var temperature: String; var symptoms: String; var abnormal: Bool; var by: String }
    struct Change: Sendable { var at: String; var by: String; var action: String; var detail: String }
    struct Symptom: Sendable { var value: String; var label: String }
    var row: PlacementRow
    var protocolText: String
    var criteria: [String]
    var hasCriteria: Bool
    var records: [Record]
    var hasRecords: Bool
    var history: [Change]
    var mayRecord: Bool
    var mayRelease: Bool
    var earlyBy: String?
    var earlyReason: String?
    var symptoms: [Symptom]
    var errors: [String]
    var hasErrors: Bool
    var notice: String?
    /// Where the placement came from, in words, and the page of that source (an investigation, a tube).
    var source: String
    var sourceLink: String?
}

/// `quarantine_contacts.mustache`: an investigation's contacts with boxes to tick, and the site to place them at.
struct PlaceContactsPageModel: PageModel {
    static let template = "quarantine_contacts"
    struct Contact: Sendable { var studentNo: String; var name: String; var degree: String; var placed: Bool }
    var investigation: String
    var index: String
    var contacts: [Contact]
    var hasContacts: Bool
    var sites: [QuarantinePageModel.Choice]
    var errors: [String]
    var hasErrors: Bool
}
