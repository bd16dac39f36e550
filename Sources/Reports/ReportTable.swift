import CampusKit
import Foundation

/// The school's daily report as a table, the same for XLSX, CSV and print.
public enum ReportTable {
    public static let header = ["层级", "单位", "应报人数", "已报人数", "未报人数", "异常人数", "未结个案", "零报告", "状态", "报告人", "报告时间", "迟报", "说明"]

    /// One row per unit, then the school's totals.
    public static func rows(_ report: SchoolReport, timeZone: TimeZone) -> [[String]] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func clock(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
            return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
        }
        var rows = report.lines.map { line -> [String] in
            let f = line.figures
            let state = switch line.state { case .submitted: "已报告"; case .pending: "待报告"; case .overdue: "逾期未报" }
            return [line.unit.level == .college ? "学院" : "楼栋", line.unit.key, "\(f.expected)", "\(f.reported)", "\(f.missing)",
                    "\(f.abnormal)", "\(f.openCases)", line.report.map { $0.zero ? "是" : "否" } ?? "", state,
                    line.report?.attestedName ?? "", line.report.map { clock($0.attestedAt) } ?? "",
                    line.report.map { $0.late ? "是" : "否" } ?? "", line.report?.note ?? ""]
        }
        let t = report.totals
        rows.append(["全校", "合计（按学院）", "\(t.expected)", "\(t.reported)", "\(t.missing)", "\(t.abnormal)", "\(t.openCases)",
                     t.isZero ? "是" : "否", "\(report.submitted)/\(report.lines.count) 已报告", "", "", "", ""])
        return rows
    }
}
