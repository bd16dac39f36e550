import Foundation

/// One reason a password is refused.
enum PasswordRule: Sendable, Equatable, CaseIterable {
    /// Fewer characters than the profile's minimum.
    case tooShort
    /// More characters than the profile's maximum (128).
    case tooLong
    /// Fewer of the four character classes than the profile requires.
    case tooFewClasses
    /// On the list of the most common passwords, alone or followed by digits or symbols.
    case common
    /// Contains the username (a student or staff number).
    case containsUsername
    /// Contains the person's name, or its pinyin.
    case containsName

    /// The sentence shown to the person, in Chinese with English in parentheses.
    func message(for profile: PasswordProfile) -> String {
        switch self {
        case .tooShort:
            "密码至少 \(profile.minimumLength) 位 (a password needs at least \(profile.minimumLength) characters)"
        case .tooLong:
            "密码最多 \(profile.maximumLength) 位 (a password may have at most \(profile.maximumLength) characters)"
        case .tooFewClasses:
            "密码须包含小写字母、大写字母、数字、符号中的至少 \(profile.requiredClasses) 类 "
                + "(a password needs at least \(profile.requiredClasses) of: lowercase letters, uppercase letters, digits, symbols)"
        case .common:
            "密码过于常见，很容易被猜中 (this password is among the most common and easily guessed)"
        case .containsUsername:
            "密码不能包含用户名、学号或工号 (a password may not contain the username, student or staff number)"
        case .containsName:
            "密码不能包含姓名或姓名拼音 (a password may not contain the name or its pinyin)"
        }
    }
}

extension PasswordPolicy {
    /// The fewest characters a username must have before a password containing it is refused; shorter ones
    /// (rare) would refuse too much.
    static let shortestCheckedUsername = 4
    /// The fewest letters a given name's pinyin must have before a password containing it is refused.
    static let shortestCheckedGivenName = 3

    /// Every rule `password` breaks, in the order of `PasswordRule`.
    func violations(_ password: String, username: String, displayName: String?) -> [PasswordRule] {
        var broken: [PasswordRule] = []
        let length = password.count
        if length < profile.minimumLength { broken.append(.tooShort) }
        if length > profile.maximumLength { broken.append(.tooLong) }
        if profile.requiredClasses > 0, Self.characterClasses(in: password) < profile.requiredClasses {
            broken.append(.tooFewClasses)
        }
        if Self.isCommon(password) { broken.append(.common) }
        if Self.containsUsername(password, username: username) { broken.append(.containsUsername) }
        if let displayName, Self.containsName(password, displayName: displayName) { broken.append(.containsName) }
        return broken
    }

    /// How many of the four classes `password` mixes: lowercase letters, uppercase letters, digits, and symbols
    /// (everything else: punctuation, spaces, and letters without case such as Chinese characters).
    static func characterClasses(in password: String) -> Int {
        var lower = false, upper = false, digit = false, symbol = false
        for character in password {
            if character.isLowercase {
                lower = true
            } else if character.isUppercase {
                upper = true
            } else if character.isNumber {
                digit = true
            } else {
                symbol = true
            }
        }
        return [lower, upper, digit, symbol].filter { $0 }.count
    }

    /// Whether `password`, ignoring case, is a common password — as it is, without its trailing symbols
    /// (`woaini1314!`), or without all its trailing digits and symbols (`Password123!` is `password`).
    static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        let candidates = [
            lowered,
            trimmingEnd(of: lowered) { !$0.isLetter && !$0.isNumber },
            trimmingEnd(of: lowered) { !$0.isLetter },
        ]
        return candidates.contains { !$0.isEmpty && CommonPasswords.contains($0) }
    }

    /// `text` without the characters at its end that satisfy `drop`.
    static func trimmingEnd(of text: String, while drop: (Character) -> Bool) -> String {
        var end = text.endIndex
        while end > text.startIndex, drop(text[text.index(before: end)]) { end = text.index(before: end) }
        return String(text[..<end])
    }

    /// Whether `password` contains `username` (of at least 4 characters), ignoring case.
    static func containsUsername(_ password: String, username: String) -> Bool {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard name.count >= shortestCheckedUsername else { return false }
        return password.lowercased().contains(name)
    }

    /// Whether `password`, ignoring case, contains the name as written (张伟 — or `John Smith` as `johnsmith`, for a Latin name of at least 4 letters), the
    /// full pinyin of the name (`zhangwei`, also when split by digits or symbols: `Zhang.Wei`), or the pinyin of
    /// the given name when it has at least 3 letters (`wei`). A `ü` matches as `v`, `u` or `yu` (吕 `lv`, `lu`,
    /// `lyu`).
    static func containsName(_ password: String, displayName: String) -> Bool {
        let lowered = password.lowercased()
        let lettersOnly = String(lowered.filter(\.isLetter))
        let written = String(displayName.lowercased().filter { $0.isLetter || $0.isNumber })
        if written.count >= (written.allSatisfy(\.isASCII) ? 4 : 2), lowered.contains(written) || lettersOnly.contains(written) { return true }

        guard let parts = Pinyin.parts(of: displayName) else { return false }
        let full = parts.surname + parts.givenName
        if full.count >= shortestCheckedGivenName,
           spellings(of: full).contains(where: { lowered.contains($0) || lettersOnly.contains($0) }) {
            return true
        }
        if parts.givenName.count >= shortestCheckedGivenName,
           spellings(of: parts.givenName).contains(where: { lowered.contains($0) }) {
            return true
        }
        return false
    }

    /// The ways `pinyin` is typed: as given, and with `ü` (written `v`) as `u` or `yu`.
    static func spellings(of pinyin: String) -> [String] {
        guard pinyin.contains("v") else { return [pinyin] }
        return [pinyin, pinyin.replacingOccurrences(of: "v", with: "u"), pinyin.replacingOccurrences(of: "v", with: "yu")]
    }
}
