extension Infeasibility {
    /// Why no valid plan exists, one sentence each: Chinese first, an English tail in parentheses.
    public var words: [String] {
        overbooked.map { o in
            "\(o.kind) 在 \(Self.clock(o.from))–\(Self.clock(o.to)) 需要 \(o.demandMinutes) 分钟，设施只有 \(o.openMinutes) 分钟 "
                + "(the facilities of this kind are overbooked: \(o.demandMinutes) minutes needed, \(o.openMinutes) open)"
        } + noStart.map { d in
            "第 \(d + 1) 项需求的时间窗内没有可用的开始时刻 (no start on a slot fits the window of demand \(d + 1))"
        }
    }

    /// Minutes since midnight as `HH:MM`.
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
