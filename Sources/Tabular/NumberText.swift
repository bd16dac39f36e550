import Foundation

/// How a numeric cell reads as text: the way Excel shows it in a General-formatted cell, not the
/// way a Double prints. Student numbers stored as numbers must come back digit for digit.
enum NumberText {
    /// Whole numbers below 10^15 print without exponent or fraction (`2.021010101E9` → `2021010101`,
    /// `1.0` → `1`); integer text is kept as written, however long; other numbers keep 15 significant
    /// digits, as Excel does (`0.30000000000000004` → `0.3`). Text that is not a number is returned trimmed.
    static func display(_ raw: String) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if isInteger(text) { return text }
        guard let number = Double(text), number.isFinite else { return text }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(format: "%.15g", number)
    }

    /// True for an optional minus sign followed by one or more ASCII digits.
    private static func isInteger(_ text: String) -> Bool {
        let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
        return !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
