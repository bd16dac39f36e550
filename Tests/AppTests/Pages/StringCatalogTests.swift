import Foundation
import GateAccess
import Testing

@Suite("Page texts")
struct StringCatalogTests {
    static let resources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Web/Resources")

    static func catalog(_ language: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(contentsOf: resources.appendingPathComponent("strings/\(language).json")))
    }

    @Test("Chinese and English catalogs have the same keys, and every text a template uses is in both")
    func catalogsAreComplete() throws {
        let zh = try Self.catalog("zh-CN")
        let en = try Self.catalog("en")
        #expect(Set(zh.keys) == Set(en.keys))
        let folder = Self.resources.appendingPathComponent("templates")
        var used = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let regex = try Regex(#"\{\{t\.([a-z_]+)\}\}"#)
            for match in text.matches(of: regex) { used.insert(String(text[match.range]).dropFirst(4).dropLast(2).description) }
        }
        #expect(!used.isEmpty)
        #expect(used.subtracting(zh.keys).isEmpty, "missing in zh-CN: \(used.subtracting(zh.keys))")
        #expect(used.subtracting(en.keys).isEmpty, "missing in en: \(used.subtracting(en.keys))")
    }

    @Test("Templates carry no Chinese literals: all Chinese text comes from the catalog")
    func noChineseInTemplates() throws {
        let folder = Self.resources.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let han = text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }
            #expect(han.isEmpty, "\(name) contains Chinese literals")
        }
    }

    @Test("Every audit action the code records has a name in both catalogs, so the audit page shows no dotted key")
    func auditActionsAreNamed() throws {
        let sources = Self.resources.deletingLastPathComponent().deletingLastPathComponent()
        let regex = try Regex(#"(?:action: |note\()"([a-z]+(?:\.[a-z_]+)+)""#)
        var actions = Set<String>()
        let files = FileManager.default.enumerator(atPath: sources.path)
        while let file = files?.nextObject() as? String {
            guard file.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: regex) { if let key = match.output[1].substring { actions.insert(String(key)) } }
        }
        #expect(actions.count > 30, "the scan finds the audit actions (\(actions.count))")
        for catalog in [try Self.catalog("zh-CN"), try Self.catalog("en")] {
            let unnamed = actions.filter { catalog["audit_action_\($0)"] == nil }
            #expect(unnamed.isEmpty, "audit actions without a name: \(unnamed.sorted())")
        }
    }

    @Test("Every gate requirement, point kind, alert kind and direction a page names has its words in both catalogs")
    func gateWordsAreNamed() throws {
        let keys = GatePolicy.Requirement.allCases.map { "require_\($0.rawValue)" } + AccessPoint.Kind.allCases.map { "point_\($0.rawValue)" }
            + AccessAlert.Kind.allCases.map { "alert_\($0.rawValue)" } + AccessEvent.Direction.allCases.map { "direction_\($0.rawValue)" }
            + [GatePolicy.normal, GatePolicy.lockdown].map { "policy_\($0.name)" }
        for catalog in [try Self.catalog("zh-CN"), try Self.catalog("en")] {
            let unnamed = keys.filter { catalog[$0] == nil }
            #expect(unnamed.isEmpty, "without words: \(unnamed)")
        }
    }
}
