import Accounts
import CampusKit
import Foundation

/// Accounts, password history, sign-in failures, sessions and integration tokens in memory: the whole `AccountStore`.
public final class MemoryAccountStore: AccountStore, @unchecked Sendable {
    private let lock = NSLock()
    private var byID: [String: Account] = [:]
    private var history: [String: [(hash: String, at: Date)]] = [:]
    private var sessions: [String: Session] = [:]
    private var tokens: [String: IntegrationToken] = [:]

    public init() {}

    public func account(school: SchoolID, username: String) async throws -> Account? {
        lock.withLock { byID.values.first { $0.school == school && $0.username == username } }
    }

    public func account(id: String) async throws -> Account? { lock.withLock { byID[id] } }

    public func upsertAccount(_ account: Account) async throws {
        lock.withLock {
            if var existing = byID.values.first(where: { $0.school == account.school && $0.username == account.username }) {
                existing.displayName = account.displayName
                existing.roles = account.roles
                existing.kind = account.kind
                byID[existing.id] = existing
            } else {
                var stored = account
                stored.failedAttempts = 0
                byID[account.id] = stored
            }
        }
    }

    public func setPassword(accountID: String, hash: String, mustChange: Bool, at: Date) async throws {
        lock.withLock {
            guard byID[accountID] != nil else { return }
            byID[accountID]?.passwordHash = hash
            byID[accountID]?.mustChangePassword = mustChange
            byID[accountID]?.passwordChangedAt = at
            history[accountID, default: []].append((hash, at))
        }
    }

    public func passwordHistory(accountID: String, limit: Int) async throws -> [String] {
        lock.withLock { Array((history[accountID] ?? []).enumerated().sorted { ($0.element.at, $0.offset) > ($1.element.at, $1.offset) }.prefix(limit).map(\.element.hash)) }
    }

    public func setTwoFactor(accountID: String, secret: String?, lastStep: Int?, pending: String?, recoveryDigests: [String]) async throws {
        lock.withLock {
            guard byID[accountID] != nil else { return }
            byID[accountID]?.totpSecret = secret
            byID[accountID]?.totpLastStep = lastStep
            byID[accountID]?.totpPending = pending
            byID[accountID]?.recoveryCodeDigests = recoveryDigests
        }
    }

    public func countAccounts(school: SchoolID) async throws -> Int { lock.withLock { byID.values.count { $0.school == school } } }

    public func accounts(school: SchoolID) async throws -> [Account] {
        lock.withLock { byID.values.filter { $0.school == school }.sorted { $0.username < $1.username } }
    }

    public func accounts(school: SchoolID, containing text: String?, limit: Int) async throws -> (accounts: [Account], total: Int) {
        let all = try await accounts(school: school).filter { a in
            text.map { a.username.lowercased().contains($0.lowercased()) || a.displayName.lowercased().contains($0.lowercased()) } ?? true
        }
        return (Array(all.prefix(max(limit, 0))), all.count)
    }

    public func setFailures(accountID: String, attempts: Int, firstAt: Date?, lockedUntil: Date?) async throws {
        lock.withLock {
            guard byID[accountID] != nil else { return }
            byID[accountID]?.failedAttempts = attempts
            byID[accountID]?.firstFailureAt = firstAt
            byID[accountID]?.lockedUntil = lockedUntil
        }
    }

    public func recordFailure(accountID: String, at: Date, window: TimeInterval, limit: Int, lockedUntil: Date) async throws -> Int {
        lock.withLock {
            guard var a = byID[accountID] else { return 0 }
            if let first = a.firstFailureAt, first > at.addingTimeInterval(-window) {
                a.failedAttempts += 1
            } else {
                a.failedAttempts = 1
                a.firstFailureAt = at
            }
            if a.failedAttempts >= limit { a.lockedUntil = lockedUntil }
            byID[accountID] = a
            return a.failedAttempts
        }
    }

    public func createSession(_ session: Session) async throws { lock.withLock { sessions[session.tokenDigest] = session } }

    public func touchSession(digest: String, at: Date) async throws { lock.withLock { sessions[digest]?.lastSeenAt = at } }

    public func session(digest: String) async throws -> Session? { lock.withLock { sessions[digest] } }

    public func deleteSession(digest: String) async throws { lock.withLock { sessions[digest] = nil } }

    public func deleteSessions(accountID: String, except: String?) async throws {
        lock.withLock { sessions = sessions.filter { $0.value.accountID != accountID || $0.key == except } }
    }

    public func createIntegrationToken(_ token: IntegrationToken) async throws {
        lock.withLock {
            var stored = token
            stored.createdAt = token.createdAt ?? Date()
            stored.revokedAt = nil
            tokens[token.id] = stored
        }
    }

    public func integrationToken(digest: String) async throws -> IntegrationToken? {
        lock.withLock { tokens.values.first { $0.tokenDigest == digest && $0.revokedAt == nil } }
    }

    public func integrationTokens(school: SchoolID) async throws -> [IntegrationToken] {
        lock.withLock {
            tokens.values.filter { $0.school == school }
                .sorted { ($0.createdAt ?? .distantPast, $1.id) > ($1.createdAt ?? .distantPast, $0.id) }
        }
    }

    public func revokeIntegrationToken(id: String, school: SchoolID, at: Date) async throws -> IntegrationToken? {
        lock.withLock {
            guard var token = tokens[id], token.school == school else { return nil }
            if token.revokedAt == nil { token.revokedAt = at }
            tokens[id] = token
            return token
        }
    }
}
