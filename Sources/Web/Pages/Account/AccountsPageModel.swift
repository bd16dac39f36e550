/// `accounts.mustache`: the accounts matching a search (by name, staff or student number), each with its locks,
/// two-factor state, the roles the roster gives it with their units, and the roles granted on it.
struct AccountsPageModel: PageModel {
    static let template = "accounts"
    /// The most accounts one page lists; a search narrows the rest.
    static let limit = 100

    struct Grant: Sendable { var role: String; var label: String; var on: Bool }
    struct Row: Sendable {
        var username: String
        var displayName: String
        var kind: String
        var locked: Bool
        var twoFactor: Bool
        var mustChange: Bool
        var hasPassword: Bool
        var isStaff: Bool
        /// What the roster makes this person, role by role with its units (辅导员（信息2101、信息2102）).
        var duties: [String]
        var hasDuties: Bool
        var grants: [Grant]
        var encoded: String
    }
    /// A password just reset: the one-time code to hand over.
    struct Reset: Sendable { var username: String; var code: String }

    var rows: [Row]
    var reset: Reset?
    /// The search as typed (the forms on the page come back to it), and whether there is one.
    var query: String
    var searched: Bool
    /// "显示 N 个，共 M 个" — and whether some were left out.
    var shown: String
    var capped: Bool
    var hasRows: Bool
}
