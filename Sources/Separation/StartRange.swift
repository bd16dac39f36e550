/// The starts rule 1 allows a demand: multiples of `slotMinutes` from `first` to `last`, both included.
struct StartRange: Sendable, Equatable {
    let first: Int
    let last: Int
    let slot: Int

    /// The allowed starts of `demand` (which must be valid), or nil when its window holds none.
    init?(_ demand: SeparationProblem.Demand, slot: Int) {
        let first = (demand.from + slot - 1) / slot * slot
        let last = (demand.to - demand.minutes) / slot * slot
        guard first <= last else { return nil }
        self.first = first
        self.last = last
        self.slot = slot
    }

    var count: Int { (last - first) / slot + 1 }

    /// The smallest `|start − preferred|` over the allowed starts.
    func cheapest(_ preferred: Int) -> Int {
        if preferred <= first { return first - preferred }
        if preferred >= last { return preferred - last }
        let below = preferred / slot * slot
        return min(preferred - below, below + slot - preferred)
    }

    /// The allowed starts by increasing `|start − preferred|`; of two equally far, the earlier first.
    func byDistance(from preferred: Int) -> StartOrder { StartOrder(range: self, preferred: preferred) }
}

/// Walks outwards from the preferred start, one slot at a time on either side.
struct StartOrder: Sequence, IteratorProtocol {
    private let range: StartRange
    private let preferred: Int
    private var below: Int
    private var above: Int

    init(range: StartRange, preferred: Int) {
        self.range = range
        self.preferred = preferred
        if preferred <= range.first {
            below = range.first - range.slot
            above = range.first
        } else if preferred >= range.last {
            below = range.last
            above = range.last + range.slot
        } else {
            below = preferred / range.slot * range.slot
            above = below + range.slot
        }
    }

    mutating func next() -> Int? {
        let lower = below >= range.first, upper = above <= range.last
        if lower, !upper || preferred - below <= above - preferred {
            defer { below -= range.slot }
            return below
        }
        guard upper else { return nil }
        defer { above += range.slot }
        return above
    }
}
