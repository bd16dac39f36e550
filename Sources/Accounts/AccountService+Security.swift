import CampusKit
import Foundation

extension AccountService {
    /// The restrictions that apply to `account` with `roles` now.
    func restrictions(of account: Account, roles: Set<Role>, now: Date) -> Set<Restriction> {
        var result = Set<Restriction>()
        if account.mustChangePassword || account.passwordChangedAt.map({ passwordPolicy.isExpired(changedAt: $0, now: now) }) == true {
            result.insert(.mustChangePassword)
        }
        if requireTwoFactor, account.kind == .staff, account.totpSecret == nil, !roles.isDisjoint(with: Role.twoFactorRequired) {
            result.insert(.mustEnrolTwoFactor)
        }
        return result
    }

    /// Changes the actor's own password: the current one must be right, the new one must pass the policy and
    /// not be one of the last `historyDepth` passwords. Clears a forced change. Every other session of the account
    /// ends: only the one presenting `keepingSession` (the token making the change) stays signed in.
    /// An account holding an initial credential (an activation code or a reset, which only signs in within its
    /// lifetime) may leave `current` empty: the session was opened with that code moments ago.
    public func changePassword(current: String, new: String, by actor: Actor, keepingSession token: String? = nil) async throws {
        guard let account = try await store.account(id: actor.accountID), let hash = account.passwordHash else {
            throw DomainError(.unauthenticated, "请先登录 (sign in first)")
        }
        let initial = account.mustChangePassword && current.isEmpty
        let currentRight = try await hasher.verify(current, against: hash)
        guard initial || currentRight else {
            throw DomainError.invalid("当前密码不正确 (the current password is wrong)", field: "currentPassword")
        }
        var errors = passwordPolicy.check(new, username: account.username, displayName: account.displayName)
            .map { FieldError(field: "newPassword", message: $0.message) }
        if errors.isEmpty, passwordPolicy.historyDepth > 0 {
            for old in try await store.passwordHistory(accountID: account.id, limit: passwordPolicy.historyDepth)
            where try await hasher.verify(new, against: old) {
                errors.append(FieldError(field: "newPassword",
                                         message: "不能重复使用最近 \(passwordPolicy.historyDepth) 次用过的密码 (one of your last \(passwordPolicy.historyDepth) passwords)"))
                break
            }
        }
        guard errors.isEmpty else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        let newHash = try await hasher.hash(new)
        try await audit.recording(AuditEntry(actor, at: clock.now(), action: "account.password.change", subject: actor.username)) {
            try await store.setPassword(accountID: account.id, hash: newHash, mustChange: false, at: clock.now())
        }
        try await store.deleteSessions(accountID: account.id, except: token.map(digest))
    }

    /// Starts two-factor enrolment: a new secret, kept pending until `confirmTwoFactor` proves the app has it.
    /// An account that already has two-factor sign-in must prove it is its owner again (`requireProof`).
    public func beginTwoFactor(by actor: Actor, issuer: String, password: String? = nil, code: String? = nil) async throws -> (secret: String, uri: String) {
        guard actor.kind == .staff, let account = try await store.account(id: actor.accountID) else {
            throw DomainError.forbidden("只有教职工账号可以开启两步验证 (two-factor sign-in is for staff accounts)")
        }
        try await requireProof(account, password: password, code: code)
        let secret = TOTP.generateSecret()
        let encoded = Base32.encode(secret)
        try await store.setTwoFactor(accountID: account.id, secret: account.totpSecret, lastStep: account.totpLastStep,
                                     pending: encoded, recoveryDigests: account.recoveryCodeDigests)
        return (encoded, TOTP(secret: secret).provisioningURI(account: account.username, issuer: issuer))
    }

    /// Confirms enrolment with a code from the app; returns ten recovery codes, shown this once. Replacing an
    /// enrolled secret needs the current password or a code of the current secret (`requireProof`).
    public func confirmTwoFactor(code: String, by actor: Actor, password: String? = nil, currentCode: String? = nil) async throws -> [String] {
        guard let account = try await store.account(id: actor.accountID), let pending = account.totpPending,
              let secret = Base32.decode(pending) else {
            throw DomainError.conflict("请先开始两步验证设置 (start two-factor enrolment first)")
        }
        try await requireProof(account, password: password, code: currentCode, codeField: "currentCode")
        guard let step = TOTP(secret: secret).verify(code, at: clock.now()) else {
            throw DomainError.invalid("动态口令不正确，请检查手机时间 (the code is wrong; check the phone's clock)", field: "code")
        }
        let codes = RecoveryCodes.generate()
        try await audit.recording(AuditEntry(actor, at: clock.now(), action: "account.totp.enrol", subject: actor.username)) {
            try await store.setTwoFactor(accountID: account.id, secret: pending, lastStep: step, pending: nil,
                                         recoveryDigests: codes.map(RecoveryCodes.seal))
        }
        return codes
    }

    /// Checks the second factor of `account`: a current TOTP code not used before, or an unused recovery code
    /// (which is then spent). Returns false when neither holds.
    func passesSecondFactor(_ account: Account, code: String?, now: Date) async throws -> Bool {
        guard let secretText = account.totpSecret, let secret = Base32.decode(secretText) else { return true }
        guard let code, !code.isEmpty else { return false }
        if let step = TOTP(secret: secret).verify(code, at: now), step > (account.totpLastStep ?? -1) {
            try await store.setTwoFactor(accountID: account.id, secret: secretText, lastStep: step, pending: account.totpPending,
                                         recoveryDigests: account.recoveryCodeDigests)
            return true
        }
        guard let used = account.recoveryCodeDigests.firstIndex(where: { RecoveryCodes.matches(code, $0) }) else { return false }
        var remaining = account.recoveryCodeDigests
        remaining.remove(at: used)
        try await store.setTwoFactor(accountID: account.id, secret: secretText, lastStep: account.totpLastStep,
                                     pending: account.totpPending, recoveryDigests: remaining)
        return true
    }

    /// For an account with two-factor sign-in already on: the current password, or a current code of the enrolled
    /// secret (not used before, and then spent), must be given. Accounts without two-factor pass.
    func requireProof(_ account: Account, password: String?, code: String?, codeField: String = "code") async throws {
        guard let secretText = account.totpSecret else { return }
        if let password, !password.isEmpty {
            guard let hash = account.passwordHash, try await hasher.verify(password, against: hash) else {
                throw DomainError.invalid("当前密码不正确 (the current password is wrong)", field: "password")
            }
            return
        }
        if let code, !code.isEmpty {
            guard let secret = Base32.decode(secretText), let step = TOTP(secret: secret).verify(code, at: clock.now()),
                  step > (account.totpLastStep ?? -1) else {
                throw DomainError.invalid("动态口令不正确 (the two-factor code is wrong)", field: codeField)
            }
            try await store.setTwoFactor(accountID: account.id, secret: secretText, lastStep: step, pending: account.totpPending,
                                         recoveryDigests: account.recoveryCodeDigests)
            return
        }
        throw DomainError(.invalid, "已开启两步验证，重新设置需要当前密码或当前动态口令 (two-factor sign-in is on: give the current password or a current code to set it up again)",
                          fieldErrors: [FieldError(field: "password", message: "请输入当前密码 (the current password)"),
                                        FieldError(field: codeField, message: "或当前动态口令 (or a current two-factor code)")])
    }
}

extension AccountService {
    /// Whether the actor's account holds an initial credential (an activation code or a reset) still to be replaced.
    public func holdsInitialCredential(_ actor: Actor) async throws -> Bool {
        try await store.account(id: actor.accountID)?.mustChangePassword == true
    }

    /// Whether the actor's account has confirmed two-factor sign-in.
    public func hasTwoFactor(_ actor: Actor) async throws -> Bool {
        try await store.account(id: actor.accountID)?.totpSecret != nil
    }
}
