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
}
