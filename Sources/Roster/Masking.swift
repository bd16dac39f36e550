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

    /// A person's name for a table that leaves the school: `张岩腾` → `张*腾`, `李华` → `李*`, `Ann Lee` → `A*****e`.
    public static func name(_ value: String) -> String {
        let chars = Array(value.trimmingCharacters(in: .whitespaces))
        switch chars.count {
        case 0: return ""
        case 1, 2: return String(chars[0]) + "*"
        default: return String(chars[0]) + String(repeating: "*", count: chars.count - 2) + String(chars[chars.count - 1])
        }
    }

    /// A student number for a table that leaves the school: `2021010101` → `2021****01` (the year and the last two
    /// digits stay, so rows can still be told apart and counted by year).
    public static func studentNo(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 6 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 6) + String(chars.suffix(2))
    }
}
