import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ShouhuTestSupport

/// Debian's nginx in front of Shouhu servers, as `deploy/nginx-shouhu.conf` puts it there: the test's site takes that
/// file's `location / { … }` block word for word (the proxy headers and retry rules a school installs) and puts it
/// behind a plain-HTTP listener on a loopback port, with an upstream of the given servers.
struct Nginx {
    let process: ChildProcess
    let folder: URL
    let base: String

    /// `/usr/sbin/nginx` or nginx on `PATH`; nil when not installed.
    static var binary: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return (["/usr/sbin/nginx"] + path.split(separator: ":").map { "\($0)/nginx" })
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// CI installs nginx and sets `SHOUHU_TEST_NGINX=required`, so its absence fails there instead of being passed over.
    static var required: Bool { ProcessInfo.processInfo.environment["SHOUHU_TEST_NGINX"] == "required" }

    /// The proxy block of the documented site.
    static func documentedLocation() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let site = try String(contentsOf: root.appendingPathComponent("deploy/nginx-shouhu.conf"), encoding: .utf8)
        guard let start = site.range(of: "location / {"),
              let end = site[start.upperBound...].range(of: "}") else { throw NginxError(message: "no `location / {…}` in deploy/nginx-shouhu.conf") }
        return String(site[start.lowerBound..<end.upperBound])
    }

    /// Starts nginx on `port` in front of `upstreams` (loopback ports) and waits until it answers.
    static func start(port: Int, upstreams: [Int]) async throws -> Nginx {
        guard let binary else { throw NginxError(message: "nginx is not installed") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shouhu-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Started as root, nginx's workers run as nobody: they must be able to write their buffers here.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.path)
        let servers = upstreams.map { "        server 127.0.0.1:\($0) max_fails=3 fail_timeout=10s;" }.joined(separator: "\n")
        let temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
            .map { "    \($0)_temp_path \(folder.path)/\($0);" }.joined(separator: "\n")
        let configuration = """
            worker_processes 1;
            pid \(folder.path)/nginx.pid;
            error_log \(folder.path)/error.log warn;
            events { worker_connections 512; }
            http {
                access_log off;
            \(temp)
                upstream shouhu {
            \(servers)
                    keepalive 32;
                }
                server {
                    listen 127.0.0.1:\(port);
                    client_max_body_size 20m;
                    \(try documentedLocation())
                }
            }
            """
        let file = folder.appendingPathComponent("nginx.conf")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-p", folder.path, "-e", folder.appendingPathComponent("error.log").path, "-c", file.path, "-g", "daemon off;"]
        try process.run()
        let nginx = Nginx(process: process, folder: folder, base: "http://127.0.0.1:\(port)")
        for _ in 0..<100 {
            if !process.isRunning { break }
            if (try? await URLSession.shared.data(from: URL(string: "\(nginx.base)/healthz")!).1 as? HTTPURLResponse)?.statusCode == 200 { return nginx }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        nginx.stop()
        throw NginxError(message: "nginx did not answer on \(port): \(log)")
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

struct NginxError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
