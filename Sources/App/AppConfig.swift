import Accounts
import Audit
import Foundation
import Notifications
import Storage

/// Every setting of a Shouhu server, documented once. Flags override environment variables, which override defaults.
public struct AppConfig: Sendable {
    /// `--database` / `SHOUHU_DATABASE_URL`: `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. Default `sqlite:shouhu.sqlite`.
    public var database: DatabaseURL
    /// `--host` / `SHOUHU_HOST`. Default `127.0.0.1`.
    public var host: String
    /// `--port` / `SHOUHU_PORT`. Default 8080.
    public var port: Int
    /// `SHOUHU_TIMEZONE`: the school's time zone, in which dates are counted. Default `Asia/Shanghai`.
    public var timeZone: TimeZone
    /// `SHOUHU_ADMIN_PASSWORD`: the password of `admin` on first start; when unset a random one is printed once.
    public var adminPassword: String?
    /// `SHOUHU_SCHOOL_NAME`: the school's name in the top bar. Default 示范职业学院.
    public var schoolName: String
    /// `--demo`: fill an empty database with the demo college.
    public var demo: Bool
    /// Sign-in protection and session lifetimes: `SHOUHU_LOCKOUT_ATTEMPTS` (5), `SHOUHU_LOCKOUT_MINUTES` (15, also the
    /// counting window), `SHOUHU_SESSION_IDLE_MINUTES` (30), `SHOUHU_SESSION_HOURS` (12, pages and bearer tokens).
    public var access: AccessPolicy = AccessPolicy()
    /// `SHOUHU_SIGNIN_RATE`: sign-in answers per client address per minute before 429. Default 30.
    public var signInAttemptsPerMinute: Int = 30
    /// `SHOUHU_TRUST_PROXY`: take the client address from `X-Forwarded-For` (set it only behind nginx). Default false.
    public var trustProxy: Bool = false
    /// `SHOUHU_SECURE_COOKIES`: `true` or `false`; unset, cookies are `Secure` unless the browser reached the
    /// server at a loopback address (the demo on one's own machine). Set `false` only for a plain-HTTP trial on a LAN.
    public var secureCookies: Bool?
    /// `SHOUHU_REQUIRE_TOTP` (CONTRACT.md): administrators, the student-affairs office and the psych centre must
    /// enrol two-factor sign-in. Default true; `serve --demo` turns it off unless the variable is set.
    public var requireTwoFactor: Bool = true
    /// Whether `SHOUHU_REQUIRE_TOTP` was given explicitly.
    public var requireTwoFactorExplicit: Bool = false
    /// `SHOUHU_AUDIT_KEY`: the key of the audit chain's HMAC, base64 of at least 32 bytes. Unset, the key is read from
    /// `shouhu-audit.key` beside the SQLite file (in the working directory for PostgreSQL), which the first start
    /// creates with mode 0600; an in-memory database gets a new key each start. Keep the key (or the file) out of
    /// database backups: whoever holds it and can write the tables can rewrite the trail undetected.
    public var auditKey: AuditKey?
    /// `SHOUHU_PASSWORD_PROFILE`: `mlps3` (default; ≥ 8 characters, 3 of 4 classes, 90-day rotation, last 5 not reused)
    /// or `asvs` (≥ 12 characters, no composition rules, no rotation).
    public var passwordProfile: PasswordProfile = .mlps3
    /// `SHOUHU_ACTIVATION_DAYS`: initial credentials (activation codes, administrators' resets) not used within this
    /// many days no longer sign in. Default 7. Stored in `access.activationLifetime`.
    /// `SHOUHU_SECRET_KEY`: base64 of 32 random bytes, the AES-256-GCM key that seals two-factor secrets in the
    /// database. When unset, the key is read from (or created in) `shouhu.key`, mode 0600, beside the SQLite file
    /// or in the working directory for PostgreSQL (`SecretKeyFile`). Servers sharing a database share the key; keep
    /// it out of database backups.
    public var secretKey: Data?
    /// `SHOUHU_SMTP_URL`: where e-mail notifications go (`smtp://host:port`, `smtps://host:port`, `user:password@` for
    /// AUTH, `?starttls=required|optional|never`). Unset, e-mail is written as `.eml` files into `SHOUHU_MAIL_DIR`
    /// (default `outbox-mail` in the working directory), so a trial shows what would have been sent.
    public var smtpURL: String?
    /// `SHOUHU_SMTP_FROM`: the sender of e-mail notifications. Default `shouhu@localhost`.
    public var mailFrom: String = "shouhu@localhost"
    /// `SHOUHU_MAIL_DIR`: where e-mail goes when no SMTP server is set.
    public var mailDirectory: String = "outbox-mail"
    /// `SHOUHU_WEBHOOK_URL` (CONTRACT.md): a receiver of Shouhu's JSON that hears every urgent event of the school;
    /// group robots per unit are added on the administrator's 通知发送 page.
    public var webhookURL: String?
    /// `SHOUHU_PUBLIC_URL`: the address people reach the server at (`https://shouhu.example.edu.cn`), so links in
    /// e-mails and group posts open the page; unset, they carry the path alone.
    public var publicURL: String?
    /// `SHOUHU_OUTBOX_LEASE_SECONDS`: how long a server holds a batch it is sending (default 120). A batch held by a
    /// server that died is sent by another once its lease ends, so shorter means sooner after a crash, but it must be
    /// longer than a batch takes.
    public var outboxLease: Double = 120
    /// `SHOUHU_DATABASE_WAIT_SECONDS`: how long a starting server waits for the database before it stops with a
    /// clear message and exit status 1, and how long a request waits for a PostgreSQL connection before it is
    /// answered 503 (default 15).
    public var databaseWait: Double = 15
    /// `SHOUHU_RETAIN_<CLASS>_DAYS` (CHECKINS, GATE, TESTING, CASES, INVESTIGATIONS, NOTIFICATIONS, QUARANTINE, SICK_LEAVE): how many days each
    /// class of personal data is kept before the daily purge deletes it (README, Retention; `DataClass.defaultDays`).
    public var retention: [DataClass: Int] = Dictionary(uniqueKeysWithValues: DataClass.allCases.map { ($0, $0.defaultDays) })

    public init(database: DatabaseURL = .defaultValue, host: String = "127.0.0.1", port: Int = 8080,
                timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!, adminPassword: String? = nil,
                schoolName: String = "示范职业学院", demo: Bool = false) {
        self.database = database
        self.host = host
        self.port = port
        self.timeZone = timeZone
        self.adminPassword = adminPassword
        self.schoolName = schoolName
        self.demo = demo
    }

    /// Defaults overridden by the `SHOUHU_*` environment variables.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var config = AppConfig()
        if let v = env["SHOUHU_DATABASE_URL"], !v.isEmpty { config.database = try DatabaseURL(v) }
        if let v = env["SHOUHU_HOST"], !v.isEmpty { config.host = v }
        if let v = env["SHOUHU_PORT"], !v.isEmpty {
            guard let port = Int(v), (1...65535).contains(port) else { throw ConfigError("SHOUHU_PORT must be a port number, not “\(v)”") }
            config.port = port
        }
        if let v = env["SHOUHU_TIMEZONE"], !v.isEmpty {
            guard let tz = TimeZone(identifier: v) else { throw ConfigError("SHOUHU_TIMEZONE “\(v)” is not a time zone") }
            config.timeZone = tz
        }
        if let v = env["SHOUHU_ADMIN_PASSWORD"], !v.isEmpty { config.adminPassword = v }
        if let v = env["SHOUHU_SCHOOL_NAME"], !v.isEmpty { config.schoolName = v }
        func positive(_ key: String) throws -> Int? {
            guard let v = env[key], !v.isEmpty else { return nil }
            guard let n = Int(v), n > 0 else { throw ConfigError("\(key) must be a positive whole number, not “\(v)”") }
            return n
        }
        if let n = try positive("SHOUHU_LOCKOUT_ATTEMPTS") { config.access.maxFailures = n }
        if let n = try positive("SHOUHU_LOCKOUT_MINUTES") {
            config.access.lockDuration = Double(n) * 60
            config.access.failureWindow = Double(n) * 60
        }
        if let n = try positive("SHOUHU_SESSION_IDLE_MINUTES") { config.access.pageIdleTimeout = Double(n) * 60 }
        if let n = try positive("SHOUHU_SESSION_HOURS") {
            config.access.pageLifetime = Double(n) * 3600
            config.access.apiLifetime = Double(n) * 3600
        }
        for dataClass in DataClass.allCases {
            if let n = try positive("SHOUHU_RETAIN_\(dataClass.rawValue.uppercased())_DAYS") { config.retention[dataClass] = n }
        }
        if let n = try positive("SHOUHU_DATABASE_WAIT_SECONDS") { config.databaseWait = Double(n) }
        if let n = try positive("SHOUHU_OUTBOX_LEASE_SECONDS") { config.outboxLease = Double(max(n, 5)) }
        if let n = try positive("SHOUHU_REMEMBER_DAYS") { config.access.rememberedLifetime = Double(n) * 86400 }
        if let n = try positive("SHOUHU_ACTIVATION_DAYS") { config.access.activationLifetime = Double(n) * 86400 }
        if let v = env["SHOUHU_SECRET_KEY"], !v.isEmpty {
            guard let key = Data(base64Encoded: v), key.count == 32 else {
                throw ConfigError("SHOUHU_SECRET_KEY must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)")
            }
            config.secretKey = key
        }
        if let n = try positive("SHOUHU_SIGNIN_RATE") { config.signInAttemptsPerMinute = n }
        if let v = env["SHOUHU_SECURE_COOKIES"] { config.secureCookies = ["1", "true", "yes"].contains(v.lowercased()) }
        if let v = env["SHOUHU_TRUST_PROXY"] { config.trustProxy = ["1", "true", "yes"].contains(v.lowercased()) }
        if let v = env["SHOUHU_REQUIRE_TOTP"], !v.isEmpty {
            guard ["true", "false", "1", "0"].contains(v.lowercased()) else { throw ConfigError("SHOUHU_REQUIRE_TOTP must be true or false, not “\(v)”") }
            config.requireTwoFactor = ["true", "1"].contains(v.lowercased())
            config.requireTwoFactorExplicit = true
        }
        if let v = env["SHOUHU_AUDIT_KEY"], !v.isEmpty {
            guard let key = AuditKey(base64: v) else { throw ConfigError("SHOUHU_AUDIT_KEY must be base64 of at least \(AuditKey.minimumBytes) bytes") }
            config.auditKey = key
        }
        if let v = env["SHOUHU_PASSWORD_PROFILE"], !v.isEmpty {
            guard let profile = PasswordProfile(rawValue: v) else { throw ConfigError("SHOUHU_PASSWORD_PROFILE must be mlps3 or asvs, not “\(v)”") }
            config.passwordProfile = profile
        }
        if let v = env["SHOUHU_SMTP_URL"], !v.isEmpty { config.smtpURL = v }
        if let v = env["SHOUHU_SMTP_FROM"], !v.isEmpty { config.mailFrom = v }
        if let v = env["SHOUHU_MAIL_DIR"], !v.isEmpty { config.mailDirectory = v }
        if let v = env["SHOUHU_WEBHOOK_URL"], !v.isEmpty {
            guard WebhookTarget(id: "env", name: "env", url: v, format: .json).isValidURL else {
                throw ConfigError("SHOUHU_WEBHOOK_URL must be an http:// or https:// URL, not “\(v)”")
            }
            config.webhookURL = v
        }
        if let v = env["SHOUHU_PUBLIC_URL"], !v.isEmpty {
            guard WebhookTarget(id: "env", name: "env", url: v, format: .json).isValidURL else {
                throw ConfigError("SHOUHU_PUBLIC_URL must be an http:// or https:// URL, not “\(v)”")
            }
            config.publicURL = v
        }
        return config
    }
}

/// A configuration value that cannot be used, with the reason.
public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
