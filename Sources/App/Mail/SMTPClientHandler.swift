import NIOCore

/// Command bytes to write and the number of replies they will bring back, which complete `promise` in order.
struct SMTPRequest: Sendable {
    var bytes: ByteBuffer
    var replyCount: Int
    var promise: EventLoopPromise<[SMTPReply]>
}

/// The connection failed: it closed, a reply was not on time, or the server broke the protocol.
struct SMTPConnectionError: Error, CustomStringConvertible {
    var description: String

    static let closed = SMTPConnectionError(description: "the server closed the connection")

    static func timedOut(_ timeout: TimeAmount) -> SMTPConnectionError {
        SMTPConnectionError(description: "no reply within \(timeout.nanoseconds / 1_000_000) ms")
    }
}

/// The server replied 421: it is shutting the connection down, so every waiting request fails with this.
struct SMTPServiceClosing: Error, CustomStringConvertible {
    var reply: SMTPReply
    var description: String { "the server is closing the connection: \(reply)" }
}

/// Matches replies to requests, first in first out, and fails every waiting request when the connection
/// closes, errs, answers 421 or stays silent for longer than the command timeout (then it closes the channel).
///
/// The connection starts with one request already waiting: the server's greeting.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var expected: Int
        var replies: [SMTPReply]
        var promise: EventLoopPromise<[SMTPReply]>
    }

    private let timeout: TimeAmount
    private var waiting = CircularBuffer<Waiting>()
    /// Once set, the connection is unusable: every new request fails with it at once.
    private var failure: (any Error)?
    private var deadline = NIODeadline.distantFuture
    private var timer: Scheduled<Void>?

    /// The server's greeting, the first reply on the connection.
    let greeting: EventLoopFuture<[SMTPReply]>

    /// A handler whose first waiting request is the greeting.
    init(timeout: TimeAmount, eventLoop: any EventLoop) {
        self.timeout = timeout
        let promise = eventLoop.makePromise(of: [SMTPReply].self)
        greeting = promise.futureResult
        waiting.append(Waiting(expected: 1, replies: [], promise: promise))
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimer(context: context)
        context.fireChannelActive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        if request.replyCount > 0 {
            if waiting.isEmpty { armTimer(context: context) }
            waiting.append(Waiting(expected: request.replyCount, replies: [], promise: request.promise))
        } else {
            request.promise.succeed([])
        }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        // A reply nobody waits for (e.g. 421 before an idle close) is dropped; the close that follows is handled.
        guard !waiting.isEmpty else { return }
        if reply.code == 421 {
            failAll(SMTPServiceClosing(reply: reply))
            context.close(promise: nil)
            return
        }
        armTimer(context: context)
        waiting[waiting.startIndex].replies.append(reply)
        let head = waiting[waiting.startIndex]
        if head.replies.count == head.expected {
            waiting.removeFirst()
            head.promise.succeed(head.replies)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(SMTPConnectionError.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(SMTPConnectionError.closed)
    }

    private func failAll(_ error: any Error) {
        if failure == nil { failure = error }
        timer?.cancel()
        timer = nil
        while let entry = waiting.popFirst() {
            entry.promise.fail(error)
        }
    }

    /// Moves the deadline to now + timeout; one scheduled check follows the deadline as it moves.
    private func armTimer(context: ChannelHandlerContext) {
        guard failure == nil else { return }
        deadline = .now() + timeout
        guard timer == nil else { return }
        scheduleCheck(context: context)
    }

    private func scheduleCheck(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            guard failure == nil, !waiting.isEmpty else { return }
            if NIODeadline.now() < deadline {
                scheduleCheck(context: context)
            } else {
                failAll(SMTPConnectionError.timedOut(timeout))
                context.close(promise: nil)
            }
        }
    }
}
