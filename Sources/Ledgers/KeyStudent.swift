import CampusKit
import Foundation

/// A student flagged as a key student (重点学生): why (free text), in which category, since when and by whom. One
/// flag a student at a time; a cleared flag stays as a past period, so a ledger can say who was flagged on a day.
public struct KeyStudent: Sendable, Equatable {
    public var id: String
    public var studentNo: String
    public var studentName: String
    public var className: String
    public var college: String
    public var building: String?
    public var floor: Int?
    public var room: String?
    public var mark: KeyStudentMark
    public var flaggedBy: String
    public var flaggedAt: Date
    public var updatedBy: String
    public var updatedAt: Date
    /// When and why the flag was cleared; nil while it stands.
    public var clearedBy: String?
    public var clearedAt: Date?
    public var clearReason: String?

    public init(id: String, studentNo: String, studentName: String = "", className: String = "", college: String = "", building: String? = nil,
                floor: Int? = nil, room: String? = nil, mark: KeyStudentMark, flaggedBy: String, flaggedAt: Date, updatedBy: String,
                updatedAt: Date, clearedBy: String? = nil, clearedAt: Date? = nil, clearReason: String? = nil) {
        self.id = id
        self.studentNo = studentNo
        self.studentName = studentName
        self.className = className
        self.college = college
        self.building = building
        self.floor = floor
        self.room = room
        self.mark = mark
        self.flaggedBy = flaggedBy
        self.flaggedAt = flaggedAt
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.clearedBy = clearedBy
        self.clearedAt = clearedAt
        self.clearReason = clearReason
    }

    /// The longest reason, in characters.
    public static let reasonLimit = 200

    /// The fixed categories a flag may carry (stored as these keys, shown as words from the catalogs).
    public enum Category: String, Sendable, Codable, CaseIterable {
        case psychological, health, academic, family, other
    }
}

/// What a flag says: its category, if any, and its reason.
public struct KeyStudentMark: Sendable, Equatable {
    public var category: KeyStudent.Category?
    public var reason: String
    public init(category: KeyStudent.Category?, reason: String) {
        self.category = category
        self.reason = reason
    }
}

/// One entry of a student's key-student history: what happened, what the flag said before and after, who, when.
public struct KeyStudentChange: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable { case flagged, changed, cleared }
    public var studentNo: String
    public var at: Date
    public var by: String
    public var action: Action
    /// nil for `flagged` (there was no flag).
    public var before: KeyStudentMark?
    /// nil for `cleared` (there is no flag any more).
    public var after: KeyStudentMark?
    /// Why it was cleared.
    public var note: String?

    public init(studentNo: String, at: Date, by: String, action: Action, before: KeyStudentMark?, after: KeyStudentMark?, note: String? = nil) {
        self.studentNo = studentNo
        self.at = at
        self.by = by
        self.action = action
        self.before = before
        self.after = after
        self.note = note
    }
}

/// A flag or a change as asked for, before it is checked: every field as it arrived.
public struct KeyStudentDraft: Sendable, Equatable {
    public var reason: String?
    /// A category key, or nil or empty for none.
    public var category: String?
    public init(reason: String?, category: String?) {
        self.reason = reason
        self.category = category
    }

    /// The checked mark, or `.invalid` naming every wrong field: a reason (trimmed, 1–200 characters) and a category
    /// that is one of the fixed keys when given.
    public func validated() throws -> KeyStudentMark {
        var errors: [FieldError] = []
        let text = KeyStudentDraft.checkedReason(reason, field: "reason", errors: &errors)
        let raw = (category ?? "").trimmingCharacters(in: .whitespaces)
        let category = raw.isEmpty ? nil : KeyStudent.Category(rawValue: raw)
        if !raw.isEmpty && category == nil {
            let keys = KeyStudent.Category.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(FieldError(field: "category", message: "请从列表中选择类别 (category must be one of \(keys))"))
        }
        guard errors.isEmpty, let text else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        return KeyStudentMark(category: category, reason: text)
    }

    /// A required reason of at most `KeyStudent.reasonLimit` characters, trimmed; nil with an error for `field` otherwise.
    static func checkedReason(_ raw: String?, field: String, errors: inout [FieldError]) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= KeyStudent.reasonLimit else {
            errors.append(FieldError(field: field, message: "请填写原因（最多 \(KeyStudent.reasonLimit) 字）(\(field) is required, up to \(KeyStudent.reasonLimit) characters)"))
            return nil
        }
        return text
    }
}

/// Which key students a ledger asks for.
public struct KeyStudentFilter: Sendable, Equatable {
    public var building: String?
    /// A floor unit key, `BUILDING/FLOOR`.
    public var floor: String?
    public var college: String?
    public var className: String?
    /// Flags standing at some moment of this interval (a campus day); nil: the flags standing now.
    public var flaggedDuring: DateInterval?

    public init(building: String? = nil, floor: String? = nil, college: String? = nil, className: String? = nil, flaggedDuring: DateInterval? = nil) {
        self.building = building
        self.floor = floor
        self.college = college
        self.className = className
        self.flaggedDuring = flaggedDuring
    }
}
