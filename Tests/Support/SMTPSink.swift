import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server for the tests: `Resources/smtp_sink.py` (Python, aiosmtpd) started as a subprocess on a free
/// loopback port, storing what it accepts in a maildir. Stop it with ``stop()`` (it is also stopped on deinit).
public final class SMTPSink: @unchecked Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")

    public let directory: URL
    let process = ChildProcess()
    public private(set) var port = 0

    public var maildir: URL { directory.appendingPathComponent("maildir") }
    /// `smtp://127.0.0.1:PORT` with the given query (e.g. `?starttls=never`).
    public func url(_ query: String = "") -> String { "smtp://127.0.0.1:\(port)\(query)" }

    /// Starts the sink with extra arguments (see the script's doc string) and waits until it accepts connections.
    public init(_ arguments: [String] = []) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        let errorLog = directory.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.resources.appendingPathComponent("smtp_sink.py").path,
            "--port-file", portFile.path, "--maildir", maildir.path,
        ] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errorLog)
        do {
            try process.run()
        } catch {
            throw StartError(description: "cannot start python3 for the SMTP sink (python3 and `pip install aiosmtpd` are needed): \(error)")
        }
        if let port = await PortFile.wait(portFile.path, for: process) {
            self.port = port
            return
        }
        let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        let exit = process.isRunning ? "no port within a minute" : "exited with status \(process.terminationStatus)"
        stop()
        throw StartError(
            description: "the SMTP sink (python3 + aiosmtpd; `pip install aiosmtpd`) did not start (\(exit)): \(log.isEmpty ? "no output" : log)")
    }

    deinit { stop() }

    /// Whether the sink process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Kills the sink by its PID, waits for it, and removes its files.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Paths of the messages stored so far.
    public func storedFiles() -> [URL] {
        let new = maildir.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        return names.sorted().map { new.appendingPathComponent($0) }
    }

    /// The raw text of the messages stored so far.
    public func storedMessages() throws -> [String] {
        try storedFiles().map { try String(contentsOf: $0, encoding: .utf8) }
    }
}

