/// `testing_campaign.mustache`: one campaign's live coverage: totals, units, slots, the missing list with reasons.
struct CampaignPageModel: PageModel {
    static let template = "testing_campaign"

    struct Group: Sendable {
        var key: String
        var expected: Int
        var sampled: Int
        var percent: Int
        var complete: Bool
        var missing: Int
        var hasMissing: Bool
        var negative: Int
        var positive: Int
        var hasPositive: Bool
        var pending: Int
    }
    struct Slot: Sendable {
        var site: String
        var unit: String
        var from: String
        var to: String
        var students: Int
    }
    struct Missing: Sendable {
        var studentNo: String
        var name: String
        var className: String
        var room: String
        var reason: String
        var note: String
        var canExempt: Bool
    }

    var id: String
    var name: String
    var date: String
    var pool: Int
    var kind: String
    var closed: Bool
    var open: Bool
    var expected: Int
    var sampled: Int
    var percent: Int
    var missingCount: Int
    var anyMissing: Bool
    /// 未检 once the campaign's day has come, 待检 before it.
    var missingLabel: String
    var missingListTitle: String
    var negative: Int
    var positive: Int
    var anyPositive: Bool
    var pending: Int
    var exempt: Int
    var updatedAt: String
    var levels: [PageLink]
    var groups: [Group]
    var hasGroups: Bool
    var slots: [Slot]
    var hasSlots: Bool
    var missing: [Missing]
    var hasMissing: Bool
    var moreMissing: Bool
    var planner: Bool
    var sampler: Bool
    /// Positive tubes whose members this reader may place in quarantine.
    var positiveTubes: [PositiveTube]
    var hasPositiveTubes: Bool

    struct PositiveTube: Sendable { var code: String; var names: String; var link: String }
}
