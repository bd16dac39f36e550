import Foundation

/// What people call a place and a point, from the points the school registered: a point by its own name; a place by
/// what its points' names share ("二食堂东门" and "二食堂西门" are 二食堂), else its first point's name; a building door's
/// place is the building's name already. Pages and exports show these, never the codes.
public struct PlaceNames: Sendable {
    private var points: [String: String] = [:]
    private var places: [String: String] = [:]

    public init(_ all: [AccessPoint]) {
        for point in all { points[point.code] = point.name }
        for (place, group) in Dictionary(grouping: all, by: \.place) {
            let sorted = group.sorted { $0.code < $1.code }
            if sorted.first?.kind == .buildingDoor { places[place] = place; continue }
            let names = sorted.map(\.name)
            let shared = Self.sharedPrefix(names)
            places[place] = names.count > 1 && shared.count >= 2 ? shared : names.first ?? place
        }
    }

    /// The place's name, or its key when no point names it.
    public func place(_ key: String) -> String { places[key] ?? key }

    /// The point's name, or its code when it is not registered.
    public func point(_ code: String) -> String { points[code] ?? code }

    private static func sharedPrefix(_ names: [String]) -> String {
        guard var prefix = names.first.map(Array.init) else { return "" }
        for name in names.dropFirst() {
            let chars = Array(name)
            var n = 0
            while n < min(prefix.count, chars.count) && prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix).trimmingCharacters(in: .whitespaces)
    }
}
