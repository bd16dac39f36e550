import Foundation

/// The helper servers the tests start (`Resources/*.py`) write the port they listen on into a file once they accept
/// connections; this waits for it.
public enum PortFile {
    /// The port in `path` once it is there, or nil when `process` ended first or `seconds` passed. A minute, because a
    /// full run on two busy cores (other builds beside it) has taken Python more than 20 seconds to import aiosmtpd.
    public static func wait(_ path: String, for process: ChildProcess, seconds: Int = 60) async -> Int? {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(seconds) {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return port
            }
            if !process.isRunning { return nil }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return nil
    }
}
