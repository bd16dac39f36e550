import Foundation
import Synchronization

/// Work the server does after it has begun to answer (today: the demo college's history on `serve --demo`), shared
/// by the app that does it and the pages that say so. Every page's layout shows a line while it runs and when it
/// stopped before the end, so nobody takes a half-loaded demo for the whole.
public final class BackgroundWork: Sendable {
    public enum State: Sendable, Equatable {
        /// Nothing runs (the usual case).
        case idle
        /// Part `done + 1` of `total` is loading; `name` is the part's catalog key.
        case running(done: Int, total: Int, name: String)
        /// It stopped before the end (an error, or the server stopped meanwhile).
        case incomplete
    }

    private let state = Mutex<State>(.idle)

    public init() {}

    public var current: State { state.withLock { $0 } }

    public func set(_ new: State) { state.withLock { $0 = new } }
}

extension BackgroundWork.State {
    /// The layout's line in the reader's language, nil when there is nothing to say.
    func line(_ text: (String) -> String) -> String? {
        switch self {
        case .idle: return nil
        case let .running(done, total, name):
            return text("demo_loading").replacingOccurrences(of: "{part}", with: text(name))
                .replacingOccurrences(of: "{step}", with: "\(done + 1)").replacingOccurrences(of: "{total}", with: "\(total)")
        case .incomplete: return text("demo_incomplete")
        }
    }
}
