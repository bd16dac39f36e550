/// `signin.mustache`: the sign-in form, where to go after, and why the last attempt failed.
struct SignInPageModel: PageModel {
    static let template = "signin"

    var next: String
    var username: String
    var error: String?
    /// The form token tied to the browser's pre-session cookie.
    var signinCSRF = ""
}
