/// What happened to one message of a batch.
public enum DeliveryResult: Sendable, Hashable, CustomStringConvertible {
    /// The server accepted the message; `receipt` is its reply text, e.g. `OK queued as 4XbQ1`.
    case delivered(receipt: String)
    /// The message was not accepted.
    case failed(DeliveryFailure)

    /// True when the server accepted the message.
    public var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    /// The failure, if the message was not accepted.
    public var failure: DeliveryFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }

    /// `delivered: receipt` or the failure.
    public var description: String {
        switch self {
        case .delivered(let receipt): return "delivered: \(receipt)"
        case .failed(let failure): return failure.description
        }
    }
}

/// Why a message was not accepted, and whether sending it again can help.
public struct DeliveryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether to retry.
    public enum Kind: String, Sendable, Hashable {
        /// Retrying will not help (5xx reply, malformed message, unusable configuration): dead-letter it.
        case permanent
        /// Retrying later may help (4xx reply, connection refused, reset or timed out).
        case transient
    }

    /// Permanent or transient.
    public var kind: Kind
    /// What went wrong, in words, including the server's reply when there was one.
    public var reason: String
    /// The reply code when the failure is the server's answer, e.g. 550; nil for local or connection failures.
    public var replyCode: Int?

    /// A failure of the given kind.
    public init(kind: Kind, reason: String, replyCode: Int? = nil) {
        self.kind = kind
        self.reason = reason
        self.replyCode = replyCode
    }

    /// A permanent failure.
    public static func permanent(_ reason: String, replyCode: Int? = nil) -> DeliveryFailure {
        DeliveryFailure(kind: .permanent, reason: reason, replyCode: replyCode)
    }

    /// A transient failure.
    public static func transient(_ reason: String, replyCode: Int? = nil) -> DeliveryFailure {
        DeliveryFailure(kind: .transient, reason: reason, replyCode: replyCode)
    }

    /// The failure a negative reply means: 5xx is permanent, anything else (4xx, unexpected codes) transient.
    public static func reply(_ reply: SMTPReply, to step: String) -> DeliveryFailure {
        DeliveryFailure(
            kind: reply.isPermanentFailure ? .permanent : .transient,
            reason: "\(step) refused: \(reply)", replyCode: reply.code)
    }

    /// True for permanent failures.
    public var isPermanent: Bool { kind == .permanent }

    /// True for transient failures.
    public var isTransient: Bool { kind == .transient }

    /// `permanent: reason` or `transient: reason`.
    public var description: String { "\(kind.rawValue): \(reason)" }
}
