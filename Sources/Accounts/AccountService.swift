import CampusKit
import Foundation

/// Signing in and out, and recognising the bearer of a token.
public struct AccountService: Sendable {
    /// How long a bearer token from `POST /api/v1/sessions` lives.
    public static let apiSessionLifetime: TimeInterval = 12 * 3600
    /// How long a page session lives.
    public static let pageSessionLifetime: TimeInterval = 12 * 3600

    private let store: any AccountStore
    private let hasher: any PasswordHasher
    private let digest: @Sendable (String) -> String
    private let clock: any Clock
    /// The roles and scope of an account as the roster says today (staff roles, a student's grid role).
    private let describe: @Sendable (Account) async throws -> (roles: Set<Role>, scope: Scope)

    public init(store: any AccountStore, hasher: any PasswordHasher, digest: @escaping @Sendable (String) -> String,
                clock: any Clock, describe: @escaping @Sendable (Account) async throws -> (roles: Set<Role>, scope: Scope)) {
        self.store = store
        self.hasher = hasher
        self.digest = digest
        self.clock = clock
        self.describe = describe
    }

    /// Checks the credentials and opens a session. Unknown users and wrong passwords fail alike, in about
    /// the same time, so the answer never tells whether an account exists.
    public func signIn(school: SchoolID, username: String, password: String, kind: Session.Kind) async throws -> (token: String, session: Session, account: Account) {
        let account = try await store.account(school: school, username: username)
        guard let account, let hash = account.passwordHash else {
            _ = try? await hasher.verify(password, against: Self.decoyHash)
            throw DomainError(.unauthenticated, "用户名或密码错误 (wrong username or password)")
        }
        guard try await hasher.verify(password, against: hash) else {
            throw DomainError(.unauthenticated, "用户名或密码错误 (wrong username or password)")
        }
        let token = "shs_" + Self.randomToken()
        let lifetime = kind == .api ? Self.apiSessionLifetime : Self.pageSessionLifetime
        let session = Session(tokenDigest: digest(token), accountID: account.id, kind: kind,
                              expiresAt: clock.now().addingTimeInterval(lifetime))
        try await store.createSession(session)
        return (token, session, account)
    }

    /// Ends the session of `token`; an unknown token is already ended.
    public func signOut(token: String) async throws {
        try await store.deleteSession(digest: digest(token))
    }

    /// The actor a bearer token or session cookie stands for, or nil when it is unknown or expired.
    public func actor(forToken token: String) async throws -> Actor? {
        let d = digest(token)
        if token.hasPrefix("sht_") {
            guard let t = try await store.integrationToken(digest: d) else { return nil }
            let scope: Scope = t.scopes.contains("read:all") ? .school : .nothing
            return Actor(school: t.school, accountID: t.id, username: t.name, displayName: t.name, kind: .integration,
                         roles: [], tokenScopes: t.scopes, scope: scope)
        }
        guard let session = try await store.session(digest: d), session.expiresAt > clock.now(),
              let account = try await store.account(id: session.accountID) else { return nil }
        let (roles, scope) = try await describe(account)
        return Actor(school: account.school, accountID: account.id, username: account.username,
                     displayName: account.displayName, kind: account.kind == .student ? .student : .staff,
                     roles: roles, scope: scope)
    }

    /// Creates an integration token (admins only) and returns its secret, shown once.
    public func createIntegrationToken(name: String, scopes: [String], by actor: Actor?) async throws -> String {
        if let actor, !actor.isAdmin {
            throw DomainError.forbidden("只有管理员可以创建集成令牌 (only administrators may create integration tokens)")
        }
        var errors: [FieldError] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError(field: "name", message: "名称不能为空 (name is required)")) }
        if scopes.isEmpty { errors.append(FieldError(field: "scopes", message: "至少需要一个权限范围 (at least one scope)")) }
        for s in scopes where !IntegrationToken.knownScopes.contains(s) {
            errors.append(FieldError(field: "scopes", message: "未知权限范围 “\(s)” (unknown scope)"))
        }
        guard errors.isEmpty else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        let token = "sht_" + Self.randomToken()
        try await store.createIntegrationToken(IntegrationToken(
            id: UUID().uuidString.lowercased(), school: actor?.school ?? .main, name: name, scopes: Set(scopes), tokenDigest: digest(token)))
        return token
    }

    /// Sets a password chosen by an administrator at the command line: final, no forced change.
    public func setPassword(school: SchoolID, username: String, password: String) async throws {
        guard let account = try await store.account(school: school, username: username) else {
            throw DomainError.notFound("没有账号 \(username) (no such account)")
        }
        guard password.count >= 8 else {
            throw DomainError.invalid("密码至少 8 位 (a password needs at least 8 characters)", field: "password")
        }
        try await store.setPassword(accountID: account.id, hash: try await hasher.hash(password), mustChange: false)
    }

    /// Creates the `admin` account on an empty database. Returns the password when one was generated.
    public func ensureAdmin(school: SchoolID, password: String?) async throws -> String? {
        if try await store.account(school: school, username: "admin") != nil { return nil }
        let chosen = password ?? Self.randomToken().prefix(16).description
        let account = Account(id: UUID().uuidString.lowercased(), school: school, username: "admin", displayName: "系统管理员",
                              kind: .staff, roles: [.admin])
        try await store.upsertAccount(account)
        try await store.setPassword(accountID: account.id, hash: try await hasher.hash(chosen), mustChange: false)
        return password == nil ? chosen : nil
    }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A valid bcrypt hash of nothing anyone knows, verified against when the user does not exist.
    static let decoyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.jbYmQ6wL2HNdQOvFvf5vkZn8Ypy2"
}
