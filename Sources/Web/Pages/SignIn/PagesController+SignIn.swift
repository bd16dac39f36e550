import Accounts
import CampusKit
import Foundation
import Hummingbird

extension PagesController {
    struct SignInForm: Decodable { var username: String?; var password: String?; var totp: String?; var next: String? }

    @Sendable func signInPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        let next = request.uri.queryParameters["next"].map(String.init) ?? "/"
        return renderer.render("signin", title: "signin_title", model: ["next": Self.safeNext(next), "username": ""], context: context)
    }

    @Sendable func signIn(_ request: Request, context: ShouhuContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: BodyLimit.json)
        let form = (try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: buffer))) ?? SignInForm()
        let username = form.username?.trimmingCharacters(in: .whitespaces) ?? ""
        let next = Self.safeNext(form.next ?? "/")
        do {
            let result = try await services.accounts.signIn(school: services.school, username: username,
                                                            password: form.password ?? "", secondFactor: form.totp,
                                                            kind: .page, ip: RequestActor.ip)
            var response = Response(status: .seeOther, headers: [.location: next])
            response.setCookie(Cookie(name: AuthMiddleware.sessionCookie, value: result.token, path: "/", httpOnly: true, sameSite: .lax))
            return response
        } catch let error as DomainError where error.kind == .unauthenticated {
            return renderer.render("signin", title: "signin_title",
                                   model: ["next": next, "username": username,
                                           "error": error.fieldErrors.contains { $0.field == "totp" } ? error.message : renderer.strings.text("signin_failed", context.language)],
                                   context: context, status: .unauthorized)
        }
    }

    @Sendable func signOut(_ request: Request, context: ShouhuContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: BodyLimit.json)
        struct Form: Decodable { var _csrf: String? }
        let form = (try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))) ?? Form()
        if let token = context.token, context.viaCookie {
            guard CSRF.isValid(form._csrf, for: token) else {
                throw DomainError.forbidden("缺少或错误的 CSRF 令牌 (missing or wrong CSRF token)")
            }
            try await services.accounts.signOut(token: token, by: context.actor)
        }
        var response = Response(status: .seeOther, headers: [.location: "/signin"])
        response.setCookie(Cookie(name: AuthMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    /// Only local paths are followed after sign-in, never another site.
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") ? next : "/"
    }
}
