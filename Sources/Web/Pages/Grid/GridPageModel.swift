/// `grid.mustache`: the grid from campus down to a room, head counts per unit, and a room's students.
struct GridPageModel: PageModel {
    static let template = "grid"

    /// One step of the breadcrumb trail.
    struct Step: Sendable { var name: String; var href: String }
    struct Child: Sendable {
        var name: String
        var students: Int
        var active: Int
        var share: Int
        var href: String
        var label: String
    }
    struct Student: Sendable {
        var studentNo: String
        var name: String
        var className: String
        var bed: String
        var phone: String
        var status: String
        var leader: String
    }

    var trail: [Step]
    var children: [Child]
    var total: Int
    var active: Int
    var hasChildren: Bool
    var empty: Bool
    /// A room's students; nil above room level.
    var students: [Student]?
    var isRoom = false
}
