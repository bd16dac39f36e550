/// `audit.mustache`: the audit trail's search form and its newest matching entries, worded for people
/// (`AuditWording`): actions, subjects and details in the reader's language, names beside numbers.
struct AuditPageModel: PageModel {
    static let template = "audit"

    struct Row: Sendable {
        var seq: Int
        var at: String
        var actor: String
        var actorName: String?
        var actorHref: String?
        var action: String
        var subject: String
        var subjectName: String?
        var subjectHref: String?
        /// The subject as stored, when what is shown differs from it.
        var subjectStored: String?
        var ip: String
        var detail: String
        var detailHref: String?
        var detailStored: String?
        var failure: Bool
    }

    var rows: [Row]
    var hasRows: Bool
    var actor: String
    var action: String
    var subject: String
    /// The actions to filter by, named in the reader's language.
    var actions: [Option]

    struct Option: Sendable { var value: String; var label: String; var selected: Bool }
}
