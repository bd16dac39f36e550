/// The `_xHHHH_` escapes of Office Open XML strings (ST_Xstring): Excel writes a CR in a cell as
/// `_x000D_`, and a literal `_x0041_` as `_x005F_x0041_`.
enum OOXMLEscapes {
    /// `text` with every `_xHHHH_` replaced by the character it names.
    static func decoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let value = escapeValue(in: scalars, at: index), let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    /// `text` with the underscore of every literal `_xHHHH_` escaped, so a reader decodes it back unchanged.
    static func encoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if escapeValue(in: scalars, at: index) != nil { out.append(contentsOf: "_x005F".unicodeScalars) }
            out.append(scalar)
        }
        return String(out)
    }

    /// The code point of the `_xHHHH_` escape starting at `index`, if one does.
    private static func escapeValue(in scalars: [Unicode.Scalar], at index: Int) -> UInt32? {
        guard index + 6 < scalars.count, scalars[index] == "_", scalars[index + 1] == "x", scalars[index + 6] == "_" else {
            return nil
        }
        var value: UInt32 = 0
        for offset in 2...5 {
            guard let digit = hexDigit(scalars[index + offset]) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }
}
