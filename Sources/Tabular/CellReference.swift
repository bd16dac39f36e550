/// A cell address such as `C5` or `$AB$12`, reduced to its column; and the letters of a column.
struct CellReference {
    /// The widest sheet Excel allows (column XFD).
    static let maxColumns = 16_384
    /// The longest sheet Excel allows.
    static let maxRows = 1_048_576

    /// The 0-based column: `A` is 0, `Z` is 25, `AA` is 26.
    let column: Int

    /// Parses the column letters of `reference`; nil when there are none or they lie beyond XFD.
    init?(_ reference: String) {
        var column = 0
        var letters = 0
        scan: for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"): column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "$"): continue scan
            default: break scan
            }
            letters += 1
            if letters > 3 { return nil }
        }
        guard letters > 0, column <= Self.maxColumns else { return nil }
        self.column = column - 1
    }

    /// The letters naming the 0-based `column`: 0 → `A`, 26 → `AA`.
    static func letters(forColumn column: Int) -> String {
        var remaining = column + 1
        var letters: [UInt8] = []
        while remaining > 0 {
            remaining -= 1
            letters.append(UInt8(ascii: "A") + UInt8(remaining % 26))
            remaining /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}
