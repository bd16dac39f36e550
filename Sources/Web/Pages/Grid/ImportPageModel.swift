/// `import.mustache`: the roster upload form; everything on it is text from the catalog.
struct ImportPageModel: PageModel {
    static let template = "import"
}
