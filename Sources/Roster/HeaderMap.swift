import Foundation
import CampusKit

/// Finds the columns of an imported table by their English or Chinese header, in any order.
struct HeaderMap<Field: Hashable & Sendable> {
    /// A column the import understands: its field, the header names it answers to, and whether it must be present.
    struct Column {
        let field: Field
        let names: [String]
        let required: Bool
    }

    private(set) var index: [Field: Int] = [:]
    private(set) var nameOf: [Field: String] = [:]

    /// Reads the header row; reports missing required columns and columns given twice, on row 1.
    init(header: [String], columns: [Column]) throws(DomainError) {
        var errors: [RowError] = []
        var lookup: [String: Column] = [:]
        for column in columns {
            for name in column.names { lookup[Self.normalise(name)] = column }
        }
        for (position, raw) in header.enumerated() {
            guard let column = lookup[Self.normalise(raw)] else { continue }
            if index[column.field] != nil {
                errors.append(RowError(row: 1, column: raw, message: "列重复 (column appears twice)"))
                continue
            }
            index[column.field] = position
            nameOf[column.field] = Self.display(raw)
        }
        for column in columns where column.required && index[column.field] == nil {
            errors.append(RowError(row: 1, column: column.names[0],
                                   message: "缺少必填列“\(column.names.last ?? column.names[0])” (required column missing: \(column.names[0]))"))
        }
        if !errors.isEmpty {
            throw DomainError(.invalid, "表头不完整 (the header row is incomplete)", rowErrors: errors)
        }
    }

    /// The trimmed value of `field` in `row`, or nil when the column is absent or the cell empty.
    func value(_ field: Field, in row: [String]) -> String? {
        guard let i = index[field], i < row.count else { return nil }
        let v = row[i].trimmingCharacters(in: .whitespacesAndNewlines)
        return v.isEmpty ? nil : v
    }

    /// The header text the file used for `field` (for error messages), or a fallback.
    func columnName(_ field: Field, default fallback: String) -> String { nameOf[field] ?? fallback }

    /// The header as the user wrote it, without a byte-order mark or surrounding spaces.
    private static func display(_ name: String) -> String {
        var s = name
        if s.hasPrefix("\u{FEFF}") { s.removeFirst() }
        return s.trimmingCharacters(in: .whitespaces)
    }

    private static func normalise(_ name: String) -> String {
        var s = display(name).lowercased()
        if s.hasSuffix("*") { s.removeLast() }
        return s.replacingOccurrences(of: " ", with: "_")
    }
}
