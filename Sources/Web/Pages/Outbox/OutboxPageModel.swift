/// `outbox.mustache`: the groups that hear of events by webhook, a form to add one, and the deliveries that gave up
/// (dead letters) with a button to send each again.
struct OutboxPageModel: PageModel {
    static let template = "outbox"

    struct Target: Sendable {
        var id: String
        var name: String
        var url: String
        var format: String
        var unit: String
        var kinds: String
        var language: String
    }
    struct Choice: Sendable { var value: String; var label: String; var selected: Bool }
    struct Dead: Sendable {
        var id: String
        var at: String
        var channel: String
        var recipient: String
        var subject: String
        var attempts: Int
        var error: String
    }

    var targets: [Target]
    var hasTargets: Bool
    var formats: [Choice]
    var units: [Choice]
    var kinds: [Choice]
    var languages: [Choice]
    var name: String
    var url: String
    var errors: [String]
    var hasErrors: Bool
    var dead: [Dead]
    var hasDead: Bool
    var pending: Int
    var notice: String?
}
