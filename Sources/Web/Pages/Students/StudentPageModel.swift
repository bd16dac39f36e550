/// `student.mustache`: one student on one page — their record (contacts masked unless revealed), the last 14 days
/// of check-ins, cases, leave and tests, and a link to the trajectory — each part shown when the reader may read it.
struct StudentPageModel: PageModel {
    static let template = "student"

    struct Field: Sendable { var label: String; var value: String }

    /// What the domains say of the student, beyond the roster.
    struct Record: Sendable {
        struct Day: Sendable { var date: String; var text: String; var tone: String }
        struct CaseRow: Sendable { var id: String; var openedAt: String; var source: String; var summary: String; var status: String; var open: Bool }
        struct TestRow: Sendable { var name: String; var date: String; var status: String; var alert: Bool }

        var days: [Day] = []
        var showsDays = false
        var cases: [CaseRow] = []
        var showsCases = false
        var leaves: [LeaveRow] = []
        var showsLeaves = false
        var tests: [TestRow] = []
        var showsTests = false
        var trajectory: String?
        /// Where the gates last saw the student (one definition of on campus: `LastPassages.onCampus`), and its tone.
        var whereabouts: String?
        var whereaboutsTone = ""

        // Stored, not computed: templates read fields by reflection.
        var hasCases = false
        var hasLeaves = false
        var hasTests = false
    }

    var name: String
    var studentNo: String
    var fields: [Field]
    var revealed: Bool
    var mayReveal: Bool
    /// `tel:` links to call the student and their guardian, once the numbers are revealed.
    var call: String?
    var callGuardian: String?
    var record: Record
}
