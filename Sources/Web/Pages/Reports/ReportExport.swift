import Foundation
import Reports

/// The school's daily report as an exported table in the reader's language: one row per unit, then the school's
/// totals. The same figures as the page; the words (levels, states, yes/no) come from the catalog.
struct ReportExport {
    static let columns = ["level", "unit", "expected", "reported", "missing", "abnormal", "openCases", "zero", "state",
                          "attestedBy", "attestedAt", "late", "note"]

    let strings: StringCatalog
    let language: Language
    let timeZone: TimeZone

    func rows(_ report: SchoolReport) -> [[String]] {
        func text(_ key: String) -> String { strings.text(key, language) }
        func yesNo(_ value: Bool) -> String { text(value ? "export_yes" : "export_no") }
        var rows = report.lines.map { line -> [String] in
            let f = line.figures
            return [text("report_level_\(line.unit.level.rawValue)"), line.unit.key, "\(f.expected)", "\(f.reported)", "\(f.missing)",
                    "\(f.abnormal)", "\(f.openCases)", line.report.map { yesNo($0.zero) } ?? "", text("report_state_\(line.state.rawValue)"),
                    line.report?.attestedName ?? "", line.report.map { clock($0.attestedAt) } ?? "",
                    line.report.map { yesNo($0.late) } ?? "", line.report?.note ?? ""]
        }
        let t = report.totals
        let state = text("export_report_total_state").replacingOccurrences(of: "{submitted}", with: "\(report.submitted)")
            .replacingOccurrences(of: "{units}", with: "\(report.lines.count)")
        rows.append([text("export_report_total_unit"), text("export_report_total_label"), "\(t.expected)", "\(t.reported)", "\(t.missing)",
                     "\(t.abnormal)", "\(t.openCases)", yesNo(t.isZero), state, "", "", "", ""])
        return rows
    }

    /// `2026-11-27 09:30` in the school's time zone, whatever the language (spreadsheets sort it).
    private func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }
}
