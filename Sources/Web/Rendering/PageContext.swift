import CampusKit
import Hummingbird

/// What rendering needs to know of a request: its language, who reads the page, and their session (for CSRF tokens).
protocol PageContext {
    var language: Language { get }
    /// The signed-in reader, if any.
    var reader: Actor? { get }
    var token: String? { get }
    /// The request's path, in its canonical spelling (the menu marks the entry of the page).
    var path: String { get }
}

extension ShouhuContext: PageContext {
    var reader: Actor? { actor }
}

/// The context of a signed-in page: the route's rule has admitted a signed-in person, so `actor` is never missing.
struct SignedInPage: ChildRequestContext, PageContext {
    typealias ParentContext = ShouhuContext

    var coreContext: CoreRequestContextStorage
    /// The signed-in person reading the page.
    let actor: Actor
    let token: String?
    let viaCookie: Bool
    let language: Language
    let remoteIP: String?
    let clientIP: String?
    let path: String

    var reader: Actor? { actor }
    var maxUploadSize: Int { BodyLimit.json }

    /// Fails with `.unauthenticated` (sent to the sign-in page by `PageErrors`) when nobody is signed in.
    init(context: ShouhuContext) throws {
        guard let actor = context.actor else { throw DomainError(.unauthenticated, "请先登录 (sign in first)") }
        coreContext = context.coreContext
        self.actor = actor
        token = context.token
        viaCookie = context.viaCookie
        language = context.language
        remoteIP = context.remoteIP
        clientIP = context.clientIP
        path = context.path
    }
}
