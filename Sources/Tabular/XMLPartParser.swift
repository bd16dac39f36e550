import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The shared half of the SAX readers for workbook parts: runs Foundation's `XMLParser` without
/// namespace processing or external entities, hands subclasses local element names (`x:row` → `row`),
/// and turns a parse failure or a subclass's `fail` into a `TableError`.
class XMLPartParser: NSObject, XMLParserDelegate {
    private var failure: TableError?
    /// Open elements; with `sawRoot`, proves the document was complete (on Linux, `parse()` can
    /// return true for a truncated document).
    private var depth = 0
    private var sawRoot = false

    /// Parses `data`; `part` names the part in the error when it is not well-formed XML.
    final func run(on data: Data, part: String) throws(TableError) {
        // A stream is fed to libxml2 in chunks; `XMLParser(data:)` hands it everything at once and,
        // on Linux, fails with "huge input lookup" past 10 MB (a sheet of about 30,000 rows).
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        let parsed = parser.parse()
        if let failure { throw failure }
        guard parsed, parser.parserError == nil, sawRoot, depth == 0 else { throw .notWorkbook("\(part) 不是合法的 XML / is not well-formed XML") }
    }

    /// Stops parsing; `run` throws `error` (the first one reported wins).
    final func fail(_ error: TableError, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    /// Called for each start tag, with the element's local name. Subclasses override.
    func didStart(_ name: Substring, attributes: [String: String], parser: XMLParser) {}

    /// Called for each end tag, with the element's local name. Subclasses override.
    func didEnd(_ name: Substring, parser: XMLParser) {}

    /// Called with text content, possibly in several pieces per element. Subclasses override.
    func characters(_ text: String) {}

    /// `name` without its namespace prefix.
    static func localName(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return name[...] }
        return name[name.index(after: colon)...]
    }

    final func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String]
    ) {
        depth += 1
        sawRoot = true
        didStart(Self.localName(elementName), attributes: attributeDict, parser: parser)
    }

    final func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        depth -= 1
        didEnd(Self.localName(elementName), parser: parser)
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) {
        characters(string)
    }

    final func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        characters(String(decoding: CDATABlock, as: UTF8.self))
    }
}
