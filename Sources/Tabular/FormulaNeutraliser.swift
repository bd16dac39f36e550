/// Keeps exported cells from being run as spreadsheet formulas (CSV / formula injection, per OWASP).
enum FormulaNeutraliser {
    /// The first characters that make Excel, LibreOffice or WPS treat a cell as a formula.
    private static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `cell` with a leading apostrophe when it starts with `=`, `+`, `-`, `@`, tab or CR;
    /// a plain negative number such as `-3.5` is returned unchanged.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, triggers.contains(first) else { return cell }
        if first == "-", isNegativeNumber(cell) { return cell }
        return "'" + cell
    }

    /// True for `-` followed by digits with at most one decimal point, such as `-3`, `-3.5` or `-.5`.
    private static func isNegativeNumber(_ cell: String) -> Bool {
        var digits = 0
        var points = 0
        for byte in cell.utf8.dropFirst() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            default: return false
            }
        }
        return digits > 0 && points <= 1
    }
}
