import Foundation

/// RFC 5322 / 2045 / 2047 helpers: header folding, encoded-words, base64, dates and dot-stuffing.
enum MessageEncoding {
    /// Header lines are folded to stay within this many characters where the content allows.
    static let foldWidth = 78

    /// `Name: token token…` with CRLF, folded between tokens (never inside one) to keep lines short.
    static func header(_ name: String, tokens: [String]) -> String {
        var out = ""
        var line = name + ":"
        var lineHasToken = false
        for token in tokens {
            if lineHasToken && line.utf8.count + 1 + token.utf8.count > foldWidth {
                out += line + "\r\n"
                line = " " + token
            } else {
                line += " " + token
            }
            lineHasToken = true
        }
        return out + line + "\r\n"
    }

    /// An address for `From`/`To`: `Name <a@b>` (name quoted or encoded as needed), then a comma unless `last`.
    static func addressTokens(_ address: MailAddress, last: Bool) -> [String] {
        let suffix = last ? "" : ","
        guard let name = address.name, !name.isEmpty else { return [address.address + suffix] }
        return phraseTokens(name) + ["<\(address.address)>" + suffix]
    }

    /// A display name: plain atoms when possible, else a quoted string (ASCII) or encoded-words.
    static func phraseTokens(_ name: String) -> [String] {
        let bytes = Array(name.utf8)
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            let plain = bytes.allSatisfy { MailAddress.isAtext($0) || $0 == 0x20 }
            let words = name.split(separator: " ", omittingEmptySubsequences: false)
            if plain, !name.contains("=?"), !words.contains(where: \.isEmpty) { return words.map(String.init) }
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            // A quoted string cannot be folded: a very long one becomes encoded-words, which can.
            if quoted.utf8.count < 900 { return [quoted + "\""] }
        }
        return encodedWords(name)
    }

    /// An unstructured value (`Subject`, extra headers): as is when short ASCII, else encoded-words.
    static func unstructuredTokens(_ text: String, field: String) -> [String] {
        let bytes = Array(text.utf8)
        let ascii = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if ascii, !text.contains("=?"), field.utf8.count + 2 + bytes.count <= 998 { return [text] }
        return encodedWords(text)
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 36 bytes of text each (60 characters), split between scalars.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if chunk.count + encoded.count > 36 {
                words.append(encodedWord(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
            chunk += encoded
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + String(decoding: base64(bytes), as: UTF8.self) + "?="
    }

    /// Standard base64 with padding, as ASCII bytes (Foundation's encoder).
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        Array(Data(bytes).base64EncodedString().utf8)
    }

    /// Base64 in lines of at most 76 characters, each ending in CRLF (RFC 2045).
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = base64(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            out += encoded[start..<end]
            out += [0x0D, 0x0A]
            start = end
        }
        return out
    }

    /// CRLF for every CRLF, lone CR and lone LF.
    static func normalisedLineEndings(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                out += [0x0D, 0x0A]
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// The DATA payload: line endings normalised, lines starting with `.` doubled, then the final `.` line.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        let normalised = normalisedLineEndings(message)
        var out: [UInt8] = []
        out.reserveCapacity(normalised.count + 8)
        var atLineStart = true
        for byte in normalised {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            atLineStart = byte == 0x0A
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        out += Array(".\r\n".utf8)
        return out
    }

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue, 01 Jul 2025 08:30:00 +0000`: the RFC 5322 date, in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
        return "\(weekday), \(two(day)) \(months[Int(month - 1)]) \(year) \(time) +0000"
    }
}
