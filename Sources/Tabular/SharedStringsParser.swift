import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads xl/sharedStrings.xml: the table of strings that `t="s"` cells refer to by index.
final class SharedStringsParser: XMLPartParser {
    private var strings: [String] = []
    private var current = ""
    private var inText = false
    /// Depth inside `<rPh>` (phonetic guides), whose text is not part of the cell.
    private var phoneticDepth = 0

    /// Every `<si>` in order. Rich text runs (`<r><t>`) are concatenated; phonetic runs are left out;
    /// `_xHHHH_` escapes are decoded.
    static func strings(in data: Data) throws(TableError) -> [String] {
        let parser = SharedStringsParser()
        try parser.run(on: data, part: "xl/sharedStrings.xml")
        return parser.strings
    }

    override func didStart(_ name: Substring, attributes: [String: String], parser: XMLParser) {
        switch name {
        case "sst":
            let declared = attributes["uniqueCount"].flatMap { Int($0) } ?? 0
            strings.reserveCapacity(min(max(declared, 0), 1_000_000))
        case "si": current = ""
        case "t": inText = phoneticDepth == 0
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    override func didEnd(_ name: Substring, parser: XMLParser) {
        switch name {
        case "t": inText = false
        case "rPh": phoneticDepth -= 1
        case "si": strings.append(OOXMLEscapes.decoded(current))
        default: break
        }
    }

    override func characters(_ text: String) {
        if inText { current += text }
    }
}
