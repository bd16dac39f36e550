import CampusKit
import Foundation

/// A student off class because they are ill (因病请假), followed up day by day until it closes with its cause
/// (CONTRACT.md, Quarantine and sick leave): it never closes with the cause unknown.
public struct SickLeave: Sendable, Equatable {
    public var id: String
    public var studentNo: String
    public var studentName: String
    /// What the student feels, in their own words.
    public var symptoms: String
    /// The day the symptoms began.
    public var onset: CampusDay
    public var clinicVisited: Bool
    public var from: CampusDay
    /// The last day off, when known.
    public var to: CampusDay?
    public var status: Status
    public var createdBy: String
    public var createdAt: Date
    /// The day of the latest follow-up, nil before the first.
    public var lastFollowUpDay: CampusDay?
    public var cause: String?
    /// Cleared to return to class (复课) when it closed.
    public var cleared: Bool?
    public var closedBy: String?
    public var closedAt: Date?

    public enum Status: String, Sendable, Codable, CaseIterable { case open, closed }

    public init(id: String, studentNo: String, studentName: String = "", symptoms: String, onset: CampusDay, clinicVisited: Bool,
                from: CampusDay, to: CampusDay?, status: Status = .open, createdBy: String, createdAt: Date,
                lastFollowUpDay: CampusDay? = nil, cause: String? = nil, cleared: Bool? = nil, closedBy: String? = nil, closedAt: Date? = nil) {
        self.id = id
        self.studentNo = studentNo
        self.studentName = studentName
        self.symptoms = symptoms
        self.onset = onset
        self.clinicVisited = clinicVisited
        self.from = from
        self.to = to
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastFollowUpDay = lastFollowUpDay
        self.cause = cause
        self.cleared = cleared
        self.closedBy = closedBy
        self.closedAt = closedAt
    }

    /// Open and nobody has followed it up on `today`: the counsellor's list shows it (first).
    public func needsFollowUp(on today: CampusDay) -> Bool {
        status == .open && (lastFollowUpDay.map { $0 < today } ?? true)
    }

    /// Staff roles that follow sick leave — those who follow cases — always limited to the students in their scope
    /// (administrators, leaders and the clinic school-wide, as in quarantine).
    public static let followers: Set<Role> = [.admin, .leader, .secretary, .counsellor, .classTeacher, .buildingLeader, .clinic]

    /// True when `actor` is staff holding a follower role.
    public static func mayFollow(_ actor: Actor) -> Bool {
        actor.kind == .staff && !actor.roles.isDisjoint(with: followers)
    }
}

/// One day's note on a sick leave (how the student is, what was done).
public struct SickLeaveFollowUp: Sendable, Equatable {
    public var sickLeaveId: String
    public var note: String
    public var by: String
    public var at: Date
    /// `at`'s day in the school's time zone.
    public var day: CampusDay

    public init(sickLeaveId: String, note: String, by: String, at: Date, day: CampusDay) {
        self.sickLeaveId = sickLeaveId
        self.note = note
        self.by = by
        self.at = at
        self.day = day
    }
}

/// A sick leave as asked for, before it is checked. Days arrive as written (`YYYY-MM-DD`) so each unreadable one is
/// named by its field.
public struct SickLeaveRequest: Sendable, Equatable {
    /// nil or empty: the asking student themself.
    public var studentNo: String?
    public var symptoms: String?
    public var onset: String?
    public var clinicVisited: Bool
    public var from: String?
    public var to: String?

    public init(studentNo: String?, symptoms: String?, onset: String?, clinicVisited: Bool, from: String?, to: String?) {
        self.studentNo = studentNo
        self.symptoms = symptoms
        self.onset = onset
        self.clinicVisited = clinicVisited
        self.from = from
        self.to = to
    }

    /// The checked values, or `.invalid` naming every wrong field: symptoms described (≤ 500 characters); onset and
    /// from readable days (an RFC 3339 instant counts as its day in `timeZone`), not after `today` nor more than 60
    /// days back; `to`, when given, not before `from`.
    func validated(today: CampusDay, timeZone: TimeZone) throws -> (symptoms: String, onset: CampusDay, from: CampusDay, to: CampusDay?) {
        var errors: [FieldError] = []
        let text = (symptoms ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.count > 500 {
            errors.append(FieldError(field: "symptoms", message: "请描述症状（最多 500 字）(describe the symptoms, up to 500 characters)"))
        }
        func day(_ raw: String?, _ field: String, _ what: String, required: Bool) -> CampusDay? {
            let raw = (raw ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty {
                if required { errors.append(FieldError(field: field, message: "请填写\(what) (\(field) is required)")) }
                return nil
            }
            guard let value = CampusDay(raw) ?? Self.instant(raw).map({ CampusDay($0, in: timeZone) }) else {
                errors.append(FieldError(field: field, message: "\(what)应为日期，如 2026-11-27 (\(field) must be a day like 2026-11-27)"))
                return nil
            }
            return value
        }
        let onset = day(onset, "onset", "发病日期", required: true)
        let from = day(from, "from", "请假开始日期", required: true)
        let to = day(to, "to", "请假结束日期", required: false)
        let earliest = today.adding(days: -60)
        for (value, field, what) in [(onset, "onset", "发病日期"), (from, "from", "请假开始日期")] {
            guard let value else { continue }
            if value > today {
                errors.append(FieldError(field: field, message: "\(what)不能晚于今天 (\(field) cannot lie after today)"))
            } else if value < earliest {
                errors.append(FieldError(field: field, message: "\(what)最多补录 60 天前 (\(field) may lie at most 60 days back)"))
            }
        }
        if let from, let to, to < from {
            errors.append(FieldError(field: "to", message: "结束日期不能早于开始日期 (to cannot lie before from)"))
        }
        guard errors.isEmpty, let onset, let from else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        return (text, onset, from, to)
    }

    private static func instant(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

/// Which sick leaves a list asks for.
public struct SickLeaveFilter: Sendable, Equatable {
    public var status: SickLeave.Status?
    public var studentNo: String?
    /// Only open ones without a follow-up on this day.
    public var needsFollowUpOn: CampusDay?
    /// The student's grid and teaching units (the ledger's filters): a building, a floor key `BUILDING/FLOOR`, a college, a class.
    public var building: String?
    public var floor: String?
    public var college: String?
    public var className: String?
    /// Only those on leave at some moment of this day: begun by it, not ended before it (by their last day or closing).
    public var onLeaveOn: CampusDay?
    /// The first instant of `onLeaveOn` in the school's time zone (the service sets it).
    public var onLeaveOnStart: Date?

    public init(status: SickLeave.Status? = nil, studentNo: String? = nil, needsFollowUpOn: CampusDay? = nil, building: String? = nil,
                floor: String? = nil, college: String? = nil, className: String? = nil, onLeaveOn: CampusDay? = nil) {
        self.status = status
        self.studentNo = studentNo
        self.needsFollowUpOn = needsFollowUpOn
        self.building = building
        self.floor = floor
        self.college = college
        self.className = className
        self.onLeaveOn = onLeaveOn
    }
}

/// One entry of a sick leave's history, as its page shows it: created, each follow-up, closed — who, when, what the
/// leave said before and after.
public struct SickLeaveChange: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable { case created, followedUp = "followed_up", closed }
    public var at: Date
    public var by: String
    public var action: Action
    /// The status before (nil when it was created).
    public var before: SickLeave.Status?
    public var after: SickLeave.Status
    /// The follow-up's note, or the cause it closed with.
    public var note: String?

    public init(at: Date, by: String, action: Action, before: SickLeave.Status?, after: SickLeave.Status, note: String?) {
        self.at = at
        self.by = by
        self.action = action
        self.before = before
        self.after = after
        self.note = note
    }
}

extension SickLeave {
    /// Every change of this sick leave, oldest first, from what is stored of it: its creation, its follow-ups (which
    /// leave it open) and its closing with the cause.
    public func history(_ followUps: [SickLeaveFollowUp]) -> [SickLeaveChange] {
        var changes = [SickLeaveChange(at: createdAt, by: createdBy, action: .created, before: nil, after: .open, note: symptoms)]
        changes += followUps.sorted { $0.at < $1.at }.map { SickLeaveChange(at: $0.at, by: $0.by, action: .followedUp, before: .open, after: .open, note: $0.note) }
        if status == .closed, let closedAt, let closedBy {
            changes.append(SickLeaveChange(at: closedAt, by: closedBy, action: .closed, before: .open, after: .closed, note: cause))
        }
        return changes
    }
}
