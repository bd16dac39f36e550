import CampusKit
import Foundation

/// A check-in as it arrives, before any rule has looked at it.
public struct Submission: Sendable, Equatable {
    public var studentNo: String
    public var temperature: Double
    public var symptoms: [String]
    public var onCampus: Bool
    public var city: String?
    public var healthCode: String
    public var riskContact: Bool
    public var remark: String?

    public init(studentNo: String, temperature: Double, symptoms: [String] = [], onCampus: Bool = true, city: String? = nil,
                healthCode: String = "green", riskContact: Bool = false, remark: String? = nil) {
        self.studentNo = studentNo
        self.temperature = temperature
        self.symptoms = symptoms
        self.onCampus = onCampus
        self.city = city
        self.healthCode = healthCode
        self.riskContact = riskContact
        self.remark = remark
    }
}
