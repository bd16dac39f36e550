import Foundation

/// The web target's resources: the `Resources/` folder (templates, strings, public files) and `openapi.yaml`.
enum WebResources {
    /// The `Resources/` folder as SwiftPM copied it into the bundle.
    static let root: URL = {
        let base = Bundle.module.resourceURL ?? Bundle.module.bundleURL
        // Foundation on Linux may already report the copied folder itself as the resource URL.
        let nested = base.appendingPathComponent("Resources")
        return FileManager.default.fileExists(atPath: nested.appendingPathComponent("templates").path) ? nested : base
    }()

    /// The API document, the same file the server code is generated from.
    static let openAPIDocument: URL = {
        let base = Bundle.module.resourceURL ?? Bundle.module.bundleURL
        let candidates = [base, base.deletingLastPathComponent(), Bundle.module.bundleURL]
        return candidates.map { $0.appendingPathComponent("openapi.yaml") }
            .first { FileManager.default.fileExists(atPath: $0.path) } ?? base.appendingPathComponent("openapi.yaml")
    }()
}
