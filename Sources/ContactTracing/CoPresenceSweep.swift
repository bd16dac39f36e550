import Foundation
import GateAccess

/// Finds pairs of stays at the same place that overlap long enough, by sweeping each place's stays in order of start.
///
/// With n stays at the places concerned: sorting is O(n log n); the sweep keeps, per group (sources and others), the
/// stays still open at the current start and compares each arriving stay only with the open stays of the other group,
/// so the work after sorting is O(n + p), p being the pairs of stays that are open at the same time.
public enum CoPresenceSweep {
    /// Two stays that overlap by at least the minimum, and their overlap.
    public struct Overlap: Sendable, Equatable {
        public var source: Stay
        public var other: Stay
        public var from: Date
        public var to: Date
    }

    /// Every (source, other) pair of different students whose stays at one co-presence place overlap by at least
    /// `minimum` after both are clipped to `window`.
    public static func overlaps(sources: [Stay], others: [Stay], window: DateInterval, minimum: TimeInterval) -> [Overlap] {
        struct Item { var stay: Stay; var isSource: Bool }
        var byPlace: [String: [Item]] = [:]
        for s in sources where s.kind.countsForCoPresence {
            if let c = s.clipped(to: window) { byPlace[c.place, default: []].append(Item(stay: c, isSource: true)) }
        }
        for o in others where o.kind.countsForCoPresence && byPlace[o.place] != nil {
            if let c = o.clipped(to: window) { byPlace[c.place, default: []].append(Item(stay: c, isSource: false)) }
        }
        var found: [Overlap] = []
        for place in byPlace.keys.sorted() {
            let items = byPlace[place]!.sorted { ($0.stay.from, $0.isSource ? 0 : 1, $0.stay.studentNo) < ($1.stay.from, $1.isSource ? 0 : 1, $1.stay.studentNo) }
            var openSources: [Stay] = [], openOthers: [Stay] = []
            for item in items {
                let start = item.stay.from
                openSources.removeAll { $0.to <= start }
                openOthers.removeAll { $0.to <= start }
                let counterparts = item.isSource ? openOthers : openSources
                for c in counterparts where c.studentNo != item.stay.studentNo {
                    let end = min(c.to, item.stay.to)
                    guard end.timeIntervalSince(start) >= minimum else { continue }
                    let (source, other) = item.isSource ? (item.stay, c) : (c, item.stay)
                    found.append(Overlap(source: source, other: other, from: start, to: end))
                }
                if item.isSource { openSources.append(item.stay) } else { openOthers.append(item.stay) }
            }
        }
        return found
    }
}
