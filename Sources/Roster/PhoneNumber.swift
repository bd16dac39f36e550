import Foundation
/// Checks the phone numbers of the roster: digits with an optional leading `+` and inner dashes or spaces.
enum PhoneNumber {
    static func problem(with text: String) -> String? {
        let digits = text.filter(\.isNumber)
        let allowed = text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == " " || $0 == "+") }
        guard allowed, (7...15).contains(digits.count) else {
            return "电话号码格式不正确 (not a phone number)"
        }
        return nil
    }
}
