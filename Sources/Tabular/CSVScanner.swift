/// One pass over the bytes of a CSV file. Separators are ASCII, and ASCII bytes never occur inside
/// a multi-byte UTF-8 sequence, so fields are cut on bytes; the file is validated as UTF-8 once and
/// fields are decoded without checking again (each field is re-checked only to name a bad row).
struct CSVScanner {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private let bytes: [UInt8]
    private let limits: TableLimits
    /// Fields read so far, against `limits.cells`.
    private var cells = 0
    /// Whether the whole input is valid UTF-8; then fields are decoded without validating each again.
    private let validUTF8: Bool
    private var position: Int
    private var rows: [[String]] = []
    /// The unescaped bytes of the quoted field being read, reused between fields.
    private var scratch: [UInt8] = []

    init(bytes: [UInt8], limits: TableLimits) {
        self.bytes = bytes
        self.limits = limits
        validUTF8 = String(validating: bytes, as: UTF8.self) != nil
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// All records of the file; blank lines at the end are dropped.
    mutating func records() throws(TableError) -> [[String]] {
        var row: [String] = []
        var atRecordStart = true
        while !(atRecordStart && position == bytes.count) {
            if atRecordStart, rows.count >= limits.rows { throw .tooLong(limit: limits.rows) }
            guard row.count < limits.columns else { throw .tooWide(row: rows.count + 1, limit: limits.columns) }
            cells += 1
            guard cells <= limits.cells else { throw .tooManyCells(row: rows.count + 1, limit: limits.cells) }
            row.append(try field())
            atRecordStart = false
            guard position < bytes.count else {
                rows.append(row)
                break
            }
            let separator = bytes[position]
            position += 1
            if separator == Self.comma { continue }
            if separator == Self.cr, position < bytes.count, bytes[position] == Self.lf { position += 1 }
            rows.append(row)
            row = []
            row.reserveCapacity(rows[rows.count - 1].count)
            atRecordStart = true
        }
        while rows.last == [""] { rows.removeLast() }
        return rows
    }

    private func isSeparator(_ byte: UInt8) -> Bool {
        byte == Self.comma || byte == Self.lf || byte == Self.cr
    }

    /// Reads one field and stops on the separator after it (or at the end of the data).
    private mutating func field() throws(TableError) -> String {
        let row = rows.count + 1
        if position < bytes.count, bytes[position] == Self.quote { return try quotedField(row: row) }
        let start = position
        while position < bytes.count, !isSeparator(bytes[position]) { position += 1 }
        return try decode(bytes[start..<position], row: row)
    }

    private mutating func quotedField(row: Int) throws(TableError) -> String {
        scratch.removeAll(keepingCapacity: true)
        position += 1
        var runStart = position
        while true {
            guard position < bytes.count else { throw .unterminatedQuote(row: row) }
            guard bytes[position] == Self.quote else {
                position += 1
                continue
            }
            scratch.append(contentsOf: bytes[runStart..<position])
            position += 1
            guard position < bytes.count, bytes[position] == Self.quote else { break }
            // `""`: the second quote starts the next run, so exactly one quote is kept.
            runStart = position
            position += 1
        }
        let tail = position
        while position < bytes.count, !isSeparator(bytes[position]) { position += 1 }
        scratch.append(contentsOf: bytes[tail..<position])
        return try decode(scratch[...], row: row)
    }

    private func decode(_ field: ArraySlice<UInt8>, row: Int) throws(TableError) -> String {
        if validUTF8 { return String(decoding: field, as: UTF8.self) }
        guard let text = String(validating: field, as: UTF8.self) else { throw .invalidUTF8(row: row) }
        return text
    }
}
