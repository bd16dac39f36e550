import CampusKit
import Foundation
import GateAccess
import Hummingbird
import Roster
import Separation

extension PagesController {
    /// The office's plans, newest first, and the editor for those who plan: started from the newest plan, else from
    /// the grid and the access points; `?draft=buildings` or `?draft=floors` starts afresh from the grid, a group per
    /// building or per floor.
    @Sendable func separationPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let draft = request.uri.queryParameters.get("draft")
        return try await renderSeparation(context, form: nil, rowErrors: [:], errors: [], draft: ["buildings", "floors"].contains(draft) ? draft : nil)
    }

    func renderSeparation(_ context: SignedInPage, form: SeparationEditorForm?, rowErrors: [String: [Int: String]], errors: [String],
                          draft: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let (actor, lang) = (context.actor, context.language)
        let service = services.separation
        let plans = try await service.plans(by: actor)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let mayPlan = SeparationPermissions.mayPlan(actor)
        var editor = form
        if editor == nil, mayPlan {
            if draft == nil, let newest = plans.first, let plan = try? await service.plan(newest.id, by: actor) {
                editor = SeparationEditorForm(problem: plan.problem, labels: plan.labels)
            } else {
                editor = SeparationEditorForm.draft(name: time.day(service.today()), grid: try await services.roster.grid(by: actor),
                                                    points: (try? await services.gates.points(by: actor)) ?? [], byFloor: draft == "floors")
            }
        }
        let f = editor ?? SeparationEditorForm(problem: .init(name: "", slotMinutes: 5, nodes: [], edges: [], groups: [], facilities: [], demands: []), labels: [:])
        let kinds = SeparationEditorForm.kinds + Array(Set(f.fk ?? []).subtracting(SeparationEditorForm.kinds)).filter { !$0.isEmpty }.sorted()
        func kindChoices(_ selected: String) -> [SeparationChoice] {
            kinds.map { SeparationChoice(value: $0, label: separationKind($0, lang), selected: $0 == selected) }
        }
        let groupCodes = (f.gc ?? []).filter { !$0.isEmpty }
        let edgeCount = SeparationEditorForm.count([f.ea, f.eb, f.em]), groupCount = SeparationEditorForm.count([f.gc, f.gh, f.gs])
        let facilityCount = SeparationEditorForm.count([f.fc, f.fnode, f.fb]), demandCount = SeparationEditorForm.count([f.dg, f.dm, f.dfrom, f.dto])
        let at = SeparationEditorForm.at
        let model = SeparationPageModel(
            plans: plans.map { p in
                .init(id: p.id, name: p.name, demands: p.demands, feasible: p.feasible, objective: p.objective, published: p.publishedOn.map(time.day),
                      createdBy: p.createdBy, createdAt: time.dayAndClock(p.createdAt))
            },
            hasPlans: !plans.isEmpty, mayPlan: mayPlan, name: f.name ?? "", slot: f.slot ?? "5",
            edges: (0..<(edgeCount + 4)).map { .init(a: at(f.ea, $0), b: at(f.eb, $0), minutes: at(f.em, $0), error: rowErrors["edges"]?[$0]) },
            groups: (0..<(groupCount + 2)).map { .init(code: at(f.gc, $0), home: at(f.gh, $0), size: at(f.gs, $0), error: rowErrors["groups"]?[$0]) },
            facilities: (0..<(facilityCount + 2)).map {
                .init(code: at(f.fc, $0), name: at(f.fname, $0), kinds: kindChoices(at(f.fk, $0)), node: at(f.fnode, $0), buffer: at(f.fb, $0),
                      error: rowErrors["facilities"]?[$0])
            },
            demands: (0..<(demandCount + 4)).map { i in
                .init(groups: groupCodes.map { SeparationChoice(value: $0, label: $0, selected: $0 == at(f.dg, i)) }, kinds: kindChoices(at(f.dk, i)),
                      minutes: at(f.dm, i), from: at(f.dfrom, i), to: at(f.dto, i), preferred: at(f.dpref, i), error: rowErrors["demands"]?[i])
            },
            errors: errors, hasErrors: !errors.isEmpty || !rowErrors.isEmpty)
        return renderer.render(model, title: "separation_title", context: context, status: status)
    }

    /// A facility kind in words (a kind the catalog does not know shows as typed).
    func separationKind(_ kind: String, _ lang: Language) -> String {
        let key = "separation_kind_\(kind)"
        let words = renderer.strings.text(key, lang)
        return words == key ? kind : words
    }

    /// Plans what the editor holds; a refusal comes back with each error on its row and everything as typed.
    @Sendable func separationPlanForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(SeparationEditorForm.self, request, context) { $0._csrf }
        let lang = context.language
        let t = renderer.strings
        let (problem, labels, rows, unreadable) = form.problem()
        if !unreadable.isEmpty {
            let words = unreadable.mapValues { $0.mapValues { t.text($0 == "time" ? "separation_error_time" : "separation_error_number", lang) } }
            return try await renderSeparation(context, form: form, rowErrors: words, errors: [], status: .unprocessableContent)
        }
        do {
            let saved = try await services.separation.plan(problem, labels: labels, by: context.actor)
            return Response(status: .seeOther, headers: [.location: "/separation/plans/\(saved.id)"])
        } catch let error as DomainError where error.kind == .invalid {
            var rowErrors: [String: [Int: String]] = [:]
            var general: [String] = []
            let shown = ["edges": rows.edges, "groups": rows.groups, "facilities": rows.facilities, "demands": rows.demands]
            for e in error.fieldErrors {
                let words = e.text(in: lang)
                if let match = e.field.firstMatch(of: /^(edges|groups|facilities|demands)\[(\d+)\]/), let i = Int(match.output.2),
                   let table = shown[String(match.output.1)], i < table.count {
                    let row = table[i]
                    rowErrors[String(match.output.1), default: [:]][row] = [rowErrors[String(match.output.1)]?[row], words].compactMap { $0 }.joined(separator: "；")
                } else {
                    general.append(t.text(e.field.hasPrefix("slotMinutes") ? "separation_slot" : e.field.hasPrefix("name") ? "separation_name" : "separation_map", lang) + (lang == .zhCN ? "：" : ": ") + words)
                }
            }
            return try await renderSeparation(context, form: form, rowErrors: rowErrors, errors: general, status: .unprocessableContent)
        }
    }
}
