/// `import.mustache`: the roster upload form; everything on it is text from the catalog.
struct ImportPageModel: PageModel {
    static let template = "import"
    /// The Chinese header of each column by the name the API reports a missing one under (JSON, for the page's
    /// script); empty on English pages, where those names are the headers.
    var columns = "{}"
}
