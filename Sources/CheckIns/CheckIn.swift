import CampusKit
import Foundation

/// One submitted check-in. Every submission is kept; per student and day the latest one is the one that counts.
public struct CheckIn: Sendable, Equatable, Codable {
    public var id: String
    public var studentNo: String
    /// The campus day it belongs to (the school's time zone at submission).
    public var day: CampusDay
    public var submittedAt: Date
    public var answers: Answers
    public var reasons: [Reason]
    /// Submitted after the day's cutoff (补报): accepted and counted, but marked.
    public var late: Bool
    /// Who sent it: the student, a staff member on the student's behalf, or an integration.
    public var submittedBy: String
    public var channel: Channel
    /// Where it came from, for integrity review.
    public var client: ClientInfo
    /// True when this is the check-in that counts for its day (the latest); false for replaced ones.
    public var counted: Bool

    public var abnormal: Bool { !reasons.isEmpty }

    /// How a check-in reached the server.
    public enum Channel: String, Sendable, Codable, CaseIterable {
        /// The student's check-in page.
        case page
        /// The API with the student's own session.
        case api
        /// A staff member on the student's behalf (代报).
        case staff
        /// An integration token (another system).
        case integration
    }

    public init(id: String, studentNo: String, day: CampusDay, submittedAt: Date, answers: Answers, late: Bool,
                submittedBy: String, channel: Channel, client: ClientInfo = ClientInfo(), counted: Bool = true) {
        self.id = id
        self.studentNo = studentNo
        self.day = day
        self.submittedAt = submittedAt
        self.answers = answers
        self.reasons = answers.reasons
        self.late = late
        self.submittedBy = submittedBy
        self.channel = channel
        self.client = client
        self.counted = counted
    }
}

/// What the server knows about the client that sent a check-in: enough to notice scripts, nothing more.
public struct ClientInfo: Sendable, Equatable, Codable {
    public var address: String?
    public var userAgent: String?
    /// Seconds between the check-in page being shown and the form being sent; nil outside the page.
    public var formSeconds: Double?

    public init(address: String? = nil, userAgent: String? = nil, formSeconds: Double? = nil) {
        self.address = address
        self.userAgent = userAgent.map { String($0.prefix(300)) }
        self.formSeconds = formSeconds
    }
}

/// The answer to a submission (CONTRACT.md): stored with an idempotency key so a repeat gets it again.
public struct Receipt: Sendable, Equatable, Codable {
    public var id: String
    public var studentNo: String
    public var date: CampusDay
    public var submittedAt: Date
    public var abnormal: Bool
    public var reasons: [Reason]
    public var late: Bool

    public init(_ checkIn: CheckIn) {
        id = checkIn.id
        studentNo = checkIn.studentNo
        date = checkIn.day
        submittedAt = checkIn.submittedAt
        abnormal = checkIn.abnormal
        reasons = checkIn.reasons
        late = checkIn.late
    }
}
