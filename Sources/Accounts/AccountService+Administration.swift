import CampusKit
import Foundation

/// An account as administrators see it in the user list.
public struct AccountSummary: Sendable, Equatable {
    public var username: String
    public var displayName: String
    public var kind: Account.Kind
    public var locked: Bool
    public var twoFactor: Bool
    public var mustChangePassword: Bool
    public var hasPassword: Bool
    /// Roles granted on the account itself, on top of those the roster gives.
    public var grantedRoles: Set<Role>
}

/// An initial credential for a person on the roster, to hand over on paper; it must be changed at first sign-in.
public struct InitialCredential: Sendable, Equatable {
    public var username: String
    public var displayName: String
    public var code: String
}

extension AccountService {
    /// Roles that hand out students' first credentials (activation codes) for the students in their scope.
    public static let activationRoles: Set<Role> = AccountPermissions.activators

    private func requireAdmin(_ actor: Actor) throws {
        guard actor.isAdmin else { throw DomainError.forbidden("只有管理员可以管理账号 (only administrators manage accounts)") }
    }

    /// Every account of the school, for administrators.
    public func accounts(by actor: Actor) async throws -> [AccountSummary] {
        try requireAdmin(actor)
        let now = clock.now()
        return try await store.accounts(school: actor.school).map { Self.summary($0, now: now) }
    }

    /// The accounts whose username (staff or student number) or name contains `text`, for administrators: the
    /// first `limit` by username, and how many match in all. A blank `text` matches every account.
    public func accounts(containing text: String?, limit: Int, by actor: Actor) async throws -> (accounts: [AccountSummary], total: Int) {
        try requireAdmin(actor)
        let now = clock.now()
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        let found = try await store.accounts(school: actor.school, containing: trimmed?.isEmpty == false ? trimmed : nil, limit: limit)
        return (found.accounts.map { Self.summary($0, now: now) }, found.total)
    }

    private static func summary(_ account: Account, now: Date) -> AccountSummary {
        AccountSummary(username: account.username, displayName: account.displayName, kind: account.kind,
                       locked: (account.lockedUntil ?? .distantPast) > now, twoFactor: account.totpSecret != nil,
                       mustChangePassword: account.mustChangePassword, hasPassword: account.passwordHash != nil,
                       grantedRoles: account.roles)
    }

    /// Roles an administrator may grant on an account: those whose scope is the whole school or their own
    /// kind of case. Unit-bound roles (counsellor, building leader…) come with their units from the staff roster.
    public static let grantableRoles: Set<Role> = [.admin, .leader, .clinic, .psych, .aid]

    /// Sets the roles granted on a staff account (administrators; audited). An administrator cannot remove
    /// their own `admin` role, so the school is never left without one by accident.
    public func grantRoles(_ roles: Set<Role>, to username: String, by actor: Actor) async throws {
        try requireAdmin(actor)
        let ungrantable = roles.subtracting(Self.grantableRoles)
        guard ungrantable.isEmpty else {
            throw DomainError.invalid("这些角色随教职工名册的负责范围一起导入，不能单独授予：\(ungrantable.map(\.rawValue).sorted().joined(separator: ", ")) (these roles come with their units from the staff roster)", field: "roles")
        }
        guard var account = try await store.account(school: actor.school, username: username) else {
            throw DomainError.notFound("没有账号 \(username) (no such account)")
        }
        guard account.kind == .staff else { throw DomainError.invalid("学生账号不能授予教职工角色 (students cannot hold staff roles)", field: "roles") }
        if username == actor.username, account.roles.contains(.admin), !roles.contains(.admin) {
            throw DomainError.conflict("不能取消自己的管理员角色 (you cannot remove your own admin role)")
        }
        let before = account.roles
        account.roles = roles
        try await audit.recording(AuditEntry(actor, at: clock.now(), action: "account.roles", subject: username,
                                             detail: "\(before.map(\.rawValue).sorted().joined(separator: ",")) → \(roles.map(\.rawValue).sorted().joined(separator: ","))")) {
            try await store.upsertAccount(account)
        }
    }

    /// Lifts a lock and forgets the failures (administrators).
    public func unlock(username: String, by actor: Actor) async throws {
        try requireAdmin(actor)
        guard let account = try await store.account(school: actor.school, username: username) else {
            throw DomainError.notFound("没有账号 \(username) (no such account)")
        }
        try await audit.recording(AuditEntry(actor, at: clock.now(), action: "account.unlock", subject: username)) {
            try await store.setFailures(accountID: account.id, attempts: 0, firstAt: nil, lockedUntil: nil)
        }
    }

    /// Replaces the password with a new initial credential that must be changed at first sign-in (administrators).
    public func resetPassword(username: String, by actor: Actor) async throws -> InitialCredential {
        try requireAdmin(actor)
        guard let account = try await store.account(school: actor.school, username: username) else {
            throw DomainError.notFound("没有账号 \(username) (no such account)")
        }
        let code = Self.initialCode()
        let hash = try await initialHasher.hash(code)
        try await audit.recording(AuditEntry(actor, at: clock.now(), action: "account.password.reset", subject: username)) {
            try await store.setPassword(accountID: account.id, hash: hash, mustChange: true, at: clock.now())
        }
        try await store.setFailures(accountID: account.id, attempts: 0, firstAt: nil, lockedUntil: nil)
        try await store.deleteSessions(accountID: account.id, except: nil)
        return InitialCredential(username: username, displayName: account.displayName, code: code)
    }

    /// First credentials for students (already checked to be in the actor's scope by the caller): students who
    /// have chosen a password of their own are skipped, the others get a new code to change at first sign-in.
    public func issueActivationCodes(for students: [(number: String, name: String)], by actor: Actor) async throws -> [InitialCredential] {
        guard !actor.roles.isDisjoint(with: Self.activationRoles) else {
            throw DomainError.forbidden("只有辅导员、班主任、书记或学工处可以发放激活码 (only staff responsible for students issue activation codes)")
        }
        var due: [(number: String, name: String, existing: Account?)] = []
        for student in students {
            let existing = try await store.account(school: actor.school, username: student.number)
            if let existing, existing.passwordHash != nil, !existing.mustChangePassword { continue }
            due.append((student.number, student.name, existing))
        }
        // The entry is stored with the first code's write; codes are handed out only once it is.
        let entry = AuditEntry(actor, at: clock.now(), action: "account.activation.issue",
                               subject: "\(due.count) students", detail: due.prefix(20).map(\.number).joined(separator: ","))
        return try await audit.recording(entry) {
            var issued: [InitialCredential] = []
            for student in due {
                let accountID = student.existing?.id ?? UUID().uuidString.lowercased()
                if student.existing == nil {
                    try await store.upsertAccount(Account(id: accountID, school: actor.school, username: student.number,
                                                          displayName: student.name, kind: .student, roles: []))
                }
                let code = Self.initialCode()
                try await store.setPassword(accountID: accountID, hash: try await initialHasher.hash(code), mustChange: true, at: clock.now())
                if student.existing != nil { try await store.deleteSessions(accountID: accountID, except: nil) }
                issued.append(InitialCredential(username: student.number, displayName: student.name, code: code))
            }
            return issued
        }
    }

    /// Ten characters from an alphabet without look-alikes (about 50 bits): random, short-lived, typed once.
    static func initialCode() -> String {
        let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
