import CampusKit
import Foundation
import Testing
@testable import Accounts

@Suite("PasswordPolicy: which passwords may be set, and when they must be changed")
struct PasswordPolicyTests {
    static let mlps3 = PasswordPolicy()
    static let asvs = PasswordPolicy(profile: .asvs)
    /// A student number, and the student's name.
    static let username = "2023010101"
    static let name = "张伟"
    /// Four classes, 14 characters, on no list, without the username or the name.
    static let strong = "Kx7#mQ2$vTn9pL"

    /// The rules `password` breaks for the student `username` named `name`.
    static func broken(_ password: String, _ policy: PasswordPolicy = mlps3, username: String = username,
                       name: String? = name) -> [PasswordRule] {
        policy.violations(password, username: username, displayName: name)
    }

    // MARK: Profiles

    @Test("The default profile is MLPS level 3: 8 characters, 3 classes, 90-day rotation, 5 remembered")
    func defaultProfile() {
        let policy = PasswordPolicy()
        #expect(policy.profile == .mlps3)
        #expect(PasswordProfile.mlps3.minimumLength == 8)
        #expect(PasswordProfile.mlps3.requiredClasses == 3)
        #expect(PasswordProfile.mlps3.rotationDays == 90)
        #expect(policy.historyDepth == 5)
    }

    @Test("The ASVS profile asks for 12 characters and nothing else: no classes, no rotation, no history")
    func asvsProfile() {
        #expect(PasswordProfile.asvs.minimumLength == 12)
        #expect(PasswordProfile.asvs.requiredClasses == 0)
        #expect(PasswordProfile.asvs.rotationDays == nil)
        #expect(Self.asvs.historyDepth == 0)
        #expect(PasswordProfile(rawValue: "asvs") == .asvs && PasswordProfile.allCases.count == 2)
    }

    @Test("Both profiles accept a strong password", arguments: PasswordProfile.allCases)
    func strongAccepted(profile: PasswordProfile) {
        #expect(PasswordPolicy(profile: profile).check(Self.strong, username: Self.username, displayName: Self.name).isEmpty)
    }

    // MARK: Length

    @Test("MLPS level 3 refuses a password of 7 characters and accepts one of 8")
    func mlps3Length() {
        #expect(Self.broken("Kx7#mQ2") == [.tooShort])
        #expect(Self.broken("Kx7#mQ2v") == [])
    }

    @Test("ASVS refuses 11 characters and accepts a 12-character lowercase passphrase")
    func asvsLength() {
        #expect(Self.broken("quietharbor", Self.asvs) == [.tooShort])
        #expect(Self.broken("quiet harbor", Self.asvs) == [])
    }

    @Test("Length is counted in characters, not bytes: twelve Chinese characters are enough for ASVS")
    func lengthInCharacters() {
        #expect(Self.broken("春眠不觉晓处处闻啼鸟夜来", Self.asvs) == [])
        #expect(Self.broken("春眠不觉晓处处闻啼鸟夜", Self.asvs) == [.tooShort])
    }

    @Test("Both profiles refuse a password longer than 128 characters", arguments: PasswordProfile.allCases)
    func tooLong(profile: PasswordProfile) {
        let policy = PasswordPolicy(profile: profile)
        let longest = String(repeating: "Kx7#mQ2$", count: 16)
        #expect(longest.count == 128)
        #expect(Self.broken(longest, policy) == [])
        #expect(Self.broken(longest + "v", policy) == [.tooLong])
    }

    // MARK: Classes

    @Test("MLPS level 3 refuses a password of only two classes",
          arguments: ["kxmqvt7n9p", "KXMQ#VTN$P", "kxmqVTNPzr", "kx#mq$vt%n", "4729#1853$"])
    func twoClasses(password: String) {
        #expect(Self.broken(password) == [.tooFewClasses])
    }

    @Test("MLPS level 3 accepts any three of the four classes",
          arguments: ["kxmqVTNP79", "kxmq#vt7n9", "KXMQ#VT7N9", "kxmqVT#NPz"])
    func threeClasses(password: String) {
        #expect(Self.broken(password) == [])
    }

    @Test("ASVS has no composition rules: a single class is enough")
    func asvsNoClasses() {
        #expect(Self.broken("kxmqvtnpzrwb", Self.asvs) == [])
    }

    @Test("A Chinese character counts as a symbol")
    func chineseIsSymbol() {
        #expect(PasswordPolicy.characterClasses(in: "kxmq79守护") == 3)
        #expect(Self.broken("kxmq79守护") == [])
    }

    // MARK: Common passwords

    @Test("The most common passwords are refused under both profiles", arguments: [
        "123456", "password", "qwerty", "111111", "abc123", "iloveyou", "admin", "welcome", "5201314", "woaini",
        "a123456", "123456a", "qq123456", "1qaz2wsx", "zxcvbnm", "aa123456", "woaini1314", "147258369", "000000",
        "88888888", "666666", "123456789", "qwertyuiop",
    ])
    func commonRefused(password: String) {
        #expect(Self.broken(password).contains(.common))
        #expect(Self.broken(password, Self.asvs).contains(.common))
    }

    @Test("Common passwords are recognised in any case", arguments: ["PASSWORD", "QwErTy", "WoAiNi", "IloveYou", "1QAZ2WSX"])
    func commonAnyCase(password: String) {
        #expect(Self.broken(password).contains(.common))
    }

    @Test("A common password followed by digits or symbols is still refused",
          arguments: ["Password123!", "Woaini1314!", "Admin@2026", "P@ssw0rd", "Iloveyou520#", "Qwerty2026!!"])
    func commonWithSuffix(password: String) {
        #expect(Self.broken(password) == [.common])
    }

    @Test("A common word inside a longer password is not refused for that")
    func commonWordInside() {
        #expect(Self.broken("Kx7#password-tram") == [])
        #expect(Self.broken("2026Dragon!xq") == [])
    }

    @Test("The list holds at least 300 lowercase entries, global and Chinese")
    func listContents() {
        #expect(CommonPasswords.all.count >= 300)
        for entry in CommonPasswords.all {
            #expect(entry == entry.lowercased() && !entry.contains(where: \.isWhitespace), "\(entry)")
        }
        for entry in ["123456", "password", "qwerty", "iloveyou", "5201314", "woaini1314", "1qaz2wsx", "88888888"] {
            #expect(CommonPasswords.all.contains(entry), "\(entry)")
        }
    }

    // MARK: Username and name

    @Test("A password containing the student number is refused, in any case")
    func containsStudentNumber() {
        #expect(Self.broken("Xq#2023010101") == [.containsUsername])
        #expect(Self.broken("t2019007#Kx", username: "T2019007") == [.containsUsername])
    }

    @Test("A username shorter than 4 characters is not looked for")
    func shortUsername() {
        #expect(Self.broken("Kx7#abcMQ2v", username: "abc") == [])
        #expect(Self.broken("Kx7#abcdMQ2v", username: "abcd") == [.containsUsername])
    }

    @Test("A password containing the name's full pinyin is refused, in any case and however it is split",
          arguments: ["Zhangwei#2026", "ZHANGWEI#2026x", "Kx7#zhang.wei", "zhang_Wei99!"])
    func containsFullPinyin(password: String) {
        #expect(Self.broken(password) == [.containsName])
        #expect(Self.broken(password, name: nil) == [])
    }

    @Test("A password containing the given name's pinyin of three letters or more is refused")
    func containsGivenName() {
        #expect(Self.broken("Wei#Kx7mQ2v") == [.containsName])
        #expect(Self.broken("Kx7#yiyiMQ2v", name: "王一") == [])
        #expect(Self.broken("Kx7#yiyiMQ2v", name: "王一一") == [.containsName])
    }

    @Test("A password containing the name as written is refused")
    func containsWrittenName() {
        #expect(Self.broken("张伟@Kx7m2026") == [.containsName])
        #expect(Self.broken("Kx7#JohnSmith", name: "John Smith") == [.containsName])
    }

    @Test("A polyphonic surname is matched by its surname reading, and ü as v, u or yu",
          arguments: [("单雄信", "Shanxiongxin#1"), ("曾小贤", "Zengxiaoxian#1"), ("吕子乔", "Lvziqiao#1"),
                      ("吕子乔", "Luziqiao#1"), ("吕子乔", "Lyuziqiao#1")])
    func polyphonicName(name: String, password: String) {
        #expect(Self.broken(password, name: name) == [.containsName])
    }

    // MARK: Errors

    @Test("Every reason is reported, each for the field “password”, in Chinese with English")
    func everyReason() {
        let errors = Self.mlps3.check("woaini", username: Self.username, displayName: Self.name)
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0.field == "password" })
        #expect(Set(errors.map(\.message)).count == 3)
        #expect(errors.allSatisfy { $0.message.contains("(") && $0.message.hasSuffix(")") })
        #expect(errors.map(\.message) == [PasswordRule.tooShort, .tooFewClasses, .common].map { $0.message(for: .mlps3) })
    }

    @Test("Every kind of refusal names the field “password”", arguments: [
        ("Kx7#", PasswordProfile.mlps3), (String(repeating: "Kx7#", count: 33), .asvs), ("kxmqvt7n9p", .mlps3),
        ("Password123!", .asvs), ("Xq#2023010101", .asvs), ("Zhangwei#2026", .asvs),
    ])
    func fieldIsPassword(password: String, profile: PasswordProfile) {
        let errors = PasswordPolicy(profile: profile).check(password, username: Self.username, displayName: Self.name)
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.field == "password" })
    }

    @Test("The length message names the profile's minimum")
    func lengthMessage() {
        #expect(PasswordRule.tooShort.message(for: .mlps3).contains("8"))
        #expect(PasswordRule.tooShort.message(for: .asvs).contains("12"))
    }

    // MARK: Rotation

    @Test("Under MLPS level 3 a password expires once 90 days have passed")
    func mlps3Rotation() {
        let changed = Date(timeIntervalSince1970: 1_767_225_600)
        let ninetyDays: TimeInterval = 90 * 86_400
        #expect(!Self.mlps3.isExpired(changedAt: changed, now: changed))
        #expect(!Self.mlps3.isExpired(changedAt: changed, now: changed.addingTimeInterval(ninetyDays - 1)))
        #expect(Self.mlps3.isExpired(changedAt: changed, now: changed.addingTimeInterval(ninetyDays)))
        #expect(Self.mlps3.expiry(changedAt: changed) == changed.addingTimeInterval(ninetyDays))
    }

    @Test("Under ASVS a password never expires")
    func asvsNoRotation() {
        let changed = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(!Self.asvs.isExpired(changedAt: changed, now: changed.addingTimeInterval(10 * 365 * 86_400)))
        #expect(Self.asvs.expiry(changedAt: changed) == nil)
    }
}
