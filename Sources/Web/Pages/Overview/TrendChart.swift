import Foundation

/// Small charts drawn on the server as inline SVG: no script, no external file, no inline style (the page's
/// stylesheet colours them by class). The drawing has a fixed coordinate system (`viewBox`) and the stylesheet
/// makes it as wide as its container, so it fits a 360 px phone and a laptop alike. Each chart is `role="img"`
/// with a `<title>`; the page puts a table with the same numbers right below it.
struct TrendChart {
    /// One series of bars: its name (for the legend), its stylesheet class, one value per label.
    struct Series {
        var name: String
        var cssClass: String
        var values: [Int]
    }

    /// `chart-<id>`: the SVG's id prefix, unique on the page.
    let id: String
    let title: String
    /// One per point, oldest first (dates as the page writes them).
    let labels: [String]

    // 14-px text in a 480-wide drawing stays about 10 px on a 360-px phone.
    static let width = 480.0, height = 240.0
    static let left = 54.0, right = 30.0, top = 30.0, bottom = 34.0
    var plotWidth: Double { Self.width - Self.left - Self.right }
    var plotHeight: Double { Self.height - Self.top - Self.bottom }
    var band: Double { plotWidth / Double(max(labels.count, 1)) }

    /// The centre of point `i`'s band.
    func x(_ i: Int) -> Double { Self.left + band * (Double(i) + 0.5) }

    /// A percentage line with the area under it, on a fixed 0–100 % axis.
    func percentLine(_ percents: [Int], cssClass: String) -> String {
        let y = { (p: Int) in Self.top + plotHeight * (1 - Double(min(100, max(0, p))) / 100) }
        let points = percents.indices.map { "\(Self.number(x($0))),\(Self.number(y(percents[$0])))" }
        var body = grid([0, 50, 100].map { (Double($0), "\($0)%") }, maximum: 100)
        if let first = points.first, let last = points.last, percents.count > 1 {
            let baseline = Self.number(Self.top + plotHeight)
            body += #"<path class="area \#(cssClass)" d="M\#(first.split(separator: ",")[0]),\#(baseline) L\#(points.joined(separator: " L")) L\#(last.split(separator: ",")[0]),\#(baseline) Z"/>"#
            body += #"<polyline class="line \#(cssClass)" points="\#(points.joined(separator: " "))"/>"#
        }
        for (i, point) in points.enumerated() {
            let xy = point.split(separator: ",")
            body += #"<circle class="dot \#(cssClass)" cx="\#(xy[0])" cy="\#(xy[1])" r="3"><title>\#(Self.escape(labels[i])) \#(percents[i])%</title></circle>"#
        }
        return svg(body)
    }

    /// Bars side by side per label, one per series, on an axis from 0 to a round number at or above the largest value.
    func bars(_ series: [Series]) -> String {
        let largest = series.flatMap(\.values).max() ?? 0
        let maximum = Self.roundUp(largest)
        var ticks = [(0.0, "0"), (Double(maximum), "\(maximum)")]
        if maximum % 2 == 0 { ticks.insert((Double(maximum / 2), "\(maximum / 2)"), at: 1) }
        var body = grid(ticks, maximum: Double(maximum))
        let groupWidth = band * 0.7
        let barWidth = groupWidth / Double(max(series.count, 1))
        for (s, one) in series.enumerated() {
            for (i, value) in one.values.enumerated() {
                let h = plotHeight * Double(value) / Double(maximum)
                let x0 = x(i) - groupWidth / 2 + barWidth * Double(s)
                body += #"<rect class="bar \#(one.cssClass)" x="\#(Self.number(x0))" y="\#(Self.number(Self.top + plotHeight - h))" width="\#(Self.number(barWidth))" height="\#(Self.number(h))"><title>\#(Self.escape(labels[i])) \#(Self.escape(one.name)) \#(value)</title></rect>"#
            }
        }
        // The legend, top right, when there is more than one series.
        if series.count > 1 {
            var legendX = Self.width - Self.right
            for one in series.reversed() {
                let textWidth = Double(one.name.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E7F ? 14 : 8) })
                legendX -= textWidth
                body += #"<text class="legend" x="\#(Self.number(legendX))" y="17">\#(Self.escape(one.name))</text>"#
                legendX -= 14
                body += #"<rect class="bar \#(one.cssClass)" x="\#(Self.number(legendX))" y="7" width="11" height="11"/>"#
                legendX -= 12
            }
        }
        return svg(body)
    }

    /// Horizontal grid lines with their values at the left, and the dates under the plot: every third day, counted
    /// back from the last, so the newest day is always named.
    private func grid(_ ticks: [(value: Double, label: String)], maximum: Double) -> String {
        var body = ""
        for tick in ticks {
            let y = Self.number(Self.top + plotHeight * (1 - tick.value / max(maximum, 1)))
            body += #"<line class="grid" x1="\#(Self.number(Self.left))" y1="\#(y)" x2="\#(Self.number(Self.width - Self.right))" y2="\#(y)"/>"#
            body += #"<text class="axis" x="\#(Self.number(Self.left - 6))" y="\#(y)" text-anchor="end" dominant-baseline="middle">\#(Self.escape(tick.label))</text>"#
        }
        for i in labels.indices where (labels.count - 1 - i) % 3 == 0 {
            body += #"<text class="axis" x="\#(Self.number(x(i)))" y="\#(Self.number(Self.height - 8))" text-anchor="middle">\#(Self.escape(labels[i]))</text>"#
        }
        return body
    }

    private func svg(_ body: String) -> String {
        #"<svg class="chart" id="chart-\#(id)" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" role="img" aria-labelledby="chart-\#(id)-title" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet"><title id="chart-\#(id)-title">\#(Self.escape(title))</title>\#(body)</svg>"#
    }

    /// The smallest of 5, 10, 20, 50, 100, 200, 500… at or above `value`.
    static func roundUp(_ value: Int) -> Int {
        var scale = 1
        while true {
            if let step = [5, 10, 20].map({ $0 * scale }).first(where: { $0 >= value }) { return step }
            scale *= 10
        }
    }

    /// One decimal at most: small and exact enough for a 480-wide drawing.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text for SVG content and attributes.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
