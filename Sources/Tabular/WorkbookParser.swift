import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads xl/workbook.xml: the relationship ids of the sheets, in the order Excel shows their tabs.
final class WorkbookParser: XMLPartParser {
    private var ids: [String] = []

    /// The `r:id` of every `<sheet>`, first tab first. The prefix of the id attribute may vary.
    static func sheetRelationshipIDs(in data: Data) throws(TableError) -> [String] {
        let parser = WorkbookParser()
        try parser.run(on: data, part: "xl/workbook.xml")
        return parser.ids
    }

    override func didStart(_ name: Substring, attributes: [String: String], parser: XMLParser) {
        guard name == "sheet" else { return }
        let id = attributes.first { key, _ in key.contains(":") && Self.localName(key) == "id" }
        if let id { ids.append(id.value) }
    }
}
