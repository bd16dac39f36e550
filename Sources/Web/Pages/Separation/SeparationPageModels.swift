/// A choice of a `<select>`.
struct SeparationChoice: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

/// One row of the editor's tables: the values typed (or prefilled) and the error of that row, if any.
struct SeparationEdgeRow: Sendable { var a: String; var b: String; var minutes: String; var error: String? }
struct SeparationGroupRow: Sendable { var code: String; var home: String; var size: String; var error: String? }
struct SeparationFacilityRow: Sendable {
    var code: String; var name: String; var kinds: [SeparationChoice]; var node: String; var buffer: String; var error: String?
}
struct SeparationDemandRow: Sendable {
    var groups: [SeparationChoice]; var kinds: [SeparationChoice]; var minutes: String; var from: String; var to: String
    var preferred: String; var error: String?
}

/// A plan in the office's list.
struct SeparationPlanListRow: Sendable {
    var id: String; var name: String; var demands: Int; var feasible: Bool; var objective: Int; var published: String?
    var createdBy: String; var createdAt: String
}

/// `separation.mustache`: the plans, and the editor (tables prefilled from the grid and the access points, or from
/// the newest plan) for those who plan.
struct SeparationPageModel: PageModel {
    static let template = "separation"
    var plans: [SeparationPlanListRow]
    var hasPlans: Bool
    var mayPlan: Bool
    var name: String
    var slot: String
    var edges: [SeparationEdgeRow]
    var groups: [SeparationGroupRow]
    var facilities: [SeparationFacilityRow]
    var demands: [SeparationDemandRow]
    var errors: [String]
    var hasErrors: Bool
}

/// One line of a building's timetable.
struct SeparationTimetableRow: Sendable {
    var facility: String; var kind: String; var from: String; var to: String; var leave: String; var route: String
}

/// A building's (or floor's) timetable.
struct SeparationGroupTimetable: Sendable {
    var group: String
    var rows: [SeparationTimetableRow]
}

/// `separation_plan.mustache`: the plan's timetable per building (printable), its time-space chart, the verifier's
/// verdict, publishing.
struct SeparationPlanPageModel: PageModel {
    static let template = "separation_plan"
    var id: String
    var name: String
    var feasible: Bool
    var objective: Int
    var lowerBound: Int
    var elapsedMs: Int
    var published: String?
    var mayPublish: Bool
    var today: String
    var timetables: [SeparationGroupTimetable]
    var unscheduled: [String]
    var hasUnscheduled: Bool
    var reasons: [String]
    var chart: String
    var hasChart: Bool
    var valid: Bool
    var problems: [String]
    var error: String?
}

/// One visit in the adherence report.
struct SeparationAdherenceRow: Sendable {
    var group: String; var facility: String; var planned: String; var students: Int; var outside: [SeparationOutside]; var hasOutside: Bool
    var outsideCount: Int
}
struct SeparationOutside: Sendable { var studentNo: String; var name: String; var times: String }

/// `separation_adherence.mustache`: who kept their slot on a day, and who was seen outside it.
struct SeparationAdherencePageModel: PageModel {
    static let template = "separation_adherence"
    var id: String
    var name: String
    var date: String
    var day: String
    var rows: [SeparationAdherenceRow]
    var outsideTotal: Int
    var hasOutside: Bool
}

/// One visit told to a student.
struct SeparationMineRow: Sendable { var sentence: String; var leave: String }

/// `separation_mine.mustache`: the student's timetable of the day on the phone.
struct SeparationMinePageModel: PageModel {
    static let template = "separation_mine"
    var day: String
    var rows: [SeparationMineRow]
    var hasRows: Bool
}
