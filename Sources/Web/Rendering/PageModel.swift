/// What one template shows: one struct per template, its stored properties named as the template's variables.
///
/// Mustache reads the struct through `Mirror`: a `Bool` opens a section when true, an array repeats it (an empty
/// one opens nothing), a number or a text opens it whatever its value (so `0` and `""` count as true: flags are
/// `Bool`), and a nil optional counts as absent, so `{{#x}}` stays closed and the name is looked up further out.
protocol PageModel: Sendable {
    /// The template under `Resources/templates`, without `.mustache`.
    static var template: String { get }
}
