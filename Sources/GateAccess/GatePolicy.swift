import CampusKit
import Foundation

/// What the gates ask of a student, as data: a school changes it (lockdown, normal days) without a release.
/// Each stored change is a new version; decisions name the version they followed.
public struct GatePolicy: Sendable, Equatable, Codable {
    /// Something that must be true of the student for a rule's passage to be allowed.
    public enum Requirement: String, Sendable, Codable, CaseIterable {
        /// The student's status in the roster is active.
        case activeStudent = "active_student"
        /// An approved leave covers this moment.
        case approvedLeave = "approved_leave"
        /// Today's check-in is done.
        case checkedInToday = "checked_in_today"
        /// No case of the student is open.
        case noOpenCase = "no_open_case"
        /// The student is not waiting for an individual retest after a positive pooled tube (混管阳性待复检).
        case noPendingRetest = "no_pending_retest"
        /// No quarantine placement of the student is active (checked on every passage, named in the presets).
        case notQuarantined = "not_quarantined"
    }

    /// Passages through points of `kinds` in `direction` (both when nil) need every requirement.
    public struct Rule: Sendable, Equatable, Codable {
        public var kinds: [AccessPoint.Kind]
        public var direction: AccessEvent.Direction?
        public var require: [Requirement]

        public init(kinds: [AccessPoint.Kind], direction: AccessEvent.Direction?, require: [Requirement]) {
            self.kinds = kinds
            self.direction = direction
            self.require = require
        }

        func applies(to kind: AccessPoint.Kind, _ direction: AccessEvent.Direction) -> Bool {
            kinds.contains(kind) && (self.direction == nil || self.direction == direction)
        }
    }

    public var name: String
    /// Students off campus after this time of day (minutes after midnight) without leave raise an alert; nil: no curfew.
    public var curfew: Int?
    /// Leaves longer than this many hours need a second approval (secretary or leader) after the counsellor's.
    public var secondApprovalHours: Int
    public var rules: [Rule]
    /// Set by the store: 0 for the built-in default, then 1, 2, … per change.
    public var version: Int

    public init(name: String, curfew: Int?, secondApprovalHours: Int, rules: [Rule], version: Int = 0) {
        self.name = name
        self.curfew = curfew
        self.secondApprovalHours = secondApprovalHours
        self.rules = rules
        self.version = version
    }

    /// Every kind of point, both ways: a student in quarantine passes none (a rule of both presets).
    static let quarantineRule = Rule(kinds: AccessPoint.Kind.allCases, direction: nil, require: [.notQuarantined])

    /// Ordinary days: everyone passes but students in quarantine, curfew at 23:00, leave over three days needs a
    /// second approval.
    public static let normal = GatePolicy(name: "normal", curfew: 23 * 60, secondApprovalHours: 72, rules: [quarantineRule])

    /// Closed management (封闭管理): out of the campus only on approved leave; into the campus only active students;
    /// into a building only after today's check-in, without an open case and not while waiting for a retest.
    public static let lockdown = GatePolicy(name: "lockdown", curfew: 22 * 60, secondApprovalHours: 24, rules: [
        quarantineRule,
        Rule(kinds: [.campusGate], direction: .out, require: [.approvedLeave]),
        Rule(kinds: [.campusGate], direction: .in, require: [.activeStudent]),
        Rule(kinds: [.buildingDoor, .canteen, .library, .classroom, .venue, .bathhouse], direction: .in,
             require: [.checkedInToday, .noOpenCase, .noPendingRetest]),
    ])

    /// True when leaving through a point of `kind` needs approved leave under this policy.
    public func exitNeedsLeave(at kind: AccessPoint.Kind) -> Bool {
        rules.contains { $0.applies(to: kind, .out) && $0.require.contains(.approvedLeave) }
    }

    /// The requirements for one passage, in the order the rules list them, without repeats.
    public func requirements(at kind: AccessPoint.Kind, _ direction: AccessEvent.Direction) -> [Requirement] {
        var seen: [Requirement] = []
        for rule in rules where rule.applies(to: kind, direction) {
            for r in rule.require where !seen.contains(r) { seen.append(r) }
        }
        return seen
    }

    /// Checks a policy a client sent; every problem is named by its field.
    public func validated() throws -> GatePolicy {
        var errors: [FieldError] = []
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.count > 50 { errors.append(FieldError(field: "name", message: "请填写名称（最多 50 字）(1–50 characters)")) }
        if let curfew, !(0..<1440).contains(curfew) { errors.append(FieldError(field: "curfew", message: "应为 HH:MM (must be HH:MM)")) }
        if !(1...24 * 60).contains(secondApprovalHours) {
            errors.append(FieldError(field: "secondApprovalHours", message: "应为 1 到 1440 小时 (1–1440 hours)"))
        }
        if rules.count > 50 { errors.append(FieldError(field: "rules", message: "最多 50 条规则 (at most 50 rules)")) }
        for (i, rule) in rules.enumerated() {
            if rule.kinds.isEmpty { errors.append(FieldError(field: "rules[\(i)].kinds", message: "至少一种门禁点类型 (name at least one kind)")) }
            if rule.require.isEmpty { errors.append(FieldError(field: "rules[\(i)].require", message: "至少一个条件 (name at least one requirement)")) }
        }
        guard errors.isEmpty else { throw DomainError(.invalid, "门禁策略有误 (the gate policy is invalid)", fieldErrors: errors) }
        var copy = self
        copy.name = trimmed
        return copy
    }
}
