/// The fixed parts of the one-sheet workbook `XLSXWriter` produces: just what Excel, WPS and
/// LibreOffice need to open it, with style 1 being a bold font for the header row.
enum XLSXParts {
    static let sheetPath = "xl/worksheets/sheet1.xml"
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let contentTypePrefix = "application/vnd.openxmlformats-"

    static let contentTypes = declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="\(contentTypePrefix)package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="\(contentTypePrefix)officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/\(sheetPath)" ContentType="\(contentTypePrefix)officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="\(contentTypePrefix)officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let rootRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(officeRelationships)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static let workbookRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(officeRelationships)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(officeRelationships)/styles" Target="styles.xml"/>\
        </Relationships>
        """

    static let styles = declaration + """
        <styleSheet xmlns="\(mainNamespace)">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    /// The workbook part listing one sheet called `sheetName` (already made valid by `validSheetName`).
    static func workbook(sheetName: String) -> String {
        declaration + """
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(officeRelationships)">\
            <sheets><sheet name="\(XMLText.escaped(sheetName))" sheetId="1" r:id="rId1"/></sheets>\
            </workbook>
            """
    }

    /// `name` as Excel accepts it: without `[ ] : * ? / \` or control characters, not starting or
    /// ending with `'`, at most 31 characters, and `Sheet1` when nothing visible is left.
    static func validSheetName(_ name: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        let kept = name.filter { character in
            !forbidden.contains(character) && !character.unicodeScalars.contains { $0.value < 0x20 }
        }
        var cleaned = String(kept.prefix(31))
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        return cleaned.allSatisfy(\.isWhitespace) ? "Sheet1" : cleaned
    }
}
