import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium from the distribution, driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// commands on fd 3, answers on fd 4, each a JSON message ended by NUL). Enough for browser tests of key pages:
/// open a page, evaluate JavaScript in it, wait for a condition.
public final class Chromium: @unchecked Sendable {
    /// The Chromium binary, when the machine has one.
    public static var binary: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Browser tests run when Chromium is here; `SHOUHU_TEST_BROWSER=required` (CI) makes its absence a failure.
    public static var required: Bool { ProcessInfo.processInfo.environment["SHOUHU_TEST_BROWSER"] == "required" }

    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let lock = NSLock()
    private var nextID = 0
    private var waiting: [Int: CheckedContinuation<Data, any Error>] = [:]
    private var early: [Int: Data] = [:]
    private var closed = false
    private var userDataDir: String
    /// The viewport every tab gets: headless Chromium never makes a window narrower than 500 px, so phone sizes
    /// are emulated per tab (`Emulation.setDeviceMetricsOverride`, as a phone: mobile viewport, touch-sized).
    private let viewport: (width: Int, height: Int)

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Starts a headless browser with a window of `width` × `height` CSS pixels.
    public init(width: Int = 390, height: Int = 844) throws {
        guard let binary = Self.binary else { throw Failure("chromium is not installed (apt-get install chromium fonts-noto-cjk)") }
        viewport = (width, height)
        userDataDir = FileManager.default.temporaryDirectory.appendingPathComponent("shouhu-chromium-\(UUID().uuidString)").path
        var commands: [Int32] = [0, 0], answers: [Int32] = [0, 0]
        guard pipe(&commands) == 0, pipe(&answers) == 0 else { throw Failure("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commands[0], 3)
        posix_spawn_file_actions_adddup2(&actions, answers[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of this process: a pipe another test is reading to its end (a server's stderr) must not stay
        // open in the browser for as long as the browser lives.
        guard let closeFrom = ChildProcess.addCloseFrom else { throw Failure("posix_spawn_file_actions_addclosefrom_np is missing (glibc < 2.34)") }
        _ = closeFrom(&actions, 5)
        let arguments = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                         "--remote-debugging-pipe", "--window-size=\(width),\(height)", "--user-data-dir=\(userDataDir)", "about:blank"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, binary, &actions, nil, &argv, environ)
        close(commands[0])
        close(answers[1])
        guard status == 0 else { throw Failure("posix_spawn failed: \(status)") }
        pid = child
        toBrowser = commands[1]
        fromBrowser = answers[0]
        let reader = Thread { [weak self] in self?.readLoop() }
        reader.start()
    }

    deinit { stop() }

    /// Ends the browser and removes its profile.
    public func stop() {
        let wasClosed = lock.withLock { () -> Bool in defer { closed = true }; return closed }
        guard !wasClosed else { return }
        close(toBrowser)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(atPath: userDataDir)
    }

    private func readLoop() {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fromBrowser, &chunk, chunk.count)
            if n <= 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
            while let end = buffer.firstIndex(of: 0) {
                let message = Data(buffer[buffer.startIndex..<end])
                buffer = Data(buffer[(end + 1)...])
                guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any], let id = object["id"] as? Int else { continue }
                let continuation = lock.withLock { () -> CheckedContinuation<Data, any Error>? in
                    if let c = waiting.removeValue(forKey: id) { return c }
                    early[id] = message
                    return nil
                }
                continuation?.resume(returning: message)
            }
        }
        close(fromBrowser)
        let pending = lock.withLock { () -> [CheckedContinuation<Data, any Error>] in
            defer { waiting = [:] }
            return Array(waiting.values)
        }
        for c in pending { c.resume(throwing: Failure("chromium closed the pipe")) }
    }

    /// Sends one DevTools command and returns its `result`.
    @discardableResult
    /// A command Chromium does not answer within `timeout` (an evaluation caught in a navigation, a browser starved of
    /// CPU) throws instead of holding its test for ever; `Tab.waitUntil` then simply asks again.
    public func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil,
                     timeout: TimeInterval = 60) async throws -> [String: Any] {
        let id = lock.withLock { () -> Int in nextID += 1; return nextID }
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0)
        let written = data.withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
        guard written == data.count else { throw Failure("could not write to chromium") }
        let raw: Data = try await withCheckedThrowingContinuation { continuation in
            let ready = lock.withLock { () -> Data? in
                if let a = early.removeValue(forKey: id) { return a }
                waiting[id] = continuation
                return nil
            }
            if let ready {
                continuation.resume(returning: ready)
                return
            }
            // On a Dispatch queue, not a task: it must fire even when every thread that runs tasks is busy.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in
                guard let self, let late = self.lock.withLock({ self.waiting.removeValue(forKey: id) }) else { return }
                late.resume(throwing: Failure("\(method): no answer from chromium within \(Int(timeout)) s"))
            }
        }
        let answer = try JSONSerialization.jsonObject(with: raw) as? [String: Any] ?? [:]
        if let error = answer["error"] as? [String: Any] { throw Failure("\(method): \(error["message"] ?? error)") }
        return answer["result"] as? [String: Any] ?? [:]
    }

    /// A new tab showing `url`; returns the session to talk to it.
    public func open(_ url: String) async throws -> Tab {
        let target = try await send("Target.createTarget", ["url": url])
        guard let targetID = target["targetId"] as? String else { throw Failure("no target") }
        let attached = try await send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw Failure("no session") }
        let tab = Tab(browser: self, session: session)
        try await send("Emulation.setDeviceMetricsOverride",
                       ["width": viewport.width, "height": viewport.height, "deviceScaleFactor": 1, "mobile": viewport.width < 500],
                       session: session)
        try await tab.waitUntil("document.readyState === 'complete'")
        return tab
    }

    /// One page in the browser.
    public struct Tab: Sendable {
        let browser: Chromium
        let session: String

        /// Evaluates `expression` in the page and returns its value as JSON-compatible Swift (String, Double, Bool…).
        public func evaluate(_ expression: String) async throws -> Any? {
            let result = try await browser.send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true],
                                                session: session)
            if let exception = result["exceptionDetails"] as? [String: Any] {
                throw Failure("\(expression): \((exception["exception"] as? [String: Any])?["description"] ?? exception["text"] ?? "exception")")
            }
            return (result["result"] as? [String: Any])?["value"]
        }

        public func text(_ expression: String) async throws -> String { try await evaluate(expression) as? String ?? "" }

        /// Waits (up to `seconds`) until `condition` is true in the page. Generous: the browser suite runs beside
        /// hundreds of other tests on two cores, and a cold Chromium's first navigations then take well over 10 s.
        public func waitUntil(_ condition: String, seconds: Double = 45) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if (try? await evaluate("Boolean(\(condition))")) as? Bool == true { return }
                try await Task.sleep(for: .milliseconds(25))
            }
            throw Failure("timed out waiting for \(condition)")
        }

        /// Loads `url` in this tab and waits for the new document.
        public func go(_ url: String) async throws {
            _ = try await evaluate("window.__shouhuOld = true; location.href = \(Self.quote(url)); true")
            try await waitUntil("!window.__shouhuOld && document.readyState === 'complete'")
        }

        /// Submits the form that `selector` belongs to by clicking it, and waits for the next document.
        public func clickAndWait(_ selector: String) async throws {
            _ = try await evaluate("window.__shouhuOld = true; document.querySelector(\(Self.quote(selector))).click(); true")
            try await waitUntil("!window.__shouhuOld && document.readyState === 'complete'")
        }

        public static func quote(_ text: String) -> String {
            let data = try? JSONSerialization.data(withJSONObject: [text])
            return data.map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? "''"
        }
    }
}
