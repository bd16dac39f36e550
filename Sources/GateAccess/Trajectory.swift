import Foundation

/// One student's events and stays over a window.
public struct Trajectory: Sendable, Equatable {
    public var events: [PlacedEvent]
    public var stays: [Stay]
    public init(events: [PlacedEvent], stays: [Stay]) {
        self.events = events
        self.stays = stays
    }
}
