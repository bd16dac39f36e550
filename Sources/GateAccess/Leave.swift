import CampusKit
import Foundation

/// A request to be off campus for a while (请假/出校申请), its approvals, and what the gate saw of it.
public struct Leave: Sendable, Equatable {
    /// Where the request stands. A leave that needs two approvals stays `pending` until the second one.
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, approved, refused, cancelled }

    public var id: String
    public var studentNo: String
    public var studentName: String
    public var from: Date
    public var to: Date
    public var reason: String
    public var destination: String
    public var status: Status
    /// Longer than the policy's limit: a secretary or leader approves after the counsellor.
    public var needsSecondApproval: Bool
    public var firstApprovedBy: String?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var note: String?
    public var requestedAt: Date
    public var requestedBy: String
    /// When the student went out through a campus gate during the leave, and came back.
    public var departedAt: Date?
    public var returnedAt: Date?

    public init(id: String, studentNo: String, studentName: String, from: Date, to: Date, reason: String, destination: String,
                status: Status, needsSecondApproval: Bool, firstApprovedBy: String? = nil, decidedBy: String? = nil,
                decidedAt: Date? = nil, note: String? = nil, requestedAt: Date, requestedBy: String,
                departedAt: Date? = nil, returnedAt: Date? = nil) {
        self.id = id
        self.studentNo = studentNo
        self.studentName = studentName
        self.from = from
        self.to = to
        self.reason = reason
        self.destination = destination
        self.status = status
        self.needsSecondApproval = needsSecondApproval
        self.firstApprovedBy = firstApprovedBy
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
        self.requestedAt = requestedAt
        self.requestedBy = requestedBy
        self.departedAt = departedAt
        self.returnedAt = returnedAt
    }

    /// Waiting for the second approval (the counsellor has approved).
    public var awaitsSecondApproval: Bool { status == .pending && needsSecondApproval && firstApprovedBy != nil }

    /// Out past the end of an approved leave and not back.
    public func isOverdue(at now: Date) -> Bool {
        status == .approved && departedAt != nil && returnedAt == nil && to < now
    }
}

/// What a student (or staff for them) asks for; checked before anything is stored.
public struct LeaveRequest: Sendable, Equatable {
    public var studentNo: String
    public var from: Date?
    public var to: Date?
    public var reason: String
    public var destination: String

    public init(studentNo: String, from: Date?, to: Date?, reason: String, destination: String) {
        self.studentNo = studentNo
        self.from = from
        self.to = to
        self.reason = reason
        self.destination = destination
    }

    /// The longest leave one request may ask for.
    public static let longest: TimeInterval = 30 * 86_400

    /// Every problem, by field: the window (ends after it starts, not over 30 days, not ended already), reason and destination.
    public func validate(now: Date) -> [FieldError] {
        var errors: [FieldError] = []
        if from == nil { errors.append(FieldError(field: "from", message: "请填写离校时间 (when do you leave?)")) }
        if to == nil { errors.append(FieldError(field: "to", message: "请填写返校时间 (when are you back?)")) }
        if let from, let to {
            if to <= from { errors.append(FieldError(field: "to", message: "返校时间应晚于离校时间 (must be after from)")) }
            else if to.timeIntervalSince(from) > Self.longest { errors.append(FieldError(field: "to", message: "一次请假最长 30 天 (at most 30 days)")) }
            else if to <= now { errors.append(FieldError(field: "to", message: "返校时间已过 (already past)")) }
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty || reason.count > 200 { errors.append(FieldError(field: "reason", message: "请填写事由（最多 200 字）(1–200 characters)")) }
        let destination = destination.trimmingCharacters(in: .whitespacesAndNewlines)
        if destination.isEmpty || destination.count > 100 {
            errors.append(FieldError(field: "destination", message: "请填写去向（最多 100 字）(1–100 characters)"))
        }
        return errors
    }
}

/// Which leaves to list.
public struct LeaveFilter: Sendable, Equatable {
    public var status: Leave.Status?
    public var studentNo: String?

    public init(status: Leave.Status? = nil, studentNo: String? = nil) {
        self.status = status
        self.studentNo = studentNo
    }
}
