/// What a signed-in person must do before anything else: while any applies, only their account page and
/// sign-out answer.
public enum Restriction: String, Sendable, CaseIterable {
    /// Initial credentials, a reset, or a password past its rotation date.
    case mustChangePassword = "must_change_password"
    /// A role that requires two-factor sign-in, without two-factor enrolled.
    case mustEnrolTwoFactor = "must_enrol_two_factor"
}

