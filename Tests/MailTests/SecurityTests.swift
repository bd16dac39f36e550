import Foundation
import ShouhuTestSupport
import App
import NIOSSL
import Testing

/// AUTH and TLS against the real server: credentials, STARTTLS, implicit TLS and certificate checks.
@Suite(.timeLimit(.minutes(2)))
struct SecurityTests {
    @Test func authPlainWithTheRightPasswordDelivers() async throws {
        let sink = try await SMTPSink(["--auth", "shouhu:s3cr@t"])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: "smtp://shouhu:s3cr%40t@127.0.0.1:\(sink.port)"), eventLoopGroup: mailTestGroup)
        let result = await client.send(testMessage())
        #expect(result.isDelivered, "\(result)")
        #expect(sink.storedFiles().count == 1)
    }

    @Test func authLoginIsUsedWhenPlainIsNotOffered() async throws {
        let sink = try await SMTPSink(["--auth", "shouhu:secret", "--exclude-auth", "PLAIN"])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: "smtp://shouhu:secret@127.0.0.1:\(sink.port)"), eventLoopGroup: mailTestGroup)
        let result = await client.send(testMessage())
        #expect(result.isDelivered, "\(result)")
    }

    @Test func aWrongPasswordFailsTheBatchPermanently() async throws {
        let sink = try await SMTPSink(["--auth", "shouhu:secret"])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: "smtp://shouhu:wrong@127.0.0.1:\(sink.port)"), eventLoopGroup: mailTestGroup)
        let results = await client.send([testMessage(), testMessage()])
        #expect(results.allSatisfy { $0.failure?.kind == .permanent && $0.failure?.replyCode == 535 }, "\(results)")
        #expect(sink.storedFiles().isEmpty)
    }

    @Test func withoutCredentialsAnAuthRequiringServerRefusesPermanently() async throws {
        let sink = try await SMTPSink(["--auth", "shouhu:secret"])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup)
        let results = await client.send([testMessage(), testMessage()])
        #expect(results.allSatisfy { $0.failure?.kind == .permanent && $0.failure?.replyCode == 530 }, "\(results)")
    }

    @Test func startTLSRequiredButNotOfferedSendsNothing() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: sink.url("?starttls=required")), eventLoopGroup: mailTestGroup)
        let result = await client.send(testMessage())
        #expect(result.failure?.kind == .permanent)
        #expect(result.failure?.reason.contains("STARTTLS") == true)
        #expect(sink.storedFiles().isEmpty)
    }

    @Test func startTLSUpgradesTheConnection() async throws {
        let certificate = try TestCertificate()
        let sink = try await SMTPSink(["--tls-cert", certificate.certificate, "--tls-key", certificate.key])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: sink.url("?starttls=required"), tlsConfiguration: certificate.trusting), eventLoopGroup: mailTestGroup)

        let result = await client.send(testMessage(subject: "over TLS"))

        #expect(result.isDelivered, "\(result)")
        let stored = try sink.storedMessages()
        #expect(stored.count == 1)
        #expect(stored.first.flatMap { headerValue("X-Sink-TLS", in: $0) }?.hasPrefix("TLSv1.") == true)
    }

    @Test func startTLSOptionalAlsoUpgradesWhenOffered() async throws {
        let certificate = try TestCertificate()
        let sink = try await SMTPSink(["--tls-cert", certificate.certificate, "--tls-key", certificate.key])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: sink.url(), tlsConfiguration: certificate.trusting), eventLoopGroup: mailTestGroup)
        let results = await client.send([testMessage(), testMessage()])
        #expect(results.allSatisfy { $0.isDelivered }, "\(results)")
        #expect(try sink.storedMessages().allSatisfy { headerValue("X-Sink-TLS", in: $0) != "none" })
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        let certificate = try TestCertificate()
        let sink = try await SMTPSink(["--tls-cert", certificate.certificate, "--tls-key", certificate.key])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: sink.url()), eventLoopGroup: mailTestGroup)  // system trust roots only
        let result = await client.send(testMessage())
        #expect(!result.isDelivered)
        #expect(result.failure?.kind == .transient, "\(result)")
        #expect(sink.storedFiles().isEmpty)
    }

    @Test func implicitTLSWithSmtps() async throws {
        let certificate = try TestCertificate()
        let sink = try await SMTPSink(["--tls-cert", certificate.certificate, "--tls-key", certificate.key, "--implicit-tls"])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: "smtps://127.0.0.1:\(sink.port)", tlsConfiguration: certificate.trusting), eventLoopGroup: mailTestGroup)

        let results = await client.send([testMessage(), testMessage(to: "perm-fail@example.edu"), testMessage()])

        #expect(results.map(\.isDelivered) == [true, false, true], "\(results)")
        #expect(try sink.storedMessages().allSatisfy { headerValue("X-Sink-TLS", in: $0)?.hasPrefix("TLSv1.") == true })
    }

    @Test func authOverStartTLS() async throws {
        let certificate = try TestCertificate()
        let sink = try await SMTPSink(["--tls-cert", certificate.certificate, "--tls-key", certificate.key, "--auth", "u:p"])
        defer { sink.stop() }
        let client = SMTPClient(server: try SMTPServer(url: "smtp://u:p@127.0.0.1:\(sink.port)?starttls=required",
                                                       tlsConfiguration: certificate.trusting), eventLoopGroup: mailTestGroup)
        let result = await client.send(testMessage())
        #expect(result.isDelivered, "\(result)")
    }
}

/// A throw-away self-signed certificate for 127.0.0.1 and localhost, made with the openssl command; removed on deinit.
final class TestCertificate {
    let directory: URL
    var certificate: String { directory.appendingPathComponent("cert.pem").path }
    var key: String { directory.appendingPathComponent("key.pem").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", directory.appendingPathComponent("key.pem").path,
            "-out", directory.appendingPathComponent("cert.pem").path,
            "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SMTPSink.StartError(description: "openssl could not make a test certificate")
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A client TLS configuration that trusts this certificate only.
    var trusting: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(certificate)
        return configuration
    }
}
