import Cases
import CampusKit
import ContactTracing
import Foundation
import Quarantine
import Roster
import TestingCampaigns

/// The demo college's quarantine and sick leave (C9): a site of 24 rooms; the closest contacts of an investigation run
/// yesterday evening placed from it (day 2 of 7 today); a student back from elsewhere placed six days ago, due for
/// release today; students whose check-in this morning was abnormal placed with symptoms, two of their cases moved on;
/// the members of a tube of this morning's rotation that came back positive, placed from the tube; two sick leaves,
/// one open and one closed with its cause. Everything goes through the services, as the office would do it.
struct DemoQuarantine {
    let app: ShouhuApp

    func load() async throws {
        let actor = app.systemActor, tz = app.config.timeZone
        let now = app.clock.now(), today = CampusDay(now, in: tz)
        let rooms = (1...24).map { QuarantineSite.Room(code: "\(100 + $0)", capacity: $0 <= 16 ? 1 : 2) }
        _ = try await app.quarantine.createSite(QuarantineSite(code: "QN", name: "北区集中隔离点", rooms: rooms), by: actor)

        let active = try await app.activeStudentsForDemo()
        guard active.count > 40 else { return }
        // Yesterday evening's investigation of a first-floor student, over the three days before it.
        let index = active[active.count / 2]   // not the demo student of the README (1号楼 101)
        let evening = today.adding(days: -1).instant(minutes: 19 * 60, in: tz)
        let investigation = try await app.investigations.investigate(
            InvestigationRequest(indexStudentNo: index.studentNo, from: evening.addingTimeInterval(-3 * 86_400), to: evening), by: actor)
        let chosen = investigation.contacts.sorted { ($0.degree, $0.studentNo) < ($1.degree, $1.studentNo) }.prefix(8)
        var placed: Set<String> = [index.studentNo]
        for contact in chosen {
            _ = try await app.quarantine.place(PlacementRequest(studentNo: contact.studentNo, reason: contact.degree <= 1 ? .closeContact : .secondaryContact,
                                                                site: "QN", start: evening.addingTimeInterval(3600), investigationId: investigation.id),
                                               by: actor)
            placed.insert(contact.studentNo)
        }
        // Back from another city six days ago: day 7 of 7 today.
        if let inbound = active.last(where: { !placed.contains($0.studentNo) }) {
            _ = try await app.quarantine.place(PlacementRequest(studentNo: inbound.studentNo, reason: .inbound, site: "QN",
                                                                start: today.adding(days: -6).instant(minutes: 15 * 60, in: tz)), by: actor)
            placed.insert(inbound.studentNo)
        }
        // This morning's abnormal check-ins with symptoms: placed for three days with a test on the first; their cases
        // move on (isolated and tested, observing), the rest wait for a first response.
        let open = try await app.cases.cases(matching: CaseFilter(status: .open, source: .checkin), page: PageRequest(limit: 20), by: actor)
        for c in open.items.prefix(3) where !placed.contains(c.studentNo) {
            _ = try await app.quarantine.place(PlacementRequest(studentNo: c.studentNo, reason: .symptoms, site: "QN",
                                                                start: max(c.openedAt, today.instant(minutes: 0, in: tz))), by: actor)
            placed.insert(c.studentNo)
        }
        for (i, c) in open.items.prefix(2).enumerated() {
            let steps: [Case.Stage] = i == 0 ? [.isolated, .tested] : [.observing]
            for step in steps { _ = try await app.cases.advance(id: c.id, to: step, note: nil, by: actor) }
        }
        placed.formUnion(try await placeRushPositive(today: today, avoiding: placed))

        // Sick leave: one open since the day before yesterday (followed up yesterday, not yet today), one closed with its cause.
        let sick = active.filter { !placed.contains($0.studentNo) }.suffix(2)
        guard sick.count == 2, let first = sick.first, let second = sick.last else { return }
        let open1 = try await app.sickLeaves.request(
            SickLeaveRequest(studentNo: first.studentNo, symptoms: "发热、咽痛", onset: today.adding(days: -2).description, clinicVisited: true,
                             from: today.adding(days: -2).description, to: nil), by: actor)
        _ = open1
        let closed = try await app.sickLeaves.request(
            SickLeaveRequest(studentNo: second.studentNo, symptoms: "腹泻", onset: today.adding(days: -4).description, clinicVisited: true,
                             from: today.adding(days: -4).description, to: today.adding(days: -2).description), by: actor)
        _ = try await app.sickLeaves.followUp(closed.id, note: "校医院就诊，诊断为急性肠胃炎，已服药", by: actor)
        _ = try await app.sickLeaves.close(closed.id, cause: "急性肠胃炎（饮食不洁）", cleared: true, by: actor)
    }

    /// One of this morning's rotation tubes came back positive as a rush result: its members are flagged for retest
    /// (with their cases) and placed in quarantine from the tube, as the office would from the campaign page.
    private func placeRushPositive(today: CampusDay, avoiding placed: Set<String>) async throws -> [String] {
        let actor = app.systemActor
        let campaigns = try await app.testing.campaigns(by: actor)
        guard let rotation = campaigns.first(where: { $0.campaign.day == today && $0.campaign.origin?.hasPrefix("rotation:") == true }),
              let tube = try await app.testing.tubes(of: rotation.campaign.id, status: .open, by: actor)
                .first(where: { $0.members.count >= 5 && placed.isDisjoint(with: $0.members) }) else { return [] }
        _ = try await app.testing.apply([LabResult(tubeCode: tube.code, result: .positive)], by: actor)
        return try await app.quarantine.placeMembers(ofTube: tube.code, studentNos: nil, site: "QN", by: actor).placed.map(\.studentNo)
    }
}
