import CampusKit
import CheckIns
import Foundation

/// A row of `checkins`, joined with whether it is the one that counts for its day.
struct CheckInRow: Codable, Sendable {
    var id: String
    var school_id: String
    var student_no: String
    var day: String
    var submitted_at: String
    var temperature_tenths: Int
    var symptoms: String
    var on_campus: Int
    var city: String?
    var health_code: String
    var risk_contact: Int
    var remark: String
    var reasons: String
    var late: Int
    var submitted_by: String
    var channel: String
    var client_address: String?
    var user_agent: String?
    var form_ms: Int?

    static let columns = ["id", "school_id", "student_no", "day", "submitted_at", "temperature_tenths", "symptoms", "on_campus",
                          "city", "health_code", "risk_contact", "remark", "reasons", "late", "submitted_by", "channel",
                          "client_address", "user_agent", "form_ms"]

    init(_ c: CheckIn, school: SchoolID) {
        id = c.id
        school_id = school.rawValue
        student_no = c.studentNo
        day = c.day.description
        submitted_at = Instant.format(c.submittedAt)
        temperature_tenths = Int((c.answers.temperature * 10).rounded())
        symptoms = c.answers.symptoms.map(\.rawValue).joined(separator: ",")
        on_campus = c.answers.onCampus ? 1 : 0
        city = c.answers.city
        health_code = c.answers.healthCode.rawValue
        risk_contact = c.answers.riskContact ? 1 : 0
        remark = c.answers.remark
        reasons = c.reasons.map(\.rawValue).joined(separator: ",")
        late = c.late ? 1 : 0
        submitted_by = c.submittedBy
        channel = c.channel.rawValue
        client_address = c.client.address
        user_agent = c.client.userAgent
        form_ms = c.client.formSeconds.map { Int(($0 * 1000).rounded()) }
    }

    var values: [any Encodable & Sendable] {
        [id, school_id, student_no, day, submitted_at, temperature_tenths, symptoms, on_campus, city, health_code, risk_contact,
         remark, reasons, late, submitted_by, channel, client_address, user_agent, form_ms]
    }

    func checkIn(counted: Bool) -> CheckIn {
        let answers = Answers(temperature: Double(temperature_tenths) / 10,
                              symptoms: symptoms.split(separator: ",").compactMap { Symptom(rawValue: String($0)) },
                              onCampus: on_campus != 0, city: city, healthCode: HealthCode(rawValue: health_code) ?? .green,
                              riskContact: risk_contact != 0, remark: remark)
        var c = CheckIn(id: id, studentNo: student_no, day: CampusDay(day) ?? CampusDay("1970-01-01")!,
                        submittedAt: Instant.parse(submitted_at) ?? .distantPast, answers: answers, late: late != 0,
                        submittedBy: submitted_by, channel: CheckIn.Channel(rawValue: channel) ?? .api,
                        client: ClientInfo(address: client_address, userAgent: user_agent, formSeconds: form_ms.map { Double($0) / 1000 }),
                        counted: counted)
        // Stored reasons are what was decided at the time; the rule may have changed since.
        c.reasons = reasons.split(separator: ",").compactMap { Reason(rawValue: String($0)) }
        return c
    }
}

/// A check-in row with the id of the counted check-in of its day (null when there is none).
struct CheckInWithDay: Decodable, Sendable {
    var row: CheckInRow
    var counted_id: String?
    init(from decoder: any Decoder) throws {
        row = try CheckInRow(from: decoder)
        let c = try decoder.container(keyedBy: Key.self)
        counted_id = try c.decodeIfPresent(String.self, forKey: .counted_id)
    }
    enum Key: String, CodingKey { case counted_id }
    var checkIn: CheckIn { row.checkIn(counted: counted_id == row.id) }
}
