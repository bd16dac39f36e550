import Foundation
import PackagePlugin

/// Embeds the web target's `Resources/` folder and `openapi.yaml` into the target as generated Swift
/// (`EmbeddedResources`), rebuilt whenever one of them changes.
@main
struct EmbedWebResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let root = target.directoryURL
        var relative: [String] = ["openapi.yaml"]
        let resources = root.appendingPathComponent("Resources")
        if let walker = FileManager.default.enumerator(at: resources, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                guard !url.lastPathComponent.hasPrefix(".") else { continue }
                relative.append("Resources/" + url.path.dropFirst(resources.path.count + 1))
            }
        }
        relative.sort()
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedResources.swift")
        return [.buildCommand(displayName: "Embedding the web resources (\(relative.count) files)",
                              executable: try context.tool(named: "EmbedTool").url,
                              arguments: [root.path, output.path] + relative,
                              inputFiles: relative.map { root.appendingPathComponent($0) },
                              outputFiles: [output])]
    }
}
