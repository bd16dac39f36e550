import Foundation

/// Where "now" comes from, so rules about days and deadlines can be tested at any instant.
public protocol Clock: Sendable {
    func now() -> Date
}

/// The real time.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stays where it is set; for tests and deterministic demos.
public final class FixedClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    public init(_ instant: Date) { self.instant = instant }

    public func now() -> Date { lock.withLock { instant } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        lock.withLock { instant = instant.addingTimeInterval(seconds) }
    }
}
