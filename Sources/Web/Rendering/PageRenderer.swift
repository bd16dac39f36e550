import CampusKit
import Foundation
import Hummingbird
import Mustache

/// Renders server-side pages: a template from `Resources/templates` inside the shared layout,
/// with the language's texts as `t`, the top bar's facts as `page`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let strings: StringCatalog
    let schoolName: String

    static func load() async throws -> PageRenderer {
        let resources = WebResources.root
        let library = try await MustacheLibrary(directory: resources.appendingPathComponent("templates").path)
        let strings = try StringCatalog(directory: resources.appendingPathComponent("strings"))
        return PageRenderer(library: library, strings: strings, schoolName: "")
    }

    func with(schoolName: String) -> PageRenderer {
        PageRenderer(library: library, strings: strings, schoolName: schoolName)
    }

    /// Renders `template` with `model` (a dictionary) for the request's actor and language.
    func render(_ template: String, title: String, model: [String: Any], context: ShouhuContext,
                status: HTTPResponse.Status = .ok) -> Response {
        let language = context.language
        let t = strings.table(language)
        var page: [String: Any] = [
            "lang": language.rawValue,
            "otherLang": language.other.rawValue,
            "title": t[title] ?? title,
            "school": schoolName,
        ]
        if let actor = context.actor {
            page["user"] = actor.displayName
            page["roles"] = actor.roles.map { t["role_\($0.rawValue)"] ?? $0.rawValue }.sorted().joined(separator: "、")
            page["isAdmin"] = actor.isAdmin || actor.roles.contains(.leader)
            page["isSystemAdmin"] = actor.isAdmin
            page["issuesCodes"] = !actor.roles.isDisjoint(with: [.admin, .leader, .secretary, .counsellor, .classTeacher])
            page["csrf"] = context.token.map(CSRF.token(for:)) ?? ""
            page["isStudent"] = actor.kind == .student
            page["seesDashboard"] = actor.kind == .staff || !actor.roles.isDisjoint(with: [.floorLeader, .roomLeader])
            page["followsCases"] = actor.kind == .staff
            page["followsTesting"] = actor.kind == .staff && !actor.roles.isDisjoint(with: [.admin, .leader, .secretary, .counsellor, .classTeacher, .buildingLeader, .clinic])
            page["investigates"] = actor.kind == .staff && !actor.roles.isDisjoint(with: [.admin, .leader, .secretary, .counsellor, .clinic])
        }
        var object = model
        object["t"] = t
        object["page"] = page
        let html = library.render(object, withTemplate: template) ?? "<!doctype html><p>template \(template) missing</p>"
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
