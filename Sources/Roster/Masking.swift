import Foundation
/// How phone and identity numbers are shown to people who may not see them in full.
public enum Masking {
    /// `13812345678` → `138****5678`. Numbers shorter than a mobile number (landlines) keep only their last
    /// two characters, so at least four digits are always hidden.
    public static func phone(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count >= 11 else { return String(repeating: "*", count: max(0, chars.count - 2)) + String(chars.suffix(2)) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }

    /// `21010219900101123X` → `2101**********123X`.
    public static func idNumber(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }
}
