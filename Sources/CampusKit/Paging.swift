import Foundation

/// A page of a list: at most `limit` items after the `cursor` (CONTRACT.md: default 100, max 1000). Every list of every
/// domain pages this way; the API turns `after` into an opaque cursor (`Web/API/Paging.swift`), stores split big
/// statements with `chunked` (`Storage/Engine/Chunked.swift`).
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000
    public var limit: Int
    /// The sort key of the last item of the previous page.
    public var after: String?
    public init(limit: Int = PageRequest.defaultLimit, after: String? = nil) {
        self.limit = min(max(limit, 1), PageRequest.maximumLimit)
        self.after = after
    }
}

/// One page of results and the key to continue from, nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: String?
    public init(items: [Item], next: String?) {
        self.items = items
        self.next = next
    }
}
