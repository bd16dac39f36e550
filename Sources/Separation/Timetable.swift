/// Who holds each resource when, for the planner: per resource, the intervals of the placed visits, sorted and
/// pairwise disjoint (a visit's own intervals never overlap one another, and nothing is added where it would clash).
struct Timetable: Sendable {
    struct Entry: Sendable {
        let from: Int
        let to: Int
        let demand: Int
    }

    private var held: [[Entry]]

    init(resources: Int) {
        held = Array(repeating: [], count: resources)
    }

    /// Where the first entry starting at or after `time` is.
    private func firstStarting(atOrAfter time: Int, in list: [Entry]) -> Int {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].from < time { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Nobody holds `resource` at any time in `[from, to)`.
    func isFree(_ resource: Int, _ from: Int, _ to: Int) -> Bool {
        guard from < to else { return true }
        let list = held[resource]
        let next = firstStarting(atOrAfter: to, in: list)
        return next == 0 || list[next - 1].to <= from
    }

    /// Adds to `holders` the demands holding `resource` at some time in `[from, to)` that it does not list yet.
    func holders(_ resource: Int, _ from: Int, _ to: Int, into holders: inout [Int]) {
        guard from < to else { return }
        let list = held[resource]
        var k = firstStarting(atOrAfter: to, in: list) - 1
        while k >= 0, list[k].to > from {
            if !holders.contains(list[k].demand) { holders.append(list[k].demand) }
            k -= 1
        }
    }

    mutating func add(_ resource: Int, _ from: Int, _ to: Int, demand: Int) {
        guard from < to else { return }
        let at = firstStarting(atOrAfter: from, in: held[resource])
        held[resource].insert(Entry(from: from, to: to, demand: demand), at: at)
    }

    mutating func remove(_ resource: Int, _ from: Int, _ to: Int, demand: Int) {
        guard from < to else { return }
        var k = firstStarting(atOrAfter: from, in: held[resource])
        while k < held[resource].count, held[resource][k].from == from {
            if held[resource][k].demand == demand {
                held[resource].remove(at: k)
                return
            }
            k += 1
        }
    }
}
