import CampusKit
import Foundation

extension MissingStudent.Reason {
    /// Why an expected student has no valid swab, when something known explains it, the strongest first: an exemption
    /// staff gave, a voided swab (sample again), an approved leave over the day, off campus by the roster, an open case.
    public static func of(exempt: Bool, voided: Bool, onLeave: Bool, offCampus: Bool, openCase: Bool) -> MissingStudent.Reason? {
        if exempt { return .exempt }
        if voided { return .resample }
        if onLeave { return .onLeave }
        if offCampus { return .offCampus }
        if openCase { return .openCase }
        return nil
    }
}

extension StudentTesting.Status {
    /// A student's state in one campaign: with a swab, what its tube says (sampled until the lab reports); without one,
    /// exempt, to be sampled again (their swab was voided), or due.
    public static func of(tube: TubeStatus?, sampled: Bool, exempt: Bool, voided: Bool) -> StudentTesting.Status {
        if sampled {
            return switch tube {
            case .negative?: .negative
            case .positive?: .positive
            default: .sampled
            }
        }
        if exempt { return .exempt }
        if voided { return .resample }
        return .due
    }
}

extension DomainError {
    /// A rotation's day already has a campaign of the same origin.
    public static let rotationExists = DomainError.conflict("轮转计划已存在 (the rotation exists)")
}
