import CampusKit
import Hummingbird

extension PageModule {
    /// The pages of the sign-in page, signing out, and the home address that sends each reader to their first page.
    static let signIn = PageModule(routes: { c, pages in
        pages.open(.get, "/", RouteRule.anyone.evenWhileRestricted) { _, context in
            // Each reader starts on the first page their menu offers; the signed-out sign in.
            let home = context.actor.flatMap { Menu(c.renderer.menuEntries, reader: $0, path: "/") { $0 }.home } ?? "/signin"
            return Response(status: .seeOther, headers: [.location: home])
        }
        pages.open(.get, "signin", RouteRule.anyone.evenWhileRestricted, use: c.signInPage)
        pages.open(.post, "signin", RouteRule(audience: .anyone, whileRestricted: true, throttled: true), use: c.signIn)
        pages.open(.post, "signout", RouteRule.anyone.evenWhileRestricted, use: c.signOut)
    })
}
