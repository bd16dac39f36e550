import Audit
import CampusKit
import Foundation
import Hummingbird
import Roster
import Tabular

/// A table a page offers for download, described by catalog keys so its sheet name, headers and file name are in
/// the reader's language: `export_<name>_sheet`, `export_<name>_file` (both with `{suffix}`) and
/// `export_<name>_col_<column>` for each column. `PagesController.download` writes it.
struct TableExport: Sendable {
    /// How the export is audited: exactly one entry per download.
    enum Audit: Sendable {
        /// The helper records this entry (its detail gains the row count and format).
        case record(action: String, subject: String, detail: String)
        /// The domain read that produced the rows recorded the export itself (as `action`); a second entry
        /// would count the download twice.
        case recordedByRead(action: String)
    }

    /// The catalog name of the table (`missing`, `report`, `investigation`).
    var name: String
    /// The ASCII stem of the file name, for clients that ignore `filename*` (`daily-report`).
    var file: String
    /// What tells one download of this table from another (a day, a student number), in the sheet and file names.
    var suffix: String
    /// Column keys, in order.
    var columns: [String]
    var rows: [[String]]
    var audit: Audit
}

extension TableExport {
    /// How each personal column is masked in a desensitised export (`?desensitised=1`, 脱敏导出: for a table that
    /// leaves the school, PIPL): student numbers, and the names of students (the row's, a room leader's, the
    /// person a contact was traced through). Staff names, places and times stay.
    static let masks: [String: @Sendable (String) -> String] = [
        "studentNo": Masking.studentNo, "name": Masking.name, "leader": Masking.name, "via": Masking.name,
    ]

    /// The table with every personal column masked.
    func desensitised() -> TableExport {
        let masks = columns.map { Self.masks[$0] }
        var copy = self
        copy.rows = rows.map { row in row.enumerated().map { i, cell in i < masks.count ? masks[i].map { $0(cell) } ?? cell : cell } }
        copy.file += "-desensitised"
        return copy
    }
}

/// The two formats; XLSX unless the URL says `format=csv`.
enum TableFormatChoice: String, Sendable {
    case xlsx, csv

    init(query: String?) { self = query == "csv" ? .csv : .xlsx }

    var contentType: String {
        switch self {
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}

extension PagesController {
    /// The one way a page hands out a table: XLSX or CSV (`?format=csv`), headers and sheet name from the string
    /// catalog, `Content-Disposition` with an ASCII `filename` and the reader's-language `filename*`, audited
    /// once before the bytes leave.
    func download(_ table: TableExport, _ request: Request, context: SignedInPage) async throws -> Response {
        let lang = context.language
        let strings = renderer.strings
        let format = TableFormatChoice(query: request.uri.queryParameters["format"].map(String.init))
        let desensitised = request.uri.queryParameters["desensitised"] == "1"
        let table = desensitised ? table.desensitised() : table
        let header = table.columns.map { strings.text("export_\(table.name)_col_\($0)", lang) }
        let data: Data = switch format {
        case .xlsx:
            try XLSXWriter.document(sheetName: strings.text("export_\(table.name)_sheet", lang).replacingOccurrences(of: "{suffix}", with: table.suffix),
                                    header: header, rows: table.rows)
        case .csv: CSVWriter.document(header: header, rows: table.rows)
        }
        if case .record(let action, let subject, let detail) = table.audit {
            try await services.audit.record(AuditEntry(context.actor, at: services.clock.now(), action: action, subject: subject,
                                                       detail: "\(detail): \(table.rows.count) rows, \(format.rawValue)\(desensitised ? ", desensitised" : "")"))
        }
        let ascii = "\(table.file)-\(Self.asciiFileName(table.suffix)).\(format.rawValue)"
        let named = strings.text("export_\(table.name)_file", lang).replacingOccurrences(of: "{suffix}", with: table.suffix)
            + (desensitised ? strings.text("export_desensitised_file", lang) : "") + ".\(format.rawValue)"
        return Response(status: .ok, headers: [
            .contentType: format.contentType,
            .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(Self.rfc5987(named))",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `text` with everything but ASCII letters, digits, `-`, `_` and `.` replaced by `_`: safe in a quoted `filename`.
    static func asciiFileName(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        })
    }

    /// `text` percent-encoded as RFC 8187 `attr-char`s, for `filename*=UTF-8''…`.
    static func rfc5987(_ text: String) -> String {
        var allowed = CharacterSet()
        allowed.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? asciiFileName(text)
    }
}
