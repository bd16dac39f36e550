import CampusKit
import Foundation

extension AuditWording {
    /// The entry's detail in the reader's language: a known shape from the catalog, a "中文 (English)" sentence by
    /// the reader's half, anything else as stored.
    func detail(_ entry: AuditEntry) -> Cell {
        let raw = entry.detail
        guard !raw.isEmpty else { return Cell(text: "") }
        var cell = shaped(entry.action, raw) ?? exported(entry.action, raw) ?? Cell(text: language.pick(raw))
        if cell.text != raw { cell.stored = raw }
        return cell
    }

    /// The shapes each action's producer writes.
    private func shaped(_ action: String, _ raw: String) -> Cell? {
        switch action {
        case "roster.import.students": return rows(raw).map { Cell(text: $0) }
        case "roster.import.staff": return staffImport(raw)
        case "student.unmask":
            return Cell(text: list(raw.components(separatedBy: ", ").map { known("audit_field_\($0)") ?? $0 }))
        case "checkin.submit":
            return Cell(text: list(raw.components(separatedBy: ", ").map { known("audit_channel_\($0)") ?? language.pick($0) }))
        case "checkin.remind":
            return raw.wholeMatch(of: /(\d+) 名学生 \(students\)/).map { Cell(text: text("audit_n_students", ["n": String($0.1)])) }
        case "leave.list":
            return raw.wholeMatch(of: /(\d+) 条请假 \(leaves\), (\d+) 名学生 \(students\)(?:; (\w+))?/).map { m in
                let counts = text("audit_leave_list", ["leaves": String(m.1), "students": String(m.2)])
                return Cell(text: m.3.map { list([counts, known("leave_status_\($0)") ?? String($0)]) } ?? counts)
            }
        case "case.list":
            return raw.wholeMatch(of: /(\d+) 个个案 \(cases\)(?:; (.+))?/).map { m in
                let filters = (m.2.map { $0.split(separator: " ").map(String.init) } ?? []).map {
                    known("case_status_\($0)") ?? known("case_source_\($0)") ?? $0
                }
                return Cell(text: list([text("audit_case_list", ["n": String(m.1)])] + filters))
            }
        case "case.read": return object(raw, "audit_object_case", href: "/cases/")
        case "leave.read": return object(raw, "audit_object_leave", href: nil)
        case "investigation.read": return object(raw, "audit_object_investigation", href: "/investigations/")
        case "access.policy.change":
            return raw.wholeMatch(of: /version (\d+), (\d+) rules/).map { Cell(text: text("audit_policy_change", ["version": String($0.1), "rules": String($0.2)])) }
        case "access.trajectory.read":
            return raw.wholeMatch(of: /(\d+) events/).map { Cell(text: text("audit_events", ["n": String($0.1)])) }
        case "access.presence.read":
            return raw.wholeMatch(of: /(\d+) 名学生，(\d+) 名离校.*/).map { Cell(text: text("audit_presence", ["students": String($0.1), "off": String($0.2)])) }
        default: return testingOrInvestigation(action, raw) ?? accountsOrReports(action, raw)
        }
    }

    private func testingOrInvestigation(_ action: String, _ raw: String) -> Cell? {
        switch action {
        case "testing.campaign.create":
            return raw.wholeMatch(of: /(.*): (\d+) students, (\d+) sites/).map {
                Cell(text: text("audit_campaign_create", ["name": String($0.1), "students": String($0.2), "sites": String($0.3)]))
            }
        case "testing.rotation.create":
            return raw.wholeMatch(of: /(\d+) students over (\d+) days from (\S+)/).map {
                Cell(text: text("audit_rotation_create", ["students": String($0.1), "days": String($0.2), "from": day(String($0.3))]))
            }
        case "testing.schedule.save":
            return raw.wholeMatch(of: /(.*): weekdays ([\d,]*)/).map { m in
                let days = m.2.split(separator: ",").map { known("weekday_\($0)") ?? String($0) }
                return Cell(text: text("audit_schedule_save", ["name": String(m.1), "days": list(days)]))
            }
        case "testing.missing.read", "testing.missing.export":
            return raw.wholeMatch(of: /(\S+) 未检 (\d+) 人 \(\d+ missing\)/).map {
                Cell(text: text("audit_missing", ["day": day(String($0.1)), "n": String($0.2)]))
            }
        case "testing.tube.read":
            return raw.wholeMatch(of: /(\d+) members/).map { Cell(text: text("audit_members", ["n": String($0.1)])) }
        case "testing.student.read":
            return raw.wholeMatch(of: /(\d+) campaigns/).map { Cell(text: text("audit_campaigns", ["n": String($0.1)])) }
        case "testing.exempt":
            return raw.wholeMatch(of: /([^:\s]+): (.*)/).map { Cell(text: String($0.2), href: "/testing/\(Self.segment(String($0.1)))") }
        case "testing.results.apply":
            return raw.wholeMatch(of: /applied (\d+), unknown (\d+), positive members (\d+), confirmed (\d+)/).map {
                Cell(text: text("audit_results_apply", ["applied": String($0.1), "unknown": String($0.2), "flagged": String($0.3), "confirmed": String($0.4)]))
            }
        case "investigation.create":
            return raw.wholeMatch(of: /([^:\s]+): (\d+) degree 1, (\d+) degree 2/).map {
                Cell(text: text("audit_investigation_create", ["d1": String($0.2), "d2": String($0.3)]), href: "/investigations/\(Self.segment(String($0.1)))")
            }
        case "investigation.followup", "investigation.unfollow":
            return raw.wholeMatch(of: /([^:\s]+): (\d+)/).map {
                Cell(text: text("audit_members", ["n": String($0.2)]), href: "/investigations/\(Self.segment(String($0.1)))")
            }
        default: return nil
        }
    }

    private func accountsOrReports(_ action: String, _ raw: String) -> Cell? {
        switch action {
        case "report.daily.attest":
            return raw.wholeMatch(of: /(\S+) expected (\d+) reported (\d+) abnormal (\d+) open (\d+)( zero)?( late)?/).map { m in
                var parts = [text("audit_attest", ["day": day(String(m.1)), "expected": String(m.2), "reported": String(m.3),
                                                   "abnormal": String(m.4), "open": String(m.5)])]
                if m.6 != nil { parts.append(text("audit_attest_zero")) }
                if m.7 != nil { parts.append(text("audit_attest_late")) }
                return Cell(text: list(parts))
            }
        case "token.create":
            return Cell(text: list(raw.split(separator: ",").map { known("token_scope_" + $0.replacingOccurrences(of: ":", with: "_")) ?? String($0) }))
        case "account.roles":
            return raw.wholeMatch(of: /(.*) → (.*)/).map { m in
                func roles(_ part: Substring) -> String {
                    part.isEmpty ? text("audit_none") : list(part.split(separator: ",").map { roleName(String($0)) })
                }
                return Cell(text: text("audit_roles_change", ["before": roles(m.1), "after": roles(m.2)]))
            }
        case "auth.signin": return known("audit_session_\(raw)").map { Cell(text: $0) }
        case "auth.signin.failure": return signInFailure(raw)
        case "auth.signin.locked":
            return raw.wholeMatch(of: /locked until (.+)/).map { m in
                Cell(text: text("audit_locked_until", ["time": (try? Date(String(m.1), strategy: .iso8601)).map(time.dayAndClock) ?? String(m.1)]))
            }
        case "auth.lock":
            return raw.wholeMatch(of: /locked for (\d+) minutes/).map { Cell(text: text("audit_locked_for", ["n": String($0.1)])) }
        default: return nil
        }
    }

    private func signInFailure(_ raw: String) -> Cell? {
        if raw == "unknown account or no password set" { return Cell(text: text("audit_signin_unknown")) }
        if let m = raw.wholeMatch(of: /initial credential expired \(issued (.+)\)/) {
            let issued = (try? Date(String(m.1), strategy: .iso8601)).map(time.dayAndClock) ?? String(m.1)
            return Cell(text: text("audit_signin_expired", ["issued": issued]))
        }
        if let m = raw.wholeMatch(of: /(wrong password|wrong or missing two-factor code) \((\d+) of (\d+)\)/) {
            let key = m.1 == "wrong password" ? "audit_signin_wrong_password" : "audit_signin_wrong_code"
            return Cell(text: text(key, ["n": String(m.2), "max": String(m.3)]))
        }
        return nil
    }

    /// Downloads (`TableExport`): "what: N rows, xlsx" (", desensitised" when masked), where "what" is the list's
    /// name, a count of units or an id.
    private func exported(_ action: String, _ raw: String) -> Cell? {
        guard let m = raw.wholeMatch(of: /(.*): (\d+) rows, (xlsx|csv)(, desensitised)?/) else { return nil }
        let what = String(m.1), format = m.3.uppercased() + (m.4 == nil ? "" : text("audit_export_desensitised"))
        if action == "investigation.export" {
            return Cell(text: text("audit_export", ["what": text("audit_object_investigation"), "n": String(m.2), "format": format]),
                        href: "/investigations/\(Self.segment(what))")
        }
        let named = what.wholeMatch(of: /(\d+) units/).map { text("audit_units", ["n": String($0.1)]) } ?? language.pick(what)
        return Cell(text: text("audit_export", ["what": named, "n": String(m.2), "format": format]))
    }

    /// "N rows".
    private func rows(_ raw: String) -> String? {
        raw.wholeMatch(of: /(\d+) rows/).map { text("audit_rows", ["n": String($0.1)]) }
    }

    /// "N rows; T001:counsellor+admin T002:building_leader …": the count, then each staff number with its roles by name.
    private func staffImport(_ raw: String) -> Cell? {
        guard let m = raw.wholeMatch(of: /(\d+) rows(?:; (.*))?/) else { return nil }
        let count = text("audit_rows", ["n": String(m.1)])
        guard let given = m.2, !given.isEmpty else { return Cell(text: count) }
        let each = given.split(separator: " ").map { item -> String in
            guard let colon = item.firstIndex(of: ":") else { return String(item) }
            let roles = item[item.index(after: colon)...].split(separator: "+").map { roleName(String($0)) }
            return "\(item[..<colon]) " + list(roles)
        }
        return Cell(text: text("audit_staff_import", ["rows": count, "roles": each.joined(separator: text("audit_item_separator"))]))
    }

    /// An entry whose detail is the id of what was read: the kind of thing, linked when it has a page.
    private func object(_ raw: String, _ key: String, href: String?) -> Cell? {
        guard raw.wholeMatch(of: /[^\s:]+/) != nil else { return nil }
        return Cell(text: text(key), href: href.map { $0 + Self.segment(raw) })
    }
}
