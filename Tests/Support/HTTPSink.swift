import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP receiver for the webhook tests: `Resources/http_sink.py` (Python's standard library) started as a
/// subprocess on a loopback port, recording every POST. Stop it with ``stop()`` (also on deinit); start a new one
/// on the same port (`port:`) to bring a receiver back after an outage.
public final class HTTPSink: @unchecked Sendable {
    public struct Request: Decodable, Sendable {
        public var path: String
        public var headers: [String: String]
        public var body: String
        /// The body as a JSON object.
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    }

    public let directory: URL
    let process = ChildProcess()
    public private(set) var port = 0
    var log: URL { directory.appendingPathComponent("requests.jsonl") }

    /// `http://127.0.0.1:PORT` + `path`.
    public func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    public init(port wanted: Int = 0) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("http-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        let errorLog = directory.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SMTPSink.resources.appendingPathComponent("http_sink.py").path,
                             "--port", "\(wanted)", "--port-file", portFile.path, "--log", log.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        if let port = await PortFile.wait(portFile.path, for: process) {
            self.port = port
            return
        }
        let output = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        let exit = process.isRunning ? "no port within a minute" : "exited with status \(process.terminationStatus)"
        stop()
        throw SMTPSink.StartError(description: "the HTTP sink (python3) did not start (\(exit)): \(output.isEmpty ? "no output" : output)")
    }

    deinit { stop() }

    /// Kills the receiver by its PID and waits for it; what it recorded stays readable.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The requests recorded so far, in order.
    public func requests() -> [Request] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }
}
