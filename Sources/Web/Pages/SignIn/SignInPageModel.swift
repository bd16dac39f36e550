/// `signin.mustache`: the sign-in form, where to go after, and why the last attempt failed.
struct SignInPageModel: PageModel {
    static let template = "signin"

    var next: String
    var username: String
    var error: String?
    /// The server asked for a two-factor code (right password, account with two-factor): the field is shown open.
    var askTotp = false
    /// "Keep me signed in" as last ticked.
    var remember = false
    /// "Keep me signed in for N days", N as configured (`SHOUHU_REMEMBER_DAYS`).
    var rememberLabel = ""
    /// The form token tied to the browser's pre-session cookie.
    var signinCSRF = ""
}
