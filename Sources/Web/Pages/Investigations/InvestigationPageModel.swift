/// `investigation.mustache`: one investigation's contacts by degree, each with its evidence.
struct InvestigationPageModel: PageModel {
    static let template = "investigation"

    struct Evidence: Sendable {
        var rule: String
        var place: String
        var when: String
        var minutes: String
        var via: String
    }
    struct Contact: Sendable {
        var studentNo: String
        var name: String
        var className: String
        var home: String
        var marked: Bool
        var evidence: [Evidence]
    }

    var id: String
    var studentNo: String
    var name: String
    var from: String
    var to: String
    var minutes: Int
    var floor: Bool
    var depth: Int
    var by: String
    var at: String
    var elapsed: String
    var first: [Contact]
    var second: [Contact]
    var firstCount: Int
    var secondCount: Int
    var hasFirst: Bool
    var hasSecond: Bool
    /// How many contacts are marked for follow-up.
    var marked: Int
    var plansTesting: Bool
    /// Quarantine managers place the contacts from here (a page listing them with boxes to tick).
    var placesContacts: Bool
    var testingName: String
    var today: String
    var testingStart: String
    var contactNumbers: String
    var filter: Filter
    /// Links to the other pages of the filtered contacts.
    var pages: [PageLink]
    /// The contacts on this page ("mark everyone on this page").
    var shownNumbers: [String]

    struct Filter: Sendable {
        var query: String
        var degree1: Bool
        var degree2: Bool
        var marked: Bool
        var unmarked: Bool
        var summary: String
        /// The query string to come back to after marking.
        var back: String
    }
}
