import Foundation

/// Toneless pinyin for Chinese personal names, enough for the password policy to recognise a name typed into a
/// password (张伟 → `zhangwei`).
///
/// Guarantees:
/// - The result is lowercase ASCII letters only: no tones, no spaces. `ü` is written `v`, as a pinyin keyboard
///   types it (吕 → `lv`, 女 → `nv`); no other syllable contains a `v`.
/// - The first character (or the first two, for a compound surname such as 欧阳 or 尉迟 in a name of three or
///   more characters) is read as a surname: polyphonic surnames take their surname reading (单 `shan`, 曾 `zeng`,
///   解 `xie`, 区 `ou`, 仇 `qiu`, 朴 `piao`, 查 `zha`, 覃 `qin`, 盖 `ge`, 乐 `yue`…). Every other character takes
///   its most common reading in names (乐 `le`, 朝 `zhao`, 曾 `ceng`).
/// - Whitespace and the interpuncts that join transliterated names (`·`, `•`, `・`, `‧`) are skipped.
/// - The answer is nil for an empty name and for a name with any character the table does not know: never a
///   guess.
///
/// The table knows about 1,250 characters: the common surnames (well beyond the 150 most common), the
/// characters usual in given names, and every character of the demo college's name book.
public enum Pinyin {
    /// The pinyin of a whole name, surname first, without spaces: `Pinyin.of("张伟") == "zhangwei"`.
    public static func of(_ name: String) -> String? {
        guard let parts = parts(of: name) else { return nil }
        return parts.surname + parts.givenName
    }

    /// The pinyin of the surname and of the given name separately: 欧阳修 → (`ouyang`, `xiu`). The given name
    /// is empty for a name of one character.
    public static func parts(of name: String) -> (surname: String, givenName: String)? {
        let characters = name.filter { !$0.isWhitespace && !separators.contains($0) }.map { $0 }
        guard let first = characters.first else { return nil }
        var surnameLength = 1
        let surname: String
        if characters.count >= 3, let compound = compoundSurnames[String(characters[0...1])] {
            surname = compound
            surnameLength = 2
        } else if let reading = surnameReadings[first] ?? readings[first] {
            surname = reading
        } else {
            return nil
        }
        var givenName = ""
        for character in characters.dropFirst(surnameLength) {
            guard let reading = readings[character] else { return nil }
            givenName += reading
        }
        return (surname, givenName)
    }

    /// Characters that join the parts of a transliterated name.
    static let separators: Set<Character> = ["·", "•", "・", "‧", "\u{00B7}"]

    /// The reading of every known character anywhere in a name.
    static let readings: [Character: String] = parse(table)
    /// Readings a character takes as a (single-character) surname, where they differ from `readings`.
    static let surnameReadings: [Character: String] = parse(surnameTable)
    /// Two-character surnames and their readings.
    static let compoundSurnames: [String: String] = {
        var result: [String: String] = [:]
        for line in compoundSurnameTable.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2 else { continue }
            result[String(fields[1])] = String(fields[0])
        }
        return result
    }()

    /// Reads lines of `syllable characters…`; the first line naming a character wins.
    static func parse(_ text: String) -> [Character: String] {
        var result: [Character: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let syllable = fields.first else { continue }
            for group in fields.dropFirst() {
                for character in group where result[character] == nil {
                    result[character] = String(syllable)
                }
            }
        }
        return result
    }
}
