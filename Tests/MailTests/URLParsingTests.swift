import App
import NIOCore
import Testing

@Suite struct URLParsingTests {
    @Test func plainWithDefaults() throws {
        let server = try SMTPServer(url: "smtp://mail.example.edu")
        #expect(server.host == "mail.example.edu")
        #expect(server.port == 25)
        #expect(server.security == .startTLS(.optional))
        #expect(server.credentials == nil)
        #expect(server.heloName == "localhost")
        #expect(server.connectTimeout == .seconds(10))
        #expect(server.commandTimeout == .seconds(60))
    }

    @Test func portPolicyAndCredentials() throws {
        let server = try SMTPServer(
            url: "SMTP://notify%40campus:p%3Ass%2Fw%C3%B6rd@mail.example.edu:587/?starttls=required",
            heloName: "shouhu.example.edu", connectTimeout: .seconds(3), commandTimeout: .seconds(20))
        #expect(server.port == 587)
        #expect(server.security == .startTLS(.required))
        #expect(server.credentials == SMTPServer.Credentials(username: "notify@campus", password: "p:ss/wörd"))
        #expect(server.heloName == "shouhu.example.edu")
        #expect(server.connectTimeout == .seconds(3))
        #expect(server.commandTimeout == .seconds(20))
        #expect(!server.description.contains("wörd"))
        #expect(server.description == "smtp://notify%40campus:***@mail.example.edu:587?starttls=required")
    }

    @Test(arguments: SMTPServer.StartTLSPolicy.allCases)
    func everyStartTLSPolicy(policy: SMTPServer.StartTLSPolicy) throws {
        #expect(try SMTPServer(url: "smtp://127.0.0.1:2525?starttls=\(policy.rawValue)").security == .startTLS(policy))
    }

    @Test func implicitTLS() throws {
        let server = try SMTPServer(url: "smtps://u:p@smtp.example.edu")
        #expect(server.port == 465)
        #expect(server.security == .implicitTLS)
        let six = try SMTPServer(url: "smtps://[::1]:4650")
        #expect(six.host == "::1")
        #expect(six.port == 4650)
        #expect(six.description == "smtps://[::1]:4650")
    }

    @Test(arguments: [
        ("", SMTPURLError.malformed("expected smtp://host or smtps://host")),
        ("mail.example.edu:25", .malformed("expected smtp://host or smtps://host")),
        ("http://mail.example.edu", .unsupportedScheme("http")),
        ("smtp://", .invalidHost("(none)")),
        ("smtp://:25", .invalidHost("(none)")),
        ("smtp://mail example.edu", .malformed("spaces, control or non-ASCII characters (percent-encode them)")),
        ("smtp://邮件.example.edu", .malformed("spaces, control or non-ASCII characters (percent-encode them)")),
        ("smtp://a:b:c", .invalidHost("a:b:c")),
        ("smtp://mail.example.edu:0", .invalidPort("0")),
        ("smtp://mail.example.edu:65536", .invalidPort("65536")),
        ("smtp://mail.example.edu:", .invalidPort("")),
        ("smtp://mail.example.edu:2x", .invalidPort("2x")),
        ("smtp://mail.example.edu:+25", .invalidPort("+25")),
        ("smtp://user@mail.example.edu", .invalidUserInfo("expected user:password@")),
        ("smtp://:pw@mail.example.edu", .invalidUserInfo("empty user name")),
        ("smtp://u:p%zz@mail.example.edu", .invalidUserInfo("bad percent-encoding")),
        ("smtp://u:p%0D%0A@mail.example.edu", .invalidUserInfo("control characters are not allowed")),
        ("smtp://mail.example.edu/inbox", .malformed("a path (/inbox) is not allowed")),
        ("smtp://mail.example.edu#x", .malformed("a fragment (#…) is not allowed")),
        ("smtp://mail.example.edu?tls=yes", .invalidParameter("unknown parameter \"tls\"")),
        ("smtp://mail.example.edu?starttls=maybe", .invalidParameter("starttls=maybe: use required, optional or never")),
        ("smtp://mail.example.edu?starttls=never&starttls=required", .invalidParameter("starttls given twice")),
        ("smtps://mail.example.edu?starttls=required",
         .invalidParameter("starttls does not apply to smtps:// (TLS from the start)")),
        ("smtp://[::1", .invalidHost("[::1")),
        ("smtp://[mail]:25", .invalidHost("[mail]:25")),
        ("smtp://-mail.example.edu", .invalidHost("-mail.example.edu")),
    ])
    func badURLsAreRefusedWithAClearError(url: String, expected: SMTPURLError) {
        #expect(throws: expected) { try SMTPServer(url: url) }
    }

    @Test func errorsReadWell() {
        #expect(SMTPURLError.unsupportedScheme("http").description == "unsupported scheme \"http\": use smtp:// or smtps://")
        #expect(SMTPURLError.invalidPort("0").description == "invalid port in SMTP URL: \"0\" (1…65535)")
    }
}
