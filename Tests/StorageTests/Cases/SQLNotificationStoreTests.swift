import CampusKit
import Foundation
import Notifications
import ShouhuTestSupport
import Storage
import Testing

@Suite("Notification store: inbox, unread count and marking read")
struct SQLNotificationStoreTests {
    typealias F = CheckInStoreFixtures

    static func message(_ id: String, to recipient: String, at: Date, kind: InboxMessage.Kind = .caseAlert, link: String? = nil) -> InboxMessage {
        InboxMessage(id: id, recipient: recipient, kind: kind, subject: "主题 \(id)", body: "正文 \(id)", link: link, createdAt: at)
    }

    @Test("An inbox holds only the recipient's messages, newest first, whole, up to the limit", arguments: TestEngine.available)
    func inbox(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let store = stores.notifications
            let m1 = Self.message("n1", to: "T001", at: F.at(8), link: "/cases/1")
            let m2 = Self.message("n2", to: "T001", at: F.at(9), kind: .checkinReminder)
            let m3 = Self.message("n3", to: "T001", at: F.at(10), kind: .reportOverdue, link: "/reports")
            let other = Self.message("n4", to: "T002", at: F.at(11), kind: .checkinEscalation)
            try await store.send([m2, other], school: F.school)
            try await store.send([m1, m3], school: F.school)
            try await store.send([], school: F.school)
            let inbox = try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 10)
            #expect(inbox == [m3, m2, m1])
            let two = try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 2)
            #expect(two == [m3, m2])
            let theirs = try await store.inbox(school: F.school, recipient: "T002", unreadOnly: false, limit: 10)
            #expect(theirs == [other])
            let nobody = try await store.inbox(school: F.school, recipient: "T003", unreadOnly: false, limit: 10)
            #expect(nobody.isEmpty)
            let unread = try await store.unreadCount(school: F.school, recipient: "T001")
            #expect(unread == 3)
        }
    }

    @Test("Marking read changes the unread count and the unread inbox, and keeps the first reading time", arguments: TestEngine.available)
    func markRead(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let store = stores.notifications
            let messages = [Self.message("n1", to: "T001", at: F.at(8)), Self.message("n2", to: "T001", at: F.at(9)),
                            Self.message("n3", to: "T001", at: F.at(10))]
            try await store.send(messages, school: F.school)
            let marked = try await store.markRead(school: F.school, recipient: "T001", id: "n2", at: F.at(12))
            #expect(marked)
            let unread = try await store.unreadCount(school: F.school, recipient: "T001")
            #expect(unread == 2)
            let unreadInbox = try await store.inbox(school: F.school, recipient: "T001", unreadOnly: true, limit: 10)
            #expect(unreadInbox.map(\.id) == ["n3", "n1"])
            let again = try await store.markRead(school: F.school, recipient: "T001", id: "n2", at: F.at(13))
            #expect(again)
            let all = try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 10)
            #expect(all.map(\.id) == ["n3", "n2", "n1"])
            #expect(all.map(\.readAt) == [nil, F.at(12), nil])
        }
    }

    @Test("Someone else's notification, or an unknown one, cannot be marked read", arguments: TestEngine.available)
    func markReadOthers(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let store = stores.notifications
            try await store.send([Self.message("n1", to: "T001", at: F.at(8))], school: F.school)
            let stolen = try await store.markRead(school: F.school, recipient: "T002", id: "n1", at: F.at(9))
            #expect(!stolen)
            let unknown = try await store.markRead(school: F.school, recipient: "T001", id: "nope", at: F.at(9))
            #expect(!unknown)
            let unread = try await store.unreadCount(school: F.school, recipient: "T001")
            #expect(unread == 1)
            let inbox = try await store.inbox(school: F.school, recipient: "T001", unreadOnly: true, limit: 10)
            #expect(inbox.map(\.id) == ["n1"])
            #expect(inbox.first?.readAt == nil)
        }
    }

    @Test("More than one insert batch (500) of notifications is stored in one send", arguments: TestEngine.available)
    func largeSend(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores in
            let messages = (0..<501).map { Self.message("m\($0)", to: "T001", at: F.at(8).addingTimeInterval(Double($0))) }
            try await stores.notifications.send(messages, school: F.school)
            let unread = try await stores.notifications.unreadCount(school: F.school, recipient: "T001")
            #expect(unread == 501)
            let newest = try await stores.notifications.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 1)
            #expect(newest.map(\.id) == ["m500"])
        }
    }
}
