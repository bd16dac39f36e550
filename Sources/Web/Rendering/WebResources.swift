import Foundation

/// The folder of the web target's resources (templates, strings, public files, openapi.yaml).
/// SwiftPM copies `Resources/` into the bundle; Foundation on Linux already reports that folder as the
/// bundle's resource URL, on Apple platforms it is one level further down.
enum WebResources {
    static let root: URL = {
        let base = Bundle.module.resourceURL ?? Bundle.module.bundleURL
        let nested = base.appendingPathComponent("Resources")
        return FileManager.default.fileExists(atPath: nested.appendingPathComponent("openapi.yaml").path) ? nested : base
    }()
}
