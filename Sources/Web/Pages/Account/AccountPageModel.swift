/// `account.mustache`: my password and two-factor sign-in.
struct AccountPageModel: PageModel {
    static let template = "account"
    var username: String
    var displayName: String
    var mustChange: Bool
    var mustEnrol: Bool
    var twoFactor: Bool
    /// Signed in with an activation code or a reset: the code was just typed, so no "current password" is asked.
    var initialCredential: Bool
    var isStaff: Bool
    var policyHint: String
    var passwordErrors: [String]?
    var codeError: String?
    var pendingSecret: String?
    var pendingURI: String?
    var recoveryCodes: [String]?
    var hasRecoveryCodes = false
    /// The password was just changed: say so, and offer the way back to the reader's first page.
    var changed = false
    var home = "/"
    /// 通知方式: where notifications go besides the inbox.
    var notify: NotifySection?
}
