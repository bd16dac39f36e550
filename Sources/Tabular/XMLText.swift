/// Escaping text for XML 1.0 element content and attribute values, appending to a string being built.
enum XMLText {
    /// Appends `text` with `&`, `<`, `>` and `"` escaped, CR kept as `&#13;` (parsers would turn a raw CR
    /// into LF), and characters XML 1.0 forbids (other control characters, U+FFFE, U+FFFF) left out.
    static func appendEscaped(_ text: String, to xml: inout String) {
        guard text.utf8.contains(where: needsAttention) else {
            xml.append(text)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": xml.append("&amp;")
            case "<": xml.append("&lt;")
            case ">": xml.append("&gt;")
            case "\"": xml.append("&quot;")
            case "\r": xml.append("&#13;")
            case "\t", "\n": xml.unicodeScalars.append(scalar)
            default:
                if isAllowed(scalar) { xml.unicodeScalars.append(scalar) }
            }
        }
    }

    /// `text` escaped as `appendEscaped` does.
    static func escaped(_ text: String) -> String {
        var xml = ""
        appendEscaped(text, to: &xml)
        return xml
    }

    /// True when `text` would lose leading or trailing white space without `xml:space="preserve"`.
    static func needsPreservedSpace(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        return first.properties.isWhitespace || last.properties.isWhitespace
    }

    /// Bytes that may need escaping or removal: control characters, the four markup characters, and
    /// 0xEF, which starts the UTF-8 form of U+FFFE and U+FFFF.
    private static func needsAttention(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == 0xEF
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF
    }
}
