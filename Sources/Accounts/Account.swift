import CampusKit
import Foundation

/// Someone who can sign in: a member of staff (by staff number), a student (by student number) or `admin`.
public struct Account: Sendable, Equatable {
    /// What the account stands for.
    public enum Kind: String, Sendable, Codable { case staff, student }

    public var id: String
    public var school: SchoolID
    public var username: String
    public var displayName: String
    public var kind: Kind
    public var roles: Set<Role>
    /// The bcrypt hash, or nil while no password has been set (the account cannot sign in).
    public var passwordHash: String?
    /// Set for initial credentials: the person must choose a new password after signing in.
    public var mustChangePassword: Bool
    /// Failed sign-ins in the current window, when the window began, and the end of a lock.
    public var failedAttempts: Int = 0
    public var firstFailureAt: Date?
    public var lockedUntil: Date?
    /// When the password was last set (for rotation under the mlps3 profile).
    public var passwordChangedAt: Date?
    /// The confirmed two-factor secret (base32), the last time step used (a code works once), and a secret
    /// being enrolled but not yet confirmed.
    public var totpSecret: String?
    public var totpLastStep: Int?
    public var totpPending: String?
    /// Salted digests of the unused recovery codes (`RecoveryCodes.seal`).
    public var recoveryCodeDigests: [String] = []

    public init(id: String, school: SchoolID, username: String, displayName: String, kind: Kind, roles: Set<Role>,
                passwordHash: String? = nil, mustChangePassword: Bool = false) {
        self.id = id
        self.school = school
        self.username = username
        self.displayName = displayName
        self.kind = kind
        self.roles = roles
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
    }
}

/// A signed-in session: pages use it through a cookie, API clients as a bearer token.
public struct Session: Sendable, Equatable {
    /// How the token travels.
    /// `remembered` is a student's page session kept across browser restarts (`AccessPolicy.rememberedLifetime`).
    public enum Kind: String, Sendable { case api, page, remembered }
    public var tokenDigest: String
    public var accountID: String
    public var kind: Kind
    /// The absolute end of the session.
    public var expiresAt: Date
    /// The last request seen, for the idle timeout of page sessions.
    public var lastSeenAt: Date
    public init(tokenDigest: String, accountID: String, kind: Kind, expiresAt: Date, lastSeenAt: Date) {
        self.tokenDigest = tokenDigest
        self.accountID = accountID
        self.kind = kind
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt
    }
}

/// A token for a device or system (a gate, a lab, a script), limited to its scopes.
public struct IntegrationToken: Sendable, Equatable {
    public var id: String
    public var school: SchoolID
    public var name: String
    public var scopes: Set<String>
    public var tokenDigest: String
    /// When and by whom (a username, or `cli`) it was created; nil for tokens from before this was kept.
    public var createdAt: Date?
    public var createdBy: String?
    /// When it was revoked; a revoked token no longer signs anything in.
    public var revokedAt: Date?
    public init(id: String, school: SchoolID, name: String, scopes: Set<String>, tokenDigest: String,
                createdAt: Date? = nil, createdBy: String? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.school = school
        self.name = name
        self.scopes = scopes
        self.tokenDigest = tokenDigest
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
    }

    /// The scopes an integration token may carry (CONTRACT.md, Authentication).
    public static let knownScopes: Set<String> = ["roster:write", "checkin:write", "access:write", "access:decide",
                                                   "testing:write", "read:all", "read:metrics"]
}
