import CampusKit
import Foundation

/// What a student answers in the daily check-in (CONTRACT.md, Daily check-in), already checked against the rules.
public struct Answers: Sendable, Equatable, Codable {
    public var temperature: Double
    public var symptoms: [Symptom]
    public var onCampus: Bool
    /// Where the student is when off campus; nil on campus.
    public var city: String?
    public var healthCode: HealthCode
    public var riskContact: Bool
    public var remark: String

    /// The lowest and highest temperature a person can plausibly report.
    public static let temperatureRange: ClosedRange<Double> = 34.0...43.0
    /// Longest remark kept, in characters.
    public static let remarkLimit = 500

    /// Checks raw answers and returns them, or throws `.invalid` naming every bad field at once.
    /// Symptoms are kept in their canonical order, without repeats, so equal answers compare equal.
    public static func validate(temperature: Double, symptoms: [String], onCampus: Bool, city: String?,
                                healthCode: String, riskContact: Bool, remark: String?) throws -> Answers {
        var errors: [FieldError] = []
        if !temperature.isFinite || !temperatureRange.contains(temperature) {
            errors.append(FieldError(field: "temperature", message: "体温应在 34.0 到 43.0 之间 (temperature must be 34.0–43.0)"))
        }
        var known: Set<Symptom> = []
        for (i, raw) in symptoms.enumerated() {
            if let s = Symptom(rawValue: raw) { known.insert(s) } else {
                errors.append(FieldError(field: "symptoms[\(i)]", message: "未知症状 \(raw)，可选：\(Symptom.allCases.map(\.rawValue).joined(separator: ", ")) (unknown symptom)"))
            }
        }
        let place = city?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !onCampus && (place ?? "").isEmpty {
            errors.append(FieldError(field: "city", message: "不在校时须填写所在城市 (city is required when off campus)"))
        }
        if let place, place.count > 50 {
            errors.append(FieldError(field: "city", message: "城市名称过长 (city is too long)"))
        }
        let code = HealthCode(rawValue: healthCode)
        if code == nil {
            errors.append(FieldError(field: "healthCode", message: "健康码应为 green、yellow 或 red (healthCode must be green, yellow or red)"))
        }
        let note = (remark ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > remarkLimit {
            errors.append(FieldError(field: "remark", message: "备注最多 \(remarkLimit) 字 (remark is too long)"))
        }
        guard errors.isEmpty, let code else {
            throw DomainError(.invalid, errors.map(\.message).joined(separator: "；"), fieldErrors: errors)
        }
        return Answers(temperature: (temperature * 10).rounded() / 10, symptoms: Symptom.allCases.filter(known.contains),
                       onCampus: onCampus, city: onCampus ? nil : place, healthCode: code, riskContact: riskContact, remark: note)
    }

    /// Why these answers are abnormal, in the order of the contract's rule; empty when they are normal.
    /// Abnormal: temperature ≥ 37.3, or any symptom, or a health code other than green, or a risk contact.
    public var reasons: [Reason] {
        var reasons: [Reason] = []
        if temperature >= 37.3 { reasons.append(.temperature) }
        if !symptoms.isEmpty { reasons.append(.symptoms) }
        if healthCode != .green { reasons.append(.healthCode) }
        if riskContact { reasons.append(.riskContact) }
        return reasons
    }

    public var isAbnormal: Bool { !reasons.isEmpty }

    /// A canonical text of the answers: two submissions with the same fingerprint said the same thing.
    /// Free text is JSON-quoted, so no city or remark can imitate the separators of another answer.
    public var fingerprint: String {
        let fields: [String] = [String(format: "%.1f", temperature), symptoms.map(\.rawValue).joined(separator: "+"),
                                onCampus ? "in" : "out", city ?? "", healthCode.rawValue, riskContact ? "risk" : "-", remark]
        let data = (try? JSONEncoder().encode(fields)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public init(temperature: Double, symptoms: [Symptom] = [], onCampus: Bool = true, city: String? = nil,
                healthCode: HealthCode = .green, riskContact: Bool = false, remark: String = "") {
        self.temperature = temperature
        self.symptoms = symptoms
        self.onCampus = onCampus
        self.city = city
        self.healthCode = healthCode
        self.riskContact = riskContact
        self.remark = remark
    }
}

/// The symptoms a student can report (CONTRACT.md).
public enum Symptom: String, Sendable, Codable, CaseIterable {
    case fever, cough
    case soreThroat = "sore_throat"
    case fatigue
    case lossOfTasteSmell = "loss_of_taste_smell"
    case diarrhea
    case shortnessOfBreath = "shortness_of_breath"
    case other
}

/// The colour of the student's health code (健康码).
public enum HealthCode: String, Sendable, Codable, CaseIterable {
    case green, yellow, red
}

/// Which part of the answers made a check-in abnormal; named after the request's fields.
public enum Reason: String, Sendable, Codable, CaseIterable {
    case temperature, symptoms, healthCode, riskContact
}
