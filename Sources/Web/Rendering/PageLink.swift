/// A link among alternatives (a filter, a grouping level): where it goes, what it says, and whether it is the one shown.
struct PageLink: Sendable {
    var href: String
    var label: String
    var current: Bool
}
