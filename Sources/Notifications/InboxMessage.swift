import CampusKit
import Foundation

/// A message to one person's in-app inbox (站内通知). Each row also records its channel and when it was
/// delivered, so further channels (e-mail, webhooks) are more rows of the same table served by a dispatcher.
public struct InboxMessage: Sendable, Equatable, Codable {
    public var id: String
    /// Username of the recipient (staff number or student number).
    public var recipient: String
    public var kind: Kind
    public var subject: String
    public var body: String
    /// A page of this application that shows more, e.g. `/cases/ID`.
    public var link: String?
    public var createdAt: Date
    public var readAt: Date?
    /// The words as catalog template and values, so each reader gets them in their language; nil for old messages.
    public var wording: Wording?
    /// The event's post to the groups of the units it concerns (webhooks), when it is one groups hear of.
    public var group: GroupPost?

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// An abnormal check-in or other case event.
        case caseAlert = "case_alert"
        /// A student has not checked in yet (before the cutoff).
        case checkinReminder = "checkin_reminder"
        /// Who is still missing after the cutoff.
        case checkinEscalation = "checkin_escalation"
        /// A reporting unit has not confirmed its daily report by the deadline.
        case reportOverdue = "report_overdue"
        /// A leave request waits for the recipient's approval.
        case leaveRequest = "leave_request"
        /// The recipient's leave request was decided.
        case leaveDecision = "leave_decision"
        /// Students of the recipient are out past their leave or after the curfew.
        case accessAlert = "access_alert"
        /// The recipient is to be tested: when and where (a new campaign, a rotation day, a scheduled round).
        case testingSlot = "testing_slot"
    }

    public init(id: String, recipient: String, kind: Kind, subject: String, body: String, link: String?, createdAt: Date, readAt: Date? = nil,
                wording: Wording? = nil, group: GroupPost? = nil) {
        self.id = id
        self.recipient = recipient
        self.kind = kind
        self.subject = subject
        self.body = body
        self.link = link
        self.createdAt = createdAt
        self.readAt = readAt
        self.wording = wording
        self.group = group
    }
}

/// What work crossing domains writes into people's inboxes, inside its unit of work.
public protocol InboxWriter: Sendable {
    /// Adds notifications (one transaction, or the running unit of work's).
    func send(_ notifications: [InboxMessage], school: SchoolID) async throws
}

/// Where notifications live.
public protocol NotificationStore: InboxWriter {
    /// A person's notifications, newest first.
    func inbox(school: SchoolID, recipient: String, unreadOnly: Bool, limit: Int) async throws -> [InboxMessage]
    func unreadCount(school: SchoolID, recipient: String) async throws -> Int
    /// Marks one of the recipient's notifications read; false when there is no such notification of theirs.
    func markRead(school: SchoolID, recipient: String, id: String, at: Date) async throws -> Bool
    /// A person's settings for notifications outside the app; nil when they never set any.
    func settings(school: SchoolID, username: String) async throws -> NotificationSettings?
    /// Stores a person's settings, replacing earlier ones.
    func save(_ settings: NotificationSettings, school: SchoolID, at now: Date) async throws
}

/// A person's inbox.
public struct NotificationService: Sendable {
    private let store: any NotificationStore
    private let clock: any Clock

    public init(store: any NotificationStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    public func inbox(of actor: Actor, unreadOnly: Bool = false, limit: Int = 50) async throws -> [InboxMessage] {
        try await store.inbox(school: actor.school, recipient: actor.username, unreadOnly: unreadOnly, limit: min(max(limit, 1), 500))
    }

    public func unreadCount(of actor: Actor) async throws -> Int {
        try await store.unreadCount(school: actor.school, recipient: actor.username)
    }

    /// Marks a notification read; `.notFound` when it is not the actor's.
    public func markRead(_ id: String, by actor: Actor) async throws {
        guard try await store.markRead(school: actor.school, recipient: actor.username, id: id, at: clock.now()) else {
            throw DomainError.notFound("没有这条通知 (no such notification)")
        }
    }

    /// The actor's own settings (defaults when never set).
    public func settings(of actor: Actor) async throws -> NotificationSettings {
        try await store.settings(school: actor.school, username: actor.username) ?? NotificationSettings(username: actor.username)
    }

    /// Saves the actor's own settings (nobody sets another's); `.invalid` naming the field when they cannot be kept.
    public func saveSettings(_ settings: NotificationSettings, by actor: Actor) async throws -> NotificationSettings {
        guard actor.kind != .integration else { throw DomainError.forbidden("令牌不能设置通知方式 (tokens have no notification settings)") }
        var own = settings
        own.username = actor.username
        let valid = try own.validated()
        try await store.save(valid, school: actor.school, at: clock.now())
        return valid
    }

    /// Sends notifications (used by jobs and workflows).
    public func send(_ notifications: [InboxMessage], school: SchoolID) async throws {
        guard !notifications.isEmpty else { return }
        try await store.send(notifications, school: school)
    }
}
