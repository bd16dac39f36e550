import CampusKit
import Foundation

/// An abnormal case (异常情况) of one student: opened by an abnormal check-in, a positive tube or a staff report,
/// followed on a timeline, and closed by staff with an outcome. One case is open per student and source at a time.
public struct Case: Sendable, Equatable, Codable {
    public var id: String
    public var studentNo: String
    public var studentName: String
    public var source: Source
    public var status: Status
    public var openedAt: Date
    /// What opened it, in one line.
    public var summary: String
    public var closedAt: Date?
    public var outcome: String?
    /// Where the handling stands (`Stage`); `closed` exactly when `status` is.
    public var stage: Stage
    /// When the first staff response is due: at opening, and again at each escalation; nil for cases that predate it.
    public var respondBy: Date?
    /// When a member of staff first acted on the case (a note, a step, the close); nil while nobody has.
    public var respondedAt: Date?
    /// How far up an unanswered case has been reported (0: its own audience; `CaseEscalation`).
    public var escalationLevel: Int

    /// What opened a case (CONTRACT.md).
    public enum Source: String, Sendable, Codable, CaseIterable { case checkin, testing, manual }
    public enum Status: String, Sendable, Codable, CaseIterable { case open, closed }

    public init(id: String, studentNo: String, studentName: String = "", source: Source, status: Status, openedAt: Date,
                summary: String, closedAt: Date? = nil, outcome: String? = nil, stage: Stage? = nil, respondBy: Date? = nil,
                respondedAt: Date? = nil, escalationLevel: Int = 0) {
        self.id = id
        self.studentNo = studentNo
        self.studentName = studentName
        self.source = source
        self.status = status
        self.openedAt = openedAt
        self.summary = summary
        self.closedAt = closedAt
        self.outcome = outcome
        self.stage = stage ?? (status == .closed ? .closed : .open)
        self.respondBy = respondBy
        self.respondedAt = respondedAt
        self.escalationLevel = escalationLevel
    }

    /// True when nobody answered an open case by its first deadline (an escalated case stays overdue until answered).
    public func overdue(at now: Date) -> Bool {
        status == .open && respondedAt == nil && (escalationLevel > 0 || (respondBy.map { $0 <= now } ?? false))
    }
}

/// One entry of a case's timeline.
public struct CaseEvent: Sendable, Equatable, Codable {
    public var at: Date
    public var kind: Kind
    public var detail: String
    /// Username of whoever caused it (a student, staff member, integration or `system`).
    public var by: String

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The case was opened.
        case opened
        /// Another abnormal check-in while the case was open.
        case checkin
        /// People were told.
        case notified
        /// A staff note.
        case note
        /// The case was closed with an outcome.
        case closed
        /// Steps of the handling (`Case.Stage`), each by a member of staff.
        case observing, isolated, tested, cleared, quarantined, hospitalised
        /// Nobody answered in time; the next level up was told (the detail says who).
        case escalated
    }

    public init(at: Date, kind: Kind, detail: String, by: String) {
        self.at = at
        self.kind = kind
        self.detail = detail
        self.by = by
    }
}

/// Which cases a list asks for (CONTRACT.md `GET /api/v1/cases`).
public struct CaseFilter: Sendable, Equatable {
    public var studentNo: String?
    public var status: Case.Status?
    public var source: Case.Source?
    public var stage: Case.Stage?
    public init(studentNo: String? = nil, status: Case.Status? = nil, source: Case.Source? = nil, stage: Case.Stage? = nil) {
        self.studentNo = studentNo
        self.status = status
        self.source = source
        self.stage = stage
    }
}
