import CampusKit
import CheckIns
import Foundation

/// A temperature and symptoms taken during quarantine, by the student or site staff; twice a day is expected.
public struct HealthRecord: Sendable, Equatable {
    public var placementId: String
    public var temperature: Double
    public var symptoms: [Symptom]
    /// By the check-in's rule (CONTRACT.md, C3): 37.3 °C or more, or any symptom.
    public var abnormal: Bool
    public var recordedBy: String
    public var recordedAt: Date

    public init(placementId: String, temperature: Double, symptoms: [Symptom], recordedBy: String, recordedAt: Date) {
        self.placementId = placementId
        self.temperature = temperature
        self.symptoms = symptoms
        self.abnormal = Answers(temperature: temperature, symptoms: symptoms).isAbnormal
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// A record from a request, checked as the check-in checks its answers: 34.0–43.0 °C, known symptoms.
    public static func validated(placementId: String, temperature: Double, symptoms: [String], by: String, at: Date) throws -> HealthRecord {
        var errors: [FieldError] = []
        if !temperature.isFinite || !Answers.temperatureRange.contains(temperature) {
            errors.append(FieldError(field: "temperature", message: "体温应在 34.0 到 43.0 之间 (temperature must be 34.0–43.0)"))
        }
        var known: [Symptom] = []
        for (i, raw) in symptoms.enumerated() {
            if let s = Symptom(rawValue: raw) {
                if !known.contains(s) { known.append(s) }
            } else {
                errors.append(FieldError(field: "symptoms[\(i)]", message: "未知症状 \(raw) (unknown symptom)"))
            }
        }
        guard errors.isEmpty else { throw DomainError(.invalid, errors[0].message, fieldErrors: errors) }
        return HealthRecord(placementId: placementId, temperature: (temperature * 10).rounded() / 10, symptoms: known, recordedBy: by,
                            recordedAt: at)
    }
}
