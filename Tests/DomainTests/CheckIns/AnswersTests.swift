import CampusKit
import CheckIns
import Testing

@Suite("Answers: validation, the abnormal rule and the fingerprint")
struct AnswersTests {
    /// Validates answers that are fine unless a test changes one of them.
    static func validate(temperature: Double = 36.5, symptoms: [String] = [], onCampus: Bool = true, city: String? = nil,
                         healthCode: String = "green", riskContact: Bool = false, remark: String? = nil) throws -> Answers {
        try Answers.validate(temperature: temperature, symptoms: symptoms, onCampus: onCampus, city: city,
                             healthCode: healthCode, riskContact: riskContact, remark: remark)
    }

    /// The fields named by the error `validate` throws for these answers.
    static func badFields(temperature: Double = 36.5, symptoms: [String] = [], onCampus: Bool = true, city: String? = nil,
                          healthCode: String = "green", riskContact: Bool = false, remark: String? = nil) throws -> [String] {
        let error = try #require(throws: DomainError.self) {
            try validate(temperature: temperature, symptoms: symptoms, onCampus: onCampus, city: city,
                         healthCode: healthCode, riskContact: riskContact, remark: remark)
        }
        #expect(error.kind == .invalid)
        #expect(error.fieldErrors.allSatisfy { error.message.contains($0.message) })
        return error.fieldErrors.map(\.field)
    }

    @Test("Plain, normal answers come back as given")
    func normalAnswers() throws {
        let answers = try Self.validate(temperature: 36.5, remark: "无")
        #expect(answers == Answers(temperature: 36.5, symptoms: [], onCampus: true, city: nil, healthCode: .green, riskContact: false, remark: "无"))
        #expect(answers.reasons.isEmpty)
        #expect(!answers.isAbnormal)
    }

    @Test("Every bad field is named at once: temperature, each unknown symptom by index, city, healthCode and remark")
    func everyErrorAtOnce() throws {
        let fields = try Self.badFields(temperature: 50, symptoms: ["cough", "sneeze", "fever", "Fever"], onCampus: false, city: nil,
                                        healthCode: "blue", remark: String(repeating: "字", count: 501))
        #expect(fields == ["temperature", "symptoms[1]", "symptoms[3]", "city", "healthCode", "remark"])
    }

    @Test("Temperatures 34.0 and 43.0 are accepted", arguments: [34.0, 43.0])
    func boundariesAccepted(temperature: Double) throws {
        #expect(try Self.validate(temperature: temperature).temperature == temperature)
    }

    @Test("Temperatures 33.9, 43.1, NaN and infinities are refused as temperature", arguments: [33.9, 43.1, Double.nan, .infinity, -.infinity])
    func outOfRangeRefused(temperature: Double) throws {
        #expect(try Self.badFields(temperature: temperature) == ["temperature"])
    }

    @Test("The temperature is kept to one decimal")
    func temperatureRounded() throws {
        #expect(try Self.validate(temperature: 36.44).temperature == 36.4)
        #expect(try Self.validate(temperature: 36.46).temperature == 36.5)
    }

    @Test("Symptoms come back in canonical order without repeats")
    func symptomsCanonical() throws {
        let answers = try Self.validate(symptoms: ["other", "fatigue", "cough", "fatigue", "fever", "sore_throat"])
        #expect(answers.symptoms == [.fever, .cough, .soreThroat, .fatigue, .other])
        let reversed = try Self.validate(symptoms: Symptom.allCases.reversed().map(\.rawValue))
        #expect(reversed.symptoms == Symptom.allCases)
    }

    @Test("Symptom names are exact: a different case or spelling is unknown")
    func symptomNamesExact() throws {
        #expect(try Self.badFields(symptoms: ["FEVER", "soreThroat", "fever"]) == ["symptoms[0]", "symptoms[1]"])
    }

    @Test("On campus the city is dropped; off campus it is required, trimmed and at most 50 characters")
    func city() throws {
        #expect(try Self.validate(onCampus: true, city: "北京").city == nil)
        let away = try Self.validate(onCampus: false, city: "  上海 \n")
        #expect(away.city == "上海")
        #expect(away.onCampus == false)
        #expect(try Self.badFields(onCampus: false, city: nil) == ["city"])
        #expect(try Self.badFields(onCampus: false, city: "   ") == ["city"])
        #expect(try Self.validate(onCampus: false, city: String(repeating: "城", count: 50)).city?.count == 50)
        #expect(try Self.badFields(onCampus: false, city: String(repeating: "城", count: 51)) == ["city"])
    }

    @Test("The health code is one of green, yellow and red, spelt exactly")
    func healthCode() throws {
        for code in HealthCode.allCases {
            #expect(try Self.validate(healthCode: code.rawValue).healthCode == code)
        }
        #expect(try Self.badFields(healthCode: "Green") == ["healthCode"])
        #expect(try Self.badFields(healthCode: "") == ["healthCode"])
    }

    @Test("The remark is trimmed, empty when absent, and at most 500 characters")
    func remark() throws {
        #expect(try Self.validate(remark: nil).remark == "")
        #expect(try Self.validate(remark: "  头有点晕 ").remark == "头有点晕")
        #expect(try Self.validate(remark: String(repeating: "字", count: 500)).remark.count == 500)
        #expect(try Self.validate(remark: " " + String(repeating: "字", count: 500) + " ").remark.count == 500)
        #expect(try Self.badFields(remark: String(repeating: "字", count: 501)) == ["remark"])
    }

    @Test("37.2 is normal and 37.3 is abnormal")
    func temperatureThreshold() throws {
        #expect(try Self.validate(temperature: 37.2).reasons == [])
        #expect(try Self.validate(temperature: 37.3).reasons == [.temperature])
        #expect(try Self.validate(temperature: 39.0).reasons == [.temperature])
        #expect(Answers(temperature: 37.29).reasons == [])
    }

    @Test("Any symptom, a yellow or red code, or a risk contact each make the answers abnormal on their own")
    func eachReasonAlone() throws {
        #expect(try Self.validate(symptoms: ["other"]).reasons == [.symptoms])
        #expect(try Self.validate(healthCode: "yellow").reasons == [.healthCode])
        #expect(try Self.validate(healthCode: "red").reasons == [.healthCode])
        #expect(try Self.validate(riskContact: true).reasons == [.riskContact])
        #expect(try Self.validate(onCampus: false, city: "武汉", remark: "回家").reasons == [])
    }

    @Test("All reasons are listed in the rule's order")
    func allReasons() throws {
        let answers = try Self.validate(temperature: 38.0, symptoms: ["cough"], healthCode: "red", riskContact: true)
        #expect(answers.reasons == [.temperature, .symptoms, .healthCode, .riskContact])
        #expect(answers.isAbnormal)
    }

    @Test("Equal answers have equal fingerprints, whatever order the symptoms were sent in")
    func fingerprintEqual() throws {
        let a = try Self.validate(temperature: 37.5, symptoms: ["cough", "fever", "cough"], onCampus: false, city: "上海", remark: " 好 ")
        let b = try Self.validate(temperature: 37.5, symptoms: ["fever", "cough"], onCampus: false, city: " 上海", remark: "好")
        #expect(a == b)
        #expect(a.fingerprint == b.fingerprint)
        // On campus, a city sent along does not count.
        #expect(try Self.validate(onCampus: true, city: "北京").fingerprint == Self.validate().fingerprint)
    }

    @Test("A change to any one answer changes the fingerprint")
    func fingerprintDiffers() throws {
        let base = try Self.validate(temperature: 36.5, symptoms: ["cough"], onCampus: false, city: "上海", healthCode: "green",
                                     riskContact: false, remark: "无")
        let variants = [
            try Self.validate(temperature: 36.6, symptoms: ["cough"], onCampus: false, city: "上海", remark: "无"),
            try Self.validate(temperature: 36.5, symptoms: [], onCampus: false, city: "上海", remark: "无"),
            try Self.validate(temperature: 36.5, symptoms: ["cough", "fever"], onCampus: false, city: "上海", remark: "无"),
            try Self.validate(temperature: 36.5, symptoms: ["cough"], onCampus: true, remark: "无"),
            try Self.validate(temperature: 36.5, symptoms: ["cough"], onCampus: false, city: "北京", remark: "无"),
            try Self.validate(temperature: 36.5, symptoms: ["cough"], onCampus: false, city: "上海", healthCode: "yellow", remark: "无"),
            try Self.validate(temperature: 36.5, symptoms: ["cough"], onCampus: false, city: "上海", riskContact: true, remark: "无"),
            try Self.validate(temperature: 36.5, symptoms: ["cough"], onCampus: false, city: "上海", remark: "有"),
        ]
        for variant in variants {
            #expect(variant != base)
            #expect(variant.fingerprint != base.fingerprint, "\(variant)")
        }
        #expect(Set(variants.map(\.fingerprint)).count == variants.count)
    }

    @Test("Text containing the fingerprint's separator cannot make two different answers look the same")
    func fingerprintSeparatorInText() throws {
        // Both are accepted by validate: city and remark may contain any character.
        let a = try Self.validate(onCampus: false, city: "上海|green|-|x", remark: "")
        let b = try Self.validate(onCampus: false, city: "上海", remark: "x|green|-|")
        #expect(a != b)
        #expect(a.fingerprint != b.fingerprint)
    }
}
