import CampusKit

/// One thing wrong with a problem, as facts: the field (a JSON path such as `edges[3].b`) and why. The web layer
/// shows them; `DomainError.invalidSeparationProblem` carries them as field errors whose message is the reason in words.
public struct InputIssue: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Hashable, Codable {
        case empty, tooLong, tooMany, duplicate
        /// Below zero.
        case negative
        /// Zero or below where at least 1 is needed.
        case notPositive
        /// Outside 0…1440 (a day in minutes).
        case outOfRange
        case unknownNode, unknownGroup
        /// A demand of a kind no facility has.
        case unknownKind
        /// An edge from a node to itself.
        case loop
        /// A window that is not `[from, to]`.
        case notAPair
        case windowShorterThanVisit
        /// A facility no path reaches from the home of a group that needs its kind.
        case unreachable
    }

    public var field: String
    public var reason: Reason

    public init(_ field: String, _ reason: Reason) {
        self.field = field
        self.reason = reason
    }
}

extension SeparationProblem {
    /// The largest problem accepted; larger ones are refused before any work (`tooMany`).
    public static let limits = (nodes: 2000, edges: 10_000, groups: 1000, facilities: 1000, demands: 1000)
    /// Minutes in a day: every time, window, walk and buffer lies within it.
    static let day = 1440

    /// Every problem, by field, in the order of the fields: unknown references, duplicate codes, minutes out of range,
    /// a window shorter than its visit, a facility unreachable from a group that needs its kind. Empty when valid.
    public func validate() -> [InputIssue] {
        var issues: [InputIssue] = []
        if name.isEmpty { issues.append(InputIssue("name", .empty)) }
        if name.count > 100 { issues.append(InputIssue("name", .tooLong)) }
        if slotMinutes <= 0 { issues.append(InputIssue("slotMinutes", .notPositive)) }
        else if slotMinutes > Self.day { issues.append(InputIssue("slotMinutes", .outOfRange)) }
        let limits = Self.limits
        for (field, count, limit) in [("nodes", nodes.count, limits.nodes), ("edges", edges.count, limits.edges),
                                      ("groups", groups.count, limits.groups), ("facilities", facilities.count, limits.facilities),
                                      ("demands", demands.count, limits.demands)] where count > limit {
            issues.append(InputIssue(field, .tooMany))
        }
        guard issues.allSatisfy({ $0.reason != .tooMany }) else { return issues }
        issues += Self.codeIssues(nodes, field: { "nodes[\($0)]" })
        issues += edgeIssues()
        issues += Self.codeIssues(groups.map(\.code), field: { "groups[\($0)].code" })
        let known = Set(nodes)
        for (i, group) in groups.enumerated() {
            if !known.contains(group.home) { issues.append(InputIssue("groups[\(i)].home", .unknownNode)) }
            if group.size < 0 { issues.append(InputIssue("groups[\(i)].size", .negative)) }
        }
        issues += Self.codeIssues(facilities.map(\.code), field: { "facilities[\($0)].code" })
        issues += facilityIssues(known: known)
        issues += demandIssues()
        return issues
    }

    /// Empty or repeated codes; a repeat is named at its second occurrence.
    private static func codeIssues(_ codes: [String], field: (Int) -> String) -> [InputIssue] {
        var seen: Set<String> = []
        var issues: [InputIssue] = []
        for (i, code) in codes.enumerated() {
            if code.isEmpty { issues.append(InputIssue(field(i), .empty)) }
            else if !seen.insert(code).inserted { issues.append(InputIssue(field(i), .duplicate)) }
        }
        return issues
    }

    private func edgeIssues() -> [InputIssue] {
        let known = Set(nodes)
        var pairs: Set<[String]> = []
        var issues: [InputIssue] = []
        for (i, edge) in edges.enumerated() {
            let field = "edges[\(i)]"
            if !known.contains(edge.a) { issues.append(InputIssue("\(field).a", .unknownNode)) }
            if !known.contains(edge.b) { issues.append(InputIssue("\(field).b", .unknownNode)) }
            if edge.a == edge.b { issues.append(InputIssue("\(field).b", .loop)) }
            else if !pairs.insert([edge.a, edge.b].sorted()).inserted { issues.append(InputIssue(field, .duplicate)) }
            if edge.minutes <= 0 { issues.append(InputIssue("\(field).minutes", .notPositive)) }
            else if edge.minutes > Self.day { issues.append(InputIssue("\(field).minutes", .outOfRange)) }
        }
        return issues
    }

    private func facilityIssues(known: Set<String>) -> [InputIssue] {
        let component = components()
        let groupHomes = Dictionary(groups.map { ($0.code, $0.home) }, uniquingKeysWith: { first, _ in first })
        var issues: [InputIssue] = []
        for (i, facility) in facilities.enumerated() {
            let field = "facilities[\(i)]"
            if facility.kind.isEmpty { issues.append(InputIssue("\(field).kind", .empty)) }
            if facility.bufferMinutes < 0 { issues.append(InputIssue("\(field).bufferMinutes", .negative)) }
            else if facility.bufferMinutes > Self.day { issues.append(InputIssue("\(field).bufferMinutes", .outOfRange)) }
            guard known.contains(facility.node) else {
                issues.append(InputIssue("\(field).node", .unknownNode))
                continue
            }
            let cut = demands.contains { demand in
                guard demand.kind == facility.kind, let home = groupHomes[demand.group], let from = component[home] else { return false }
                return from != component[facility.node]
            }
            if cut { issues.append(InputIssue("\(field).node", .unreachable)) }
        }
        return issues
    }

    private func demandIssues() -> [InputIssue] {
        let groupCodes = Set(groups.map(\.code))
        let kinds = Set(facilities.map(\.kind))
        var issues: [InputIssue] = []
        for (i, demand) in demands.enumerated() {
            let field = "demands[\(i)]"
            if !groupCodes.contains(demand.group) { issues.append(InputIssue("\(field).group", .unknownGroup)) }
            if !kinds.contains(demand.kind) { issues.append(InputIssue("\(field).kind", .unknownKind)) }
            let minutesValid = demand.minutes > 0 && demand.minutes <= Self.day
            if !minutesValid { issues.append(InputIssue("\(field).minutes", demand.minutes <= 0 ? .notPositive : .outOfRange)) }
            if demand.window.count != 2 {
                issues.append(InputIssue("\(field).window", .notAPair))
            } else {
                let outside = demand.window.indices.filter { !(0...Self.day).contains(demand.window[$0]) }
                issues += outside.map { InputIssue("\(field).window[\($0)]", .outOfRange) }
                if outside.isEmpty, minutesValid, demand.to - demand.from < demand.minutes {
                    issues.append(InputIssue("\(field).window", .windowShorterThanVisit))
                }
            }
            if !(0...Self.day).contains(demand.preferred) { issues.append(InputIssue("\(field).preferred", .outOfRange)) }
        }
        return issues
    }

    /// The connected component of every node, over the edges between known nodes (a name per component).
    private func components() -> [String: Int] {
        var index: [String: Int] = [:]
        for node in nodes where index[node] == nil { index[node] = index.count }
        var parent = Array(0..<index.count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for edge in edges {
            guard let a = index[edge.a], let b = index[edge.b] else { continue }
            parent[root(a)] = root(b)
        }
        return index.mapValues(root)
    }
}

extension DomainError {
    /// A separation problem refused: one field error per issue, its message the issue's reason in words
    /// (`InputIssue.Reason.words`).
    public static func invalidSeparationProblem(_ issues: [InputIssue]) -> DomainError {
        DomainError(.invalid, "分时方案的输入有误 (the separation problem is invalid)",
                    fieldErrors: issues.map { FieldError(field: $0.field, message: $0.reason.words) })
    }
}
