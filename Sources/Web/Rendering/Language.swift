/// The languages of the pages. Chinese is the default; English is one click away.
public enum Language: String, Sendable, CaseIterable {
    case zhCN = "zh-CN"
    case en

    /// Reads a `lang` cookie or query value; anything unknown is Chinese.
    public init(tag: String?) {
        self = tag.flatMap { Language(rawValue: $0) } ?? (tag?.lowercased().hasPrefix("en") == true ? .en : .zhCN)
    }

    /// The other language, for the switch in the top bar.
    var other: Language { self == .zhCN ? .en : .zhCN }
}
