import CampusKit
import Foundation
import Hummingbird
import Roster

/// The filters every ledger page shares, read from the URL (so a view can be shared): a grid unit (building, floor,
/// class, college), a day, and the ledger's own extras; and the same filters written back as a query string.
struct LedgerFilters: Sendable {
    var building: String?
    var floor: String?
    var className: String?
    var college: String?
    /// As typed; `day` is nil when it is no date.
    var date: String?
    var extras: [(String, String)] = []

    init(_ request: Request, extras keys: [String] = []) {
        let q = request.uri.queryParameters
        func value(_ key: String) -> String? {
            guard let v = q[key[...]].map(String.init)?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        building = value("building")
        floor = value("floor")
        className = value("class")
        college = value("college")
        date = value("date")
        extras = keys.compactMap { key in value(key).map { (key, $0) } }
    }

    var day: CampusDay? { date.flatMap(CampusDay.init) }

    func extra(_ key: String) -> String? { extras.first { $0.0 == key }?.1 }

    /// The unit filters as the roster reads them.
    var students: StudentFilter { StudentFilter(building: building, floor: floor, college: college, className: className) }

    /// The filters as a query string (without `?`), values percent-encoded.
    var query: String {
        let pairs: [(String, String?)] = [("building", building), ("floor", floor), ("class", className), ("college", college), ("date", date)]
            + extras.map { ($0.0, Optional($0.1)) }
        return pairs.compactMap { key, v in v.map { key + "=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } }
            .joined(separator: "&")
    }
}

/// A choice of a select on a ledger page.
struct LedgerChoice: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

/// The unit choices of a ledger's filter form, from the reader's grid and classes.
struct LedgerUnitChoices: Sendable {
    var buildings: [LedgerChoice]
    var floors: [LedgerChoice]
    var classes: [LedgerChoice]
    var college: String
    var date: String
}

extension PagesController {
    /// The buildings, floors and classes the reader can see, each with "any" first and the current filter selected.
    func ledgerUnitChoices(_ filters: LedgerFilters, context: SignedInPage) async throws -> LedgerUnitChoices {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let tree = try await services.roster.grid(by: actor)
        let buildings = tree.campuses.flatMap(\.children)
        let any = t.text("ledger_any", lang)
        let floorWord = t.text("ledger_floor_choice", lang)
        return LedgerUnitChoices(
            buildings: [LedgerChoice(value: "", label: any, selected: filters.building == nil)]
                + buildings.map { LedgerChoice(value: $0.key, label: $0.name, selected: filters.building == $0.key) },
            floors: [LedgerChoice(value: "", label: any, selected: filters.floor == nil)]
                + buildings.flatMap { b in
                    b.children.map { f in
                        LedgerChoice(value: f.key, label: floorWord.replacingOccurrences(of: "{building}", with: b.name).replacingOccurrences(of: "{floor}", with: f.name),
                                     selected: filters.floor == f.key)
                    }
                },
            classes: [LedgerChoice(value: "", label: any, selected: filters.className == nil)]
                + (try await services.roster.classNames(by: actor)).map { LedgerChoice(value: $0, label: $0, selected: filters.className == $0) },
            college: filters.college ?? "", date: filters.date ?? "")
    }

    /// `1号楼 2层 201` / `1号楼`: where a student lives, for a list.
    static func dwelling(building: String?, floor: Int?, room: String?) -> String {
        [building, room].compactMap { $0 }.joined(separator: " ")
    }
}
