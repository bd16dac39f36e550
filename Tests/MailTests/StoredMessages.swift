import Foundation
import ShouhuTestSupport
import App
import NIOCore
import NIOPosix

/// The Mail tests' own event loop: the whole test suite shares `MultiThreadedEventLoopGroup.singleton` (two threads
/// here) with hundreds of database and HTTP tests, which stretched a 200-message batch past its time limit.
let mailTestGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

/// What Python's `email` package reads from a stored message (`Resources/decode_message.py`).
struct DecodedMessage: Decodable {
    var subject: String
    var fromName: String
    var fromAddress: String
    var toNames: [String]
    var toAddresses: [String]
    var body: String
    var contentType: String
    var charset: String?
    var transferEncoding: String
    var messageID: String
    var date: String
    var defects: [String]
    var headers: [String: String]

    /// Decodes the stored message at `file`, also returning the named headers.
    static func decode(_ file: URL, headers: [String] = []) async throws -> DecodedMessage {
        let process = ChildProcess()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SMTPSink.resources.appendingPathComponent("decode_message.py").path, file.path] + headers
        process.standardOutput = output
        try process.run()
        let data = try await offTaskThreads {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return try JSONDecoder().decode(DecodedMessage.self, from: data)
    }
}

/// The value of the first header line `name:` in raw message text (no unfolding; enough for the sink's own headers).
func headerValue(_ name: String, in raw: String) -> String? {
    for line in raw.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
        if line.isEmpty { return nil }
        if line.lowercased().hasPrefix(name.lowercased() + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
    return nil
}

/// A loopback port nothing listens on: bound by a throw-away listener, then released.
func unusedPort() async throws -> Int {
    let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = listener.localAddress!.port!
    try await listener.close().get()
    return port
}

/// A plain test message from the office to one recipient.
func testMessage(to recipient: String = "student@example.edu", subject: String = "Test", body: String = "Hello") -> MailMessage {
    MailMessage(
        from: MailAddress("office@example.edu", name: "Student Affairs"),
        to: [MailAddress(recipient)], subject: subject, body: body)
}
