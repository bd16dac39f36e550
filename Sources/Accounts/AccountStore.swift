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

    /// Stores the failure count, window start and lock of an account (all nil/0 clears them).
    func setFailures(accountID: String, attempts: Int, firstAt: Date?, lockedUntil: Date?) async throws

    func createSession(_ session: Session) async throws
    func touchSession(digest: String, at: Date) async throws
    func session(digest: String) async throws -> Session?
    func deleteSession(digest: String) async throws

    func createIntegrationToken(_ token: IntegrationToken) async throws
    func integrationToken(digest: String) async throws -> IntegrationToken?
}

/// Turns passwords into hashes and checks them. The real one is bcrypt, run off the event loops.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}
