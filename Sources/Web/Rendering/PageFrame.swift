import Accounts
import CampusKit
import CheckIns
import Cases
import ContactTracing
import Roster
import TestingCampaigns

/// The layout's facts about the page and its reader (`page` in templates): language, title, and the menu,
/// each entry shown exactly when the domain's permissions let the reader open it.
struct PageFrame: Sendable {
    var lang: String
    var otherLang: String
    var title: String
    var school: String
    var user: String?
    var roles = ""
    var csrf = ""
    var isStudent = false
    var seesDashboard = false
    var followsCases = false
    var followsTesting = false
    var investigates = false
    var isAdmin = false
    var issuesCodes = false
    var isSystemAdmin = false

    init(language: Language, title: String, school: String, reader: Actor?, csrf: String?, roleName: (Role) -> String) {
        lang = language.rawValue
        otherLang = language.other.rawValue
        self.title = title
        self.school = school
        guard let reader else { return }
        user = reader.displayName
        roles = reader.roles.map(roleName).sorted().joined(separator: "、")
        self.csrf = csrf ?? ""
        isStudent = reader.kind == .student
        seesDashboard = CheckInPermissions.mayFollowCompleteness(reader)
        followsCases = CasePermissions.mayFollow(reader)
        followsTesting = TestingPermissions.mayView(reader)
        investigates = InvestigationPermissions.mayInvestigate(reader)
        isAdmin = RosterPermissions.mayImport(reader)
        issuesCodes = AccountPermissions.mayActivate(reader)
        isSystemAdmin = AccountPermissions.mayAdminister(reader)
    }
}
