import CampusKit
import Foundation
import Hummingbird
import Ledgers
import Roster

extension PagesController {
    struct KeyStudentForm: Decodable { var _csrf: String?; var studentNo: String?; var category: String?; var reason: String?; var clearReason: String? }

    /// The key-student ledger (重点学生台账) of the reader's scope: filters by unit and day, the flag form, exports.
    @Sendable func keyStudentsPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderKeyStudents(LedgerFilters(request), after: request.uri.queryParameters["after"].map(String.init), context: context,
                                    form: nil, errors: [:])
    }

    func renderKeyStudents(_ filters: LedgerFilters, after: String? = nil, context: SignedInPage, form: KeyStudentForm?, errors: [String: String],
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let service = services.keyStudents
        var errors = errors
        if filters.date != nil && filters.day == nil && errors["date"] == nil { errors[""] = t.text("ledger_bad_date", lang) }
        let filter = keyStudentFilter(filters)
        let page = try await service.list(filter, page: PageRequest(limit: 200, after: after), by: actor)
        let names = try await services.roster.people(numbered: Array(Set(page.items.map(\.flaggedBy))), by: actor)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let rows = page.items.map { k in
            KeyStudentRow(studentNo: k.studentNo, name: k.studentName, className: k.className,
                          dwelling: Self.dwelling(building: k.building, floor: k.floor, room: k.room), category: categoryWord(k.mark.category, lang),
                          reason: k.mark.reason, flagged: "\(time.dayAndClock(k.flaggedAt)) · \(names[k.flaggedBy]?.name ?? k.flaggedBy)",
                          cleared: k.clearedAt.map(time.dayAndClock))
        }
        let query = filters.query
        let model = KeyStudentsPageModel(
            items: rows, hasItems: !rows.isEmpty, count: rows.count, units: try await ledgerUnitChoices(filters, context: context), query: query,
            next: page.next.map { "/ledgers/key-students?\(query.isEmpty ? "" : query + "&")after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" },
            categories: categoryChoices(selected: form?.category, lang), formStudentNo: form?.studentNo ?? "", formReason: form?.reason ?? "",
            error_studentNo: errors["studentNo"], error_reason: errors["reason"], error_category: errors["category"], error: errors[""])
        return renderer.render(model, title: "key_students_title", context: context, status: status)
    }

    func keyStudentFilter(_ filters: LedgerFilters) -> KeyStudentFilter {
        KeyStudentFilter(building: filters.building, floor: filters.floor, college: filters.college, className: filters.className,
                         flaggedDuring: filters.day.map(services.keyStudents.interval(of:)))
    }

    @Sendable func flagKeyStudentForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(KeyStudentForm.self, request, context) { $0._csrf }
        do {
            let flag = try await services.keyStudents.flag(studentNo: form.studentNo, KeyStudentDraft(reason: form.reason, category: form.category),
                                                           by: context.actor)
            return Response(status: .seeOther, headers: [.location: "/ledgers/key-students/\(Self.pathSegment(flag.studentNo))"])
        } catch let error as DomainError where [.invalid, .notFound, .conflict].contains(error.kind) {
            let status: HTTPResponse.Status = error.kind == .invalid ? .unprocessableContent : error.kind == .notFound ? .notFound : .conflict
            return try await renderKeyStudents(LedgerFilters(request), context: context, form: form, errors: fieldErrors(error, context.language), status: status)
        }
    }

    /// One student's key-student page: the standing flag, the forms to change and clear it, every change.
    @Sendable func keyStudentPage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderKeyStudent(try context.parameters.require("studentNo"), context: context, form: nil, errors: [:])
    }

    func renderKeyStudent(_ studentNo: String, context: SignedInPage, form: KeyStudentForm?, errors: [String: String],
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let (t, lang, actor) = (renderer.strings, context.language, context.actor)
        let found = try await PageFailure.explaining(title: "key_student_missing_title", missing: "key_student_missing") {
            try await services.keyStudents.history(of: studentNo, by: actor)
        }
        let time = PageTime(timeZone: services.timeZone, language: lang)
        let names = try await services.roster.people(numbered: Array(Set(found.changes.map(\.by))), by: actor)
        func mark(_ m: KeyStudentMark?) -> String { m.map { "\(categoryWord($0.category, lang))：\($0.reason)" } ?? "—" }
        let current = found.current
        let model = KeyStudentPageModel(
            studentNo: found.student.studentNo, name: found.student.name, flagged: current != nil, category: categoryWord(current?.mark.category, lang),
            reason: current?.mark.reason ?? "", since: current.map { time.dayAndClock($0.flaggedAt) } ?? "",
            categories: categoryChoices(selected: form?.category ?? current?.mark.category?.rawValue, lang),
            formReason: form?.reason ?? current?.mark.reason ?? "", formClearReason: form?.clearReason ?? "",
            error_reason: errors["reason"], error_category: errors["category"], error_clear: errors["clear"],
            changes: found.changes.reversed().map { c in
                .init(at: time.dayAndClock(c.at), by: names[c.by]?.name ?? c.by, action: t.text("key_student_action_\(c.action.rawValue)", lang),
                      before: mark(c.before), after: mark(c.after), note: c.note)
            },
            hasChanges: !found.changes.isEmpty)
        return renderer.render(model, title: "key_student_title", context: context, status: status)
    }

    @Sendable func changeKeyStudentForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let studentNo = try context.parameters.require("studentNo")
        let form = try await self.form(KeyStudentForm.self, request, context) { $0._csrf }
        return try await keyStudentAction(studentNo, form: form, context: context, rename: [:]) {
            _ = try await services.keyStudents.change(studentNo: studentNo, KeyStudentDraft(reason: form.reason, category: form.category), by: context.actor)
        }
    }

    @Sendable func clearKeyStudentForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let studentNo = try context.parameters.require("studentNo")
        let form = try await self.form(KeyStudentForm.self, request, context) { $0._csrf }
        return try await keyStudentAction(studentNo, form: form, context: context, rename: ["reason": "clear"]) {
            _ = try await services.keyStudents.clear(studentNo: studentNo, reason: form.clearReason, by: context.actor)
        }
    }

    /// Runs a form's action on one student's flag; a refusal comes back on the page next to its field, with what was typed.
    private func keyStudentAction(_ studentNo: String, form: KeyStudentForm, context: SignedInPage, rename: [String: String],
                                  _ action: () async throws -> Void) async throws -> Response {
        do {
            try await PageFailure.explaining(title: "key_student_missing_title", missing: "key_student_missing") { try await action() }
        } catch let error as DomainError where error.kind == .invalid {
            var errors: [String: String] = [:]
            for (field, text) in fieldErrors(error, context.language) { errors[rename[field] ?? field] = text }
            return try await renderKeyStudent(studentNo, context: context, form: form, errors: errors, status: .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/ledgers/key-students/\(Self.pathSegment(studentNo))"])
    }

    /// The ledger as a table Excel opens (XLSX, or CSV with `format=csv`): every matching flag, page by page.
    @Sendable func exportKeyStudents(_ request: Request, context: SignedInPage) async throws -> Response {
        let (lang, actor) = (context.language, context.actor)
        let filters = LedgerFilters(request)
        let time = PageTime(timeZone: services.timeZone, language: lang)
        var rows: [[String]] = [], after: String?
        repeat {
            let page = try await services.keyStudents.list(keyStudentFilter(filters), page: PageRequest(limit: 1000, after: after), by: actor)
            rows += page.items.map { k in
                [k.studentNo, k.studentName, k.college, k.className, Self.dwelling(building: k.building, floor: k.floor, room: k.room),
                 categoryWord(k.mark.category, lang), k.mark.reason, k.flaggedBy, time.dayAndClock(k.flaggedAt), k.clearedAt.map(time.dayAndClock) ?? ""]
            }
            after = page.next
        } while after != nil
        let table = TableExport(name: "key_students", file: "key-students", suffix: filters.day?.description ?? services.keyStudents.today().description,
                                columns: ["studentNo", "name", "college", "class", "dwelling", "category", "reason", "flaggedBy", "flaggedAt", "clearedAt"],
                                rows: rows, audit: .record(action: "keystudent.export", subject: "key_students", detail: filters.date ?? "全部 (all)"))
        return try await download(table, request, context: context)
    }

    func categoryWord(_ category: KeyStudent.Category?, _ lang: Language) -> String {
        renderer.strings.text("key_student_category_\(category?.rawValue ?? "none")", lang)
    }

    func categoryChoices(selected: String?, _ lang: Language) -> [LedgerChoice] {
        [LedgerChoice(value: "", label: categoryWord(nil, lang), selected: (selected ?? "").isEmpty)]
            + KeyStudent.Category.allCases.map { LedgerChoice(value: $0.rawValue, label: categoryWord($0, lang), selected: selected == $0.rawValue) }
    }

    /// Each field's first error in the reader's language: a field's own message when its value was wrong, the
    /// error's sentence when the field names what was not found or clashes (its field message is for programs).
    func fieldErrors(_ error: DomainError, _ lang: Language) -> [String: String] {
        var errors: [String: String] = [:]
        for e in error.fieldErrors where errors[e.field] == nil { errors[e.field] = error.kind == .invalid ? e.text(in: lang) : error.text(in: lang) }
        if errors.isEmpty { errors[""] = error.text(in: lang) }
        return errors
    }

    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
