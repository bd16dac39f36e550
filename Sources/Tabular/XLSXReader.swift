import Foundation

/// Reads the first worksheet of an Excel workbook (.xlsx) as rows of text.
public enum XLSXReader {
    /// Where the first worksheet usually is, used when the workbook does not say.
    private static let defaultSheet = "xl/worksheets/sheet1.xml"

    /// The cells of the first worksheet, as Excel shows them.
    ///
    /// Guarantees:
    /// - the first worksheet is the first `<sheet>` of xl/workbook.xml that is a worksheet (not a
    ///   chart sheet), found through xl/_rels/workbook.xml.rels;
    /// - index i of the result is Excel row i + 1 and index j of a row is column j (A = 0): cells and
    ///   rows skipped in the file come back as `""` and `[]`; empty cells at the end of a row and
    ///   empty rows at the end of the sheet are left out;
    /// - shared strings (rich-text runs joined, phonetic guides left out), inline strings and formula
    ///   results come back as text; booleans as `TRUE`/`FALSE`; whole numbers without exponent or
    ///   fraction (`2021010101`, `1.0` → `1`); other numbers with 15 significant digits; dates stored
    ///   as serial numbers come back as those numbers;
    /// - data that is not a ZIP archive, has no worksheet, or holds malformed XML throws a `TableError`;
    /// - a part inflating beyond `limits.inflatedBytes`, a cell beyond `limits.columns`, a row beyond
    ///   `limits.rows`, or more than `limits.cells` cells (padding included) throws a `TableError` at once.
    public static func rows(from data: Data, limits: TableLimits = .standard) throws(TableError) -> [[String]] {
        let package = try XLSXPackage(data: data, maxPartSize: limits.inflatedBytes)
        let sheetPath = try firstWorksheetPath(in: package)
        guard let sheet = try package.part(sheetPath) else {
            throw .notWorkbook("找不到工作表 / no worksheet found")
        }
        var sharedStrings: [String] = []
        if let strings = try package.part("xl/sharedStrings.xml") {
            sharedStrings = try SharedStringsParser.strings(in: strings)
        }
        return try WorksheetParser.rows(in: sheet, sharedStrings: sharedStrings, limits: limits)
    }

    private static func firstWorksheetPath(in package: XLSXPackage) throws(TableError) -> String {
        let relsPath = "xl/_rels/workbook.xml.rels"
        guard let workbook = try package.part("xl/workbook.xml"), let rels = try package.part(relsPath) else {
            return defaultSheet
        }
        let relationships = try RelationshipsParser.relationships(in: rels, part: relsPath)
        for id in try WorkbookParser.sheetRelationshipIDs(in: workbook) {
            guard let relationship = relationships[id], relationship.type.hasSuffix("/worksheet") else { continue }
            return RelationshipsParser.partPath(of: relationship.target, relativeTo: "xl")
        }
        return defaultSheet
    }
}
