import Foundation
import Metrics
import Prometheus
import SQLKit
import Storage

/// `/metrics` in the Prometheus text format: requests by route and method with their durations (Hummingbird's
/// `MetricsMiddleware`, through swift-metrics), scheduled job runs, and at each scrape the outbox's backlog by channel
/// and state, the age of its oldest pending row, and the database's connections (in use, waiting, maximum).
enum ShouhuMetrics {
    /// The process's registry; bootstrapping swift-metrics with it happens once, on first use.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].map { Duration.milliseconds($0) }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// A job slot ran (`shouhu_job_runs_total{job=…}`), counted by the part of the slot before its date.
    static func jobRan(_ slot: String) {
        let job = slot.split(separator: " ").first.map(String.init) ?? slot
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "shouhu", metricName: "job_runs", unitName: "total",
                                                             helpText: "Scheduled job slots run by this server"),
                             labels: [("job", job)]).increment()
    }

    static var backlog: MetricNameDescriptor { MetricNameDescriptor(namespace: "shouhu", metricName: "outbox_backlog", unitName: "",
                                              helpText: "Outbox rows not delivered, by channel and state") }
    static var oldest: MetricNameDescriptor { MetricNameDescriptor(namespace: "shouhu", metricName: "outbox_oldest_pending", unitName: "seconds",
                                             helpText: "Age of the oldest outbox row waiting to be sent") }

    static var pool: MetricNameDescriptor { MetricNameDescriptor(namespace: "shouhu", metricName: "db_connections", unitName: "",
                                           helpText: "Database connections in use, callers waiting for one, and the most there can be") }

    /// The registry's text after the outbox and pool gauges are read.
    static func text(database: Database) async throws -> String {
        struct Row: Decodable { var channel: String; var status: String; var n: Int; var oldest: String? }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT channel, status, COUNT(*) AS n, MIN(due_at) AS oldest FROM notifications
                WHERE channel <> 'inapp' AND status <> 'delivered' GROUP BY channel, status
                """).all(decoding: Row.self)
        }
        let now = Date()
        for channel in ["email", "webhook"] {
            for status in ["pending", "dead"] {
                let row = rows.first { $0.channel == channel && $0.status == status }
                registry.makeGauge(descriptor: Self.backlog, labels: [("channel", channel), ("status", status)]).set(Double(row?.n ?? 0))
                if status == "pending" {
                    let age = row?.oldest.flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) }.map { max(0, now.timeIntervalSince($0)) } ?? 0
                    registry.makeGauge(descriptor: Self.oldest, labels: [("channel", channel)]).set(age)
                }
            }
        }
        let usage = database.usage
        for (state, value) in [("in_use", usage.inUse), ("waiting", usage.waiting), ("max", usage.capacity)] {
            registry.makeGauge(descriptor: Self.pool, labels: [("engine", database.engine.rawValue), ("state", state)]).set(Double(value))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

extension ShouhuApp {
    public func metricsText() async throws -> String {
        try await ShouhuMetrics.text(database: database)
    }
}
