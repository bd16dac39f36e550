import Foundation

/// One college of the demo school: its full name, the short name its class names start with, and the
/// share of men among its students (engineering colleges mostly men, nursing mostly women).
struct CollegeProfile: Sendable, Equatable {
    let name: String
    let short: String
    let maleShare: Double

    /// The colleges in order; the first `n` are used when a school has `n` colleges.
    static let all: [CollegeProfile] = [
        CollegeProfile(name: "机电工程学院", short: "机电", maleShare: 0.85),
        CollegeProfile(name: "信息工程学院", short: "信息", maleShare: 0.70),
        CollegeProfile(name: "经济管理学院", short: "经管", maleShare: 0.40),
        CollegeProfile(name: "建筑工程学院", short: "建筑", maleShare: 0.75),
        CollegeProfile(name: "艺术设计学院", short: "艺术", maleShare: 0.35),
        CollegeProfile(name: "医学护理学院", short: "护理", maleShare: 0.15),
    ]
}
