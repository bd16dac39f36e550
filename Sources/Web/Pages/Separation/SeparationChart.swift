import Foundation
import Separation

/// The time-space chart of a plan as inline SVG: one row per facility and per path the plan walks, time across; each
/// visit a bar in its group's colour where it holds the row (a facility while open to it and cleaning after, a path
/// while walked there and back). Bars in one row never overlap in a valid plan, which is what the chart shows.
struct SeparationChart {
    struct Bar { let row: Int; let from: Int; let to: Int; let group: Int; let title: String }

    let rows: [String]
    let bars: [Bar]
    let from: Int
    let to: Int

    static let palette = ["#1f6feb", "#8250df", "#1a7f37", "#bf3989", "#0a7f8c", "#9a6700", "#57606a", "#cf222e", "#2da44e", "#6639ba"]

    init(_ plan: SavedPlan) {
        let problem = plan.problem
        var rows = problem.facilities.filter { f in plan.result.visits.contains { $0.facility == f.code } }.map { plan.label($0.code) }
        var rowOf = Dictionary(rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let groupIndex = Dictionary(problem.groups.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var bars: [Bar] = []
        for visit in plan.result.visits {
            let demand = problem.demands[visit.demand]
            let group = groupIndex[demand.group] ?? 0
            let buffer = problem.facilities.first { $0.code == visit.facility }?.bufferMinutes ?? 0
            let title = "\(demand.group) \(Infeasibility.clock(visit.start))–\(Infeasibility.clock(visit.start + demand.minutes))"
            if let row = rowOf[plan.label(visit.facility)] {
                bars.append(Bar(row: row, from: visit.start, to: visit.start + demand.minutes + buffer, group: group, title: title))
            }
            let walk = problem.walkMinutes(visit.route)
            var before = 0
            for (a, b) in zip(visit.route, visit.route.dropFirst()) {
                let minutes = problem.walkMinutes([a, b])
                let name = [plan.label(a), plan.label(b)].sorted().joined(separator: " – ")
                if rowOf[name] == nil {
                    rows.append(name)
                    rowOf[name] = rows.count - 1
                }
                let row = rowOf[name] ?? 0
                let out = visit.start - walk + before, back = visit.start + demand.minutes + walk - before - minutes
                bars.append(Bar(row: row, from: out, to: out + minutes, group: group, title: title))
                bars.append(Bar(row: row, from: back, to: back + minutes, group: group, title: title))
                before += minutes
            }
        }
        self.rows = rows
        self.bars = bars
        from = (bars.map(\.from).min() ?? 0) / 60 * 60
        to = ((bars.map(\.to).max() ?? 60) + 59) / 60 * 60
    }

    /// The SVG, `caption` as its title (screen readers; the timetable beside it is the table fallback).
    func svg(caption: String) -> String {
        let label = 150, width = 960, rowHeight = 22, top = 20
        let span = max(60, to - from)
        let scale = Double(width - label - 10) / Double(span)
        func x(_ minute: Int) -> Int { label + Int((Double(minute - from) * scale).rounded()) }
        let height = top + rows.count * rowHeight + 4
        var out = ##"<svg class="chart separation-chart" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="\##(Self.escape(caption))" xmlns="http://www.w3.org/2000/svg">"##
        out += "<title>\(Self.escape(caption))</title>"
        for hour in stride(from: from, through: from + span, by: 60) {
            out += ##"<line x1="\##(x(hour))" y1="\##(top - 4)" x2="\##(x(hour))" y2="\##(height)" stroke="#d0d7de"/>"##
            out += ##"<text x="\##(x(hour) + 2)" y="12" font-size="11" fill="#57606a">\##(Infeasibility.clock(hour))</text>"##
        }
        for (i, name) in rows.enumerated() {
            let y = top + i * rowHeight
            out += ##"<text x="4" y="\##(y + 15)" font-size="12" fill="#24292f">\##(Self.escape(name))</text>"##
            out += ##"<line x1="\##(label)" y1="\##(y + rowHeight)" x2="\##(width)" y2="\##(y + rowHeight)" stroke="#eaeef2"/>"##
        }
        for bar in bars {
            let y = top + bar.row * rowHeight + 3
            let colour = Self.palette[bar.group % Self.palette.count]
            out += ##"<rect x="\##(x(bar.from))" y="\##(y)" width="\##(max(1, x(bar.to) - x(bar.from)))" height="\##(rowHeight - 6)" fill="\##(colour)" rx="2"><title>\##(Self.escape(bar.title))</title></rect>"##
        }
        return out + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
