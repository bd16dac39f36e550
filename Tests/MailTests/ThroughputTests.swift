import Foundation
import ShouhuTestSupport
import Mail
import Testing

/// Measures e-mails per second to the local sink and prints it; asserts delivery only, never a rate.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ThroughputTests {
    private func measure(sinkArguments: [String], batches: Int, batchSize: Int, label: String) async throws {
        let sink = try await SMTPSink(sinkArguments)
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: sink.url()))
        var delivered = 0
        let started = ContinuousClock.now
        for batch in 0..<batches {
            let messages = (0..<batchSize).map { index in
                testMessage(
                    to: "student\(batch * batchSize + index)@example.edu", subject: "【通知】健康打卡提醒 \(index)",
                    body: "同学你好：\n请于今日 22:00 前完成健康打卡。\n\n学生工作处")
            }
            delivered += await client.send(messages).filter(\.isDelivered).count
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = batches * batchSize
        print(String(format: "throughput (%@): %d e-mails in %d batches of %d in %.2f s = %.0f e-mails/s",
                     label, total, batches, batchSize, seconds, Double(total) / seconds))
        #expect(delivered == total)
    }

    @Test func throughputToADiscardingSink() async throws {
        try await measure(sinkArguments: ["--discard", "--pipelining"], batches: 4, batchSize: 500, label: "discard, pipelining")
    }

    @Test func throughputToAMaildirSink() async throws {
        try await measure(sinkArguments: ["--pipelining"], batches: 2, batchSize: 500, label: "maildir, pipelining")
    }
}
