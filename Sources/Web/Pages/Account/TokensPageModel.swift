/// `tokens.mustache`: the integration tokens, the scopes a new one may hold, and a secret shown once.
struct TokensPageModel: PageModel {
    static let template = "tokens"

    struct Row: Sendable {
        var id: String
        var name: String
        var scopes: String
        var createdAt: String
        var createdBy: String
        var revoked: Bool
        var revokedAt: String
    }
    struct Scope: Sendable { var scope: String; var label: String }
    /// A token just created: its secret, shown this once.
    struct Created: Sendable { var name: String; var token: String }

    var rows: [Row]
    var hasRows: Bool
    var scopes: [Scope]
    var created: Created?
    var errors: [String]?
}
