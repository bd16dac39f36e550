import CampusKit
import Foundation

/// Signing in and out, and recognising the bearer of a token. Every sign-in, failure, lock and sign-out is
/// written to the audit log.
public struct AccountService: Sendable {
    let store: any AccountStore
    let hasher: any PasswordHasher
    /// Hashes random initial credentials: they carry their own entropy, so a cheaper cost lets a counsellor
    /// print codes for a whole class at once.
    let initialHasher: any PasswordHasher
    let digest: @Sendable (String) -> String
    let clock: any Clock
    let audit: any AuditLog
    public let policy: AccessPolicy
    public let passwordPolicy: PasswordPolicy
    /// Whether staff of `Role.twoFactorRequired` must enrol two-factor sign-in (CONTRACT.md `SHOUHU_REQUIRE_TOTP`).
    public let requireTwoFactor: Bool
    /// The roles and scope of an account as the roster says today (staff roles, a student's grid role).
    private let describe: @Sendable (Account) async throws -> (roles: Set<Role>, scope: Scope)

    public init(store: any AccountStore, hasher: any PasswordHasher, digest: @escaping @Sendable (String) -> String,
                clock: any Clock, audit: any AuditLog, policy: AccessPolicy = AccessPolicy(),
                passwordPolicy: PasswordPolicy = PasswordPolicy(), requireTwoFactor: Bool = true,
                initialHasher: (any PasswordHasher)? = nil,
                describe: @escaping @Sendable (Account) async throws -> (roles: Set<Role>, scope: Scope)) {
        self.store = store
        self.hasher = hasher
        self.initialHasher = initialHasher ?? hasher
        self.digest = digest
        self.clock = clock
        self.audit = audit
        self.policy = policy
        self.passwordPolicy = passwordPolicy
        self.requireTwoFactor = requireTwoFactor
        self.describe = describe
    }

    static let wrongCredentials = DomainError(.unauthenticated, "用户名或密码错误 (wrong username or password)")
    /// Only said after a right password: the account has two-factor sign-in and the code was missing or wrong.
    static let secondFactorNeeded = DomainError(.unauthenticated, "请输入两步验证动态口令，或口令不正确 (two-factor code required or wrong)",
                                                fieldErrors: [FieldError(field: "totp", message: "两步验证动态口令 (two-factor code)")])

    /// Checks the credentials and opens a session. Unknown users, wrong passwords and locked accounts fail
    /// alike, in about the same time, so the answer never tells whether an account exists. After
    /// `policy.maxFailures` failures within `policy.failureWindow` the account is locked for `policy.lockDuration`.
    /// `remember` on a student's page sign-in opens a `remembered` session of `policy.rememberedLifetime`; staff
    /// (who see other people's data, often on shared office computers) keep the page lifetime whatever they ask.
    public func signIn(school: SchoolID, username: String, password: String, secondFactor: String? = nil, kind: Session.Kind,
                       remember: Bool = false, ip: String?) async throws -> (token: String, session: Session, account: Account) {
        let now = clock.now()
        let typed = Self.auditedUsername(username)
        func note(_ action: String, _ accountID: String, _ detail: String = "") async throws {
            try await audit.record(AuditEntry(school: school, at: now, actorID: accountID, actorName: typed,
                                              action: action, subject: typed, ip: ip, detail: detail))
        }
        guard let account = try await store.account(school: school, username: username), let hash = account.passwordHash else {
            _ = try? await hasher.verify(password, against: Self.decoyHash)
            try await note("auth.signin.failure", "anonymous", "unknown account or no password set")
            throw Self.wrongCredentials
        }
        if let until = account.lockedUntil, until > now {
            _ = try? await hasher.verify(password, against: Self.decoyHash)
            try await note("auth.signin.locked", account.id, "locked until \(until.formatted(.iso8601))")
            throw Self.wrongCredentials
        }
        let passwordRight = try await hasher.verify(password, against: hash)
        if passwordRight, initialCredentialExpired(account, now: now) {
            try await note("auth.signin.failure", account.id, "initial credential expired (issued \(account.passwordChangedAt?.formatted(.iso8601) ?? "?"))")
            throw Self.wrongCredentials
        }
        let secondFactorRight = passwordRight ? try await passesSecondFactor(account, code: secondFactor, now: now) : false
        guard passwordRight, secondFactorRight else {
            // One atomic statement: concurrent failures each count (no read-then-write of the count here).
            let attempts = try await store.recordFailure(accountID: account.id, at: now, window: policy.failureWindow,
                                                         limit: policy.maxFailures,
                                                         lockedUntil: now.addingTimeInterval(policy.lockDuration))
            let locks = attempts >= policy.maxFailures
            let reason = passwordRight ? "wrong or missing two-factor code" : "wrong password"
            try await note("auth.signin.failure", account.id, "\(reason) (\(attempts) of \(policy.maxFailures))")
            if locks { try await note("auth.lock", account.id, "locked for \(Int(policy.lockDuration / 60)) minutes") }
            throw passwordRight ? Self.secondFactorNeeded : Self.wrongCredentials
        }
        if account.failedAttempts > 0 || account.lockedUntil != nil {
            try await store.setFailures(accountID: account.id, attempts: 0, firstAt: nil, lockedUntil: nil)
        }
        let token = "shs_" + Self.randomToken()
        let sessionKind: Session.Kind = kind == .page && remember && account.kind == .student ? .remembered : kind
        let lifetime = switch sessionKind {
        case .api: policy.apiLifetime
        case .page: policy.pageLifetime
        case .remembered: policy.rememberedLifetime
        }
        let session = Session(tokenDigest: digest(token), accountID: account.id, kind: sessionKind,
                              expiresAt: now.addingTimeInterval(lifetime), lastSeenAt: now)
        try await store.createSession(session)
        try await note("auth.signin", account.id, sessionKind.rawValue)
        return (token, session, account)
    }

    /// Ends the session of `token`; an unknown token is already ended.
    public func signOut(token: String, by actor: Actor?) async throws {
        try await store.deleteSession(digest: digest(token))
        if let actor { try await audit.record(AuditEntry(actor, at: clock.now(), action: "auth.signout", subject: actor.username)) }
    }

    /// The actor a bearer token or session cookie stands for, or nil when it is unknown, expired, or (for pages)
    /// idle for longer than `policy.pageIdleTimeout`.
    public func actor(forToken token: String) async throws -> Actor? {
        let d = digest(token)
        if token.hasPrefix("sht_") {
            guard let t = try await store.integrationToken(digest: d) else { return nil }
            let scope: Scope = t.scopes.contains("read:all") ? .school : .nothing
            return Actor(school: t.school, accountID: t.id, username: t.name, displayName: t.name, kind: .integration,
                         roles: [], tokenScopes: t.scopes, scope: scope)
        }
        let now = clock.now()
        guard let session = try await store.session(digest: d), session.expiresAt > now else { return nil }
        if session.kind != .api {
            guard session.kind == .remembered || now.timeIntervalSince(session.lastSeenAt) <= policy.pageIdleTimeout else {
                try await store.deleteSession(digest: d)
                return nil
            }
            // Writing on every request would make each page view a write; a minute's precision is enough.
            if now.timeIntervalSince(session.lastSeenAt) > 60 { try await store.touchSession(digest: d, at: now) }
        }
        guard let account = try await store.account(id: session.accountID) else { return nil }
        let (roles, scope) = try await describe(account)
        var actor = Actor(school: account.school, accountID: account.id, username: account.username,
                          displayName: account.displayName, kind: account.kind == .student ? .student : .staff,
                          roles: roles, scope: scope)
        actor.restrictions = restrictions(of: account, roles: roles, now: now)
        return actor
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
        let school = actor?.school ?? .main
        let entry = AuditEntry(school: school, at: clock.now(), actorID: actor?.accountID ?? "cli",
                               actorName: actor?.username ?? "cli", action: "token.create", subject: name,
                               ip: actor?.ip, detail: scopes.sorted().joined(separator: ","))
        try await audit.recording(entry) {
            try await store.createIntegrationToken(IntegrationToken(
                id: UUID().uuidString.lowercased(), school: school, name: name, scopes: Set(scopes), tokenDigest: digest(token),
                createdAt: clock.now(), createdBy: actor?.username ?? "cli"))
        }
        return token
    }

    /// Sets a password chosen by an administrator at the command line: final, no forced change, and it unlocks.
    public func setPassword(school: SchoolID, username: String, password: String) async throws {
        guard let account = try await store.account(school: school, username: username) else {
            throw DomainError.notFound("没有账号 \(username) (no such account)")
        }
        guard password.count >= 8 else {
            throw DomainError.invalid("密码至少 8 位 (a password needs at least 8 characters)", field: "password")
        }
        let hash = try await hasher.hash(password)
        try await audit.recording(AuditEntry(school: school, at: clock.now(), actorID: "cli", actorName: "cli",
                                             action: "account.password.set", subject: username, ip: nil)) {
            try await store.setPassword(accountID: account.id, hash: hash, mustChange: false, at: clock.now())
        }
        try await store.setFailures(accountID: account.id, attempts: 0, firstAt: nil, lockedUntil: nil)
        try await store.deleteSessions(accountID: account.id, except: nil)
    }

    /// Creates the `admin` account on an empty database. Returns the password when one was generated.
    public func ensureAdmin(school: SchoolID, password: String?) async throws -> String? {
        if try await store.account(school: school, username: "admin") != nil { return nil }
        let chosen = password ?? Self.randomToken().prefix(16).description
        let account = Account(id: UUID().uuidString.lowercased(), school: school, username: "admin", displayName: "系统管理员",
                              kind: .staff, roles: [.admin])
        try await store.upsertAccount(account)
        try await store.setPassword(accountID: account.id, hash: try await hasher.hash(chosen), mustChange: false, at: clock.now())
        return password == nil ? chosen : nil
    }

    /// What the audit trail keeps of a typed username: at most `auditedUsernameLength` characters, and a
    /// marker with the full length when it was cut (a failed sign-in may carry a megabyte of it).
    static func auditedUsername(_ typed: String) -> String {
        guard typed.count > auditedUsernameLength else { return typed }
        return String(typed.prefix(auditedUsernameLength)) + "…(\(typed.count) characters)"
    }
    static let auditedUsernameLength = 64

    /// Whether `account` holds an initial credential (an activation code or a reset) older than
    /// `policy.activationLifetime`.
    func initialCredentialExpired(_ account: Account, now: Date) -> Bool {
        guard account.mustChangePassword, let issued = account.passwordChangedAt else { return false }
        return now.timeIntervalSince(issued) > policy.activationLifetime
    }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A well-formed bcrypt hash of a random secret, verified against when the user does not exist or is locked,
    /// so those answers take as long as a wrong password.
    static let decoyHash = "$2b$11$CwTycUXWue0Thq9StjUM0uJ8.jbYmQ6wL2HNdQOvFvf5vkZn8Ypy2"
}
