import Audit
import CampusKit
import Foundation
import Hummingbird
import Roster
import Tabular
import TestingCampaigns

extension PagesController {
    struct CampaignForm: Decodable {
        var _csrf: String?; var name: String?; var date: String?; var kind: String?; var poolSize: String?; var buildings: String?
        var students: String?; var startTime: String?; var capacityPerHour: String?; var sites: String?
    }
    struct RotationForm: Decodable {
        var _csrf: String?; var startDate: String?; var days: String?; var buildings: String?; var poolSize: String?; var startTime: String?
    }
    struct ScheduleForm: Decodable {
        var _csrf: String?; var name: String?; var weekday: [String]?; var buildings: String?; var poolSize: String?; var startTime: String?
    }
    struct ResultsForm: Decodable { var _csrf: String?; var results: String? }

    /// Campaigns with their progress; planners also plan here (campaign, rotation, twice-weekly schedule) and paste lab results.
    @Sendable func testingPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        if actor.kind == .student { return Response(status: .seeOther, headers: [.location: "/testing/mine"]) }
        return try await renderTesting(actor: actor, context: context)
    }

    /// The page; `adjust` adds what a form's answer shows (errors by form, what was typed, the results' summary).
    func renderTesting(actor: Actor, context: SignedInPage, status: HTTPResponse.Status = .ok,
                       adjust: (inout TestingPageModel) -> Void = { _ in }) async throws -> Response {
        let lang = context.language
        let t = renderer.strings
        let summaries = try await PageFailure.explaining(title: "forbidden_title", missing: "testing_forbidden") {
            try await services.testing.campaigns(by: actor)
        }
        let today = CampusDay(services.clock.now(), in: services.timeZone)
        let schedules = try await services.testing.schedules(by: actor)
        let example = try await buildingsExample(actor, lang)
        var model = TestingPageModel(
            items: summaries.map { s in
                .init(id: s.campaign.id, name: s.campaign.name, date: s.campaign.day.description,
                      kind: t.text("testing_kind_\(s.campaign.purpose == .retest ? "retest" : s.campaign.kind.rawValue)", lang),
                      pool: s.campaign.poolSize, expected: s.counts.expected, sampled: s.counts.sampled,
                      percent: Int((s.counts.ratio * 100).rounded(.down)),
                      complete: s.counts.expected > 0 && s.counts.sampled >= s.counts.expected, negative: s.counts.negative,
                      positive: s.counts.positive, anyPositive: s.counts.positive > 0, pending: s.counts.pending, tubes: s.tubes,
                      closed: s.campaign.status == .closed, isToday: s.campaign.day == today)
            },
            hasItems: !summaries.isEmpty, wholeSchool: actor.scope.wholeSchool, planner: TestingPermissions.mayPlan(actor),
            schedules: schedules.map { s in
                .init(name: s.name, days: s.weekdays.map { t.text("weekday_\($0)", lang) }.joined(separator: "、"),
                      start: CampaignDraft.clock(s.startMinute), pool: s.poolSize, active: s.active)
            },
            hasSchedules: !schedules.isEmpty, weekdays: (1...7).map { .init(value: $0, label: t.text("weekday_\($0)", lang)) },
            formDate: today.description, formStartDate: today.adding(days: 1).description,
            formName: "\(t.text("testing_default_name", lang)) \(today)", formPool: "10", formStart: "07:00", formDays: "5",
            formCapacity: String(Site.defaultCapacity),
            buildingsExample: example,
            sitesFormat: t.text("testing_fixed_sites_format", lang).replacingOccurrences(of: "{capacity}", with: String(Site.defaultCapacity)))
        adjust(&model)
        return renderer.render(model, title: "testing_title", context: context, status: status)
    }

    /// The building fields' example: two of the buildings the planner's roster really has (a made-up one when it has none).
    private func buildingsExample(_ actor: Actor, _ lang: Language) async throws -> String {
        let buildings = try await services.roster.grid(by: actor).campuses.flatMap(\.children).map(\.name)
            .filter { $0 != GridTree.unassigned }.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        guard !buildings.isEmpty else { return renderer.strings.text("testing_buildings_hint", lang) }
        return renderer.strings.text("testing_buildings_example", lang)
            .replacingOccurrences(of: "{buildings}", with: renderer.strings.list(Array(buildings.prefix(2)), lang))
    }

    private static func list(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { ",，;；、\n\r\t ".contains($0) }).map(String.init)
    }

    /// Fixed sites typed one a line: "name, swabs an hour" (a missing or unreadable number is refused by field).
    private static func sites(_ text: String?) -> [Site] {
        (text ?? "").split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(whereSeparator: { ",，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return Site(name: name, capacityPerHour: parts.count > 1 ? Int(parts[1]) ?? -1 : Site.defaultCapacity)
        }
    }

    /// A refused form's problems, one a line: fields by name, rows by number.
    private func problems(_ error: DomainError, lang: Language) -> [String] {
        error.fieldErrors.map { $0.text(in: lang) } + error.rowErrors.map {
            renderer.strings.text("row_label", lang).replacingOccurrences(of: "{row}", with: String($0.row)) + " " + $0.text(in: lang)
        }
    }

    @Sendable func createCampaignForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(CampaignForm.self, request, context) { $0._csrf }
        let draft = CampaignDraft(name: form.name ?? "", day: form.date ?? "", kind: form.kind ?? "full", poolSize: Int(form.poolSize ?? "") ?? -1,
                                  buildings: Self.list(form.buildings), students: form.kind == "targeted" ? Self.list(form.students) : [],
                                  sites: Self.sites(form.sites), capacityPerHour: Int(form.capacityPerHour ?? "") ?? -1,
                                  startTime: form.startTime ?? "07:00")
        do {
            let plan = try await services.createCampaign(draft, by: actor)
            return Response(status: .seeOther, headers: [.location: "/testing/\(plan.campaign.id)"])
        } catch let e as DomainError where e.kind == .invalid {
            let problems = problems(e, lang: context.language)
            return try await renderTesting(actor: actor, context: context, status: .unprocessableContent) {
                $0.campaignError = e.text(in: context.language)
                $0.campaignErrors = problems
                $0.formName = form.name ?? ""
                $0.formDate = form.date ?? ""
                $0.formPool = form.poolSize ?? ""
                $0.formBuildings = form.buildings ?? ""
                $0.formStudents = form.students ?? ""
                $0.formSites = form.sites ?? ""
                $0.targeted = form.kind == "targeted"
            }
        }
    }

    @Sendable func createRotationForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(RotationForm.self, request, context) { $0._csrf }
        let draft = RotationDraft(startDate: form.startDate ?? "", days: Int(form.days ?? "") ?? -1, buildings: Self.list(form.buildings),
                                  poolSize: Int(form.poolSize ?? "") ?? -1, startTime: form.startTime ?? "07:00")
        do {
            _ = try await services.createRotation(draft, by: actor)
            return Response(status: .seeOther, headers: [.location: "/testing"])
        } catch let e as DomainError where e.kind == .invalid {
            let problems = problems(e, lang: context.language)
            return try await renderTesting(actor: actor, context: context, status: .unprocessableContent) {
                $0.rotationError = e.text(in: context.language)
                $0.rotationErrors = problems
                $0.formStartDate = form.startDate ?? ""
                $0.formDays = form.days ?? ""
            }
        }
    }

    @Sendable func saveScheduleForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(ScheduleForm.self, request, context) { $0._csrf }
        let schedule = TestingSchedule(id: "", name: form.name ?? "", weekdays: (form.weekday ?? []).compactMap { Int($0) },
                                       buildings: Self.list(form.buildings), poolSize: Int(form.poolSize ?? "") ?? -1,
                                       startMinute: CampaignDraft.minutes(form.startTime ?? "") ?? -1)
        do {
            _ = try await services.testing.saveSchedule(schedule, by: actor)
            return Response(status: .seeOther, headers: [.location: "/testing"])
        } catch let e as DomainError where e.kind == .invalid {
            let problems = problems(e, lang: context.language)
            return try await renderTesting(actor: actor, context: context, status: .unprocessableContent) {
                $0.scheduleError = e.text(in: context.language)
                $0.scheduleErrors = problems
            }
        }
    }

    /// Lab results pasted from the lab's sheet (tube code, result per line).
    @Sendable func resultsForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let form = try await self.form(ResultsForm.self, request, context) { $0._csrf }
        let lang = context.language
        let t = renderer.strings
        do {
            let rows: [[String]]
            do {
                // Pasted from Excel the columns come tab-separated, typed on a Chinese keyboard the comma may be full-width.
                let pasted = (form.results ?? "").replacingOccurrences(of: "\t", with: ",").replacingOccurrences(of: "，", with: ",")
                rows = try TableReader.rows(from: Data(pasted.utf8), as: .csv)
            } catch {
                throw DomainError(.invalid, error.message, rowErrors: [RowError(row: error.row ?? 1, column: nil, message: error.message)])
            }
            let outcome = try await services.testing.apply(try LabResult.parse(rows: rows), by: actor)
            let summary = t.text("testing_results_done", lang)
                .replacingOccurrences(of: "{applied}", with: String(outcome.applied))
                .replacingOccurrences(of: "{unknown}", with: String(outcome.unknown.count))
                .replacingOccurrences(of: "{flagged}", with: String(outcome.flagged.count))
                .replacingOccurrences(of: "{resample}", with: String(outcome.resample.count))
                .replacingOccurrences(of: "{cleared}", with: String(outcome.cleared.count))
            return try await renderTesting(actor: actor, context: context) {
                $0.resultsDone = summary
                $0.unknownTubes = outcome.unknown.joined(separator: "、")
                $0.hasUnknown = !outcome.unknown.isEmpty
                $0.conflictTubes = outcome.conflicts.joined(separator: "、")
                $0.hasConflicts = !outcome.conflicts.isEmpty
                $0.retests = outcome.retestCampaigns
                $0.hasRetests = !outcome.retestCampaigns.isEmpty
            }
        } catch let e as DomainError where e.kind == .invalid || e.kind == .tooLarge {
            let problems = problems(e, lang: lang)
            return try await renderTesting(actor: actor, context: context, status: .unprocessableContent) {
                $0.resultsError = e.text(in: context.language)
                $0.resultsErrors = problems
                $0.formResults = form.results ?? ""
            }
        }
    }

    /// The live coverage board of one campaign: totals, units with progress, slots, the missing list with reasons.
    @Sendable func campaignPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let lang = context.language
        let t = renderer.strings
        let id = try context.parameters.require("id")
        let groupBy = Coverage.GroupBy(rawValue: request.uri.queryParameters["by"].map(String.init) ?? "") ?? .building
        let (campaign, sites, slots, coverage, missing) = try await PageFailure.explaining(
            title: "testing_title", missing: "testing_missing_campaign", forbidden: "testing_forbidden"
        ) {
            let (campaign, sites, slots) = try await services.testing.campaign(id, by: actor)
            let coverage = try await services.testing.coverage(of: id, groupBy: groupBy, by: actor)
            return (campaign, sites, slots, coverage, try await services.testing.missing(of: id, by: actor))
        }
        func percent(_ c: Coverage.Counts) -> Int { Int((c.ratio * 100).rounded(.down)) }
        let planner = TestingPermissions.mayPlan(actor)
        let sampler = TestingPermissions.maySample(actor)
        let exempter = TestingPermissions.mayExempt(actor)
        // Staff with part of the school see the slots of the buildings their students live in.
        var visibleSlots = slots
        if !actor.scope.wholeSchool {
            let buildings = groupBy == .building ? coverage : try await services.testing.coverage(of: id, groupBy: .building, by: actor)
            let mine = Set(buildings.groups.map(\.key))
            visibleSlots = slots.filter { mine.contains($0.building ?? "—") }
        }
        // Before its day nobody is late: the students still to be swabbed are 待检, not 未检.
        let started = campaign.day <= CampusDay(services.clock.now(), in: services.timeZone)
        let tubes = try await positiveTubes(of: id, actor: actor)
        let model = CampaignPageModel(
            id: id, name: campaign.name, date: campaign.day.description, pool: campaign.poolSize,
            kind: t.text("testing_kind_\(campaign.purpose == .retest ? "retest" : campaign.kind.rawValue)", lang),
            closed: campaign.status == .closed, open: campaign.status == .open,
            expected: coverage.total.expected, sampled: coverage.total.sampled, percent: percent(coverage.total),
            missingCount: coverage.total.missing, anyMissing: started && coverage.total.missing > 0,
            missingLabel: t.text(started ? "testing_missing" : "testing_to_come", lang),
            missingListTitle: t.text(started ? "testing_missing_list" : "testing_to_come_list", lang),
            negative: coverage.total.negative, positive: coverage.total.positive, anyPositive: coverage.total.positive > 0,
            pending: coverage.total.pending, exempt: coverage.total.exempt,
            updatedAt: PageTime(timeZone: services.timeZone, language: lang).clock(services.clock.now()),
            levels: Coverage.GroupBy.allCases.map { g in
                PageLink(href: "/testing/\(id)?by=\(g.rawValue)", label: t.text("testing_by_\(g.rawValue)", lang), current: g == groupBy)
            },
            groups: coverage.groups.map { g in
                .init(key: g.key, expected: g.counts.expected, sampled: g.counts.sampled, percent: percent(g.counts),
                      complete: g.counts.sampled >= g.counts.expected, missing: g.counts.missing, hasMissing: g.counts.missing > 0,
                      negative: g.counts.negative, positive: g.counts.positive, hasPositive: g.counts.positive > 0, pending: g.counts.pending)
            },
            hasGroups: !coverage.groups.isEmpty,
            slots: visibleSlots.map { s in
                .init(site: sites.indices.contains(s.site) ? sites[s.site].name : "",
                      unit: [s.building, s.floor.map { "\($0)F" }].compactMap { $0 }.joined(separator: " "),
                      from: CampaignDraft.clock(s.startMinute), to: CampaignDraft.clock(s.endMinute), students: s.students)
            },
            hasSlots: !visibleSlots.isEmpty,
            missing: missing.prefix(500).map { m in
                .init(studentNo: m.studentNo, name: m.name, className: m.className,
                      room: [m.building, m.room].compactMap { $0 }.joined(separator: " "),
                      reason: m.reason.map { t.text("testing_reason_\($0.rawValue)", lang) } ?? "", note: m.note ?? "",
                      canExempt: exempter && m.reason != .exempt && campaign.status == .open)
            },
            hasMissing: !missing.isEmpty, moreMissing: missing.count > 500,
            planner: planner && campaign.status == .open, sampler: sampler && campaign.status == .open,
            positiveTubes: tubes, hasPositiveTubes: !tubes.isEmpty)
        return renderer.render(model, title: "testing_title", context: context)
    }

    /// The missing list as a table offices open in Excel (or CSV); the service records the export when it reads the list.
    @Sendable func exportMissing(_ request: Request, context: SignedInPage) async throws -> Response {
        let lang = context.language
        let t = renderer.strings
        let id = try context.parameters.require("id")
        let (campaign, _, _) = try await services.testing.campaign(id, by: context.actor)
        let missing = try await services.testing.missing(of: id, by: context.actor, exporting: true)
        let rows = missing.map { m in
            [m.studentNo, m.name, m.className, m.building ?? "", m.floor.map(String.init) ?? "", m.room ?? "",
             m.reason.map { t.text("testing_reason_\($0.rawValue)", lang) } ?? "", m.note ?? ""]
        }
        let table = TableExport(name: "missing", file: "missing", suffix: campaign.day.description,
                                columns: ["studentNo", "name", "className", "building", "floor", "room", "reason", "note"],
                                rows: rows, audit: .recordedByRead(action: "testing.missing.export"))
        return try await download(table, request, context: context)
    }

    struct ExemptForm: Decodable { var _csrf: String?; var studentNo: String?; var reason: String? }

    @Sendable func exemptForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        let form = try await self.form(ExemptForm.self, request, context) { $0._csrf }
        try await services.testing.exempt(form.studentNo ?? "", from: id, reason: form.reason ?? "", by: actor)
        return Response(status: .seeOther, headers: [.location: "/testing/\(id)"])
    }

    struct PlainForm: Decodable { var _csrf: String? }

    @Sendable func closeCampaignForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        _ = try await self.form(PlainForm.self, request, context) { $0._csrf }
        try await services.testing.close(id, by: actor)
        return Response(status: .seeOther, headers: [.location: "/testing/\(id)"])
    }

    struct SampleForm: Decodable { var _csrf: String?; var tubeCode: String?; var studentNo: String? }

    /// The sampling point on the sampler's phone (or a scanner that types): tube, student, next.
    @Sendable func samplePage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let q = request.uri.queryParameters
        return try await renderSample(actor: actor, context: context, id: try context.parameters.require("id"),
                                      tube: q["tube"].map(String.init) ?? "", last: q["ok"].map(String.init), error: nil)
    }

    func renderSample(actor: Actor, context: SignedInPage, id: String, tube: String, last: String?, error: String?,
                      studentNo: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let (campaign, recent) = try await PageFailure.explaining(
            title: "testing_sample_title", missing: "testing_missing_campaign", forbidden: "testing_forbidden"
        ) {
            let (campaign, _, _) = try await services.testing.campaign(id, by: actor)
            return (campaign, try await services.testing.tubes(of: id, status: .open, by: actor))
        }
        let current = recent.first { $0.code == tube }
        let filled = current?.filled ?? 0
        let model = SamplePageModel(
            id: id, name: campaign.name, pool: campaign.poolSize, tube: tube, filled: filled,
            hasTube: !tube.isEmpty, fill: "\(filled)/\(campaign.poolSize)",
            slots: (0..<campaign.poolSize).map { .init(on: $0 < filled) },
            members: current?.members ?? [], last: last ?? "", hasLast: last != nil && error == nil,
            error: error ?? "", hasError: error != nil, studentNo: studentNo, closed: campaign.status == .closed,
            recent: recent.prefix(5).filter { $0.code != tube }.map { .init(code: $0.code, fill: "\($0.filled)/\($0.poolSize)") })
        return renderer.render(model, title: "testing_sample_title", context: context, status: status)
    }

    @Sendable func sampleForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let id = try context.parameters.require("id")
        let form = try await self.form(SampleForm.self, request, context) { $0._csrf }
        let tube = (form.tubeCode ?? "").trimmingCharacters(in: .whitespaces)
        let student = (form.studentNo ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let receipt = try await services.testing.sample(SampleScan(campaignId: id, tubeCode: tube, studentNo: student), by: actor)
            // A full tube is sealed: the form asks for a new tube next.
            let next = receipt.tubeFull ? "" : tube
            let ok = "\(student) \(receipt.studentName) → \(tube) #\(receipt.position)\(receipt.tubeFull ? " ✓" : "")"
            let query = "tube=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&ok=\(ok.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            return Response(status: .seeOther, headers: [.location: "/testing/\(id)/sample?\(query)"])
        } catch let e as DomainError where [.invalid, .conflict, .notFound].contains(e.kind) {
            let status: HTTPResponse.Status = switch e.kind {
            case .conflict: .conflict
            case .notFound: .notFound
            default: .unprocessableContent
            }
            // A full tube: keep the student, clear the tube.
            let keepTube = e.fieldErrors.first?.field == "tubeCode" ? "" : tube
            return try await renderSample(actor: actor, context: context, id: id, tube: keepTube, last: nil, error: e.text(in: context.language),
                                          studentNo: e.fieldErrors.first?.field == "studentNo" ? "" : student, status: status)
        }
    }

    /// A student's own testing: where and when to go, and how it turned out.
    @Sendable func myTestingPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let lang = context.language
        let t = renderer.strings
        guard actor.kind == .student else { return Response(status: .seeOther, headers: [.location: "/testing"]) }
        let items = try await services.testing.myTesting(by: actor)
        let today = CampusDay(services.clock.now(), in: services.timeZone)
        let model = MyTestingPageModel(items: items.map { i in
            .init(name: i.campaign.name, date: i.campaign.day.description, isToday: i.campaign.day == today,
                  site: i.site?.name ?? "", from: i.slot.map { CampaignDraft.clock($0.startMinute) } ?? "",
                  to: i.slot.map { CampaignDraft.clock($0.endMinute) } ?? "",
                  status: t.text("testing_mine_\(i.status.rawValue)\(i.status == .positive && i.campaign.poolSize > 1 ? "_pool" : "")", lang),
                  due: i.status == .due || i.status == .resample, alert: i.status == .positive || i.status == .resample)
        }, hasItems: !items.isEmpty)
        return renderer.render(model, title: "testing_mine_title", context: context)
    }
}
