import Foundation

/// The web target's resources — templates, string catalogs, public files and `openapi.yaml` — as the binary carries
/// them (`EmbeddedResources`, generated at build time by the EmbedWebResources plugin), so a copied binary serves its
/// pages with nothing beside it. Paths are relative to the web target: `Resources/templates/layout.mustache`.
enum WebResources {
    /// Every resource's bytes by path, decoded once.
    static let files: [String: Data] = EmbeddedResources.base64.compactMapValues { Data(base64Encoded: $0) }

    /// The resources under `folder` (e.g. `Resources/templates`), by their paths below it.
    static func files(under folder: String) -> [String: Data] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return Dictionary(uniqueKeysWithValues: files.compactMap { path, data in
            path.hasPrefix(prefix) ? (String(path.dropFirst(prefix.count)), data) : nil
        })
    }

    /// The API document, the same file the server code is generated from.
    static var openAPIDocument: String { String(decoding: files["openapi.yaml"] ?? Data(), as: UTF8.self) }
}
