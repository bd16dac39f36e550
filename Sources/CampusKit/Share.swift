/// A part of a whole as every page, report and API shows it: one rule for every percentage (check-in completeness,
/// testing coverage, the overview's trends), so two pages never disagree on the same numbers.
public enum Share {
    /// `part` of `whole` in whole percent, rounded down so 99.9 % never shows as done. When nothing is expected
    /// (`whole` is 0) nobody is missing: 100, never a division by zero.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        whole <= 0 ? 100 : part * 100 / whole
    }
}
