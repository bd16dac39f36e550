extension InputIssue.Reason {
    /// The reason for a person: Chinese first, an English tail in parentheses (as every `DomainError` reads).
    public var words: String {
        switch self {
        case .empty: "不能为空 (must not be empty)"
        case .tooLong: "最多 100 字 (at most 100 characters)"
        case .tooMany: "数量超过上限 (too many)"
        case .duplicate: "与前面的重复 (repeats an earlier one)"
        case .negative: "不能为负数 (must not be negative)"
        case .notPositive: "应为正数 (must be at least 1)"
        case .outOfRange: "应在 0–1440 分钟之内 (must lie within the day, 0–1440 minutes)"
        case .unknownNode: "地图上没有这个地点 (no such node on the map)"
        case .unknownGroup: "没有这个分组 (no such group)"
        case .unknownKind: "没有这类设施 (no facility of this kind)"
        case .loop: "路段两端不能是同一地点 (a path must join two different nodes)"
        case .notAPair: "时间窗应为 [开始, 结束] (the window must be [from, to])"
        case .windowShorterThanVisit: "时间窗短于停留时长 (the window is shorter than the visit)"
        case .unreachable: "需要它的楼栋走不到这里 (no path reaches it from a group that needs it)"
        }
    }
}
