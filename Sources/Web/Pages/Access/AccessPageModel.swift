/// `access.mustache`: who is where, the alerts of the last days, and the gate policy in force.
struct AccessPageModel: PageModel {
    static let template = "access"

    struct Building: Sendable { var building: String; var residents: Int; var inside: Int }
    struct Away: Sendable {
        var studentNo: String
        var name: String
        var className: String
        var since: String
    }
    struct Alert: Sendable {
        var studentNo: String
        var name: String
        var at: String
        var kind: String
        var detail: String
        var red: Bool
    }
    struct Rule: Sendable { var kinds: String; var direction: String; var require: String }
    struct Preset: Sendable { var value: String; var label: String; var selected: Bool }

    /// Enrolled students in the reader's scope: on campus, off campus and not yet seen at a gate together.
    var enrolled: Int
    var onCampus: Int
    var offCampus: Int
    var unknown: Int
    var anyAway: Bool
    var buildings: [Building]
    var hasBuildings: Bool
    var away: [Away]
    var hasAway: Bool
    var alerts: [Alert]
    var hasAlerts: Bool
    var filters: [PageLink]
    var policyName: String
    var policyVersion: String
    var curfew: String
    var curfewField: String
    var rules: [Rule]
    var hasRules: Bool
    var updatedAt: String
    var presets: [Preset]
    /// The reader may change the policy (`GatePermissions.mayManagePolicy`).
    var managesPolicy: Bool
}
