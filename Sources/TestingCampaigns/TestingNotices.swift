import CampusKit
import Foundation
import Notifications

/// What a student hears when a campaign names them: the day, their slot's time and its site, so that "a new slot
/// tomorrow at 07:00" reaches them the evening before and not at the queue.
public enum TestingNotices {
    /// One message per expected student of `plan`, with the slot of their building and floor when the plan has one.
    public static func slots(_ plan: CampaignPlan, at now: Date) -> [InboxMessage] {
        let campaign = plan.campaign
        let slots = Dictionary(plan.slots.map { ($0.groupKey, $0) }, uniquingKeysWith: { a, _ in a })
        let day = Self.day(campaign.day)
        return plan.expected.map { e in
            let slot = slots[Slot.groupKey(building: e.building, floor: e.floor)]
            let when = slot.map { "\(day) \(CampaignDraft.clock($0.startMinute))–\(CampaignDraft.clock($0.endMinute))" } ?? "\(day) \(CampaignDraft.clock(campaign.startMinute)) 起"
            let site = slot.flatMap { plan.sites.indices.contains($0.site) ? plan.sites[$0.site].name : nil }
            let body = "请于 \(when)" + (site.map { " 到 \($0)" } ?? "") + " 参加「\(campaign.name)」核酸检测，带好校园卡，戴好口罩，保持一米间距。"
            let parts = campaign.day.description.split(separator: "-")
            var values = ["campaign": campaign.name, "date": campaign.day.description, "site": site ?? "",
                          "month": parts.count == 3 ? String(Int(parts[1]) ?? 0) : "", "day": parts.count == 3 ? String(Int(parts[2]) ?? 0) : ""]
            if let slot {
                values["from"] = CampaignDraft.clock(slot.startMinute)
                values["to"] = CampaignDraft.clock(slot.endMinute)
            } else {
                values["from"] = CampaignDraft.clock(campaign.startMinute)
            }
            return InboxMessage(id: UUID().uuidString.lowercased(), recipient: e.studentNo, kind: .testingSlot,
                                subject: "核酸检测安排：\(when)", body: body, link: "/testing/mine", createdAt: now,
                                wording: Wording(slot == nil ? "testing_open" : (site == nil ? "testing_slot_nosite" : "testing_slot"), values))
        }
    }

    /// `11月28日`.
    static func day(_ day: CampusDay) -> String {
        let parts = day.description.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day.description }
        return "\(parts[1])月\(parts[2])日"
    }
}
