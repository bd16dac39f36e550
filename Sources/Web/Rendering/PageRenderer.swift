import CampusKit
import Foundation
import Hummingbird
import Mustache

/// Renders server-side pages: a `PageModel`'s template from `Resources/templates` inside the shared layout,
/// with the language's texts as `t` and the top bar's and menu's facts as `page`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let strings: StringCatalog
    let schoolName: String
    /// Every domain's menu entries; each reader sees those their permissions admit.
    var menuEntries: [MenuEntry] = []
    /// What the server still loads; the layout says so on every page.
    var background = BackgroundWork()

    static func load() async throws -> PageRenderer {
        var library = MustacheLibrary()
        for (file, data) in WebResources.files(under: "Resources/templates") where file.hasSuffix(".mustache") {
            try library.register(String(decoding: data, as: UTF8.self), named: String(file.dropLast(".mustache".count)))
        }
        let strings = try StringCatalog.embedded()
        return PageRenderer(library: library, strings: strings, schoolName: "")
    }

    func with(schoolName: String, menu: [MenuEntry], background: BackgroundWork) -> PageRenderer {
        PageRenderer(library: library, strings: strings, schoolName: schoolName, menuEntries: menu, background: background)
    }

    /// Renders `model` in its template for the request's reader and language; `title` is a catalog key.
    func render<Model: PageModel>(_ model: Model, title: String, context: some PageContext,
                                  status: HTTPResponse.Status = .ok) -> Response {
        let language = context.language
        let t = strings.table(language)
        let menu = context.reader.map { Menu(menuEntries, reader: $0, path: context.path) { t[$0] ?? $0 } }
        let frame = PageFrame(language: language, title: t[title] ?? title, school: schoolName, reader: context.reader,
                              csrf: context.token.map(CSRF.token(for:)), menu: menu) { t["role_\($0.rawValue)"] ?? $0.rawValue }
            .with(background: background.current.line { t[$0] ?? $0 })
        let html = library.render(PageScope(model: model, t: t, page: frame), withTemplate: Model.template)
            ?? "<!doctype html><p>template \(Model.template) missing</p>"
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The root a template sees: `t`, `page`, and the model's own fields by name.
private struct PageScope<Model: PageModel>: MustacheParent {
    let model: Model
    let t: [String: String]
    let page: PageFrame

    func child(named name: String) -> Any? {
        switch name {
        case "t": return t
        case "page": return page
        default:
            guard let value = Mirror(reflecting: model).children.first(where: { $0.label == name })?.value else { return nil }
            // A nil optional is absent, as the template's `{{#name}}` expects.
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return value }
            return mirror.children.first?.value
        }
    }
}
