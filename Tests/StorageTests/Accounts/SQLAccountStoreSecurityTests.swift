import Accounts
import CampusKit
import Foundation
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

@Suite("Account store: atomic failure counting, ending sessions, revoking tokens, sealed secrets")
struct SQLAccountStoreSecurityTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func admin(_ store: SQLAccountStore) async throws {
        try await store.upsertAccount(Account(id: "a1", school: .main, username: "admin", displayName: "管理员", kind: .staff, roles: [.admin]))
    }

    @Test("Twenty concurrent failures are each counted in one statement, and the fifth sets the lock", arguments: TestEngine.available)
    func concurrentFailures(engine: TestEngine) async throws {
        try await SQLAccountStoreTests.withStore(engine) { store in
            try await Self.admin(store)
            let lock = Self.now.addingTimeInterval(900)
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.recordFailure(accountID: "a1", at: Self.now, window: 900, limit: 5, lockedUntil: lock) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.sorted() == Array(1...20))
            let account = try #require(try await store.account(id: "a1"))
            #expect(account.failedAttempts == 20)
            #expect(account.lockedUntil == lock)
            // Outside the window the count starts again at 1 and leaves the lock as it was.
            let later = Self.now.addingTimeInterval(901)
            #expect(try await store.recordFailure(accountID: "a1", at: later, window: 900, limit: 5, lockedUntil: later.addingTimeInterval(900)) == 1)
            #expect(try await store.account(id: "a1")?.firstFailureAt == later)
            #expect(try await store.recordFailure(accountID: "nobody", at: later, window: 900, limit: 5, lockedUntil: later) == 0)
        }
    }

    @Test("Ending an account's sessions keeps the excepted one and other accounts' sessions", arguments: TestEngine.available)
    func deleteSessions(engine: TestEngine) async throws {
        try await SQLAccountStoreTests.withStore(engine) { store in
            try await Self.admin(store)
            try await store.upsertAccount(Account(id: "a2", school: .main, username: "T001", displayName: "王老师", kind: .staff, roles: []))
            let expires = Self.now.addingTimeInterval(3600)
            for (digest, account) in [("d1", "a1"), ("d2", "a1"), ("d3", "a1"), ("d4", "a2")] {
                try await store.createSession(Session(tokenDigest: digest, accountID: account, kind: .api, expiresAt: expires, lastSeenAt: Self.now))
            }
            try await store.deleteSessions(accountID: "a1", except: "d2")
            #expect(try await store.session(digest: "d1") == nil)
            #expect(try await store.session(digest: "d2") != nil)
            #expect(try await store.session(digest: "d3") == nil)
            #expect(try await store.session(digest: "d4") != nil)
            try await store.deleteSessions(accountID: "a1", except: nil)
            #expect(try await store.session(digest: "d2") == nil)
        }
    }

    @Test("Tokens are listed newest first with who made them; a revoked token is no longer found, even just after a lookup",
          arguments: TestEngine.available)
    func revokeTokens(engine: TestEngine) async throws {
        try await SQLAccountStoreTests.withStore(engine) { store in
            try await store.createIntegrationToken(IntegrationToken(id: "t1", school: .main, name: "南门", scopes: ["access:decide"],
                                                                    tokenDigest: "td1", createdAt: Self.now, createdBy: "admin"))
            try await store.createIntegrationToken(IntegrationToken(id: "t2", school: .main, name: "实验室", scopes: ["testing:write"],
                                                                    tokenDigest: "td2", createdAt: Self.now.addingTimeInterval(60), createdBy: "cli"))
            #expect(try await store.integrationTokens(school: .main).map(\.id) == ["t2", "t1"])
            #expect(try await store.integrationToken(digest: "td1") != nil)  // now in the 30-second cache
            let revoked = try await store.revokeIntegrationToken(id: "t1", school: .main, at: Self.now.addingTimeInterval(120))
            #expect(revoked?.revokedAt == Self.now.addingTimeInterval(120))
            #expect(try await store.integrationToken(digest: "td1") == nil)
            #expect(try await store.integrationToken(digest: "td2") != nil)
            // Revoking again keeps the first revocation time; another school's id is not found.
            #expect(try await store.revokeIntegrationToken(id: "t1", school: .main, at: Self.now.addingTimeInterval(999))?.revokedAt
                    == Self.now.addingTimeInterval(120))
            #expect(try await store.revokeIntegrationToken(id: "t2", school: SchoolID("other"), at: Self.now) == nil)
            #expect(try await store.integrationTokens(school: .main).first { $0.id == "t1" }?.revokedAt != nil)
        }
    }

    @Test("Two-factor secrets are stored sealed and read back; plain ones from before still read and are sealed at start",
          arguments: TestEngine.available)
    func sealedSecrets(engine: TestEngine) async throws {
        try await SQLAccountStoreTests.withStore(engine) { store, database in
            try await Self.admin(store)
            let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            try await store.setTwoFactor(accountID: "a1", secret: secret, lastStep: 7, pending: "PENDINGPENDING23", recoveryDigests: [])
            func raw() async throws -> (String?, String?) {
                try await database.read { db in
                    let row = try #require(try await db.select().columns("totp_secret", "totp_pending").from("accounts").where("id", .equal, "a1").first())
                    return (try row.decode(column: "totp_secret", as: String?.self), try row.decode(column: "totp_pending", as: String?.self))
                }
            }
            let (storedSecret, storedPending) = try await raw()
            #expect(storedSecret?.hasPrefix("v1:") == true && storedSecret?.contains(secret) == false)
            #expect(storedPending?.hasPrefix("v1:") == true && storedPending?.contains("PENDINGPENDING23") == false)
            #expect(try await store.account(id: "a1")?.totpSecret == secret)
            #expect(try await store.account(id: "a1")?.totpPending == "PENDINGPENDING23")

            try await database.write { db in
                try await db.update("accounts").set("totp_secret", to: secret).set("totp_pending", to: SQLLiteral.null).where("id", .equal, "a1").run()
            }
            #expect(try await store.account(id: "a1")?.totpSecret == secret)
            #expect(try await store.sealPlainSecrets() == 1)
            #expect(try await raw().0?.hasPrefix("v1:") == true)
            #expect(try await raw().1 == nil)
            #expect(try await store.account(id: "a1")?.totpSecret == secret)
            #expect(try await store.sealPlainSecrets() == 0)
        }
    }
}
