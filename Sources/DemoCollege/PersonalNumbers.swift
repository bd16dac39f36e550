import Foundation
import Roster

/// Mainland mobile numbers and resident identity numbers that pass every check the roster import makes.
///
/// Phones are 11 digits with a real carrier prefix (13x–19x). Identity numbers have a real county code,
/// a real birth date, a sequence whose last digit is odd for men and even for women, and the
/// GB 11643 check character from `IDNumber.checkCharacter(for:)`.
enum PersonalNumbers {
    private static let phonePrefixes = [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
        "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175",
        "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188",
        "189", "191", "193", "195", "198", "199",
    ]

    /// County-level area codes (a mix of city districts and rural counties, weighted to central provinces).
    private static let areaCodes = [
        "110105", "120104", "130102", "130682", "140105", "210102", "220102", "230103", "310115", "320106",
        "320582", "321282", "330106", "330381", "340104", "341122", "341623", "350102", "360102", "362502",
        "370102", "370827", "410105", "410327", "411302", "411522", "420106", "420984", "421281", "430104",
        "430621", "431023", "440106", "441881", "450103", "450881", "500103", "500229", "510104", "510922",
        "511623", "520102", "522401", "530102", "610113", "610528", "620102", "640104",
    ]

    /// An 11-digit mainland mobile number.
    static func phone(_ rng: inout SplitMix64) -> String {
        rng.pick(phonePrefixes) + rng.digits(8)
    }

    /// An 18-character identity number for someone born in `birthYear`.
    static func idNumber(birthYear: Int, male: Bool, _ rng: inout SplitMix64) -> String {
        let month = rng.int(in: 1...12)
        let day = rng.int(in: 1...daysIn(month: month, year: birthYear))
        let genderDigits = male ? [1, 3, 5, 7, 9] : [0, 2, 4, 6, 8]
        let first17 = rng.pick(areaCodes) + padded(birthYear, 4) + padded(month, 2) + padded(day, 2)
            + rng.digits(2) + String(rng.pick(genderDigits))
        guard let check = IDNumber.checkCharacter(for: first17) else {
            preconditionFailure("a generated identity number prefix is not 17 digits: \(first17)")
        }
        return first17 + String(check)
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
