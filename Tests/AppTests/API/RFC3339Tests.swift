import Foundation
import Testing
@testable import Web

@Suite("Evidence times")
struct RFC3339Tests {
    @Test("The direct UTC writer agrees with Foundation's ISO 8601 formatting, across leap days, centuries and before 1970")
    func agreesWithFoundation() {
        let style = Date.ISO8601FormatStyle()
        var samples: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 951_782_400),   // 2000-02-29
                               Date(timeIntervalSince1970: 4_107_542_399), Date(timeIntervalSince1970: 1_795_739_400.999)]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Date(timeIntervalSince1970: Double(Int64(bitPattern: x >> 1) % 8_000_000_000) - 2_000_000_000))
        }
        for d in samples {
            let whole = Date(timeIntervalSince1970: d.timeIntervalSince1970.rounded(.down))
            #expect(RFC3339.utc(d) == style.format(whole), "\(d.timeIntervalSince1970)")
        }
    }
}
