/// `timetable.mustache`: the school's check-in times, as stored or as typed, with each field's error.
struct TimetablePageModel: PageModel {
    static let template = "timetable"

    /// Field name → the value shown.
    var values: [String: String]
    /// Field name → its error.
    var errors: [String: String]
    var hasErrors: Bool
    var saved: Bool
}
