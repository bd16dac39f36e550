/// The service cannot answer just now — its database cannot be reached, or has no room to write — and trying again
/// shortly can help (a 503 with Retry-After, not a 500). Nothing was changed by the request that met it.
public struct Unavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "unavailable: \(reason)" }
}
