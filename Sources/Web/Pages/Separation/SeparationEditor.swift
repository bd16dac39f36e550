import CampusKit
import Foundation
import GateAccess
import Roster
import Separation

/// The editor's form: each table a set of parallel lists (one value per row, empty rows skipped), read into a
/// problem; every row keeps what was typed so a refused form comes back as it was sent.
struct SeparationEditorForm: Decodable {
    var _csrf: String?
    var name: String?
    var slot: String?
    var ea: [String]?; var eb: [String]?; var em: [String]?
    var gc: [String]?; var gh: [String]?; var gs: [String]?
    var fc: [String]?; var fname: [String]?; var fk: [String]?; var fnode: [String]?; var fb: [String]?
    var dg: [String]?; var dk: [String]?; var dm: [String]?; var dfrom: [String]?; var dto: [String]?; var dpref: [String]?

    /// The facility kinds the editor offers (others already in a plan are kept).
    static let kinds = ["canteen_pickup", "bath", "outdoor"]

    /// A problem as the editor shows it, with its labels.
    init(problem: SeparationProblem, labels: [String: String]) {
        name = problem.name
        slot = "\(problem.slotMinutes)"
        ea = problem.edges.map(\.a); eb = problem.edges.map(\.b); em = problem.edges.map { "\($0.minutes)" }
        gc = problem.groups.map(\.code); gh = problem.groups.map(\.home); gs = problem.groups.map { "\($0.size)" }
        fc = problem.facilities.map(\.code); fname = problem.facilities.map { labels[$0.code] ?? "" }; fk = problem.facilities.map(\.kind)
        fnode = problem.facilities.map(\.node); fb = problem.facilities.map { "\($0.bufferMinutes)" }
        dg = problem.demands.map(\.group); dk = problem.demands.map(\.kind); dm = problem.demands.map { "\($0.minutes)" }
        dfrom = problem.demands.map { Infeasibility.clock($0.window.first ?? 0) }
        dto = problem.demands.map { Infeasibility.clock($0.window.last ?? 0) }
        dpref = problem.demands.map { Infeasibility.clock($0.preferred) }
    }

    /// The row `i` of a list, trimmed; empty past its end.
    static func at(_ list: [String]?, _ i: Int) -> String {
        guard let list, i < list.count else { return "" }
        return list[i].trimmingCharacters(in: .whitespaces)
    }

    static func count(_ lists: [[String]?]) -> Int { lists.map { $0?.count ?? 0 }.max() ?? 0 }

    /// `HH:MM` as minutes since midnight; nil when unreadable.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// Which table row (of those shown) each kept entry came from, per table.
    struct RowMap { var edges: [Int] = []; var groups: [Int] = []; var facilities: [Int] = []; var demands: [Int] = [] }

    /// The problem typed, the rows each entry came from, and the rows that are not numbers or times (by table and row).
    func problem() -> (SeparationProblem, labels: [String: String], rows: RowMap, unreadable: [String: [Int: String]]) {
        var rows = RowMap()
        var unreadable: [String: [Int: String]] = [:]
        func number(_ text: String, table: String, row: Int) -> Int {
            if let n = Int(text) { return n }
            unreadable[table, default: [:]][row] = "number"
            return 0
        }
        func time(_ text: String, table: String, row: Int) -> Int {
            if let n = Self.minutes(text) { return n }
            unreadable[table, default: [:]][row] = "time"
            return 0
        }
        var edges: [SeparationProblem.Edge] = []
        for i in 0..<Self.count([ea, eb, em]) where !(Self.at(ea, i) + Self.at(eb, i) + Self.at(em, i)).isEmpty {
            edges.append(.init(a: Self.at(ea, i), b: Self.at(eb, i), minutes: number(Self.at(em, i), table: "edges", row: i)))
            rows.edges.append(i)
        }
        var groups: [SeparationProblem.Group] = []
        for i in 0..<Self.count([gc, gh, gs]) where !(Self.at(gc, i) + Self.at(gh, i)).isEmpty {
            groups.append(.init(code: Self.at(gc, i), home: Self.at(gh, i), size: Self.at(gs, i).isEmpty ? 0 : number(Self.at(gs, i), table: "groups", row: i)))
            rows.groups.append(i)
        }
        var facilities: [SeparationProblem.Facility] = []
        var labels: [String: String] = [:]
        for i in 0..<Self.count([fc, fnode, fb]) where !(Self.at(fc, i) + Self.at(fnode, i)).isEmpty {
            facilities.append(.init(code: Self.at(fc, i), kind: Self.at(fk, i), node: Self.at(fnode, i),
                                    bufferMinutes: Self.at(fb, i).isEmpty ? 0 : number(Self.at(fb, i), table: "facilities", row: i)))
            if !Self.at(fname, i).isEmpty { labels[Self.at(fc, i)] = Self.at(fname, i) }
            rows.facilities.append(i)
        }
        var demands: [SeparationProblem.Demand] = []
        for i in 0..<Self.count([dg, dm, dfrom, dto]) where !(Self.at(dm, i) + Self.at(dfrom, i) + Self.at(dto, i)).isEmpty {
            let from = time(Self.at(dfrom, i), table: "demands", row: i), to = time(Self.at(dto, i), table: "demands", row: i)
            let preferred = Self.at(dpref, i).isEmpty ? from : time(Self.at(dpref, i), table: "demands", row: i)
            demands.append(.init(group: Self.at(dg, i), kind: Self.at(dk, i), minutes: number(Self.at(dm, i), table: "demands", row: i),
                                 window: [from, to], preferred: preferred))
            rows.demands.append(i)
        }
        var nodes: [String] = []
        for name in groups.map(\.home) + edges.flatMap({ [$0.a, $0.b] }) + facilities.map(\.node) where !name.isEmpty && !nodes.contains(name) {
            nodes.append(name)
        }
        let problem = SeparationProblem(name: (name ?? "").trimmingCharacters(in: .whitespaces), slotMinutes: Int(Self.at([slot ?? ""], 0)) ?? 0,
                                        nodes: nodes, edges: edges, groups: groups, facilities: facilities, demands: demands)
        return (problem, labels, rows, unreadable)
    }

    /// A first draft from the grid and the access points: every building (or, `byFloor`, every floor, living in its
    /// building's node) a group of its active students, every canteen, bathhouse and venue place a facility at a
    /// node of its name, and a lunch pick-up, a bath and an hour outdoors for each group where such a facility
    /// exists. The map's paths are left to the office.
    static func draft(name: String, grid: GridTree, points: [AccessPoint], byFloor: Bool = false) -> SeparationEditorForm {
        let buildings = grid.campuses.flatMap(\.children).filter { $0.level == "building" && $0.name != GridTree.unassigned }
        let groups: [SeparationProblem.Group] = buildings.flatMap { b -> [SeparationProblem.Group] in
            guard byFloor else { return [.init(code: b.key, home: b.key, size: b.active)] }
            return b.children.filter { $0.name != GridTree.unassigned && $0.active > 0 }.map { .init(code: $0.key, home: b.key, size: $0.active) }
        }
        let kindOf: [AccessPoint.Kind: String] = [.canteen: "canteen_pickup", .bathhouse: "bath", .venue: "outdoor"]
        var facilities: [SeparationProblem.Facility] = []
        var labels: [String: String] = [:]
        for point in points.sorted(by: { $0.code < $1.code }) {
            guard let kind = kindOf[point.kind], !facilities.contains(where: { $0.code == point.place }) else { continue }
            let label = point.name.count > 3 && ["东门", "西门", "南门", "北门"].contains(String(point.name.suffix(2))) ? String(point.name.dropLast(2)) : point.name
            labels[point.place] = label
            facilities.append(.init(code: point.place, kind: kind, node: label, bufferMinutes: kind == "bath" ? 10 : 5))
        }
        let kinds = Set(facilities.map(\.kind))
        let templates: [(String, Int, Int, Int, Int)] = [("canteen_pickup", 15, 660, 810, 690), ("bath", 30, 1080, 1320, 1140), ("outdoor", 40, 900, 1050, 930)]
        var demands: [SeparationProblem.Demand] = []
        for g in groups {
            for (kind, minutes, from, to, preferred) in templates where kinds.contains(kind) {
                demands.append(.init(group: g.code, kind: kind, minutes: minutes, window: [from, to], preferred: preferred))
            }
        }
        let problem = SeparationProblem(name: name, slotMinutes: 5, nodes: [], edges: [],
                                        groups: groups,
                                        facilities: facilities, demands: demands)
        return SeparationEditorForm(problem: problem, labels: labels)
    }
}
