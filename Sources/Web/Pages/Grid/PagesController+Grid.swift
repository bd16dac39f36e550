import CampusKit
import Foundation
import Hummingbird
import Roster
import Tabular

extension PagesController {
    /// The grid browser: `?unit=` walks campus → building → floor → room; a room lists its students.
    @Sendable func gridPage(_ request: Request, context: SignedInPage) async throws -> Response {
        let actor = context.actor
        let tree = try await services.roster.grid(by: actor)
        let path = request.uri.queryParameters["path"].map(String.init) ?? ""
        let steps = path.split(separator: "|").map(String.init)
        var nodes = tree.campuses
        var trail = [GridPageModel.Step(name: renderer.strings.text("grid_all", context.language), href: "/grid")]
        var current: GridTree.Node?
        var walked: [String] = []
        for step in steps {
            guard let node = nodes.first(where: { $0.name == step }) else { break }
            walked.append(step)
            trail.append(.init(name: Self.label(node, context: context, strings: renderer.strings),
                               href: "/grid?path=" + Self.encode(walked.joined(separator: "|"))))
            current = node
            nodes = node.children
        }
        let total = current?.students ?? tree.students
        let children = nodes.map { node in
            let share = total == 0 ? 0 : Int((Double(node.students) / Double(total) * 100).rounded())
            return GridPageModel.Child(name: node.name, students: node.students, active: node.active, share: share,
                                       href: "/grid?path=" + Self.encode((walked + [node.name]).joined(separator: "|")),
                                       label: Self.label(node, context: context, strings: renderer.strings))
        }
        var model = GridPageModel(trail: trail, children: children, total: total, active: current?.active ?? tree.active,
                                  hasChildren: !children.isEmpty, empty: tree.students == 0)
        if let room = current, room.level == "room" {
            let page = try await services.roster.students(matching: StudentFilter(room: room.key), page: PageRequest(limit: 50), by: actor)
            model.students = page.items.map { s in
                .init(studentNo: s.studentNo, name: s.name, className: s.className, bed: s.bed ?? "",
                      phone: s.phone.map(Masking.phone) ?? "", status: renderer.strings.text("status_\(s.status.rawValue)", context.language),
                      leader: s.gridRole.map { renderer.strings.text("grid_role_\($0.rawValue)", context.language) } ?? "")
            }
            model.isRoom = true
        }
        return renderer.render(model, title: "grid_title", context: context)
    }

    static func label(_ node: GridTree.Node, context: some PageContext, strings: StringCatalog) -> String {
        switch node.level {
        case "floor": strings.text("grid_floor_n", context.language).replacingOccurrences(of: "{n}", with: node.name)
        case "room": strings.text("grid_room_n", context.language).replacingOccurrences(of: "{n}", with: node.name)
        default: node.name
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Sendable func importPage(_ request: Request, context: SignedInPage) async throws -> Response {
        guard RosterPermissions.mayImport(context.actor) else { throw PageFailure.forbidden("import_forbidden") }
        var model = ImportPageModel()
        if context.language == .zhCN,
           let json = try? JSONSerialization.data(withJSONObject: RosterTemplate.chineseHeaders, options: [.sortedKeys]) {
            model.columns = String(decoding: json, as: UTF8.self)
        }
        return renderer.render(model, title: "import_title", context: context)
    }

    /// The roster template (`students.csv` or `staff.csv`): UTF-8 with a byte-order mark, so Excel opens the Chinese
    /// headers correctly, and what the importer reads with no error.
    @Sendable func rosterTemplate(_ request: Request, context: SignedInPage) async throws -> Response {
        guard RosterPermissions.mayImport(context.actor) else { throw PageFailure.forbidden("import_forbidden") }
        let rows: [[String]]
        switch context.parameters.get("kind") {
        case "students.csv": rows = RosterTemplate.students
        case "staff.csv": rows = RosterTemplate.staff
        default: throw PageFailure(status: .notFound, title: "error_title_notFound", message: "error_notFound")
        }
        let data = CSVWriter.document(header: rows[0], rows: Array(rows.dropFirst()))
        let file = context.parameters.get("kind") ?? "roster.csv"
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"roster-\(file)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
