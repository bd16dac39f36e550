import CampusKit
import Hummingbird
import Notifications

extension PageModule {
    /// The administrator's page of the outbox: group robots and dead letters.
    static let outbox = PageModule(menu: [
        MenuEntry(.admin, "/admin/outbox", "outbox_title", shows: OutboxAdministration.mayManage)
    ], routes: { c, pages in
        pages.get("admin/outbox", RouteRule.administrators, use: c.outboxPage)
        pages.post("admin/outbox/webhooks", RouteRule.administrators, use: c.addWebhookForm)
        pages.post("admin/outbox/webhooks/:id/remove", RouteRule.administrators, use: c.removeWebhookForm)
        pages.post("admin/outbox/:id/resend", RouteRule.administrators, use: c.resendForm)
    })
}
