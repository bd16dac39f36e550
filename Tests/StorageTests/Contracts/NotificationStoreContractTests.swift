import CampusKit
import Foundation
import Notifications
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The promises of `NotificationStore` beyond `InboxWriter` (WriterContractTests) the notification service relies on:
/// a person's inbox newest first and limited, unread ones apart, marking read only one's own.
@Suite("NotificationStore contract: SQL stores and the in-memory fake keep the same promises")
struct NotificationStoreContractTests {
    static func withStore(_ subject: ContractSubject, _ body: (any NotificationStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryInbox())
        case .sql(let engine): try await F.withStores(engine) { stores in try await body(stores.notifications) }
        }
    }

    static func message(_ id: String, to recipient: String, at hour: Int) -> InboxMessage {
        InboxMessage(id: id, recipient: recipient, kind: .leaveRequest, subject: "请假 \(id)", body: "待审批", link: "/leaves/\(id)", createdAt: F.at(hour))
    }

    @Test("inbox: the recipient's own, newest first, limited; unread only leaves out the read; counts the unread", arguments: ContractSubject.all)
    func inbox(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await store.send([Self.message("a", to: "T001", at: 8), Self.message("b", to: "T001", at: 10), Self.message("c", to: "T001", at: 9),
                                  Self.message("d", to: "T002", at: 11)], school: F.school)
            #expect(try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 10).map(\.id) == ["b", "c", "a"])
            #expect(try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 2).map(\.id) == ["b", "c"])
            #expect(try await store.unreadCount(school: F.school, recipient: "T001") == 3)
            #expect(try await store.markRead(school: F.school, recipient: "T001", id: "c", at: F.at(12)))
            #expect(try await store.inbox(school: F.school, recipient: "T001", unreadOnly: true, limit: 10).map(\.id) == ["b", "a"])
            #expect(try await store.unreadCount(school: F.school, recipient: "T001") == 2)
            #expect(try await store.unreadCount(school: F.school, recipient: "T009") == 0)
            let read = try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 10)
            #expect(read.first { $0.id == "c" }?.readAt == F.at(12))
        }
    }

    @Test("markRead: false for another's notification or an unknown one; marking twice keeps the first time", arguments: ContractSubject.all)
    func markRead(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await store.send([Self.message("a", to: "T001", at: 8)], school: F.school)
            #expect(try await store.markRead(school: F.school, recipient: "T002", id: "a", at: F.at(9)) == false)
            #expect(try await store.markRead(school: F.school, recipient: "T001", id: "nope", at: F.at(9)) == false)
            #expect(try await store.unreadCount(school: F.school, recipient: "T001") == 1)
            #expect(try await store.markRead(school: F.school, recipient: "T001", id: "a", at: F.at(9)))
            #expect(try await store.markRead(school: F.school, recipient: "T001", id: "a", at: F.at(10)))
            #expect(try await store.inbox(school: F.school, recipient: "T001", unreadOnly: false, limit: 1).first?.readAt == F.at(9))
        }
    }
}
