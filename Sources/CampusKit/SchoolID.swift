/// The school a row belongs to. One deployment can serve a province; every stored row carries it.
public struct SchoolID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// The school of a single-school deployment.
    public static let main = SchoolID("main")
    public var description: String { rawValue }
}
