/// `accounts.mustache`: every account with its locks, two-factor state and granted roles.
struct AccountsPageModel: PageModel {
    static let template = "accounts"

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
        var grants: [Grant]
        var encoded: String
    }
    /// A password just reset: the one-time code to hand over.
    struct Reset: Sendable { var username: String; var code: String }

    var rows: [Row]
    var reset: Reset?
}
