/// `account.mustache`: my password and two-factor sign-in.
struct AccountPageModel: PageModel {
    static let template = "account"
    var username: String
    var displayName: String
    var mustChange: Bool
    var mustEnrol: Bool
    var twoFactor: Bool
    var isStaff: Bool
    var policyHint: String
    var passwordErrors: [String]?
    var codeError: String?
    var pendingSecret: String?
    var pendingURI: String?
    var recoveryCodes: [String]?
    var hasRecoveryCodes = false
}
