import CampusKit
import Hummingbird

/// The `message` page: a title and one sentence.
struct MessagePageModel: PageModel {
    static let template = "message"
    var message: String
}

extension PageRenderer {
    /// The one HTML answer for a page that cannot be shown: `failure`'s title and sentence in the reader's language,
    /// with its status. Every page's refusals, missing subjects and domain errors come here (through `PageErrors`).
    func failure(_ failure: PageFailure, context: some PageContext) -> Response {
        let text = failure.message.map { strings.text($0, context.language) } ?? failure.detail.map(context.language.pick) ?? ""
        return render(MessagePageModel(message: text), title: failure.title, context: context, status: failure.status)
    }

    /// `error` as the `message` page (see `PageFailure.init(_:)`).
    func failure(_ error: DomainError, context: some PageContext) -> Response {
        failure(PageFailure(error), context: context)
    }
}
