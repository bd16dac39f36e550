import CampusKit
import Foundation
import Hummingbird
import Quarantine
import Roster
import TestingCampaigns

/// A positive tube's members offered for placement (C8 → C9): from the campaign page to one form that places the
/// ticked members at a site, each placement recording the tube.
extension PagesController {
    struct TubeForm: Decodable { var _csrf: String?; var tube: String?; var site: String?; var students: [String]? }

    /// The campaign's positive tubes this reader may place from, each with its members in words and the form's address;
    /// empty for those who do not place students in quarantine.
    func positiveTubes(of campaign: String, actor: Actor) async throws -> [CampaignPageModel.PositiveTube] {
        guard QuarantinePermissions.mayManage(actor), TestingPermissions.maySample(actor) else { return [] }
        let tubes = try await services.testing.tubes(of: campaign, status: .positive, by: actor)
        let names = try await studentNames(tubes.flatMap(\.members), actor: actor)
        return tubes.map { tube in
            .init(code: tube.code, names: tube.members.map { names[$0] ?? $0 }.joined(separator: " "),
                  link: "/quarantine/tube?code=\(tube.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
    }

    private func studentNames(_ numbers: [String], actor: Actor) async throws -> [String: String] {
        try await services.roster.people(numbered: numbers, by: actor).mapValues(\.name)
    }

    @Sendable func placeTubePage(_ request: Request, context: SignedInPage) async throws -> Response {
        try await renderPlaceTube(request.uri.queryParameters["code"].map(String.init) ?? "", context: context, errors: [])
    }

    func renderPlaceTube(_ code: String, context: SignedInPage, errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.actor
        let tube = try await PageFailure.explaining(title: "quarantine_tube_title", missing: "quarantine_tube_missing") {
            try await services.testing.tube(code, by: actor)
        }
        let placed = try await services.quarantine.inQuarantine(tube.members, by: actor)
        let names = try await studentNames(tube.members, actor: actor)
        let sites = try await services.quarantine.sites(by: actor)
        let model = PlaceTubePageModel(
            tube: tube.code, positive: tube.status == .positive, campaign: tube.campaignId,
            members: tube.members.map { .init(studentNo: $0, name: names[$0] ?? "", placed: placed.contains($0)) },
            sites: sites.map { .init(value: $0.code, label: "\($0.name)（\($0.occupied)/\($0.capacity)）", selected: false) },
            errors: errors, hasErrors: !errors.isEmpty)
        return renderer.render(model, title: "quarantine_tube_title", context: context, status: status)
    }

    @Sendable func placeTubeForm(_ request: Request, context: SignedInPage) async throws -> Response {
        let form = try await self.form(TubeForm.self, request, context) { $0._csrf }
        let code = form.tube ?? ""
        guard let chosen = form.students, !chosen.isEmpty else {
            return try await renderPlaceTube(code, context: context, errors: [renderer.strings.text("quarantine_contacts_none", context.language)],
                                             status: .unprocessableContent)
        }
        do {
            _ = try await services.quarantine.placeMembers(ofTube: code, studentNos: chosen, site: form.site ?? "", by: context.actor)
            let site = (form.site ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return Response(status: .seeOther, headers: [.location: "/quarantine/ledger?status=active&site=\(site)"])
        } catch let error as DomainError where [.invalid, .notFound, .conflict].contains(error.kind) {
            return try await renderPlaceTube(code, context: context, errors: [error.text(in: context.language)], status: .unprocessableContent)
        }
    }
}

/// `quarantine_tube.mustache`: a tube's members with the boxes to tick and the site to place them at.
struct PlaceTubePageModel: PageModel {
    static let template = "quarantine_tube"
    struct Member: Sendable { var studentNo: String; var name: String; var placed: Bool }
    var tube: String
    var positive: Bool
    var campaign: String
    var members: [Member]
    var sites: [QuarantinePageModel.Choice]
    var errors: [String]
    var hasErrors: Bool
}
