import CampusKit
import Foundation

/// What is known about a student at the moment they stand at a point: enough to apply any policy.
public struct GateFacts: Sendable, Equatable {
    public var point: AccessPoint
    public var studentNo: String
    public var active: Bool
    public var onApprovedLeave: Bool
    public var checkedInToday: Bool
    public var hasOpenCase: Bool
    /// A positive pooled tube put the student in line for an individual retest whose result is not in.
    public var pendingRetest: Bool
    /// A quarantine placement of the student is active.
    public var quarantined: Bool

    public init(point: AccessPoint, studentNo: String, active: Bool, onApprovedLeave: Bool, checkedInToday: Bool, hasOpenCase: Bool,
                pendingRetest: Bool = false, quarantined: Bool = false) {
        self.point = point
        self.studentNo = studentNo
        self.active = active
        self.onApprovedLeave = onApprovedLeave
        self.checkedInToday = checkedInToday
        self.hasOpenCase = hasOpenCase
        self.pendingRetest = pendingRetest
        self.quarantined = quarantined
    }
}

/// The gate's answer: allowed or not, and why, in a code for devices and a sentence for the person at the gate.
public struct GateDecision: Sendable, Equatable {
    public var allow: Bool
    /// `allowed`, or the first requirement that failed: `quarantined`, `not_active`, `leave_required`, `checkin_missing`,
    /// `open_case`, `retest_pending`.
    public var reason: String
    public var message: String
    public var policyVersion: Int

    public init(allow: Bool, reason: String, message: String, policyVersion: Int) {
        self.allow = allow
        self.reason = reason
        self.message = message
        self.policyVersion = policyVersion
    }
}

extension GatePolicy {
    /// Applies the policy to one passage: allowed when every requirement of every rule that applies holds;
    /// otherwise denied with the first failing requirement as the reason. A student in quarantine is refused
    /// everywhere, whatever the policy says (CONTRACT.md: every gate decision while a placement is active).
    public func decide(_ facts: GateFacts, direction: AccessEvent.Direction) -> GateDecision {
        var required = requirements(at: facts.point.kind, direction)
        if !required.contains(.notQuarantined) { required.insert(.notQuarantined, at: 0) }
        for requirement in required {
            let (holds, reason, message): (Bool, String, String) = switch requirement {
            case .notQuarantined: (!facts.quarantined, "quarantined", "正在集中隔离，暂停通行 (in quarantine)")
            case .activeStudent: (facts.active, "not_active", "学籍状态不是在校 (not an active student)")
            case .approvedLeave: (facts.onApprovedLeave, "leave_required", "没有覆盖当前时间的已批准请假 (no approved leave covers now)")
            case .checkedInToday: (facts.checkedInToday, "checkin_missing", "今日尚未健康打卡 (today's check-in is not done)")
            case .noOpenCase: (!facts.hasOpenCase, "open_case", "有未结的异常个案，请联系辅导员 (an open case: see your counsellor)")
            case .noPendingRetest: (!facts.pendingRetest, "retest_pending", "混管阳性待单管复检，复检阴性前暂停通行 (waiting for an individual retest)")
            }
            if !holds { return GateDecision(allow: false, reason: reason, message: message, policyVersion: version) }
        }
        return GateDecision(allow: true, reason: "allowed", message: "准予通行 (allowed)", policyVersion: version)
    }
}
