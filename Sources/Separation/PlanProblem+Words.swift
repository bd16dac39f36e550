extension PlanProblem {
    /// The problem for a person: Chinese first, an English tail in parentheses; demands and visits are numbered from 1
    /// as people count them, resources named by the codes the problem gave.
    public var words: String {
        let demand = demands.first.map { "第 \($0 + 1) 项需求" } ?? ""
        let visit = visits.first.map { "第 \($0 + 1) 个安排" } ?? ""
        let place = resource.map(Self.name) ?? ""
        let code = resource?.code ?? ""
        switch kind {
        case .unknownDemand: return "\(visit)指向不存在的需求 (a visit names no demand)"
        case .missingVisit: return "\(demand)没有安排 (a demand has no visit)"
        case .extraVisit: return "\(demand)被安排了 \(visits.count) 次 (a demand has more than one visit)"
        case .unknownFacility: return "\(visit)的设施 \(code) 不存在 (no such facility)"
        case .wrongKind: return "\(visit)的设施 \(code) 类型不符 (the facility is not of the demand's kind)"
        case .offSlot: return "\(visit)的开始时间不在时段刻度上 (the start is not a multiple of slotMinutes)"
        case .beforeWindow: return "\(visit)早于时间窗开始 (the visit starts before its window)"
        case .afterWindow: return "\(visit)晚于时间窗结束 (the visit ends after its window)"
        case .routeNotFromHome: return "\(visit)的路线不是从楼栋出发 (the route does not begin at the group's home)"
        case .routeNotToFacility: return "\(visit)的路线没有到达设施 (the route does not end at the facility)"
        case .notAnEdge: return "\(visit)的路线经过没有路段相连的地点\(place) (two nodes of the route are not joined by a path)"
        case .notShortest: return "\(visit)的路线不是最短路线 (the route is not a shortest one)"
        case .overlap:
            let numbers = visits.map { "第 \($0 + 1) 个" }.joined(separator: "与")
            return "\(numbers)安排同时占用\(place) (two visits hold the same place at overlapping times)"
        }
    }

    private static func name(_ resource: Resource) -> String {
        switch resource.kind {
        case .facility: " 设施 \(resource.code)"
        case .group: " 分组 \(resource.code)"
        case .edge: " 路段 \(resource.code)–\(resource.to ?? "")"
        case .node: " 路口 \(resource.code)"
        }
    }
}
