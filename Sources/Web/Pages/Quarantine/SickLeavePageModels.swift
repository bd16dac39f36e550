/// One sick leave as a list row or a card shows it.
struct SickLeaveRow: Sendable {
    var id: String
    var studentNo: String
    var name: String
    var symptoms: String
    var onset: String
    var period: String
    var clinicVisited: Bool
    var open: Bool
    var status: String
    /// Open and not followed up today: shown first and highlighted.
    var needsFollowUp: Bool
    var lastFollowUp: String?
    var cause: String?
    var cleared: Bool
}

/// `sick_leave.mustache`: the student's phone form "我要请病假" and their sick leaves.
struct SickLeavePageModel: PageModel {
    static let template = "sick_leave"
    var items: [SickLeaveRow]
    var hasItems: Bool
    var formSymptoms: String
    var formOnset: String
    var formFrom: String
    var formTo: String
    var formClinic: Bool
    var today: String
    var error_symptoms: String?
    var error_onset: String?
    var error_from: String?
    var error_to: String?
    var hasErrors: Bool
}

/// `sick_leaves.mustache`: the counsellor's list, open ones without today's follow-up first, then recently closed.
struct SickLeavesPageModel: PageModel {
    static let template = "sick_leaves"
    var open: [SickLeaveRow]
    var hasOpen: Bool
    var waiting: Int
    var hasWaiting: Bool
    var closed: [SickLeaveRow]
    var hasClosed: Bool
    /// The ledger's filters (unit and day) and the same as a query for the export links.
    var units: LedgerUnitChoices
    var query: String
    var filtered: Bool
    var error: String?
    /// Staff record a sick leave for a student (the form, what was typed, and each refused field's reason).
    var form: StaffSickLeaveFormModel
}

struct StaffSickLeaveFormModel: Sendable {
    var studentNo: String
    var symptoms: String
    var onset: String
    var from: String
    var to: String
    var clinic: Bool
    var today: String
    var open: Bool
    var error_studentNo: String?
    var error_symptoms: String?
    var error_onset: String?
    var error_from: String?
    var error_to: String?
}

/// `sick_leave_detail.mustache`: one sick leave, its follow-ups oldest first, and (for staff, while open) the forms.
struct SickLeaveDetailPageModel: PageModel {
    static let template = "sick_leave_detail"
    struct FollowUp: Sendable { var at: String; var note: String; var by: String }
    var leave: SickLeaveRow
    var followUps: [FollowUp]
    var hasFollowUps: Bool
    /// Every change (created, each follow-up, closed): who, when, before, after.
    struct Change: Sendable { var at: String; var by: String; var action: String; var before: String; var after: String; var note: String? }
    var history: [Change]
    /// Staff following the student, while it is open.
    var writable: Bool
    var staff: Bool
    var formNote: String
    var formCause: String
    var formCleared: Bool
    var error_note: String?
    var error_cause: String?
    var error: String?
}
