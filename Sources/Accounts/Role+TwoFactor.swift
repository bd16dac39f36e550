import CampusKit

extension Role {
    /// Roles that must sign in with two factors unless the deployment turns it off (CONTRACT.md `SHOUHU_REQUIRE_TOTP`).
    public static let twoFactorRequired: Set<Role> = [.admin, .leader, .psych]
}
