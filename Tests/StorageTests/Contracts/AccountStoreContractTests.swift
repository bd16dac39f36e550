import Accounts
import CampusKit
import Foundation
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

/// The promises of `AccountStore` the account service and the sign-in path rely on: upserts that never touch the
/// password, password history newest first, atomic failure counting with its window and lock, sessions, and tokens
/// that stop being found once revoked.
@Suite("AccountStore contract: SQL stores and the in-memory fake keep the same promises")
struct AccountStoreContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static func t(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
    static let secrets = try! SecretBox(key: SecretBox.generateKey())

    static func withStore(_ subject: ContractSubject, _ body: (any AccountStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryAccountStore())
        case .sql(let engine):
            try await TestDatabase.with(engine) { db in
                try await Migrator(database: db).migrate()
                try await SQLRosterStore(database: db, clock: FixedClock(t0)).ensureSchool(.main, name: "测试学院", timeZone: "Asia/Shanghai")
                try await body(SQLAccountStore(database: db, clock: FixedClock(t0), secrets: secrets))
            }
        }
    }

    static func account(_ id: String, _ username: String, roles: Set<Role> = [.counsellor]) -> Account {
        Account(id: id, school: .main, username: username, displayName: "老师\(username)", kind: .staff, roles: roles)
    }

    @Test("upsert inserts, then renames and re-roles by username without touching the password; lists by username; history newest first",
          arguments: ContractSubject.all)
    func accounts(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await store.upsertAccount(Self.account("a2", "T002"))
            try await store.upsertAccount(Self.account("a1", "T001"))
            try await store.setPassword(accountID: "a1", hash: "h1", mustChange: true, at: Self.t(1))
            try await store.setPassword(accountID: "a1", hash: "h2", mustChange: false, at: Self.t(2))
            try await store.setPassword(accountID: "a1", hash: "h3", mustChange: false, at: Self.t(3))
            var renamed = Self.account("other-id", "T001", roles: [.secretary])
            renamed.displayName = "王书记"
            try await store.upsertAccount(renamed)
            let found = try #require(try await store.account(school: .main, username: "T001"))
            #expect(found.id == "a1" && found.displayName == "王书记" && found.roles == [.secretary])
            #expect(found.passwordHash == "h3" && !found.mustChangePassword && found.passwordChangedAt == Self.t(3))
            #expect(try await store.account(id: "a1")?.username == "T001")
            #expect(try await store.account(id: "other-id") == nil)
            #expect(try await store.account(school: .main, username: "nobody") == nil)
            #expect(try await store.passwordHistory(accountID: "a1", limit: 2) == ["h3", "h2"])
            #expect(try await store.accounts(school: .main).map(\.username) == ["T001", "T002"])
            #expect(try await store.countAccounts(school: .main) == 2)
            try await store.setTwoFactor(accountID: "a2", secret: "SECRET", lastStep: 7, pending: nil, recoveryDigests: ["d1", "d2"])
            let two = try #require(try await store.account(id: "a2"))
            #expect(two.totpSecret == "SECRET" && two.totpLastStep == 7 && two.totpPending == nil && two.recoveryCodeDigests == ["d1", "d2"])
        }
    }

    @Test("accounts containing a text: by username or name, ignoring case, wildcards typed as letters, the first ones and the total",
          arguments: ContractSubject.all)
    func search(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            for (id, username, name) in [("a1", "T001", "王老师"), ("a2", "T002", "李老师"), ("a3", "2021000001", "王小明"),
                                         ("a4", "admin", "Admin"), ("a5", "x_y", "下划线")] {
                var account = Self.account(id, username)
                account.displayName = name
                try await store.upsertAccount(account)
            }
            func search(_ text: String?, _ limit: Int = 10) async throws -> ([String], Int) {
                let found = try await store.accounts(school: .main, containing: text, limit: limit)
                return (found.accounts.map(\.username), found.total)
            }
            #expect(try await search("王") == (["2021000001", "T001"], 2))
            #expect(try await search("t00") == (["T001", "T002"], 2))
            #expect(try await search("ADMIN") == (["admin"], 1))
            #expect(try await search("0000") == (["2021000001"], 1))
            #expect(try await search("_") == (["x_y"], 1))
            #expect(try await search("%") == ([], 0))
            let capped = try await search(nil, 2)
            #expect(capped.0.count == 2 && capped.1 == 5)
        }
    }

    @Test("recordFailure counts within the window, starts a new one after it, locks at the limit; 0 for an unknown account; setFailures clears",
          arguments: ContractSubject.all)
    func failures(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await store.upsertAccount(Self.account("a1", "T001"))
            let lock = Self.t(3600)
            #expect(try await store.recordFailure(accountID: "a1", at: Self.t(0), window: 600, limit: 3, lockedUntil: lock) == 1)
            #expect(try await store.recordFailure(accountID: "a1", at: Self.t(100), window: 600, limit: 3, lockedUntil: lock) == 2)
            #expect(try await store.account(id: "a1")?.lockedUntil == nil)
            #expect(try await store.recordFailure(accountID: "a1", at: Self.t(200), window: 600, limit: 3, lockedUntil: lock) == 3)
            let locked = try #require(try await store.account(id: "a1"))
            #expect(locked.lockedUntil == lock && locked.failedAttempts == 3 && locked.firstFailureAt == Self.t(0))
            #expect(try await store.recordFailure(accountID: "a1", at: Self.t(1000), window: 600, limit: 3, lockedUntil: lock) == 1, "a new window")
            #expect(try await store.account(id: "a1")?.firstFailureAt == Self.t(1000))
            #expect(try await store.recordFailure(accountID: "nobody", at: Self.t(0), window: 600, limit: 3, lockedUntil: lock) == 0)
            try await store.setFailures(accountID: "a1", attempts: 0, firstAt: nil, lockedUntil: nil)
            let cleared = try #require(try await store.account(id: "a1"))
            #expect(cleared.failedAttempts == 0 && cleared.firstFailureAt == nil && cleared.lockedUntil == nil)
        }
    }

    @Test("Concurrent failures each count", arguments: ContractSubject.all)
    func concurrentFailures(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await store.upsertAccount(Self.account("a1", "T001"))
            try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<10 { group.addTask { try await store.recordFailure(accountID: "a1", at: Self.t(Double(i)), window: 600, limit: 100, lockedUntil: Self.t(3600)) } }
                try await group.waitForAll()
            }
            #expect(try await store.account(id: "a1")?.failedAttempts == 10)
        }
    }

    @Test("Sessions are found by digest, touched, ended one at a time or all but one of an account", arguments: ContractSubject.all)
    func sessions(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await store.upsertAccount(Self.account("a1", "T001"))
            try await store.upsertAccount(Self.account("a2", "T002"))
            for (digest, account) in [("s1", "a1"), ("s2", "a1"), ("s3", "a1"), ("s4", "a2")] {
                try await store.createSession(Session(tokenDigest: digest, accountID: account, kind: .page, expiresAt: Self.t(7200), lastSeenAt: Self.t(0)))
            }
            try await store.touchSession(digest: "s1", at: Self.t(60))
            #expect(try await store.session(digest: "s1") == Session(tokenDigest: "s1", accountID: "a1", kind: .page, expiresAt: Self.t(7200), lastSeenAt: Self.t(60)))
            try await store.deleteSession(digest: "s2")
            #expect(try await store.session(digest: "s2") == nil)
            try await store.deleteSessions(accountID: "a1", except: "s1")
            #expect(try await store.session(digest: "s1") != nil)
            #expect(try await store.session(digest: "s3") == nil)
            #expect(try await store.session(digest: "s4") != nil, "another account's session stays")
            try await store.deleteSessions(accountID: "a1", except: nil)
            #expect(try await store.session(digest: "s1") == nil)
        }
    }

    @Test("A revoked token is no longer found, still listed (newest first) with its first revocation time; another school's id answers nil",
          arguments: ContractSubject.all)
    func tokens(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            let old = IntegrationToken(id: "k1", school: .main, name: "闸机", scopes: ["access:write"], tokenDigest: "d1", createdAt: Self.t(0), createdBy: "admin")
            let new = IntegrationToken(id: "k2", school: .main, name: "检测机构", scopes: ["testing:write", "read:all"], tokenDigest: "d2", createdAt: Self.t(10), createdBy: "admin")
            try await store.createIntegrationToken(old)
            try await store.createIntegrationToken(new)
            #expect(try await store.integrationToken(digest: "d1") == old)
            #expect(try await store.integrationToken(digest: "nope") == nil)
            #expect(try await store.revokeIntegrationToken(id: "k1", school: SchoolID("other"), at: Self.t(20)) == nil)
            #expect(try await store.revokeIntegrationToken(id: "nope", school: .main, at: Self.t(20)) == nil)
            #expect(try await store.revokeIntegrationToken(id: "k1", school: .main, at: Self.t(20))?.revokedAt == Self.t(20))
            #expect(try await store.revokeIntegrationToken(id: "k1", school: .main, at: Self.t(30))?.revokedAt == Self.t(20))
            #expect(try await store.integrationToken(digest: "d1") == nil)
            #expect(try await store.integrationToken(digest: "d2") == new)
            let listed = try await store.integrationTokens(school: .main)
            #expect(listed.map(\.id) == ["k2", "k1"] && listed[1].revokedAt == Self.t(20))
        }
    }
}
