import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a relationships part (`*.rels`): which part each relationship id points to.
final class RelationshipsParser: XMLPartParser {
    /// One `<Relationship>`: its type URI and its target as written.
    struct Relationship: Equatable {
        let type: String
        let target: String
    }

    private var relationships: [String: Relationship] = [:]

    /// The internal relationships of `data` by id; external targets (URLs) are left out.
    static func relationships(in data: Data, part: String) throws(TableError) -> [String: Relationship] {
        let parser = RelationshipsParser()
        try parser.run(on: data, part: part)
        return parser.relationships
    }

    /// The package path of `target`, relative to `folder` unless it starts with `/`; `.` and `..` resolved.
    static func partPath(of target: String, relativeTo folder: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : folder + "/" + target
        var segments: [Substring] = []
        for segment in joined.split(separator: "/") {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    override func didStart(_ name: Substring, attributes: [String: String], parser: XMLParser) {
        guard name == "Relationship", attributes["TargetMode"] != "External",
              let id = attributes["Id"], let type = attributes["Type"], let target = attributes["Target"]
        else { return }
        relationships[id] = Relationship(type: type, target: target)
    }
}
