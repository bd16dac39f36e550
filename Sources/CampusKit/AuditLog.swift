import Foundation

/// Something that happened to sensitive data or to access itself, for the audit trail (C2):
/// who did what to whom, when and from where.
public struct AuditEntry: Sendable, Equatable {
    public var school: SchoolID
    public var at: Date
    /// The acting account (`accountID`) and the name it signed in with; `anonymous` before sign-in.
    public var actorID: String
    public var actorName: String
    /// A dotted verb such as `auth.signin.failure`, `student.unmask`, `roster.import.students`.
    public var action: String
    /// Whom or what it concerned: a student number, a username, a file.
    public var subject: String
    public var ip: String?
    /// A short, human-readable detail (counts, reasons). Never a secret or a full ID number.
    public var detail: String

    public init(school: SchoolID, at: Date, actorID: String, actorName: String, action: String, subject: String,
                ip: String?, detail: String = "") {
        self.school = school
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.subject = subject
        self.ip = ip
        self.detail = detail
    }

    /// An entry for `actor`, now.
    public init(_ actor: Actor, at: Date, action: String, subject: String, detail: String = "") {
        self.init(school: actor.school, at: at, actorID: actor.accountID, actorName: actor.username, action: action,
                  subject: subject, ip: actor.ip, detail: detail)
    }
}

/// Where domain services write audit entries. The real log chains them (each entry carries the hash of the
/// previous one) and never changes or deletes one.
public protocol AuditLog: Sendable {
    func record(_ entry: AuditEntry) async throws
    /// Records `entries` in order, all or none.
    func record(_ entries: [AuditEntry]) async throws
}

extension AuditLog {
    public func record(_ entries: [AuditEntry]) async throws {
        for entry in entries { try await record(entry) }
    }
}

/// An audit log that keeps entries in memory; for domain tests.
public final class MemoryAuditLog: AuditLog, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [AuditEntry] = []
    public init() {}
    public func record(_ entry: AuditEntry) async throws { lock.withLock { stored.append(entry) } }
    public var entries: [AuditEntry] { lock.withLock { stored } }
}
