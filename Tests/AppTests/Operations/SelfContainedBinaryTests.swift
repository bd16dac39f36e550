import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ShouhuTestSupport
import Testing

/// The binary carries its pages: copied alone into an empty folder, it serves the sign-in page, its style sheet and
/// the API document (issue 19), and every file of the web resources is inside it.
@Suite("A self-contained binary", .serialized)
struct SelfContainedBinaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("Copied alone into an empty folder, the binary serves the sign-in page, /public/app.css (304 when unchanged) and /openapi.json",
          .enabled(if: DurabilityTests.binary != nil, "the shouhu binary is not built"))
    func copiedBinaryServes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shouhu-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("shouhu")
        try FileManager.default.copyItem(atPath: DurabilityTests.binary!, toPath: copy.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["shouhu"], "one file, nothing beside it")

        let port = Int.random(in: 20_000...40_000)
        let server = try ServerProcess.start(database: "sqlite:\(folder.appendingPathComponent("s.sqlite").path)", port: port,
                                             executable: copy.path, directory: folder)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() } }
        let base = "http://127.0.0.1:\(port)"
        try #require(try await ServerProcess.ready(base), "the copied server did not become ready")

        let (page, pageResponse) = try await URLSession.shared.data(from: URL(string: "\(base)/signin")!)
        #expect((pageResponse as? HTTPURLResponse)?.statusCode == 200)
        let html = String(decoding: page, as: UTF8.self)
        #expect(html.contains("<form") && html.contains("/public/app.css") && html.contains("登录"), "the page, in Chinese, from the catalogs")

        let (css, cssResponse) = try await URLSession.shared.data(from: URL(string: "\(base)/public/app.css")!)
        let http = try #require(cssResponse as? HTTPURLResponse)
        #expect(http.statusCode == 200 && (http.value(forHTTPHeaderField: "Content-Type") ?? "").hasPrefix("text/css"))
        #expect(css == (try Data(contentsOf: Self.root.appendingPathComponent("Sources/Web/Resources/public/app.css"))), "the file as written")
        var again = URLRequest(url: URL(string: "\(base)/public/app.css")!)
        let tag = http.value(forHTTPHeaderField: "ETag") ?? ""
        #expect(!tag.isEmpty, "the style sheet has an entity tag")
        again.setValue(tag, forHTTPHeaderField: "If-None-Match")
        #expect((try await URLSession.shared.data(for: again).1 as? HTTPURLResponse)?.statusCode == 304)

        let (api, apiResponse) = try await URLSession.shared.data(from: URL(string: "\(base)/openapi.json")!)
        #expect((apiResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(((try JSONSerialization.jsonObject(with: api)) as? [String: Any])?["paths"] != nil)
    }
}
