import Foundation
/// The 18-character resident identity number (居民身份证号码, GB 11643-1999).
public enum IDNumber {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character for the first 17 digits, or nil when they are not 17 digits.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard first17.count == 17, digits.count == 17, first17.allSatisfy(\.isASCII) else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Why `text` is not a valid identity number, or nil when it is. A lowercase `x` is accepted.
    public static func problem(with text: String) -> String? {
        guard text.count == 18 else { return "身份证号应为 18 位 (ID number must have 18 characters)" }
        let upper = text.uppercased()
        guard let expected = checkCharacter(for: String(upper.prefix(17))) else {
            return "身份证号前 17 位应为数字 (the first 17 characters must be digits)"
        }
        guard upper.last == expected else { return "身份证号校验位错误 (ID number checksum does not match)" }
        return nil
    }
}
