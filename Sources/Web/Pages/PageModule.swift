import CampusKit
import Hummingbird

/// One domain's pages: the routes it adds and the menu entries that lead to them. Each entry is shown exactly to
/// those the domain's permissions admit — the rule its service enforces — so no menu leads to a refusal.
/// A new domain adds one module (next to its pages) and one line in `PagesController.modules`.
struct PageModule: Sendable {
    let menu: [MenuEntry]
    let routes: @Sendable (PagesController, PageRoutes) -> Void

    init(menu: [MenuEntry] = [], routes: @escaping @Sendable (PagesController, PageRoutes) -> Void) {
        self.menu = menu
        self.routes = routes
    }
}

/// A link in the side menu: where it goes, its title (a catalog key), its section, and who sees it.
struct MenuEntry: Sendable {
    /// The menu's sections, in the order they are shown.
    enum Section: Int, CaseIterable, Sendable {
        case daily, gates, testing, roster, account, admin

        /// The section heading's catalog key.
        var title: String {
            switch self {
            case .daily: "nav_daily"
            case .gates: "nav_gates"
            case .testing: "nav_testing"
            case .roster: "nav_roster"
            case .account: "account_title"
            case .admin: "nav_admin"
            }
        }
    }

    let section: Section
    let path: String
    let title: String
    let shows: @Sendable (Actor) -> Bool

    init(_ section: Section, _ path: String, _ title: String, shows: @escaping @Sendable (Actor) -> Bool) {
        self.section = section
        self.path = path
        self.title = title
        self.shows = shows
    }

    static let everyone: @Sendable (Actor) -> Bool = { _ in true }
    static let students: @Sendable (Actor) -> Bool = { $0.kind == .student }
}

/// The menu as one reader sees it on one page: their sections in order, each entry titled in their language, the
/// entry of the page they are on marked current.
struct Menu: Sendable {
    struct Item: Sendable {
        let path: String
        let title: String
        let current: Bool
    }

    struct Group: Sendable {
        let title: String
        let items: [Item]
    }

    let groups: [Group]
    /// Where the reader starts: their first entry (the check-in for students, the dashboard for most staff).
    let home: String?

    init(_ entries: [MenuEntry], reader: Actor, path: String, title: (String) -> String) {
        let visible = entries.filter { $0.shows(reader) }
        // The current entry is the longest path the page's path starts with: /testing/mine is not /testing.
        let current = visible.map(\.path).filter { path == $0 || path.hasPrefix($0 + "/") }.max { $0.count < $1.count }
        groups = MenuEntry.Section.allCases.compactMap { section in
            let items = visible.filter { $0.section == section }
                .map { Item(path: $0.path, title: title($0.title), current: $0.path == current) }
            return items.isEmpty ? nil : Group(title: title(section.title), items: items)
        }
        home = visible.first { $0.section == .daily }?.path ?? visible.first?.path
    }
}
