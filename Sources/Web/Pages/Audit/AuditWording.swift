import CampusKit
import Foundation
import Roster

/// An audit entry as a person reads it. The stored entries are hash-chained and never rewritten, and their subjects
/// and details were written for the API (counts in English, "中文 (English)" sentences, ids, raw keys); this turns the
/// shapes the producers write, old and new, into the reader's language from the string catalog, names the people
/// behind student and staff numbers, and links what has a page. What it does not recognise is shown as stored.
struct AuditWording {
    /// One cell of the table: what to show, where it leads, the person's name beside a number, and the stored text
    /// (kept as a tooltip wherever the shown text differs from it).
    struct Cell: Sendable, Equatable {
        var text: String
        var href: String?
        var name: String?
        var stored: String?
    }

    let strings: StringCatalog
    let language: Language
    let time: PageTime
    /// The people behind the numbers of the page's entries (`RosterService.people`).
    let people: [String: RosterPerson]

    /// The numbers worth looking up for `entries`: every actor and every subject (unknown ones cost nothing).
    static func numbers(in entries: [AuditEntry]) -> [String] {
        Array(Set(entries.flatMap { [$0.actorName, $0.subject] }.filter { !$0.isEmpty && !$0.contains(" ") }))
    }

    /// An id as one segment of a path: unreserved characters as they are, everything else percent-encoded.
    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
    }

    // MARK: - Catalog text

    /// The catalog's text for `key` with each `{name}` replaced.
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        values.reduce(strings.text(key, language)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// The catalog's text for `key` when it has one, else nil.
    func known(_ key: String) -> String? {
        strings.table(language)[key]
    }

    func list(_ items: [String]) -> String {
        strings.list(items, language)
    }

    func roleName(_ raw: String) -> String {
        known("role_\(raw)") ?? raw
    }

    /// `2026-03-02` as the reader writes a day; anything else as it is.
    func day(_ raw: String) -> String {
        CampusDay(raw).map(time.day) ?? raw
    }

    // MARK: - Actor and subject

    /// Who acted: the sign-in name, with the person's name when the roster knows it.
    func actor(_ entry: AuditEntry) -> Cell {
        if ["cli", "system"].contains(entry.actorName) { return Cell(text: text("audit_actor_\(entry.actorName)"), stored: entry.actorName) }
        return person(entry.actorName) ?? Cell(text: entry.actorName)
    }

    /// A student or staff number with the name behind it; a student's leads to their page.
    func person(_ number: String) -> Cell? {
        guard let person = people[number] else { return nil }
        return Cell(text: number, href: person.kind == .student ? "/students/\(number)" : nil, name: person.name)
    }

    /// Whom or what the entry concerned.
    func subject(_ entry: AuditEntry) -> Cell {
        let raw = entry.subject
        if let cell = person(raw) { return cell }
        func shown(_ text: String, href: String? = nil) -> Cell { Cell(text: text, href: href, stored: text == raw ? nil : raw) }
        switch entry.action {
        case "testing.campaign.create", "testing.missing.read", "testing.missing.export":
            return shown(text("audit_object_campaign"), href: "/testing/\(Self.segment(raw))")
        case "testing.rotation.create": return shown(text("audit_object_rotation"))
        case "testing.schedule.save": return shown(text("audit_object_schedule"))
        case "token.revoke": return shown(text("audit_object_token"), href: "/admin/tokens")
        case "outbox.webhook.add", "outbox.webhook.remove": return shown(text("audit_object_webhook"), href: "/admin/outbox")
        case "outbox.resend": return shown(text("audit_object_delivery"), href: "/admin/outbox")
        case "audit.head.export": return shown(text("audit_subject_school"))
        case "access.policy.change": return shown(known("policy_\(raw)") ?? raw)
        case "audit.search": return shown(searchTerms(raw))
        default: break
        }
        if let word = known("audit_subject_\(raw)") { return shown(word) }
        if CampusDay(raw) != nil { return shown(day(raw)) }
        if let m = raw.wholeMatch(of: /(\d+) (students|tokens|tubes)/) {
            return shown(text("audit_n_\(m.2)", ["n": String(m.1)]))
        }
        if let m = raw.wholeMatch(of: /(campus|building|floor|room|college|class):(.+)/),
           let level = UnitKey.Level(rawValue: String(m.1)) {
            return shown(text("level_\(level.rawValue)") + " " + unitName(UnitKey(level, String(m.2))))
        }
        return Cell(text: raw)
    }

    func unitName(_ unit: UnitKey) -> String {
        PagesController.unitLabel(unit.level, unit.key, t: strings, lang: language)
    }

    /// What an administrator searched for: `actor=…; action=…; subject=…` (and, before that was written, the words
    /// alone), with actions by their names.
    func searchTerms(_ raw: String) -> String {
        let labelled = raw.components(separatedBy: "; ").compactMap { part -> (String, String)? in
            guard let eq = part.firstIndex(of: "="), ["actor", "action", "subject"].contains(String(part[..<eq])) else { return nil }
            return (String(part[..<eq]), String(part[part.index(after: eq)...]))
        }
        func action(_ word: String) -> String { known("audit_action_\(word)") ?? word }
        guard !raw.isEmpty, labelled.count == raw.components(separatedBy: "; ").count else {
            return raw.split(separator: " ").map { action(String($0)) }.joined(separator: " ")
        }
        return list(labelled.map { field, value in
            text("audit_search_term", ["field": text("audit_\(field)"), "value": field == "action" ? action(value) : value])
        })
    }
}
