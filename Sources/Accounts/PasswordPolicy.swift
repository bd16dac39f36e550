import CampusKit
import Foundation

/// Which rulebook passwords follow.
///
/// - `mlps3` (the default): China's Multi-Level Protection Scheme, level 3 (等保三级) as usually audited — at
///   least 8 characters from at least 3 of the 4 classes (lowercase, uppercase, digit, symbol), changed every
///   90 days, none of the last 5 reused.
/// - `asvs`: OWASP ASVS — at least 12 characters, no composition rules, no forced rotation, no history.
///
/// Both allow at most 128 characters, and both refuse the most common passwords and ones containing the
/// username (student or staff number) or the name's pinyin.
public enum PasswordProfile: String, Sendable, CaseIterable {
    case mlps3
    case asvs

    /// The fewest characters a password may have, counted as `Character`s (what a person sees as one symbol).
    public var minimumLength: Int {
        switch self {
        case .mlps3: 8
        case .asvs: 12
        }
    }

    /// The most characters a password may have.
    public var maximumLength: Int { 128 }

    /// How many of the four classes (lowercase, uppercase, digit, symbol) a password must mix.
    public var requiredClasses: Int {
        switch self {
        case .mlps3: 3
        case .asvs: 0
        }
    }

    /// After how many days a password must be changed, or nil when it never expires.
    public var rotationDays: Int? {
        switch self {
        case .mlps3: 90
        case .asvs: nil
        }
    }

    /// How many previous passwords a new one may not repeat.
    public var historyDepth: Int {
        switch self {
        case .mlps3: 5
        case .asvs: 0
        }
    }
}

/// Decides whether a password may be set, and when a set one must be changed.
///
/// Guarantees:
/// - `check` returns every reason a password is refused, each as a `FieldError` for the field `password` with a
///   message in Chinese and English; an empty answer means the password is acceptable.
/// - Length is counted in `Character`s, so 密码 is two characters and an emoji is one.
/// - Reuse of earlier passwords is not checked here: the service compares a new password with the last
///   `historyDepth` stored bcrypt hashes.
public struct PasswordPolicy: Sendable {
    public let profile: PasswordProfile

    public init(profile: PasswordProfile = .mlps3) {
        self.profile = profile
    }

    /// How many previous passwords (stored as hashes) a new one may not repeat; 0 when reuse is allowed.
    public var historyDepth: Int { profile.historyDepth }

    /// Every reason `password` may not be set for the account `username` of the person `displayName`; empty
    /// when it may.
    public func check(_ password: String, username: String, displayName: String?) -> [FieldError] {
        violations(password, username: username, displayName: displayName).map {
            FieldError(field: "password", message: $0.message(for: profile))
        }
    }

    /// When a password set at `changedAt` must be changed, or nil when it never expires.
    public func expiry(changedAt: Date) -> Date? {
        guard let days = profile.rotationDays else { return nil }
        return changedAt.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    /// Whether a password set at `changedAt` must be changed by `now`: once the rotation period (90 days for
    /// `mlps3`) has fully passed. Never for a profile without rotation.
    public func isExpired(changedAt: Date, now: Date) -> Bool {
        guard let expiry = expiry(changedAt: changedAt) else { return false }
        return now >= expiry
    }
}
