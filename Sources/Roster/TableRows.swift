import CampusKit
import Foundation

/// One data row of an imported table while it is read: its spreadsheet row number, its cells by field, and the
/// problems found in it so far, each naming the column as the file names it.
struct TableRow<Field: Hashable & Sendable> {
    let number: Int
    let cells: [String]
    let map: HeaderMap<Field>
    private(set) var errors: [RowError] = []

    init(number: Int, cells: [String], map: HeaderMap<Field>) {
        self.number = number
        self.cells = cells
        self.map = map
    }

    /// The trimmed value of `field`, or nil when the column is absent or the cell empty.
    func value(_ field: Field) -> String? { map.value(field, in: cells) }

    mutating func fail(_ field: Field, _ fallback: String, _ message: String) {
        errors.append(RowError(row: number, column: map.columnName(field, default: fallback), message: message))
    }

    /// The value of a required field; an empty cell is reported and "" returned.
    mutating func required(_ field: Field, _ fallback: String) -> String {
        if let v = value(field) { return v }
        fail(field, fallback, "必填项为空 (required value missing)")
        return ""
    }
}

/// Reads the data rows of a roster table the same way for every kind: the header is row 1 and must have the
/// required columns, blank rows are skipped, `key` must not repeat, and if any row has a problem the whole file
/// is refused with every problem listed.
enum TableRows {
    static func read<Field, Record>(
        _ rows: [[String]], columns: [HeaderMap<Field>.Column], key: (field: Field, name: String),
        duplicate: (_ value: String, _ firstRow: Int) -> String,
        record: (inout TableRow<Field>) -> Record
    ) throws(DomainError) -> (map: HeaderMap<Field>, records: [(row: Int, record: Record)]) {
        guard let header = rows.first else {
            throw DomainError(.invalid, "文件为空 (the file has no header row)", rowErrors: [RowError(row: 1, column: nil, message: "empty file")])
        }
        let map = try HeaderMap(header: header, columns: columns)
        var records: [(row: Int, record: Record)] = []
        var errors: [RowError] = []
        var firstRowOfKey: [String: Int] = [:]
        for (offset, cells) in rows.dropFirst().enumerated() {
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var row = TableRow(number: offset + 2, cells: cells, map: map)
            let built = record(&row)
            if let value = row.value(key.field) {
                if let first = firstRowOfKey[value] {
                    row.fail(key.field, key.name, duplicate(value, first))
                } else {
                    firstRowOfKey[value] = row.number
                }
            }
            errors += row.errors
            if row.errors.isEmpty { records.append((row.number, built)) }
        }
        if !errors.isEmpty {
            throw DomainError(.invalid, "导入文件有 \(errors.count) 处错误，未做任何更改 (the file has errors; nothing was changed)", rowErrors: errors)
        }
        return (map, records)
    }
}
