import Foundation

/// How sign-in is protected and how long sessions live (C2). Every value is configurable per deployment.
public struct AccessPolicy: Sendable, Equatable {
    /// Failures within `failureWindow` that lock an account, and for how long.
    public var maxFailures: Int
    public var failureWindow: TimeInterval
    public var lockDuration: TimeInterval
    /// Page sessions end after this long without a request, and in any case after `pageLifetime`.
    public var pageIdleTimeout: TimeInterval
    public var pageLifetime: TimeInterval
    /// A student's page session signed in with "keep me signed in": it lasts this long, with no idle timeout, and
    /// ends earlier only by signing out, a password change or an administrator's reset.
    public var rememberedLifetime: TimeInterval
    /// Bearer tokens from `POST /api/v1/sessions` expire after this long.
    public var apiLifetime: TimeInterval
    /// Initial credentials (activation codes, reset passwords) not used to choose a password within this long
    /// no longer sign in.
    public var activationLifetime: TimeInterval

    public init(maxFailures: Int = 5, failureWindow: TimeInterval = 15 * 60, lockDuration: TimeInterval = 15 * 60,
                pageIdleTimeout: TimeInterval = 30 * 60, pageLifetime: TimeInterval = 12 * 3600,
                apiLifetime: TimeInterval = 12 * 3600, activationLifetime: TimeInterval = 7 * 86400,
                rememberedLifetime: TimeInterval = 30 * 86400) {
        self.maxFailures = maxFailures
        self.failureWindow = failureWindow
        self.lockDuration = lockDuration
        self.pageIdleTimeout = pageIdleTimeout
        self.pageLifetime = pageLifetime
        self.apiLifetime = apiLifetime
        self.activationLifetime = activationLifetime
        self.rememberedLifetime = rememberedLifetime
    }
}
