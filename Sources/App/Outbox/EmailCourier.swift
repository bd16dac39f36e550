import Foundation
import Notifications
import Web

/// Carries e-mail deliveries over SMTP, a batch on one connection: the server's answer is the receipt; a 4xx answer
/// or an unreachable server is transient, a 5xx answer or a malformed address permanent.
struct EmailCourier: Courier {
    let channel: Channel = .email
    let client: SMTPClient
    let from: MailAddress
    let texts: NoticeTexts
    let publicURL: String?

    func deliver(_ batch: [Delivery]) async -> [DeliveryOutcome] {
        let results = await client.send(batch.map { EmailCourier.message($0, from: from, texts: texts, publicURL: publicURL) })
        return results.map { result in
            switch result {
            case .delivered(let receipt): .delivered(receipt: receipt)
            case .failed(let failure): failure.isPermanent ? .permanent(failure.reason) : .transient(failure.reason)
            }
        }
    }

    /// The e-mail of one delivery in the recipient's language: its subject, its body and the page to open (under the
    /// server's public address when it is set), with the delivery's id as the Message-ID, so a receiver can tell a
    /// resent copy from a new message.
    static func message(_ d: Delivery, from: MailAddress, texts: NoticeTexts, publicURL: String?) -> MailMessage {
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let words = texts.words(of: d)
        let open = texts.link(d.link, base: publicURL).map { Wording("", ["link": $0]).fill(texts.text("notice_mail_open", language: d.language)) }
        let body = words.body + (open.map { "\n\n" + $0 } ?? "") + "\n\n" + texts.text("notice_mail_footer", language: d.language)
        return MailMessage(from: from, to: [MailAddress(d.address)], subject: words.subject, body: body,
                           messageID: "\(d.id)@\(domain)", date: d.createdAt)
    }
}

/// Writes e-mail deliveries as `.eml` files into a folder instead of sending them: the demo's and a trial's outbox,
/// where one sees exactly what would have gone out. A file per delivery, named by its id, written atomically.
struct FileMailCourier: Courier {
    let channel: Channel = .email
    let directory: URL
    let from: MailAddress
    let texts: NoticeTexts
    let publicURL: String?

    func deliver(_ batch: [Delivery]) async -> [DeliveryOutcome] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return batch.map { _ in .transient("cannot create \(directory.path): \(error)") }
        }
        return batch.map { d in
            let message = EmailCourier.message(d, from: from, texts: texts, publicURL: publicURL)
            do {
                let bytes = try message.rendered()
                let file = directory.appendingPathComponent("\(d.id).eml")
                try Data(bytes).write(to: file, options: .atomic)
                return .delivered(receipt: "file \(file.lastPathComponent)")
            } catch {
                return .permanent("\(error)")
            }
        }
    }
}
