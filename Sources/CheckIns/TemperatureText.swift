import Foundation

/// A temperature as people type it on a phone: Chinese keyboards often give full-width digits and points
/// (`３６．５`, `３６.５`), an ideographic full stop (`36。5`) or a comma (`36,5`, `36，5`).
public enum TemperatureText {
    /// The number in `text` after compatibility normalisation (full-width to ASCII) and with a comma or an
    /// ideographic full stop read as the decimal point; nil when it is not a plain decimal number.
    public static func parse(_ text: String) -> Double? {
        let normalised = text.precomposedStringWithCompatibilityMapping
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "。", with: ".")
            .replacingOccurrences(of: "，", with: ".")
            .replacingOccurrences(of: ",", with: ".")
        guard !normalised.isEmpty, normalised.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
        return Double(normalised)
    }
}
