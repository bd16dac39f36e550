import App
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ShouhuTestSupport
import SQLKit
import Storage
import Tabular
import Testing

/// Two `shouhu serve` processes on one PostgreSQL database, as a province runs them behind a load balancer
/// (issue 19): what one server hands out holds on the other, because the state is in the database.
@Suite("Operations: two servers on one PostgreSQL", .serialized)
struct ScaleOutTests {
    struct Answer { var status: Int; var json: [String: Any] }

    static func call(_ base: String, _ method: String, _ path: String, token: String? = nil, body: String? = nil,
                     headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0,
                      json: (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    static func checkIn(_ student: String, temperature: String = "36.5") -> String {
        #"{"studentNo":"\#(student)","temperature":\#(temperature),"symptoms":[],"onCampus":true,"city":null,"healthCode":"green","riskContact":false}"#
    }

    /// A time zone in which it is about noon now, so the check-in day's escalation, the report deadline and the daily
    /// purge are all due when the servers first tick, whenever the test runs.
    static var noonZone: String {
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour ?? 0
        let offset = 12 - hour
        return offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-\(offset)" : "Etc/GMT+\(-offset)"
    }

    /// Each server's count of job runs by job, from its own `/metrics`.
    static func jobRuns(_ base: String, token: String) async throws -> [String: Int] {
        var request = URLRequest(url: URL(string: base + "/metrics")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let text = String(decoding: try await URLSession.shared.data(for: request).0, as: UTF8.self)
        var runs: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("shouhu_job_runs_total{job=\"") {
            let job = line.dropFirst("shouhu_job_runs_total{job=\"".count).prefix { $0 != "\"" }
            runs[String(job)] = Int(line.split(separator: " ").last ?? "") ?? 0
        }
        return runs
    }

    /// Requests this server answered on a route, from its `/metrics`.
    static func answered(_ base: String, token: String, method: String, path: String) async throws -> Int {
        var request = URLRequest(url: URL(string: base + "/metrics")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let text = String(decoding: try await URLSession.shared.data(for: request).0, as: UTF8.self)
        return text.split(separator: "\n")
            .filter { ($0.hasPrefix("hb_requests{") || $0.hasPrefix("hb_requests_total{")) && $0.contains(#"http_route="\#(path)""#) && $0.contains(#"http_request_method="\#(method)""#) }
            .reduce(0) { $0 + (Int($1.split(separator: " ").last ?? "") ?? 0) }
    }

    @Test("Behind nginx with the documented proxy block: a session made on one server is valid on the other and ended there for both; scheduled jobs run once over both; five wrong passwords spread over both lock the account on both, and the sign-in limit counts the attempts made on both; an Idempotency-Key used on one is honoured on the other; a server killed mid-stream loses no acknowledged check-in",
          .enabled(if: DurabilityTests.binary != nil && TestEngine.available.contains(.postgres), "needs the binary and PostgreSQL"))
    func twoServers() async throws {
        guard let admin = ProcessInfo.processInfo.environment["SHOUHU_TEST_POSTGRES_URL"], var url = URLComponents(string: admin) else { return }
        if Nginx.binary == nil, Nginx.required { Issue.record("SHOUHU_TEST_NGINX=required but nginx is not installed") }
        let name = "shouhu_two_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let adminDB = try await Database.open(try DatabaseURL(admin), maximumConnections: 1)
        let create: SQLQueryString = "CREATE DATABASE \(unsafeRaw: name)"
        try await adminDB.read { db in try await db.raw(create).run() }
        url.path = "/" + name
        let address = url.string!
        var servers: [ChildProcess] = []
        var nginx: Nginx?
        do {
            // The roster and the tokens, written before the servers start.
            let database = try await Database.open(try DatabaseURL(address))
            let (app, _) = try await ShouhuApp.start(config: TestApp.config { $0.database = try! DatabaseURL(address) }, database: database,
                                                      hasher: BcryptHasher(cost: 4), initialHasher: BcryptHasher(cost: 4))
            _ = try await app.roster.importStaff(try CSVReader.rows(from: Data(Fixtures.staffCSV.utf8)), dryRun: false, by: app.systemActor)
            _ = try await app.roster.importStudents(try CSVReader.rows(from: Data(Fixtures.studentsCSV.utf8)), dryRun: false, by: app.systemActor)
            let writer = try await app.accounts.createIntegrationToken(name: "two-servers", scopes: ["checkin:write"], by: nil)
            let monitor = try await app.accounts.createIntegrationToken(name: "two-servers-metrics", scopes: ["read:metrics"], by: nil)
            try await app.setPassword(username: "T001", password: "Counsellor-pass-1")
            try await app.setPassword(username: "T002", password: "Counsellor-pass-2")
            await database.close()

            let ports = [Int.random(in: 20_000...26_000), Int.random(in: 26_001...32_000)]
            let environment = ["SHOUHU_SIGNIN_RATE": "20", "SHOUHU_TRUST_PROXY": "true", "SHOUHU_TIMEZONE": Self.noonZone]
            servers = try ports.map { try ServerProcess.start(database: address, port: $0, environment: environment) }
            let (a, b) = ("http://127.0.0.1:\(ports[0])", "http://127.0.0.1:\(ports[1])")
            for base in [a, b] { try #require(try await ServerProcess.ready(base), "\(base) did not become ready") }
            if Nginx.binary != nil { nginx = try await Nginx.start(port: Int.random(in: 32_001...40_000), upstreams: ports) }
            // Through nginx when it is here (it spreads the requests over both); else to A and B in turn.
            let front = nginx?.base
            let via: @Sendable (Int) -> String = { i in front ?? (i % 2 == 0 ? a : b) }

            // Jobs run once: both servers ticked on start, at noon, with the same slots due. Each slot is claimed by one
            // of the two; a job that says when it ran (the purge, the escalation) is counted by exactly one server.
            let check = try await Database.open(try DatabaseURL(address))
            var rows: [String: Int] = [:], counted: [String: Int] = [:]
            let sure = ["retention.purge", "checkin.escalation"]
            for _ in 0..<100 {
                rows = Dictionary(try await check.read { db in
                    try await db.raw("SELECT job, COUNT(*) AS n FROM job_runs GROUP BY job").all()
                        .map { (try $0.decode(column: "job", as: String.self), try $0.decode(column: "n", as: Int.self)) }
                }, uniquingKeysWith: +)
                counted = try await Self.jobRuns(a, token: monitor).merging(try await Self.jobRuns(b, token: monitor), uniquingKeysWith: +)
                if sure.allSatisfy({ rows[$0] == 1 && counted[$0] == 1 }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            for job in sure { #expect(rows[job] == 1 && counted[job] == 1, "\(job): claimed \(rows[job] ?? 0), run \(counted[job] ?? 0) times over both") }
            for (job, runs) in counted { #expect(runs <= rows[job] ?? 0, "\(job) ran \(runs) times for \(rows[job] ?? 0) slots") }

            // A session made through the front is good on A and on B, and signing out ends it on both.
            let session = try await Self.call(via(0), "POST", "/api/v1/sessions", body: #"{"username":"T002","password":"Counsellor-pass-2"}"#)
            let token = try #require(session.json["token"] as? String, "\(session.status) \(session.json)")
            let onA = try await Self.call(a, "GET", "/api/v1/students?limit=1", token: token)
            let onB = try await Self.call(b, "GET", "/api/v1/students?limit=1", token: token)
            #expect(onA.status == 200 && onB.status == 200, "A \(onA.status) \(onA.json), B \(onB.status) \(onB.json)")
            #expect(try await Self.call(via(1), "DELETE", "/api/v1/sessions/current", token: token).status == 204)
            for base in [a, b] {
                #expect(try await Self.call(base, "GET", "/api/v1/students?limit=1", token: token).status == 401, "signed out, also on \(base)")
            }

            // Five wrong passwords through the front lock the account on both.
            for i in 0..<5 {
                let wrong = try await Self.call(via(i), "POST", "/api/v1/sessions", body: #"{"username":"T001","password":"nope-\#(i)"}"#)
                #expect(wrong.status == 401)
            }
            for base in [a, b] {
                #expect(try await Self.call(base, "POST", "/api/v1/sessions", body: #"{"username":"T001","password":"Counsellor-pass-1"}"#).status == 401,
                        "locked on \(base)")
            }
            if front != nil {
                for base in [a, b] {
                    #expect(try await Self.answered(base, token: monitor, method: "POST", path: "/api/v1/sessions") >= 3,
                            "nginx gave \(base) a share of the sign-ins")
                }
            }

            // The sign-in limit (20 a minute per address here; behind nginx the address is the one nginx puts in
            // X-Forwarded-For) counts the attempts made on both: eight so far, so the 21st overall is refused, where
            // two servers counting alone would let 40 through. Refused on both from then on.
            var admitted = 8, firstRefusal: Int?
            for i in 0..<30 where firstRefusal == nil {
                let answer = try await Self.call(via(i), "POST", "/api/v1/sessions", body: #"{"username":"T009","password":"nope"}"#)
                if answer.status == 429 { firstRefusal = i } else { admitted += 1 }
            }
            #expect(admitted == 20 && firstRefusal != nil, "admitted \(admitted) before the first refusal")
            for base in [a, b] {
                #expect(try await Self.call(base, "POST", "/api/v1/sessions", body: #"{"username":"T009","password":"nope"}"#).status == 429)
            }

            // An Idempotency-Key answered by A is answered the same by B, and stored once.
            let key = ["Idempotency-Key": "two-servers-1"]
            let first = try await Self.call(a, "POST", "/api/v1/checkins", token: writer, body: Self.checkIn("2021000001"), headers: key)
            let again = try await Self.call(b, "POST", "/api/v1/checkins", token: writer, body: Self.checkIn("2021000001"), headers: key)
            #expect(first.status == 201 && again.status == 201)
            #expect(first.json["id"] as? String != nil && again.json["id"] as? String == first.json["id"] as? String)
            #expect(try await Self.call(b, "POST", "/api/v1/checkins", token: writer, body: Self.checkIn("2021000001", temperature: "37.0"),
                                        headers: key).status == 409, "another body under the same key")

            // A stream of check-ins over both; A is killed once 60 are acknowledged. Every acknowledged one is stored.
            let acknowledged = Acknowledged()
            let students = ["2021000001", "2021000002", "2021000003", "2021000005", "2021000006"]
            let victim = servers[0]
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<240 {
                    group.addTask {
                        guard let answer = try? await Self.call(via(i), "POST", "/api/v1/checkins", token: writer,
                                                                body: Self.checkIn(students[i % 5], temperature: "36.\(i % 9)")),
                              answer.status == 201, let id = answer.json["id"] as? String else { return }
                        if acknowledged.add(id) == 60 { kill(victim.processIdentifier, SIGKILL) }
                    }
                }
            }
            let ids = acknowledged.ids
            #expect(ids.count >= 60)
            let stored = try await check.read { db in
                Set(try await db.raw("SELECT id FROM checkins").all().map { try $0.decode(column: "id", as: String.self) })
            }
            await check.close()
            #expect(ids.isSubset(of: stored), "\(ids.subtracting(stored).count) of \(ids.count) acknowledged check-ins were lost")
        } catch {
            Issue.record(error)
        }
        nginx?.stop()
        for server in servers where server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let drop: SQLQueryString = "DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)"
        try? await adminDB.read { db in try await db.raw(drop).run() }
        await adminDB.close()
    }
}
