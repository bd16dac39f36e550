/// `ledgers.mustache`: the ledgers (台账) the reader may open, each with what it answers.
struct LedgersPageModel: PageModel {
    static let template = "ledgers"
    struct Entry: Sendable { var href: String; var title: String; var note: String }
    var entries: [Entry]
}

/// One key student as the ledger lists them.
struct KeyStudentRow: Sendable {
    var studentNo: String
    var name: String
    var className: String
    var dwelling: String
    var category: String
    var reason: String
    var flagged: String
    var cleared: String?
}

/// `key_students.mustache`: the key-student ledger with its filters, exports and the form to flag a student.
struct KeyStudentsPageModel: PageModel {
    static let template = "key_students"
    var items: [KeyStudentRow]
    var hasItems: Bool
    var count: Int
    var units: LedgerUnitChoices
    var query: String
    var next: String?
    var categories: [LedgerChoice]
    var formStudentNo: String
    var formReason: String
    var error_studentNo: String?
    var error_reason: String?
    var error_category: String?
    var error: String?
}

/// `key_student.mustache`: one student's standing flag with the forms to change and clear it, and every change.
struct KeyStudentPageModel: PageModel {
    static let template = "key_student"
    struct Change: Sendable { var at: String; var by: String; var action: String; var before: String; var after: String; var note: String? }
    var studentNo: String
    var name: String
    var flagged: Bool
    var category: String
    var reason: String
    var since: String
    var categories: [LedgerChoice]
    var formReason: String
    var formClearReason: String
    var error_reason: String?
    var error_category: String?
    var error_clear: String?
    var changes: [Change]
    var hasChanges: Bool
}

/// One student as the on-campus ledger lists them.
struct OnCampusRow: Sendable {
    var studentNo: String
    var name: String
    var className: String
    var dwelling: String
    var status: String
    var tone: String
    var lastGate: String
    var leave: String
    var trajectory: String
}

/// `on_campus.mustache`: the on-campus ledger of a day with its filters and exports.
struct OnCampusPageModel: PageModel {
    static let template = "on_campus"
    var day: String
    var items: [OnCampusRow]
    var hasItems: Bool
    var units: LedgerUnitChoices
    var statuses: [LedgerChoice]
    var query: String
    var next: String?
    var error: String?
}
