import Accounts
import CampusKit
import Foundation
import ShouhuTestSupport
import Storage
import Testing

@Suite("Account store")
struct SQLAccountStoreTests {
    static let secrets = try! SecretBox(key: SecretBox.generateKey())

    static func withStore(_ engine: TestEngine, _ body: (SQLAccountStore) async throws -> Void) async throws {
        try await withStore(engine) { store, _ in try await body(store) }
    }

    static func withStore(_ engine: TestEngine, _ body: (SQLAccountStore, Database) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            let clock = FixedClock(Date(timeIntervalSince1970: 1_790_000_000))
            try await SQLRosterStore(database: database, clock: clock).ensureSchool(.main, name: "测试学院", timeZone: "Asia/Shanghai")
            try await body(SQLAccountStore(database: database, clock: clock, secrets: secrets), database)
        }
    }

    @Test("Accounts are found by username and id; an upsert keeps the password", arguments: TestEngine.available)
    func accounts(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            let account = Account(id: "a1", school: .main, username: "T001", displayName: "王老师", kind: .staff, roles: [.counsellor])
            try await store.upsertAccount(account)
            try await store.setPassword(accountID: "a1", hash: "$2b$hash", mustChange: true, at: Date(timeIntervalSince1970: 1_790_000_000))
            try await store.setPassword(accountID: "a1", hash: "$2b$hash2", mustChange: true, at: Date(timeIntervalSince1970: 1_790_000_100))
            #expect(try await store.passwordHistory(accountID: "a1", limit: 5) == ["$2b$hash2", "$2b$hash"])
            var renamed = account
            renamed.displayName = "王老师（新）"
            try await store.upsertAccount(renamed)
            let stored = try await store.account(school: .main, username: "T001")
            #expect(stored?.displayName == "王老师（新）")
            #expect(stored?.passwordHash == "$2b$hash2")
            #expect(stored?.mustChangePassword == true)
            #expect(try await store.account(id: "a1")?.username == "T001")
            #expect(try await store.account(school: .main, username: "nobody") == nil)
            #expect(try await store.countAccounts(school: .main) == 1)
        }
    }

    @Test("Sessions and integration tokens are found by digest and sessions can be deleted", arguments: TestEngine.available)
    func sessionsAndTokens(engine: TestEngine) async throws {
        try await Self.withStore(engine) { store in
            try await store.upsertAccount(Account(id: "a1", school: .main, username: "admin", displayName: "管理员", kind: .staff, roles: [.admin]))
            let expires = Date(timeIntervalSince1970: 1_790_003_600)
            let seen = Date(timeIntervalSince1970: 1_790_000_000)
            try await store.createSession(Session(tokenDigest: "d1", accountID: "a1", kind: .page, expiresAt: expires, lastSeenAt: seen))
            #expect(try await store.session(digest: "d1") == Session(tokenDigest: "d1", accountID: "a1", kind: .page, expiresAt: expires, lastSeenAt: seen))
            try await store.touchSession(digest: "d1", at: seen.addingTimeInterval(600))
            #expect(try await store.session(digest: "d1")?.lastSeenAt == seen.addingTimeInterval(600))
            try await store.deleteSession(digest: "d1")
            #expect(try await store.session(digest: "d1") == nil)
            let token = IntegrationToken(id: "t1", school: .main, name: "南门闸机", scopes: ["access:write", "access:decide"], tokenDigest: "td",
                                         createdAt: Date(timeIntervalSince1970: 1_790_000_000), createdBy: "admin")
            try await store.createIntegrationToken(token)
            #expect(try await store.integrationToken(digest: "td") == token)
            #expect(try await store.integrationToken(digest: "other") == nil)
        }
    }
}
