import ContactTracing
import Foundation

/// Writes the contacts of an investigation as the JSON `JSONDecoder` reads back into `[Contact]` (dates as milliseconds),
/// directly into a string: an investigation can carry tens of thousands of pieces of evidence, and the generic encoder
/// spends most of a save on them.
enum ContactsJSON {
    static func encode(_ contacts: [Contact]) -> String {
        var out = "["
        out.reserveCapacity(contacts.count * 160)
        for (i, c) in contacts.enumerated() {
            if i > 0 { out += "," }
            out += "{\"studentNo\":"; string(c.studentNo, &out)
            out += ",\"degree\":\(c.degree),\"name\":"; string(c.name, &out)
            out += ",\"className\":"; string(c.className, &out)
            if let b = c.building { out += ",\"building\":"; string(b, &out) }
            if let r = c.room { out += ",\"room\":"; string(r, &out) }
            out += ",\"evidence\":["
            for (j, e) in c.evidence.enumerated() {
                if j > 0 { out += "," }
                out += "{\"rule\":\"\(e.rule.rawValue)\",\"place\":"; string(e.place, &out)
                out += ",\"from\":\(millis(e.from)),\"to\":\(millis(e.to))"
                if let m = e.minutes { out += ",\"minutes\":\(m)" }
                if let v = e.via { out += ",\"via\":"; string(v, &out) }
                out += "}"
            }
            out += "]}"
        }
        return out + "]"
    }

    private static func millis(_ d: Date) -> Int { Int((d.timeIntervalSince1970 * 1000).rounded()) }

    private static func string(_ s: String, _ out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
