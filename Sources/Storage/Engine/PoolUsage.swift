import NIOConcurrencyHelpers

/// How busy a database's connections are right now, for `/metrics`: connections running work, callers waiting for
/// one, and how many there can be (PostgreSQL: the pool's maximum; SQLite: the writer and its readers).
public struct PoolUsage: Sendable, Equatable {
    public var inUse: Int
    public var waiting: Int
    public var capacity: Int

    public init(inUse: Int, waiting: Int, capacity: Int) {
        self.inUse = inUse
        self.waiting = waiting
        self.capacity = capacity
    }
}

/// Counts callers through the three states of a lease: waiting, in use, done. Every `waited()` is followed by
/// exactly one `leased()` or `gaveUp()`, every `leased()` by one `released()`.
final class PoolCounter: Sendable {
    private let counts = NIOLockedValueBox((inUse: 0, waiting: 0))

    var current: (inUse: Int, waiting: Int) { counts.withLockedValue { $0 } }

    func waited() { counts.withLockedValue { $0.waiting += 1 } }
    func gaveUp() { counts.withLockedValue { $0.waiting -= 1 } }
    func leased() { counts.withLockedValue { $0.waiting -= 1; $0.inUse += 1 } }
    func released() { counts.withLockedValue { $0.inUse -= 1 } }
}
