import CampusKit
import Foundation

/// Where accounts, sessions and integration tokens live. Tokens are stored only as digests.
public protocol AccountStore: Sendable {
    func account(school: SchoolID, username: String) async throws -> Account?
    func account(id: String) async throws -> Account?
    /// Inserts the account, or updates its name and roles when the username exists; never touches the password.
    func upsertAccount(_ account: Account) async throws
    /// Sets the password hash, whether it must be changed, and when it was set; keeps the previous hash in the history.
    func setPassword(accountID: String, hash: String, mustChange: Bool, at: Date) async throws
    /// The most recent password hashes of an account, newest first, including the current one.
    func passwordHistory(accountID: String, limit: Int) async throws -> [String]
    /// Stores the two-factor state of an account.
    func setTwoFactor(accountID: String, secret: String?, lastStep: Int?, pending: String?, recoveryDigests: [String]) async throws
    func countAccounts(school: SchoolID) async throws -> Int
    /// All accounts of a school, ordered by username.
    func accounts(school: SchoolID) async throws -> [Account]
    /// The accounts of a school whose username or display name contains `text` (ignoring case; every account when
    /// nil), ordered by username: the first `limit`, and how many match in all.
    func accounts(school: SchoolID, containing text: String?, limit: Int) async throws -> (accounts: [Account], total: Int)

    /// Stores the failure count, window start and lock of an account (all nil/0 clears them).
    func setFailures(accountID: String, attempts: Int, firstAt: Date?, lockedUntil: Date?) async throws
    /// Counts one failed sign-in in a single atomic step, so concurrent failures each count: adds one when the
    /// current window began after `at - window`, otherwise starts a new window at `at` with a count of 1; when the
    /// count reaches `limit` the account is locked until `lockedUntil`. Returns the new count (0 for an unknown account).
    func recordFailure(accountID: String, at: Date, window: TimeInterval, limit: Int, lockedUntil: Date) async throws -> Int

    func createSession(_ session: Session) async throws
    func touchSession(digest: String, at: Date) async throws
    func session(digest: String) async throws -> Session?
    func deleteSession(digest: String) async throws
    /// Ends every session of an account, except the one whose digest is `except`.
    func deleteSessions(accountID: String, except: String?) async throws

    func createIntegrationToken(_ token: IntegrationToken) async throws
    /// The token with this digest, unless it was revoked.
    func integrationToken(digest: String) async throws -> IntegrationToken?
    /// Every integration token of a school, revoked ones included, newest first.
    func integrationTokens(school: SchoolID) async throws -> [IntegrationToken]
    /// Marks a token revoked at `at`; from then on `integrationToken(digest:)` does not find it (on this server at
    /// once). Returns the token, or nil when the school has no token with this id.
    func revokeIntegrationToken(id: String, school: SchoolID, at: Date) async throws -> IntegrationToken?
}

/// Turns passwords into hashes and checks them. The real one is bcrypt, run off the event loops.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}
