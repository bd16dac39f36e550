import Testing
import Roster

@Suite("IDNumber: the 18-character resident identity number")
struct IDNumberTests {
    /// The first 17 characters of the number printed in GB 11643-1999's worked example; its check character is X.
    static let standardExample = "11010519491231002"

    @Test("The check character of the standard's worked example is X")
    func standardExampleCheckCharacter() {
        #expect(IDNumber.checkCharacter(for: Self.standardExample) == "X")
    }

    @Test("The check character follows the ISO 7064 MOD 11-2 weights for numbers computed independently",
          arguments: [
              ("21010219900101123", Character("7")),
              ("44030420000229001", Character("4")),
              ("33010619991231567", Character("2")),
              ("11010120030415002", Character("9")),
          ])
    func checkCharacterMatchesIndependentComputation(first17: String, expected: Character) {
        #expect(IDNumber.checkCharacter(for: first17) == expected)
    }

    @Test("There is no check character for anything but 17 ASCII digits",
          arguments: ["1101051949123100", "110105194912310021", "1101051949123100A", "１1010519491231002", ""])
    func checkCharacterNeedsSeventeenDigits(first17: String) {
        #expect(IDNumber.checkCharacter(for: first17) == nil)
    }

    @Test("A number made of 17 digits and their computed check character is valid",
          arguments: ["11010519491231002", "21010219900101123", "44030420000229001", "33010619991231567"])
    func computedNumberIsValid(first17: String) throws {
        let check = try #require(IDNumber.checkCharacter(for: first17))
        #expect(IDNumber.problem(with: first17 + String(check)) == nil)
    }

    @Test("Every check character but the right one is reported as a checksum error")
    func wrongCheckCharacterFails() throws {
        let right = try #require(IDNumber.checkCharacter(for: Self.standardExample))
        for wrong in "0123456789X" where wrong != right {
            let problem = IDNumber.problem(with: Self.standardExample + String(wrong))
            #expect(problem?.contains("校验位") == true, "check character \(wrong)")
        }
    }

    @Test("A number of 17 or 19 characters is reported as the wrong length")
    func wrongLengthFails() {
        #expect(IDNumber.problem(with: "11010519491231002")?.contains("18 位") == true)
        #expect(IDNumber.problem(with: "11010519491231002X1")?.contains("18 位") == true)
        #expect(IDNumber.problem(with: "")?.contains("18 位") == true)
    }

    @Test("A letter or full-width digit among the first 17 characters is reported as not digits",
          arguments: ["1101051949123100AX", "A1010519491231002X", "１1010519491231002X"])
    func lettersInFirstSeventeenFail(text: String) {
        #expect(IDNumber.problem(with: text)?.contains("前 17 位") == true)
    }

    @Test("A lowercase x as check character is accepted")
    func lowercaseXAccepted() {
        #expect(IDNumber.problem(with: Self.standardExample + "x") == nil)
        #expect(IDNumber.problem(with: Self.standardExample + "X") == nil)
    }

    @Test("A lowercase x is still rejected where the check character should be a digit")
    func lowercaseXWhereDigitExpected() {
        // 21010219900101123's check character is 7.
        #expect(IDNumber.problem(with: "21010219900101123x") != nil)
    }
}
