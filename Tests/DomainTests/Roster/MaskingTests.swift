import Testing
import Roster

@Suite("Masking: phone and identity numbers shown to people who may not see them")
struct MaskingTests {
    /// The characters of `masked` that are not the mask character.
    private static func revealed(_ masked: String) -> Int { masked.filter { $0 != "*" }.count }

    @Test("A mobile number keeps its first three and last four digits")
    func mobileNumber() {
        #expect(Masking.phone("13812345678") == "138****5678")
    }

    @Test("An international number keeps the same length and shows only the first three and last four characters")
    func internationalNumber() {
        #expect(Masking.phone("+8613812345678") == "+86*******5678")
    }

    @Test("An identity number keeps its first four and last four characters")
    func identityNumber() {
        #expect(Masking.idNumber("21010219900101123X") == "2101**********123X")
    }

    @Test("A phone number shorter than seven characters shows at most its last two characters",
          arguments: ["", "5", "56", "456", "3456", "23456", "123456"])
    func shortPhone(value: String) {
        let masked = Masking.phone(value)
        #expect(masked.count == value.count)
        #expect(Self.revealed(masked) <= 2)
        #expect(masked.hasSuffix(String(value.suffix(2))))
    }

    @Test("A short identity number of eight characters or fewer is hidden completely",
          arguments: ["", "1", "1234", "1234567X"])
    func shortIdentityNumber(value: String) {
        let masked = Masking.idNumber(value)
        #expect(masked.count == value.count)
        #expect(Self.revealed(masked) == 0)
    }

    @Test("A seven- or eight-digit landline number hides at least four digits, as a mobile number does",
          arguments: ["6543210", "65432100"])
    func landlineIsMasked(value: String) {
        // Guards against the old rule (3 + 4 characters kept from 7 characters up), which returned a 7-digit number unmasked.
        let masked = Masking.phone(value)
        #expect(masked.count == value.count)
        #expect(masked.count - Self.revealed(masked) >= 4)
    }

    @Test("A name keeps its first and last character; a two-character name its first; nothing else shows")
    func names() {
        #expect(Masking.name("张岩腾") == "张*腾")
        #expect(Masking.name("欧阳明月") == "欧**月")
        #expect(Masking.name("李华") == "李*")
        #expect(Masking.name("Ann Lee") == "A*****e")
        #expect(Masking.name("") == "")
    }

    @Test("A student number keeps its year and last two digits; a short one is hidden completely",
          arguments: [("2021010101", "2021****01"), ("20210101", "2021**01"), ("123456", "******"), ("", "")])
    func studentNumbers(value: String, masked: String) {
        #expect(Masking.studentNo(value) == masked)
    }
}
