import Foundation
import Roster

/// `import.mustache`: the roster upload form; everything on it is text from the catalog, and the columns' Chinese
/// names (as JSON) for naming a bad row's column as the template does.
struct ImportPageModel: PageModel {
    static let template = "import"
    var columns: String

    init() {
        let data = (try? JSONEncoder().encode(RosterColumns.chineseNames)) ?? Data("{}".utf8)
        columns = String(decoding: data, as: UTF8.self)
    }
}
