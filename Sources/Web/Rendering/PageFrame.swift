import CampusKit

/// The layout's facts about the page and its reader (`page` in templates): language, title, and the reader's menu
/// (built from what each domain's permissions let them open, `PageModule`).
struct PageFrame: Sendable {
    var lang: String
    var otherLang: String
    var title: String
    var school: String
    var user: String?
    var roles = ""
    var csrf = ""
    var isStudent = false
    var menu: [Menu.Group] = []
    /// A line about work still running in the background (the demo's history), on every page.
    var background: String?

    init(language: Language, title: String, school: String, reader: Actor?, csrf: String?, menu: Menu?, roleName: (Role) -> String) {
        lang = language.rawValue
        otherLang = language.other.rawValue
        self.title = title
        self.school = school
        guard let reader else { return }
        user = reader.displayName
        roles = reader.roles.map(roleName).sorted().joined(separator: "、")
        self.csrf = csrf ?? ""
        isStudent = reader.kind == .student
        self.menu = menu?.groups ?? []
    }

    func with(background: String?) -> PageFrame {
        var frame = self
        frame.background = background
        return frame
    }
}
