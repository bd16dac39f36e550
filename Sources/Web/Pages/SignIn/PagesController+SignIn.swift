import Accounts
import CampusKit
import Foundation
import HTTPTypes
import Hummingbird

extension PagesController {
    struct SignInForm: Decodable {
        var username: String?; var password: String?; var totp: String?; var next: String?; var _csrf: String?
        /// "30 天内保持登录": honoured for students only (`AccountService.signIn`).
        var remember: String?
    }

    /// The cookie that ties the sign-in form to the browser that loaded it (against login CSRF: another site
    /// cannot read it, so cannot post a form that signs this browser into the attacker's account).
    static let preSessionCookie = "shouhu_signin"

    @Sendable func signInPage(_ request: Request, context: ShouhuContext) async throws -> Response {
        let next = request.uri.queryParameters["next"].map(String.init) ?? "/"
        return signInForm(request, context: context, model: SignInPageModel(next: Self.safeNext(next), username: ""))
    }

    @Sendable func signIn(_ request: Request, context: ShouhuContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: BodyLimit.json)
        let form = (try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: buffer))) ?? SignInForm()
        let username = String((form.username ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        let next = Self.safeNext(form.next ?? "/")
        guard let preSession = request.cookies[Self.preSessionCookie]?.value, CSRF.isValid(form._csrf, for: preSession) else {
            return signInForm(request, context: context,
                              model: SignInPageModel(next: next, username: username, error: renderer.strings.text("signin_expired", context.language),
                                                     remember: form.remember != nil),
                              status: .forbidden, renew: true)
        }
        do {
            let result = try await services.accounts.signIn(school: services.school, username: username,
                                                            password: form.password ?? "", secondFactor: form.totp,
                                                            kind: .page, remember: form.remember != nil, ip: context.clientIP)
            var response = Response(status: .seeOther, headers: [.location: next])
            // A remembered session's cookie outlives the browser (Max-Age); any other stays a session cookie.
            let maxAge = result.session.kind == .remembered
                ? Int(result.session.expiresAt.timeIntervalSince(services.clock.now()).rounded(.down)) : nil
            response.setCookie(Cookie(name: AuthMiddleware.sessionCookie, value: result.token, maxAge: maxAge, path: "/",
                                      secure: Self.secureCookies(request, services), httpOnly: true, sameSite: .lax))
            response.setCookie(Cookie(name: Self.preSessionCookie, value: "", maxAge: 0, path: "/signin", httpOnly: true, sameSite: .strict))
            return response
        } catch let error as DomainError where error.kind == .unauthenticated {
            // Only an account with two-factor sign-in, after a right password, is asked for the code.
            let needsCode = error.fieldErrors.contains { $0.field == "totp" }
            return signInForm(request, context: context,
                              model: SignInPageModel(next: next, username: username,
                                                     error: renderer.strings.text(needsCode ? "signin_totp_needed" : "signin_failed", context.language),
                                                     askTotp: needsCode, remember: form.remember != nil),
                              status: .unauthorized)
        }
    }

    /// The sign-in page with its form token; a new pre-session cookie when the browser has none (or `renew`).
    private func signInForm(_ request: Request, context: ShouhuContext, model: SignInPageModel,
                            status: HTTPResponse.Status = .ok, renew: Bool = false) -> Response {
        let existing = renew ? nil : request.cookies[Self.preSessionCookie]?.value.nilIfTooShort
        let preSession = existing ?? CSRF.newSecret()
        var model = model
        model.signinCSRF = CSRF.token(for: preSession)
        model.rememberLabel = renderer.strings.text("signin_remember", context.language)
            .replacingOccurrences(of: "{n}", with: String(Int(services.accounts.policy.rememberedLifetime / 86400)))
        var response = renderer.render(model, title: "signin_title", context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        if existing == nil {
            response.setCookie(Cookie(name: Self.preSessionCookie, value: preSession, path: "/signin",
                                      secure: Self.secureCookies(request, services), httpOnly: true, sameSite: .strict))
        }
        return response
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

    /// Only a path on this site is followed after sign-in: it starts with one `/`, and holds no backslash,
    /// whitespace or control character (browsers read `/\host` and `/<TAB>/host` as `//host`, another site).
    static func safeNext(_ next: String) -> String {
        func local(_ path: String) -> Bool {
            path.hasPrefix("/") && !path.hasPrefix("//")
                && !path.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        }
        // Checked as sent and once decoded, so an encoded backslash or tab cannot be decoded into one later.
        guard local(next), local(next.removingPercentEncoding ?? "//"),
              let parts = URLComponents(string: next), parts.scheme == nil, parts.host == nil
        else { return "/" }
        return next
    }

    /// Cookies carry `Secure` unless the deployment says otherwise (`SHOUHU_SECURE_COOKIES`) or, by default, the
    /// browser reached the server at a loopback address over plain HTTP (the demo on one's own machine). Behind a
    /// trusted proxy, `X-Forwarded-Proto: https` always makes them secure.
    static func secureCookies(_ request: Request, _ services: any WebServices) -> Bool {
        if services.site.trustProxy, request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" { return true }
        if let configured = services.site.secureCookies { return configured }
        let host = (request.headers[HTTPField.Name("Host")!] ?? request.head.authority ?? "").lowercased()
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.split(separator: ":").first ?? "")
        return !(name.isEmpty || name == "localhost" || name == "::1" || name.hasPrefix("127."))
    }
}

private extension String {
    /// Nil for a value too short to be one we issued.
    var nilIfTooShort: String? { count >= 32 ? self : nil }
}
